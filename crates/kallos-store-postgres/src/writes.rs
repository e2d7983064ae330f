//! The one write path: a batch of changes in one transaction, each audited
//! into the hash chain.
//!
//! Writers serialise on `LOCK TABLE audit_head IN EXCLUSIVE MODE`, taken
//! first in every write transaction. A row lock (`SELECT ... FOR UPDATE`)
//! cannot do it: the head has no row while the chain is empty, and two first
//! writers would both see none. A table lock exists either way, is scoped to
//! this schema's table (unlike an advisory lock key, shared by the whole
//! database), and leaves plain `SELECT`s (readers, `audit_head()`) unblocked.
//! Under READ COMMITTED each later statement sees what the previous holder
//! committed, so the head read after the lock is the true head.

use crate::chain::Chain;
use crate::{backend, db_error};
use kallos_domain::audit::AuditContext;
use kallos_domain::policy::Role;
use kallos_store::{
    Change, NewMemberRecord, NewUser, Outcome, StoreError, StoreResult, resolve_facility,
    resolve_member,
};
use sqlx::{PgConnection, PgPool};

pub(crate) async fn apply(
    pool: &PgPool,
    ctx: &AuditContext,
    changes: Vec<Change>,
) -> StoreResult<Vec<Outcome>> {
    let mut tx = pool.begin().await.map_err(backend)?;
    let mut chain = Chain::open(&mut tx).await?;
    let now = ctx.at.timestamp_micros();
    let mut created: Vec<Option<i64>> = Vec::with_capacity(changes.len());
    let mut outcomes = Vec::with_capacity(changes.len());
    for change in &changes {
        let (outcome, member) = apply_one(&mut tx, change, now, &ctx.actor, &created).await?;
        created.push(outcome.created_id());
        if let Some(event) = change.audit_event(outcome, member) {
            chain.append(&mut tx, ctx, &event).await?;
        }
        outcomes.push(outcome);
    }
    chain.close(&mut tx).await?;
    tx.commit().await.map_err(backend)?;
    Ok(outcomes)
}

/// Applies one change; returns its outcome and, for users, the member it links to.
async fn apply_one(
    conn: &mut PgConnection,
    change: &Change,
    now: i64,
    actor: &str,
    created: &[Option<i64>],
) -> StoreResult<(Outcome, Option<i64>)> {
    let outcome = match change {
        Change::ApprovePeriod { .. }
        | Change::WithdrawApproval { .. }
        | Change::PublishStatistics(_)
        | Change::SetDisclosure { .. } => {
            crate::statistics::apply(conn, change, now, actor).await?
        }
        Change::SetSafetyDocument { .. } => crate::safety::apply(conn, change, now, actor).await?,
        Change::EnsureSociety(s) => {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO societies (acronym, slug, name, country_iso2, kind) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (acronym) DO NOTHING RETURNING id",
            )
            .bind(&s.acronym)
            .bind(kallos_domain::society::url_slug(&s.acronym))
            .bind(&s.name)
            .bind(&s.country_iso2)
            .bind(s.kind.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
            id.map_or(Outcome::Unchanged, Outcome::Created)
        }
        Change::CreateFacility(f) => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO facilities (name, country_iso2, city, setting, accreditation_body, accreditation_number, accredited_until, checked_at_micros)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&f.name)
            .bind(&f.country_iso2)
            .bind(&f.city)
            .bind(f.setting.as_str())
            .bind(&f.accreditation_body)
            .bind(&f.accreditation_number)
            .bind(f.accredited_until)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            Outcome::Created(id)
        }
        Change::CreateMember(m) => Outcome::Created(create_member(conn, m, now, created).await?),
        Change::UpdateMemberProfile {
            society,
            member,
            profile,
        } => {
            // With a society, the membership check is part of the UPDATE
            // itself, so a member of another society is left untouched.
            let done = sqlx::query(
                "UPDATE members SET given_name = $1, family_name = $2, country_iso2 = $3, city = $4, languages = $5,
                        offers_follow_up = $6, directory_opt_in = $7
                 WHERE id = $8 AND ($9::BIGINT IS NULL OR EXISTS (
                     SELECT 1 FROM memberships WHERE member_id = members.id AND society_id = $9::BIGINT))",
            )
            .bind(&profile.given_name)
            .bind(&profile.family_name)
            .bind(&profile.country_iso2)
            .bind(&profile.city)
            .bind(profile.languages.join(","))
            .bind(profile.offers_follow_up)
            .bind(profile.directory_opt_in)
            .bind(member.0)
            .bind(society.map(|s| s.0))
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound(format!("member {member}")));
            }
            Outcome::Updated
        }
        Change::CreateUser(user) => {
            let member = user.member.and_then(|r| resolve_member(r, created));
            let id = create_user(conn, user, member, now).await?;
            return Ok((Outcome::Created(id), member));
        }
        Change::CreateSession(s) => {
            sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at_micros, expires_at_micros) VALUES ($1, $2, $3, $4)")
                .bind(&s.token_hash)
                .bind(s.user_id.0)
                .bind(now)
                .bind(s.expires_at.timestamp_micros())
                .execute(&mut *conn)
                .await
                .map_err(db_error)?;
            Outcome::Created(s.user_id.0)
        }
        Change::DeleteSession { token_hash } => {
            let done = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *conn)
                .await
                .map_err(db_error)?;
            if done.rows_affected() == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        Change::SetMemberProcedures { .. }
        | Change::CheckMembership { .. }
        | Change::CreateIssuerKey(_)
        | Change::IssueCredential(_)
        | Change::SetCredentialStatus { .. }
        | Change::RecordSocietyAttestation(_) => {
            crate::directory::apply(conn, change, now)
                .await
                .unwrap_or_else(|| Err(StoreError::Backend(format!("no writer for {change:?}"))))?
        }
        Change::CreateApiToken(t) => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (token_hash, user_id, name, created_at_micros, expires_at_micros)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&t.token_hash)
            .bind(t.user_id.0)
            .bind(&t.name)
            .bind(now)
            .bind(t.expires_at.map(|e| e.timestamp_micros()))
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            Outcome::Created(id)
        }
        other => return crate::membership::apply(conn, other, now).await,
    };
    Ok((outcome, None))
}

