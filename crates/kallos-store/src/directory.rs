//! Reads for the public directory, verification pages, signed credentials and
//! attestations. Their writes are [`Change`](crate::Change) variants like any other.

use crate::StoreResult;
use async_trait::async_trait;
use kallos_domain::directory::DirectoryRecord;
use kallos_domain::{MemberId, SocietyId};
use serde::Serialize;

/// A society's credential signing key as stored. The private key is a secret:
/// `Debug` hides it and no audit entry carries it.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuerKey {
    pub kid: String,
    pub society_id: SocietyId,
    /// base64url of the 32-byte Ed25519 public key.
    pub public_key: String,
    /// base64url of the 32-byte Ed25519 seed.
    pub private_key: String,
    pub created_at_micros: i64,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey")
            .field("kid", &self.kid)
            .field("society_id", &self.society_id)
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

/// Where a credential stands, as its issuer set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialStatus {
    Valid,
    Suspended,
    Revoked,
}

impl CredentialStatus {
    pub const ALL: [Self; 3] = [Self::Valid, Self::Suspended, Self::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Suspended => "suspended",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A membership credential issued to a member by a society.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialRecord {
    pub id: i64,
    /// `urn:uuid:…`, the credential's `id`.
    pub credential_id: String,
    pub society_id: SocietyId,
    pub member_id: MemberId,
    pub status_index: i64,
    pub status: CredentialStatus,
    pub issued_at_micros: i64,
    pub valid_until_micros: i64,
}

/// One credential's bits in its society's status lists: revoked by the
/// issuer; suspended by the issuer or because the membership is no longer active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEntry {
    pub status_index: i64,
    pub revoked: bool,
    pub suspended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIssuerKey {
    pub society_id: SocietyId,
    pub kid: String,
    pub public_key: String,
    pub private_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredential {
    pub credential_id: String,
    pub society_id: SocietyId,
    pub member_id: MemberId,
    pub valid_until_micros: i64,
}

/// An attestation from another society, verified before it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttestationRecord {
    pub id: i64,
    /// The receiving society.
    #[serde(skip)]
    pub society_id: SocietyId,
    #[serde(skip)]
    pub issuer_society_id: SocietyId,
    pub credential_id: String,
    pub subject_name: String,
    pub subject_public_id: String,
    pub membership_type: String,
    pub valid_until_micros: i64,
    pub verified_at_micros: i64,
    /// The credential as received (`vc+jwt`).
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttestation {
    pub society_id: SocietyId,
    pub issuer_society_id: SocietyId,
    pub credential_id: String,
    pub subject_name: String,
    pub subject_public_id: String,
    pub membership_type: String,
    pub valid_until_micros: i64,
    pub token: String,
}

#[async_trait]
pub trait DirectoryStore {
    /// A number that changes whenever anything the directory or a
    /// verification page shows changes (kept by database triggers).
    async fn directory_version(&self) -> StoreResult<i64>;
    /// Every member with at least one membership, for the in-memory index.
    async fn directory_records(&self) -> StoreResult<Vec<DirectoryRecord>>;
    /// The member's public id (for their verification page).
    async fn member_public_id(&self, member: MemberId) -> StoreResult<Option<String>>;
    /// The procedure codes a member offers, sorted.
    async fn member_procedures(&self, member: MemberId) -> StoreResult<Vec<String>>;
    async fn issuer_key(&self, society: SocietyId) -> StoreResult<Option<IssuerKey>>;
    /// Every society's key (the web layer publishes only the public halves).
    async fn issuer_keys(&self) -> StoreResult<Vec<IssuerKey>>;
    async fn signed_credential(&self, id: i64) -> StoreResult<Option<CredentialRecord>>;
    /// A member's credentials, newest first.
    async fn member_credentials(&self, member: MemberId) -> StoreResult<Vec<CredentialRecord>>;
    /// The status bits of every credential a society issued.
    async fn status_entries(&self, society: SocietyId) -> StoreResult<Vec<StatusEntry>>;
    /// The attestations a society received, newest first.
    async fn attestations(&self, society: SocietyId) -> StoreResult<Vec<AttestationRecord>>;
}
