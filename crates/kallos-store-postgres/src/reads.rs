//! Reads, grouped by the trait they serve.
//!
//! Orderings match the SQLite backend exactly: text sorts `COLLATE "C"`
//! (bytewise, as SQLite's BINARY collation, whatever the database's locale),
//! and where SQLite's plan breaks ties by rowid, an explicit `id` does here.

use crate::{PostgresStore, backend};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use kallos_domain::audit::AuditRecord;
use kallos_domain::member::{
    Certification, Facility, FacilitySetting, Member, MemberSummary, Membership, MembershipStatus,
    MembershipType,
};
use kallos_domain::policy::{AuthenticatedUser, Principal, Role};
use kallos_domain::society::{Society, SocietyKind};
use kallos_domain::{MemberId, SocietyId, UserId};
use kallos_store::{
    AccountStore, AuditStore, MemberStore, Page, SocietyStore, StoreError, StoreResult, UserRecord,
};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("unexpected {what} in the database: {value:?}"))
}

fn society_from(row: &PgRow) -> StoreResult<Society> {
    let kind: String = row.try_get("kind").map_err(backend)?;
    Ok(Society {
        id: SocietyId(row.try_get("id").map_err(backend)?),
        acronym: row.try_get("acronym").map_err(backend)?,
        slug: row.try_get("slug").map_err(backend)?,
        name: row.try_get("name").map_err(backend)?,
        country_iso2: row.try_get("country_iso2").map_err(backend)?,
        kind: SocietyKind::parse(&kind).ok_or_else(|| corrupt("society kind", &kind))?,
    })
}

fn membership_type(value: &str) -> StoreResult<MembershipType> {
    MembershipType::parse(value).ok_or_else(|| corrupt("membership type", value))
}

fn membership_status(value: &str) -> StoreResult<MembershipStatus> {
    MembershipStatus::parse(value).ok_or_else(|| corrupt("membership status", value))
}

fn languages(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[async_trait]
impl SocietyStore for PostgresStore {
    async fn list_societies(&self) -> StoreResult<Vec<Society>> {
        let rows = sqlx::query(
            "SELECT * FROM societies ORDER BY kind = 'national', acronym COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(society_from).collect()
    }

    async fn society_by_slug(&self, slug: &str) -> StoreResult<Option<Society>> {
        let row = sqlx::query("SELECT * FROM societies WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.as_ref().map(society_from).transpose()
    }

    async fn active_member_counts(&self) -> StoreResult<Vec<(SocietyId, i64)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT society_id, count(*) FROM memberships WHERE status = 'active' GROUP BY society_id ORDER BY society_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|(s, n)| (SocietyId(s), n)).collect())
    }
}

