//! Signed membership credentials: W3C Verifiable Credentials 2.0 with the
//! Open Badges 3.0 `Membership` achievement type, secured as `vc+jwt`
//! (JOSE compact serialisation, EdDSA over Ed25519), the issuers' public keys
//! as a JWK Set, and W3C Bitstring Status Lists for revocation and suspension.
//!
//! No I/O and no clock: keys come in as bytes, time as a parameter. The same
//! code signs on the server and verifies in `kallos credential verify`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::io::{Read, Write};

/// The JOSE header's `typ` for a VC 2.0 secured as a JWT.
pub const MEDIA_TYPE: &str = "vc+jwt";
/// Bits in a status list: the specification's minimum, 16 KiB, for herd privacy.
pub const STATUS_LIST_BITS: usize = 131_072;
/// The most a compressed status list may expand to when read.
const MAX_STATUS_LIST_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("not a credential: {0}")]
    Malformed(String),
    #[error("unsupported algorithm {0:?}: only EdDSA (Ed25519) is accepted")]
    Algorithm(String),
    #[error("no published key has the id {0:?}")]
    UnknownKey(String),
    #[error("the signature does not match the issuer's key {0:?}")]
    BadSignature(String),
    #[error("not valid before {0}")]
    NotYetValid(String),
    #[error("expired on {0}")]
    Expired(String),
    #[error("revoked by its issuer (status list {0})")]
    Revoked(String),
    #[error("suspended (status list {0})")]
    Suspended(String),
    #[error("its status list {0} was not given")]
    StatusListMissing(String),
    #[error("bad key: {0}")]
    Key(String),
}

pub type Result<T> = std::result::Result<T, CredentialError>;

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str, what: &str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|e| CredentialError::Malformed(format!("{what} is not base64url: {e}")))
}

/// A public key in a JWK Set (RFC 7517, OKP keys of RFC 8037).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    /// The 32-byte public key, base64url.
    pub x: String,
    pub kid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl Jwk {
    /// The published form of an Ed25519 public key (base64url).
    pub fn ed25519(kid: &str, public_key: &str) -> Self {
        Self {
            kty: "OKP".to_owned(),
            crv: "Ed25519".to_owned(),
            x: public_key.to_owned(),
            kid: kid.to_owned(),
            alg: Some("EdDSA".to_owned()),
            use_: Some("sig".to_owned()),
        }
    }

    fn verifying_key(&self) -> Result<VerifyingKey> {
        if self.kty != "OKP" || self.crv != "Ed25519" {
            return Err(CredentialError::Key(format!(
                "{}: kty {} crv {} is not an Ed25519 key",
                self.kid, self.kty, self.crv
            )));
        }
        let bytes: [u8; 32] = unb64(&self.x, "the key's x")?
            .try_into()
            .map_err(|_| CredentialError::Key(format!("{}: x is not 32 bytes", self.kid)))?;
        VerifyingKey::from_bytes(&bytes)
            .map_err(|e| CredentialError::Key(format!("{}: {e}", self.kid)))
    }
}

/// The RFC 7638 thumbprint of an Ed25519 public key: a stable key id.
pub fn thumbprint(public_key: &str) -> String {
    use sha2::Digest;
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{public_key}"}}"#);
    b64(&sha2::Sha256::digest(canonical.as_bytes()))
}

/// New key material from 32 random bytes: (kid, public key, private key), base64url.
pub fn key_material(seed: [u8; 32]) -> (String, String, String) {
    let key = SigningKey::from_bytes(&seed);
    let public = b64(key.verifying_key().as_bytes());
    (thumbprint(&public), public, b64(&seed))
}