async fn create_member(
    conn: &mut PgConnection,
    m: &NewMemberRecord,
    now: i64,
    created: &[Option<i64>],
) -> StoreResult<i64> {
    let p = &m.profile;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO members (given_name, family_name, email, country_iso2, city, languages, offers_follow_up, directory_opt_in, created_at_micros)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&p.given_name)
    .bind(&p.family_name)
    .bind(&m.email)
    .bind(&p.country_iso2)
    .bind(&p.city)
    .bind(p.languages.join(","))
    .bind(p.offers_follow_up)
    .bind(p.directory_opt_in)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_error)?;
    for ms in &m.memberships {
        sqlx::query("INSERT INTO memberships (society_id, member_id, membership_type, status, since, checked_at_micros) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(ms.society_id.0)
            .bind(id)
            .bind(ms.membership_type.as_str())
            .bind(ms.status.as_str())
            .bind(ms.since)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    for c in &m.certifications {
        sqlx::query("INSERT INTO certifications (member_id, board, number, issued_on, expires_on, checked_at_micros) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(&c.board)
            .bind(&c.number)
            .bind(c.issued_on)
            .bind(c.expires_on)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    for reference in &m.facilities {
        let facility = resolve_facility(*reference, created)
            .ok_or_else(|| StoreError::NotFound(format!("facility {reference:?} in this batch")))?;
        sqlx::query("INSERT INTO member_facilities (member_id, facility_id) VALUES ($1, $2)")
            .bind(id)
            .bind(facility)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    Ok(id)
}

async fn create_user(
    conn: &mut PgConnection,
    user: &NewUser,
    member: Option<i64>,
    now: i64,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, display_name, password_hash, member_id, created_at_micros) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user.email.to_ascii_lowercase())
    .bind(&user.display_name)
    .bind(&user.password_hash)
    .bind(member)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_error)?;
    for role in &user.roles {
        let society = match role {
            Role::SocietyAdmin(s) => Some(s.0),
            _ => None,
        };
        sqlx::query("INSERT INTO role_grants (user_id, role, society_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(role.kind())
            .bind(society)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    Ok(id)
}