async fn load_member(pool: &PgPool, id: i64) -> StoreResult<Option<Member>> {
    let Some(row) = sqlx::query("SELECT * FROM members WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(backend)?
    else {
        return Ok(None);
    };
    let memberships = sqlx::query(
        "SELECT m.society_id, s.acronym, m.membership_type, m.status, m.since
         FROM memberships m JOIN societies s ON s.id = m.society_id WHERE m.member_id = $1 ORDER BY s.kind = 'alliance', s.acronym COLLATE \"C\"",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(backend)?
    .iter()
    .map(|r| {
        let kind: String = r.try_get("membership_type").map_err(backend)?;
        let status: String = r.try_get("status").map_err(backend)?;
        Ok(Membership {
            society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
            society_acronym: r.try_get("acronym").map_err(backend)?,
            membership_type: membership_type(&kind)?,
            status: membership_status(&status)?,
            since: r.try_get::<NaiveDate, _>("since").map_err(backend)?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let certifications = sqlx::query("SELECT board, number, issued_on, expires_on FROM certifications WHERE member_id = $1 ORDER BY issued_on, id")
        .bind(id)
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .iter()
        .map(|r| {
            Ok(Certification {
                board: r.try_get("board").map_err(backend)?,
                number: r.try_get("number").map_err(backend)?,
                issued_on: r.try_get("issued_on").map_err(backend)?,
                expires_on: r.try_get("expires_on").map_err(backend)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let facilities = sqlx::query(
        "SELECT f.* FROM facilities f JOIN member_facilities mf ON mf.facility_id = f.id WHERE mf.member_id = $1 ORDER BY f.name COLLATE \"C\", f.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(backend)?
    .iter()
    .map(|r| {
        let setting: String = r.try_get("setting").map_err(backend)?;
        Ok(Facility {
            id: r.try_get("id").map_err(backend)?,
            name: r.try_get("name").map_err(backend)?,
            country_iso2: r.try_get("country_iso2").map_err(backend)?,
            city: r.try_get("city").map_err(backend)?,
            setting: FacilitySetting::parse(&setting).ok_or_else(|| corrupt("facility setting", &setting))?,
            accreditation_body: r.try_get("accreditation_body").map_err(backend)?,
            accreditation_number: r.try_get("accreditation_number").map_err(backend)?,
            accredited_until: r.try_get("accredited_until").map_err(backend)?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let language_list: String = row.try_get("languages").map_err(backend)?;
    Ok(Some(Member {
        id: MemberId(id),
        given_name: row.try_get("given_name").map_err(backend)?,
        family_name: row.try_get("family_name").map_err(backend)?,
        email: row.try_get("email").map_err(backend)?,
        country_iso2: row.try_get("country_iso2").map_err(backend)?,
        city: row.try_get("city").map_err(backend)?,
        languages: languages(&language_list),
        offers_follow_up: row.try_get("offers_follow_up").map_err(backend)?,
        directory_opt_in: row.try_get("directory_opt_in").map_err(backend)?,
        memberships,
        certifications,
        facilities,
    }))
}

#[async_trait]
impl MemberStore for PostgresStore {
    async fn list_members(
        &self,
        society: SocietyId,
        page: Page,
    ) -> StoreResult<Vec<MemberSummary>> {
        let rows = sqlx::query(
            "SELECT m.id, m.given_name, m.family_name, m.country_iso2, m.city, ms.membership_type, ms.status
             FROM memberships ms JOIN members m ON m.id = ms.member_id
             WHERE ms.society_id = $1 ORDER BY m.family_name COLLATE \"C\", m.given_name COLLATE \"C\", m.id LIMIT $2 OFFSET $3",
        )
        .bind(society.0)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("membership_type").map_err(backend)?;
                let status: String = r.try_get("status").map_err(backend)?;
                Ok(MemberSummary {
                    id: MemberId(r.try_get("id").map_err(backend)?),
                    given_name: r.try_get("given_name").map_err(backend)?,
                    family_name: r.try_get("family_name").map_err(backend)?,
                    country_iso2: r.try_get("country_iso2").map_err(backend)?,
                    city: r.try_get("city").map_err(backend)?,
                    membership_type: membership_type(&kind)?,
                    status: membership_status(&status)?,
                })
            })
            .collect()
    }

    async fn count_members(&self, society: SocietyId) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT count(*) FROM memberships WHERE society_id = $1")
            .bind(society.0)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn member_in_society(
        &self,
        society: SocietyId,
        id: MemberId,
    ) -> StoreResult<Option<Member>> {
        let belongs: Option<i64> = sqlx::query_scalar(
            "SELECT 1::BIGINT FROM memberships WHERE society_id = $1 AND member_id = $2",
        )
        .bind(society.0)
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        match belongs {
            Some(_) => load_member(&self.pool, id.0).await,
            None => Ok(None),
        }
    }

    async fn member(&self, id: MemberId) -> StoreResult<Option<Member>> {
        load_member(&self.pool, id.0).await
    }

    async fn memberships(&self) -> StoreResult<Vec<(SocietyId, MemberId)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT society_id, member_id FROM memberships")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(s, m)| (SocietyId(s), MemberId(m)))
            .collect())
    }

    async fn total_members(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT count(*) FROM members")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }
}

#[async_trait]
impl AccountStore for PostgresStore {
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query("SELECT * FROM users WHERE email = $1")
            .bind(email.trim().to_ascii_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        row.map(|r| {
            Ok(UserRecord {
                id: UserId(r.try_get("id").map_err(backend)?),
                email: r.try_get("email").map_err(backend)?,
                display_name: r.try_get("display_name").map_err(backend)?,
                password_hash: r.try_get("password_hash").map_err(backend)?,
                member_id: r
                    .try_get::<Option<i64>, _>("member_id")
                    .map_err(backend)?
                    .map(MemberId),
                disabled: r.try_get("disabled").map_err(backend)?,
            })
        })
        .transpose()
    }

    async fn principal(&self, user: UserId) -> StoreResult<Option<Principal>> {
        let Some(row) = sqlx::query("SELECT * FROM users WHERE id = $1 AND NOT disabled")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let grants: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT role, society_id FROM role_grants WHERE user_id = $1 ORDER BY role COLLATE \"C\", society_id NULLS FIRST")
                .bind(user.0)
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        let mut roles = Vec::new();
        for (role, society) in grants {
            roles.push(match (role.as_str(), society) {
                ("alliance_admin", _) => Role::AllianceAdmin,
                ("society_admin", Some(s)) => Role::SocietyAdmin(SocietyId(s)),
                ("researcher", _) => Role::Researcher,
                _ => return Err(corrupt("role grant", &role)),
            });
        }
        if let Some(member) = row
            .try_get::<Option<i64>, _>("member_id")
            .map_err(backend)?
        {
            roles.push(Role::Member(MemberId(member)));
            let societies: Vec<i64> = sqlx::query_scalar(
                "SELECT society_id FROM memberships WHERE member_id = $1 AND status IN ('active', 'grace') ORDER BY society_id",
            )
            .bind(member)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
            roles.extend(societies.into_iter().map(|s| Role::MemberOf(SocietyId(s))));
        }
        Ok(Some(Principal {
            user: Some(AuthenticatedUser {
                id: user,
                email: row.try_get("email").map_err(backend)?,
                display_name: row.try_get("display_name").map_err(backend)?,
            }),
            roles,
        }))
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>> {
        let user: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at_micros > $2",
        )
        .bind(token_hash)
        .bind(now.timestamp_micros())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(user.map(UserId))
    }

    async fn api_token_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<UserId>> {
        let user: Option<i64> = sqlx::query_scalar(
            "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND (expires_at_micros IS NULL OR expires_at_micros > $2)",
        )
        .bind(token_hash)
        .bind(now.timestamp_micros())
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(user.map(UserId))
    }

    async fn count_users(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT count(*) FROM users")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }
}

#[async_trait]
impl AuditStore for PostgresStore {
    async fn audit_page(&self, after: i64, limit: i64) -> StoreResult<Vec<AuditRecord>> {
        let rows = sqlx::query("SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(AuditRecord {
                    seq: r.try_get("seq").map_err(backend)?,
                    at_micros: r.try_get("at_micros").map_err(backend)?,
                    actor: r.try_get("actor").map_err(backend)?,
                    action: r.try_get("action").map_err(backend)?,
                    entity: r.try_get("entity").map_err(backend)?,
                    entity_id: r.try_get("entity_id").map_err(backend)?,
                    society_id: r.try_get("society_id").map_err(backend)?,
                    source: r.try_get("source").map_err(backend)?,
                    request_id: r.try_get("request_id").map_err(backend)?,
                    detail: r.try_get("detail").map_err(backend)?,
                    prev_hash: r.try_get("prev_hash").map_err(backend)?,
                    hash: r.try_get("hash").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn audit_head(&self) -> StoreResult<Option<(i64, String)>> {
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }
}