/// A society's signing key, ready to sign.
pub struct Signer {
    kid: String,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// From the stored private key (base64url of the 32-byte seed).
    pub fn from_stored(kid: &str, private_key: &str) -> Result<Self> {
        let seed: [u8; 32] = unb64(private_key, "the private key")?
            .try_into()
            .map_err(|_| CredentialError::Key("the private key is not 32 bytes".to_owned()))?;
        Ok(Self {
            kid: kid.to_owned(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn jwk(&self) -> Jwk {
        Jwk::ed25519(&self.kid, &b64(self.key.verifying_key().as_bytes()))
    }

    /// Signs `claims` as a compact JWS with `typ: vc+jwt`. Ed25519 is
    /// deterministic: the same claims always give the same token.
    pub fn sign(&self, claims: &Value) -> String {
        let header = json!({ "alg": "EdDSA", "typ": MEDIA_TYPE, "cty": "vc", "kid": self.kid });
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", b64(&signature.to_bytes()))
    }
}

/// A token whose signature checked out against a published key.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub kid: String,
    pub header: Value,
    pub claims: Value,
}

/// Checks a compact JWS's signature against the key its `kid` names in `jwks`.
pub fn verify_signature(token: &str, jwks: &Jwks) -> Result<Verified> {
    let token = token.trim();
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, claims_b64, signature_b64] = parts[..] else {
        return Err(CredentialError::Malformed(format!(
            "a vc+jwt has three dot-separated parts, this has {}",
            parts.len()
        )));
    };
    let header: Value = serde_json::from_slice(&unb64(header_b64, "the header")?)
        .map_err(|e| CredentialError::Malformed(format!("the header is not JSON: {e}")))?;
    let alg = header["alg"].as_str().unwrap_or_default();
    if alg != "EdDSA" && alg != "Ed25519" {
        return Err(CredentialError::Algorithm(alg.to_owned()));
    }
    let kid = header["kid"]
        .as_str()
        .ok_or_else(|| CredentialError::Malformed("the header has no kid".to_owned()))?;
    let jwk = jwks
        .keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or_else(|| CredentialError::UnknownKey(kid.to_owned()))?;
    let signature = Signature::from_slice(&unb64(signature_b64, "the signature")?)
        .map_err(|e| CredentialError::Malformed(format!("the signature: {e}")))?;
    jwk.verifying_key()?
        .verify_strict(format!("{header_b64}.{claims_b64}").as_bytes(), &signature)
        .map_err(|_| CredentialError::BadSignature(kid.to_owned()))?;
    let claims: Value = serde_json::from_slice(&unb64(claims_b64, "the claims")?)
        .map_err(|e| CredentialError::Malformed(format!("the claims are not JSON: {e}")))?;
    Ok(Verified {
        kid: kid.to_owned(),
        header,
        claims,
    })
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse_time(claims: &Value, field: &str) -> Result<Option<DateTime<Utc>>> {
    match claims.get(field).and_then(Value::as_str) {
        None => Ok(None),
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| CredentialError::Malformed(format!("{field} {text:?}: {e}"))),
    }
}

/// Checks `validFrom` and `validUntil` (and the JWT's `nbf` and `exp`) against `now`.
pub fn check_dates(claims: &Value, now: DateTime<Utc>) -> Result<()> {
    let from = parse_time(claims, "validFrom")?;
    let until = parse_time(claims, "validUntil")?;
    let nbf = claims["nbf"]
        .as_i64()
        .and_then(|s| DateTime::from_timestamp(s, 0));
    let exp = claims["exp"]
        .as_i64()
        .and_then(|s| DateTime::from_timestamp(s, 0));
    if let Some(start) = from.into_iter().chain(nbf).max()
        && now < start
    {
        return Err(CredentialError::NotYetValid(rfc3339(start)));
    }
    if let Some(end) = until.into_iter().chain(exp).min()
        && now >= end
    {
        return Err(CredentialError::Expired(rfc3339(end)));
    }
    Ok(())
}

/// What a membership credential says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipClaims {
    /// `urn:uuid:…`
    pub credential_id: String,
    /// The issuing society's page, e.g. `https://kallos.example/societies/SBCP`.
    pub issuer_id: String,
    pub issuer_name: String,
    pub society_acronym: String,
    /// The member's verification page.
    pub subject_id: String,
    pub subject_name: String,
    /// `active`, `associate` or `resident`.
    pub membership_type: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    /// The society's status lists, without the purpose: `…/credentials/status/SBCP`.
    pub status_list: String,
    pub status_index: i64,
}

/// The credential as a VC 2.0 / Open Badges 3.0 document, with the JWT's
/// registered claims beside it so that any JWT library checks the dates too.
pub fn membership_credential(c: &MembershipClaims) -> Value {
    let status = |purpose: &str| {
        json!({
            "id": format!("{}/{purpose}#{}", c.status_list, c.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": c.status_index.to_string(),
            "statusListCredential": format!("{}/{purpose}", c.status_list),
        })
    };
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": c.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("Membership of {}", c.society_acronym),
        "issuer": { "id": c.issuer_id, "type": ["Profile"], "name": c.issuer_name },
        "validFrom": rfc3339(c.valid_from),
        "validUntil": rfc3339(c.valid_until),
        "credentialSubject": {
            "id": c.subject_id,
            "type": ["AchievementSubject"],
            "name": c.subject_name,
            "achievement": {
                "id": format!("{}#membership-{}", c.issuer_id, c.membership_type),
                "type": ["Achievement"],
                "achievementType": "Membership",
                "name": format!("{} member of {}", capitalised(&c.membership_type), c.society_acronym),
                "description": format!("A {} member of {} ({}) in good standing when issued.", c.membership_type, c.issuer_name, c.society_acronym),
                "criteria": { "narrative": format!("Admitted by {} under its membership criteria; the status lists show any later suspension or revocation.", c.society_acronym) }
            }
        },
        "credentialStatus": [status("revocation"), status("suspension")],
        "iss": c.issuer_id,
        "sub": c.subject_id,
        "jti": c.credential_id,
        "iat": c.valid_from.timestamp(),
        "nbf": c.valid_from.timestamp(),
        "exp": c.valid_until.timestamp(),
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The fields of a verified membership credential a receiving society records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipSummary {
    pub credential_id: String,
    pub issuer_id: String,
    pub subject_id: String,
    pub subject_name: String,
    pub membership_type: String,
    pub valid_until: DateTime<Utc>,
    /// `(purpose, statusListCredential, index)` of each status entry.
    pub status: Vec<(String, String, usize)>,
}

pub fn membership_summary(claims: &Value) -> Result<MembershipSummary> {
    let text = |pointer: &str| {
        claims
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CredentialError::Malformed(format!("no {pointer} in the credential")))
    };
    let types = claims["type"].as_array().cloned().unwrap_or_default();
    if !types.iter().any(|t| t == "VerifiableCredential") {
        return Err(CredentialError::Malformed(
            "its type does not include VerifiableCredential".to_owned(),
        ));
    }
    if claims
        .pointer("/credentialSubject/achievement/achievementType")
        .and_then(Value::as_str)
        != Some("Membership")
    {
        return Err(CredentialError::Malformed(
            "it is not a Membership achievement".to_owned(),
        ));
    }
    let achievement = text("/credentialSubject/achievement/id")?;
    let membership_type = achievement
        .rsplit_once("#membership-")
        .map(|(_, t)| t.to_owned())
        .unwrap_or_default();
    let valid_until = parse_time(claims, "validUntil")?
        .ok_or_else(|| CredentialError::Malformed("no validUntil".to_owned()))?;
    Ok(MembershipSummary {
        credential_id: text("/id")?,
        issuer_id: text("/issuer/id").or_else(|_| text("/issuer"))?,
        subject_id: text("/credentialSubject/id")?,
        subject_name: text("/credentialSubject/name").unwrap_or_default(),
        membership_type,
        valid_until,
        status: status_entries(claims)?,
    })
}

fn status_entries(claims: &Value) -> Result<Vec<(String, String, usize)>> {
    let entries = match &claims["credentialStatus"] {
        Value::Null => Vec::new(),
        Value::Array(list) => list.clone(),
        single => vec![single.clone()],
    };
    entries
        .iter()
        .map(|e| {
            let purpose = e["statusPurpose"].as_str().unwrap_or_default().to_owned();
            let list = e["statusListCredential"]
                .as_str()
                .ok_or_else(|| {
                    CredentialError::Malformed("a status entry has no statusListCredential".into())
                })?
                .to_owned();
            let index = e["statusListIndex"]
                .as_str()
                .and_then(|i| i.parse().ok())
                .or_else(|| e["statusListIndex"].as_u64().map(|i| i as usize))
                .ok_or_else(|| {
                    CredentialError::Malformed("a status entry has no statusListIndex".into())
                })?;
            Ok((purpose, list, index))
        })
        .collect()
}

/// Encodes set bits as a Bitstring Status List: GZIP, then multibase base64url (`u…`).
/// Index 0 is the first (most significant) bit of the first byte.
pub fn encode_status_list(set: &[usize]) -> String {
    let mut bytes = vec![0u8; STATUS_LIST_BITS / 8];
    for &index in set {
        if let Some(byte) = bytes.get_mut(index / 8) {
            *byte |= 0x80 >> (index % 8);
        }
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let compressed = encoder
        .write_all(&bytes)
        .and_then(|()| encoder.finish())
        .unwrap_or_default();
    format!("u{}", b64(&compressed))
}

/// Reads one bit of an encoded list.
pub fn status_bit(encoded: &str, index: usize) -> Result<bool> {
    let text = encoded.strip_prefix('u').ok_or_else(|| {
        CredentialError::Malformed("encodedList is not multibase base64url ('u…')".into())
    })?;
    let compressed = unb64(text, "encodedList")?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .take(MAX_STATUS_LIST_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| CredentialError::Malformed(format!("encodedList is not GZIP: {e}")))?;
    let byte = bytes.get(index / 8).ok_or_else(|| {
        CredentialError::Malformed(format!(
            "index {index} is beyond the list's {} bits",
            bytes.len() * 8
        ))
    })?;
    Ok(byte & (0x80 >> (index % 8)) != 0)
}

/// A status list credential (unsigned) for one purpose.
pub fn status_list_credential(
    list_id: &str,
    issuer_id: &str,
    purpose: &str,
    set: &[usize],
    now: DateTime<Utc>,
) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": rfc3339(now),
        "credentialSubject": {
            "id": format!("{list_id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_status_list(set),
        },
        "iss": issuer_id,
        "iat": now.timestamp(),
    })
}

/// Checks a verified credential against verified status list credentials:
/// an entry whose list is not among `lists` is an error, so that a check
/// cannot pass by leaving the list out.
pub fn check_status(claims: &Value, lists: &[Value]) -> Result<()> {
    for (purpose, list_id, index) in status_entries(claims)? {
        let list = lists
            .iter()
            .find(|l| l["id"].as_str() == Some(list_id.as_str()))
            .ok_or_else(|| CredentialError::StatusListMissing(list_id.clone()))?;
        let subject = &list["credentialSubject"];
        if subject["statusPurpose"].as_str() != Some(purpose.as_str()) {
            return Err(CredentialError::Malformed(format!(
                "status list {list_id} is for {:?}, not {purpose}",
                subject["statusPurpose"]
            )));
        }
        let encoded = subject["encodedList"]
            .as_str()
            .ok_or_else(|| CredentialError::Malformed(format!("{list_id} has no encodedList")))?;
        if status_bit(encoded, index)? {
            return Err(match purpose.as_str() {
                "revocation" => CredentialError::Revoked(list_id),
                _ => CredentialError::Suspended(list_id),
            });
        }
    }
    Ok(())
}

/// A random version 4 UUID as a URN, from 16 random bytes.
pub fn urn_uuid(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(year: i32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn claims() -> MembershipClaims {
        MembershipClaims {
            credential_id: urn_uuid([7; 16]),
            issuer_id: "https://kallos.example/societies/SBCP".into(),
            issuer_name: "Sociedade Brasileira de Cirurgia Plástica".into(),
            society_acronym: "SBCP".into(),
            subject_id: "https://kallos.example/verify/abc".into(),
            subject_name: "Ana Souza".into(),
            membership_type: "active".into(),
            valid_from: at(2026),
            valid_until: at(2027),
            status_list: "https://kallos.example/credentials/status/SBCP".into(),
            status_index: 9,
        }
    }

    fn signer() -> (Signer, Jwks) {
        let (kid, public, private) = key_material([3; 32]);
        let signer = Signer::from_stored(&kid, &private).unwrap_or_else(|e| panic!("{e}"));
        (
            signer,
            Jwks {
                keys: vec![Jwk::ed25519(&kid, &public)],
            },
        )
    }

    #[test]
    fn a_signed_credential_verifies_and_tampering_is_caught() {
        let (signer, jwks) = signer();
        let token = signer.sign(&membership_credential(&claims()));
        assert_eq!(
            token,
            signer.sign(&membership_credential(&claims())),
            "deterministic"
        );
        let verified = verify_signature(&token, &jwks).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(verified.header["typ"], "vc+jwt");
        let summary = membership_summary(&verified.claims).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(summary.membership_type, "active");
        assert_eq!(summary.status.len(), 2);
        assert_eq!(check_dates(&verified.claims, at(2026)), Ok(()));
        assert!(matches!(
            check_dates(&verified.claims, at(2027)),
            Err(CredentialError::Expired(_))
        ));
        assert!(matches!(
            check_dates(&verified.claims, at(2025)),
            Err(CredentialError::NotYetValid(_))
        ));

        let parts: Vec<&str> = token.split('.').collect();
        let mut forged = membership_credential(&claims());
        forged["credentialSubject"]["name"] = json!("Someone Else");
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            b64(forged.to_string().as_bytes()),
            parts[2]
        );
        assert!(matches!(
            verify_signature(&forged, &jwks),
            Err(CredentialError::BadSignature(_))
        ));
        let (_, other) = {
            let (kid, public, _) = key_material([4; 32]);
            (
                (),
                Jwks {
                    keys: vec![Jwk {
                        kid: signer.kid().to_owned(),
                        ..Jwk::ed25519(&kid, &public)
                    }],
                },
            )
        };
        assert!(matches!(
            verify_signature(&token, &other),
            Err(CredentialError::BadSignature(_))
        ));
        assert!(matches!(
            verify_signature(&token, &Jwks::default()),
            Err(CredentialError::UnknownKey(_))
        ));
        assert!(matches!(
            verify_signature("a.b", &jwks),
            Err(CredentialError::Malformed(_))
        ));
    }

    #[test]
    fn status_lists_show_revocation_and_suspension() {
        let encoded = encode_status_list(&[0, 9, 131_071]);
        assert!(
            encoded.len() < 300,
            "a sparse list compresses: {}",
            encoded.len()
        );
        assert_eq!(status_bit(&encoded, 9), Ok(true));
        assert_eq!(status_bit(&encoded, 8), Ok(false));
        assert_eq!(status_bit(&encoded, 131_071), Ok(true));
        assert!(status_bit(&encoded, 131_072).is_err());

        let c = membership_credential(&claims());
        let list = |purpose: &str, set: &[usize]| {
            status_list_credential(
                &format!("https://kallos.example/credentials/status/SBCP/{purpose}"),
                "https://kallos.example/societies/SBCP",
                purpose,
                set,
                at(2026),
            )
        };
        assert_eq!(
            check_status(&c, &[list("revocation", &[1]), list("suspension", &[])]),
            Ok(())
        );
        assert!(matches!(
            check_status(&c, &[list("revocation", &[9]), list("suspension", &[])]),
            Err(CredentialError::Revoked(_))
        ));
        assert!(matches!(
            check_status(&c, &[list("revocation", &[]), list("suspension", &[9])]),
            Err(CredentialError::Suspended(_))
        ));
        assert!(matches!(
            check_status(&c, &[list("revocation", &[])]),
            Err(CredentialError::StatusListMissing(_))
        ));
    }

    #[test]
    fn ids_are_well_formed() {
        let id = urn_uuid([0xff; 16]);
        assert_eq!(id, "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
        // RFC 8037 appendix A.1's public key and RFC 7638 thumbprint.
        assert_eq!(
            thumbprint("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }
}
