//! What Kallos needs from a database, in the domain's own words.
//!
//! Reads are methods grouped by concern. Every write goes through one method,
//! [`Store::apply`]: a batch of [`Change`]s applied in one transaction,
//! with one audit entry per change appended to the hash chain in that same
//! transaction. A batch is all or nothing.
//!
//! The [`conformance_tests!`] macro expands the backend-generic suite that
//! each backend runs against itself.

mod change;
pub mod classification;
pub mod conformance;
pub mod directory;
pub mod masking;
pub mod membership;
pub mod registry;
pub mod safety;
pub mod statistics;

pub use change::{
    Change, FacilityRef, MemberRef, NewApiToken, NewMemberRecord, NewPublication, NewSession,
    NewUser, Outcome, resolve_facility, resolve_member,
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kallos_domain::audit::{AuditContext, AuditRecord};
use kallos_domain::member::{Member, MemberSummary};
use kallos_domain::policy::Principal;
use kallos_domain::society::Society;
use kallos_domain::{MemberId, SocietyId, UserId};

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing to change does not exist (or is not in the caller's society).
    #[error("not found: {0}")]
    NotFound(String),
    /// A unique value is already taken, e.g. an email address.
    #[error("already exists: {0}")]
    Conflict(String),
    /// The approved statistics periods changed after the caller read them:
    /// what was checked against them must be checked again.
    #[error("the approved periods changed while the batch was being checked")]
    ApprovalsChanged,
    /// The database failed; the message is for the log, not the user.
    #[error("database error: {0}")]
    Backend(String),
}

/// A user as stored, with the password hash the sign-in checks.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub member_id: Option<MemberId>,
    pub disabled: bool,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("member_id", &self.member_id)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: i64,
    pub limit: i64,
}

impl Page {
    pub const MAX_LIMIT: i64 = 500;

    pub fn new(offset: i64, limit: i64) -> Self {
        Self {
            offset: offset.max(0),
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }
}

/// Connection pool figures for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStats {
    pub connections: u32,
    pub idle: u32,
    pub max: u32,
}

#[async_trait]
pub trait SocietyStore {
    async fn list_societies(&self) -> StoreResult<Vec<Society>>;
    async fn society_by_slug(&self, slug: &str) -> StoreResult<Option<Society>>;
    /// Members whose membership of each society is active: public figures.
    async fn active_member_counts(&self) -> StoreResult<Vec<(SocietyId, i64)>>;
}

#[async_trait]
pub trait MemberStore {
    /// A society's members, ordered by family then given name.
    async fn list_members(&self, society: SocietyId, page: Page)
    -> StoreResult<Vec<MemberSummary>>;
    async fn count_members(&self, society: SocietyId) -> StoreResult<i64>;
    /// A member, only if they belong to `society`: the tenancy boundary.
    async fn member_in_society(
        &self,
        society: SocietyId,
        id: MemberId,
    ) -> StoreResult<Option<Member>>;
    /// A member by id, for their own profile.
    async fn member(&self, id: MemberId) -> StoreResult<Option<Member>>;
    /// How many members there are in all; used to number synthetic ones.
    async fn total_members(&self) -> StoreResult<i64>;
    /// `(society, member)` of every membership, for checking submitted cases.
    async fn memberships(&self) -> StoreResult<Vec<(SocietyId, MemberId)>>;
}

#[async_trait]
pub trait AccountStore {
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// The user and their roles; `None` if unknown or disabled.
    async fn principal(&self, user: UserId) -> StoreResult<Option<Principal>>;
    /// The user of an unexpired session.
    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>>;
    /// The user of an unexpired API token.
    async fn api_token_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>>;
    async fn count_users(&self) -> StoreResult<i64>;
}

#[async_trait]
pub trait AuditStore {
    /// Entries with `seq > after`, in order, at most `limit`.
    async fn audit_page(&self, after: i64, limit: i64) -> StoreResult<Vec<AuditRecord>>;
    /// The last sequence number and hash, kept apart from the entries so that
    /// removing entries from the end is detected.
    async fn audit_head(&self) -> StoreResult<Option<(i64, String)>>;
}

#[async_trait]
pub trait Store:
    SocietyStore
    + MemberStore
    + AccountStore
    + AuditStore
    + registry::RegistryStore
    + membership::MembershipStore
    + directory::DirectoryStore
    + statistics::StatisticsStore
    + safety::SafetyStore
    + Send
    + Sync
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    fn pool_stats(&self) -> PoolStats;
    /// Checks that the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Closes every connection; for SQLite this folds the write-ahead log
    /// back into the database file, so the file alone is a complete copy.
    async fn close(&self);
    /// Applies the changes in one transaction, auditing each; all or nothing.
    async fn apply(&self, ctx: &AuditContext, changes: Vec<Change>) -> StoreResult<Vec<Outcome>>;
}
