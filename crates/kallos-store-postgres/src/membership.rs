//! Membership on PostgreSQL: the writes `apply` delegates here, and the reads of
//! [`MembershipStore`].

use crate::{PostgresStore, backend, db_error};
use async_trait::async_trait;
use chrono::NaiveDate;
use kallos_domain::member::{
    Certification, Facility, FacilitySetting, MembershipStatus, MembershipType,
};
use kallos_domain::membership::{
    ApplicationStatus, AttestationKind, CmeCredit, Credential, CredentialKind, Evaluation,
    EvidenceFile, FileType, SocietyCriteria,
};
use kallos_domain::{MemberId, SocietyId};
use kallos_store::membership::{
    Application, Attestation, EvidenceRows, ExpiringItem, MemberByEmail, MembershipRecord,
    MembershipStore, OutboxMessage,
};
use kallos_store::{Change, Outcome, StoreError, StoreResult};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("unexpected {what} in the database: {value:?}"))
}

/// Applies a membership change; returns the outcome and the member it concerns.
pub(crate) async fn apply(
    conn: &mut PgConnection,
    change: &Change,
    now: i64,
) -> StoreResult<(Outcome, Option<i64>)> {
    let outcome = match change {
        Change::SetSocietyCriteria { society, criteria } => {
            let json = serde_json::to_string(criteria).map_err(backend)?;
            let previous: Option<String> = sqlx::query_scalar(
                "SELECT criteria FROM membership_criteria WHERE society_id = $1",
            )
            .bind(society.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
            if previous.as_deref() == Some(json.as_str()) {
                Outcome::Unchanged
            } else {
                sqlx::query(
                    "INSERT INTO membership_criteria (society_id, criteria, updated_at_micros) VALUES ($1, $2, $3)
                     ON CONFLICT (society_id) DO UPDATE SET criteria = excluded.criteria, updated_at_micros = excluded.updated_at_micros",
                )
                .bind(society.0)
                .bind(&json)
                .bind(now)
                .execute(&mut *conn)
                .await
                .map_err(db_error)?;
                Outcome::Updated
            }
        }
        Change::AddCredential(c) => {
            let e = c.evidence.as_ref();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO credentials (member_id, kind, issuer, number, subject, issued_on, expires_on,
                     evidence_name, evidence_type, evidence_size, evidence_sha256, created_at_micros)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(c.member_id.0)
            .bind(c.kind.as_str())
            .bind(&c.issuer)
            .bind(&c.number)
            .bind(&c.subject)
            .bind(c.issued_on)
            .bind(c.expires_on)
            .bind(e.map(|e| e.stored_name.clone()))
            .bind(e.map(|e| e.file_type.as_str()))
            .bind(e.map(|e| e.size))
            .bind(e.map(|e| e.sha256.clone()))
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            return Ok((Outcome::Created(id), Some(c.member_id.0)));
        }
        Change::AddCmeCredit {
            member,
            society,
            credit,
        } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO cme_credits (member_id, society_id, activity, completed_on, credits_x100, category, created_at_micros)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(member.0)
            .bind(society.map(|s| s.0))
            .bind(&credit.activity)
            .bind(credit.completed_on)
            .bind(credit.credits_x100)
            .bind(&credit.category)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            Outcome::Created(id)
        }
        Change::RecordAttestation {
            member,
            society,
            kind,
            on,
        } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO attestations (member_id, society_id, kind, attested_on, created_at_micros)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(member.0)
            .bind(society.0)
            .bind(kind.as_str())
            .bind(on)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            Outcome::Created(id)
        }
        Change::SetPracticeSince { member, since } => {
            let done = sqlx::query(
                "UPDATE members SET practice_since = $1 WHERE id = $2 AND practice_since IS DISTINCT FROM $1",
            )
            .bind(since)
            .bind(member.0)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        Change::SubmitApplication(a) => {
            let sponsors = serde_json::to_string(&a.sponsors).map_err(backend)?;
            let evaluation = serde_json::to_string(&a.evaluation).map_err(backend)?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO applications (society_id, member_id, membership_type, renewal, status, sponsors,
                     sponsors_unrelated, eligible, evaluation, submitted_at_micros)
                 VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(a.society_id.0)
            .bind(a.member_id.0)
            .bind(a.membership_type.as_str())
            .bind(a.renewal)
            .bind(sponsors)
            .bind(a.sponsors_unrelated)
            .bind(a.evaluation.eligible)
            .bind(evaluation)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            return Ok((Outcome::Created(id), Some(a.member_id.0)));
        }
        Change::DecideApplication {
            application,
            society,
            approve,
            reason,
            today,
            renewal_due,
        } => {
            let row: Option<(i64, String, String)> = sqlx::query_as(
                "SELECT member_id, membership_type, status FROM applications WHERE id = $1 AND society_id = $2",
            )
            .bind(application)
            .bind(society.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
            let Some((member, membership_type, status)) = row else {
                return Err(StoreError::NotFound(format!("application {application}")));
            };
            if status != "pending" {
                return Err(StoreError::Conflict(format!(
                    "application {application} was already {status}"
                )));
            }
            let decided = if *approve { "approved" } else { "rejected" };
            sqlx::query(
                "UPDATE applications SET status = $1, reason = $2, decided_at_micros = $3 WHERE id = $4",
            )
            .bind(decided)
            .bind(reason)
            .bind(now)
            .bind(application)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if *approve {
                sqlx::query(
                    "INSERT INTO memberships (society_id, member_id, membership_type, status, since, renewal_due)
                     VALUES ($1, $2, $3, 'active', $4, $5)
                     ON CONFLICT (society_id, member_id) DO UPDATE SET membership_type = excluded.membership_type,
                         status = 'active', renewal_due = excluded.renewal_due, resigned_on = NULL",
                )
                .bind(society.0)
                .bind(member)
                .bind(&membership_type)
                .bind(today)
                .bind(renewal_due)
                .execute(&mut *conn)
                .await
                .map_err(db_error)?;
            }
            return Ok((Outcome::Updated, Some(member)));
        }
        Change::SetMembershipStatus {
            society,
            member,
            from,
            to,
            ..
        } => {
            let done = sqlx::query(
                "UPDATE memberships SET status = $1 WHERE society_id = $2 AND member_id = $3 AND status = $4",
            )
            .bind(to.as_str())
            .bind(society.0)
            .bind(member.0)
            .bind(from.as_str())
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        Change::RecordMembershipChecks {
            society, checks, ..
        } => {
            let mut changed = 0;
            for c in checks {
                let check = c
                    .check
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(backend)?;
                let done = sqlx::query(
                    "UPDATE memberships SET unmet_since = $1, criteria_met_until = $2, last_check = $3, checked_at_micros = $4
                     WHERE society_id = $5 AND member_id = $6",
                )
                .bind(c.unmet_since)
                .bind(c.criteria_met_until)
                .bind(check)
                .bind(now)
                .bind(society.0)
                .bind(c.member.0)
                .execute(&mut *conn)
                .await
                .map_err(db_error)?;
                changed += done.rows_affected();
            }
            if changed == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        Change::Resign {
            society,
            member,
            on,
        } => {
            let done = sqlx::query(
                "UPDATE memberships SET resigned_on = $1 WHERE society_id = $2 AND member_id = $3 AND resigned_on IS NULL",
            )
            .bind(on)
            .bind(society.0)
            .bind(member.0)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        Change::QueueMessage(m) => {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO outbox (dedupe_key, member_id, recipient, subject, body, created_at_micros)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            )
            .bind(&m.dedupe_key)
            .bind(m.member_id.map(|m| m.0))
            .bind(&m.recipient)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
            id.map_or(Outcome::Unchanged, Outcome::Created)
        }
        Change::MarkMessageSent { id } => {
            let done = sqlx::query(
                "UPDATE outbox SET sent_at_micros = $1, attempts = attempts + 1, last_error = NULL
                 WHERE id = $2 AND sent_at_micros IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        Change::MarkMessageFailed { id, error } => {
            let done = sqlx::query(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2 AND sent_at_micros IS NULL",
            )
            .bind(error)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                Outcome::Unchanged
            } else {
                Outcome::Updated
            }
        }
        other => {
            return Err(StoreError::Backend(format!(
                "not a membership change: {other:?}"
            )));
        }
    };
    Ok((outcome, None))
}

fn credential_from(r: &PgRow) -> StoreResult<Credential> {
    let kind: String = r.try_get("kind").map_err(backend)?;
    let evidence_name: Option<String> = r.try_get("evidence_name").map_err(backend)?;
    let evidence = match evidence_name {
        Some(stored_name) => {
            let file_type: String = r.try_get("evidence_type").map_err(backend)?;
            Some(EvidenceFile {
                stored_name,
                file_type: FileType::parse(&file_type)
                    .ok_or_else(|| corrupt("evidence type", &file_type))?,
                size: r
                    .try_get::<Option<i64>, _>("evidence_size")
                    .map_err(backend)?
                    .unwrap_or(0),
                sha256: r
                    .try_get::<Option<String>, _>("evidence_sha256")
                    .map_err(backend)?
                    .unwrap_or_default(),
            })
        }
        None => None,
    };
    Ok(Credential {
        id: r.try_get("id").map_err(backend)?,
        member_id: MemberId(r.try_get("member_id").map_err(backend)?),
        kind: CredentialKind::parse(&kind).ok_or_else(|| corrupt("credential kind", &kind))?,
        issuer: r.try_get("issuer").map_err(backend)?,
        number: r.try_get("number").map_err(backend)?,
        subject: r.try_get("subject").map_err(backend)?,
        issued_on: r.try_get("issued_on").map_err(backend)?,
        expires_on: r.try_get("expires_on").map_err(backend)?,
        evidence,
    })
}

fn membership_from(r: &PgRow) -> StoreResult<MembershipRecord> {
    let kind: String = r.try_get("membership_type").map_err(backend)?;
    let status: String = r.try_get("status").map_err(backend)?;
    let society_kind: String = r.try_get("kind").map_err(backend)?;
    Ok(MembershipRecord {
        society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
        society_acronym: r.try_get("acronym").map_err(backend)?,
        national: society_kind == "national",
        member_id: MemberId(r.try_get("member_id").map_err(backend)?),
        member_name: r.try_get("name").map_err(backend)?,
        email: r.try_get("email").map_err(backend)?,
        membership_type: MembershipType::parse(&kind)
            .ok_or_else(|| corrupt("membership type", &kind))?,
        status: MembershipStatus::parse(&status)
            .ok_or_else(|| corrupt("membership status", &status))?,
        since: r.try_get("since").map_err(backend)?,
        renewal_due: r.try_get("renewal_due").map_err(backend)?,
        resigned_on: r.try_get("resigned_on").map_err(backend)?,
        unmet_since: r.try_get("unmet_since").map_err(backend)?,
        criteria_met_until: r.try_get("criteria_met_until").map_err(backend)?,
        checked_on: r
            .try_get::<Option<i64>, _>("checked_at_micros")
            .map_err(backend)?
            .and_then(chrono::DateTime::from_timestamp_micros)
            .map(|t| t.date_naive()),
        last_check: r
            .try_get::<Option<String>, _>("last_check")
            .map_err(backend)?
            .map(|j| {
                serde_json::from_str::<Evaluation>(&j)
                    .map_err(|e| corrupt("membership check", &e.to_string()))
            })
            .transpose()?,
    })
}

fn application_from(r: &PgRow) -> StoreResult<Application> {
    let kind: String = r.try_get("membership_type").map_err(backend)?;
    let status: String = r.try_get("status").map_err(backend)?;
    let evaluation: String = r.try_get("evaluation").map_err(backend)?;
    let sponsors: String = r.try_get("sponsors").map_err(backend)?;
    Ok(Application {
        id: r.try_get("id").map_err(backend)?,
        society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
        society_acronym: r.try_get("acronym").map_err(backend)?,
        member_id: MemberId(r.try_get("member_id").map_err(backend)?),
        member_name: r.try_get("name").map_err(backend)?,
        membership_type: MembershipType::parse(&kind)
            .ok_or_else(|| corrupt("membership type", &kind))?,
        renewal: r.try_get("renewal").map_err(backend)?,
        sponsors: serde_json::from_str::<Vec<MemberId>>(&sponsors)
            .map_err(|e| corrupt("sponsors", &e.to_string()))?,
        sponsors_unrelated: r.try_get("sponsors_unrelated").map_err(backend)?,
        status: ApplicationStatus::parse(&status)
            .ok_or_else(|| corrupt("application status", &status))?,
        evaluation: serde_json::from_str::<Evaluation>(&evaluation)
            .map_err(|e| corrupt("evaluation", &e.to_string()))?,
        submitted_at_micros: r.try_get("submitted_at_micros").map_err(backend)?,
        decided_at_micros: r.try_get("decided_at_micros").map_err(backend)?,
        reason: r.try_get("reason").map_err(backend)?,
    })
}

fn message_from(r: &PgRow) -> StoreResult<OutboxMessage> {
    Ok(OutboxMessage {
        id: r.try_get("id").map_err(backend)?,
        dedupe_key: r.try_get("dedupe_key").map_err(backend)?,
        member_id: r
            .try_get::<Option<i64>, _>("member_id")
            .map_err(backend)?
            .map(MemberId),
        recipient: r.try_get("recipient").map_err(backend)?,
        subject: r.try_get("subject").map_err(backend)?,
        body: r.try_get("body").map_err(backend)?,
        created_at_micros: r.try_get("created_at_micros").map_err(backend)?,
        sent_at_micros: r.try_get("sent_at_micros").map_err(backend)?,
        attempts: r.try_get("attempts").map_err(backend)?,
        last_error: r.try_get("last_error").map_err(backend)?,
    })
}

const MEMBERSHIPS: &str = "SELECT ms.society_id, s.acronym, s.kind, ms.member_id,
        m.given_name || ' ' || m.family_name AS name, m.email, ms.membership_type, ms.status,
        ms.since, ms.renewal_due, ms.resigned_on, ms.unmet_since, ms.criteria_met_until,
        ms.checked_at_micros, ms.last_check
    FROM memberships ms JOIN societies s ON s.id = ms.society_id JOIN members m ON m.id = ms.member_id";

const APPLICATIONS: &str = "SELECT a.*, s.acronym, m.given_name || ' ' || m.family_name AS name
    FROM applications a JOIN societies s ON s.id = a.society_id JOIN members m ON m.id = a.member_id";

fn expiring_what(kind: &str, issuer: &str, subject: Option<&str>) -> String {
    let label: &str = match CredentialKind::parse(kind) {
        Some(k) => k.label(),
        None => kind,
    };
    match subject {
        Some(subject) => format!("{label} of {subject} ({issuer})"),
        None => format!("{label} ({issuer})"),
    }
}

#[async_trait]
impl MembershipStore for PostgresStore {
    async fn society_criteria(&self, society: SocietyId) -> StoreResult<Option<SocietyCriteria>> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT criteria FROM membership_criteria WHERE society_id = $1")
                .bind(society.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| corrupt("criteria", &e.to_string())))
            .transpose()
    }

    async fn credentials(&self, member: MemberId) -> StoreResult<Vec<Credential>> {
        sqlx::query("SELECT * FROM credentials WHERE member_id = $1 ORDER BY issued_on, id")
            .bind(member.0)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(credential_from)
            .collect()
    }

    async fn credential(&self, id: i64) -> StoreResult<Option<Credential>> {
        sqlx::query("SELECT * FROM credentials WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
            .as_ref()
            .map(credential_from)
            .transpose()
    }

    async fn cme_credits(&self, member: MemberId) -> StoreResult<Vec<CmeCredit>> {
        let rows: Vec<(i64, String, NaiveDate, i64, String)> = sqlx::query_as(
            "SELECT id, activity, completed_on, credits_x100, category FROM cme_credits
             WHERE member_id = $1 ORDER BY completed_on DESC, id DESC",
        )
        .bind(member.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, activity, completed_on, credits_x100, category)| CmeCredit {
                    id,
                    activity,
                    completed_on,
                    credits_x100,
                    category,
                },
            )
            .collect())
    }

    async fn latest_attestations(&self, member: Option<MemberId>) -> StoreResult<Vec<Attestation>> {
        let rows: Vec<(i64, i64, String, NaiveDate)> = sqlx::query_as(
            "SELECT member_id, society_id, kind, max(attested_on) FROM attestations
             WHERE $1::BIGINT IS NULL OR member_id = $1
             GROUP BY member_id, society_id, kind ORDER BY member_id, society_id, kind",
        )
        .bind(member.map(|m| m.0))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(m, s, kind, on)| {
                Ok(Attestation {
                    member_id: MemberId(m),
                    society_id: SocietyId(s),
                    kind: AttestationKind::parse(&kind)
                        .ok_or_else(|| corrupt("attestation kind", &kind))?,
                    on,
                })
            })
            .collect()
    }

    async fn practice_since(&self, member: MemberId) -> StoreResult<Option<NaiveDate>> {
        let since: Option<Option<NaiveDate>> =
            sqlx::query_scalar("SELECT practice_since FROM members WHERE id = $1")
                .bind(member.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(since.flatten())
    }

    async fn member_memberships(&self, member: MemberId) -> StoreResult<Vec<MembershipRecord>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MEMBERSHIPS} WHERE ms.member_id = $1 ORDER BY s.acronym COLLATE \"C\""
        )))
        .bind(member.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(membership_from)
        .collect()
    }

    async fn all_memberships(&self) -> StoreResult<Vec<MembershipRecord>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MEMBERSHIPS} ORDER BY ms.society_id, ms.member_id"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(membership_from)
        .collect()
    }

    async fn memberships_in(
        &self,
        society: SocietyId,
        statuses: &[MembershipStatus],
    ) -> StoreResult<Vec<MembershipRecord>> {
        let wanted: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MEMBERSHIPS} WHERE ms.society_id = $1 AND ms.status = ANY($2)
             ORDER BY m.family_name COLLATE \"C\", m.given_name COLLATE \"C\", ms.member_id"
        )))
        .bind(society.0)
        .bind(&wanted)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(membership_from).collect()
    }

    async fn evidence_rows(&self, after: MemberId, members: i64) -> StoreResult<EvidenceRows> {
        // One read transaction, so that the reads see the same state.
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT max(member_id) FROM (SELECT DISTINCT member_id FROM memberships
             WHERE member_id > $1 ORDER BY member_id LIMIT $2) AS next",
        )
        .bind(after.0)
        .bind(members)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        let Some(last) = last else {
            return Ok(EvidenceRows::default());
        };
        let first = after.0 + 1;
        let memberships = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{MEMBERSHIPS} WHERE ms.member_id BETWEEN $1 AND $2 ORDER BY ms.member_id, ms.society_id"
        )))
        .bind(first)
        .bind(last)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?
        .iter()
        .map(membership_from)
        .collect::<StoreResult<Vec<_>>>()?;
        let credentials = sqlx::query(
            "SELECT * FROM credentials WHERE member_id BETWEEN $1 AND $2 ORDER BY member_id, issued_on, id",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?
        .iter()
        .map(credential_from)
        .collect::<StoreResult<Vec<_>>>()?;
        let certifications: Vec<(i64, String, String, NaiveDate, Option<NaiveDate>)> =
            sqlx::query_as(
                "SELECT member_id, board, number, issued_on, expires_on FROM certifications
                 WHERE member_id BETWEEN $1 AND $2 ORDER BY member_id, issued_on, id",
            )
            .bind(first)
            .bind(last)
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let facilities = sqlx::query(
            "SELECT mf.member_id, f.* FROM member_facilities mf JOIN facilities f ON f.id = mf.facility_id
             WHERE mf.member_id BETWEEN $1 AND $2 ORDER BY mf.member_id, f.id",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?
        .iter()
        .map(|r| {
            let setting: String = r.try_get("setting").map_err(backend)?;
            Ok((
                MemberId(r.try_get("member_id").map_err(backend)?),
                Facility {
                    id: r.try_get("id").map_err(backend)?,
                    name: r.try_get("name").map_err(backend)?,
                    country_iso2: r.try_get("country_iso2").map_err(backend)?,
                    city: r.try_get("city").map_err(backend)?,
                    setting: FacilitySetting::parse(&setting)
                        .ok_or_else(|| corrupt("facility setting", &setting))?,
                    accreditation_body: r.try_get("accreditation_body").map_err(backend)?,
                    accreditation_number: r.try_get("accreditation_number").map_err(backend)?,
                    accredited_until: r.try_get("accredited_until").map_err(backend)?,
                },
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let cme: Vec<(i64, i64, String, NaiveDate, i64, String)> = sqlx::query_as(
            "SELECT member_id, id, activity, completed_on, credits_x100, category FROM cme_credits
             WHERE member_id BETWEEN $1 AND $2 ORDER BY member_id, completed_on DESC, id DESC",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let attestations: Vec<(i64, i64, String, NaiveDate)> = sqlx::query_as(
            "SELECT member_id, society_id, kind, max(attested_on) FROM attestations
             WHERE member_id BETWEEN $1 AND $2
             GROUP BY member_id, society_id, kind ORDER BY member_id, society_id, kind",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(EvidenceRows {
            memberships,
            credentials,
            certifications: certifications
                .into_iter()
                .map(|(m, board, number, issued_on, expires_on)| {
                    (
                        MemberId(m),
                        Certification {
                            board,
                            number,
                            issued_on,
                            expires_on,
                        },
                    )
                })
                .collect(),
            facilities,
            cme: cme
                .into_iter()
                .map(|(m, id, activity, completed_on, credits_x100, category)| {
                    (
                        MemberId(m),
                        CmeCredit {
                            id,
                            activity,
                            completed_on,
                            credits_x100,
                            category,
                        },
                    )
                })
                .collect(),
            attestations: attestations
                .into_iter()
                .map(|(m, s, kind, on)| {
                    Ok(Attestation {
                        member_id: MemberId(m),
                        society_id: SocietyId(s),
                        kind: AttestationKind::parse(&kind)
                            .ok_or_else(|| corrupt("attestation kind", &kind))?,
                        on,
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?,
        })
    }

    async fn expiring_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ExpiringItem>> {
        let rows: Vec<(i64, String, Option<String>, String, String, String, Option<String>, NaiveDate)> =
            sqlx::query_as(
                "SELECT c.member_id, m.given_name || ' ' || m.family_name, m.email, 'credential:' || c.id::text,
                        c.kind, c.issuer, c.subject, c.expires_on
                 FROM credentials c JOIN members m ON m.id = c.member_id WHERE c.expires_on BETWEEN $1 AND $2
                 UNION ALL
                 SELECT c.member_id, m.given_name || ' ' || m.family_name, m.email, 'certification:' || c.id::text,
                        'board_certification', c.board, NULL, c.expires_on
                 FROM certifications c JOIN members m ON m.id = c.member_id WHERE c.expires_on BETWEEN $1 AND $2
                 UNION ALL
                 SELECT mf.member_id, m.given_name || ' ' || m.family_name, m.email, 'facility:' || f.id::text,
                        'facility_accreditation', f.accreditation_body, f.name, f.accredited_until
                 FROM member_facilities mf JOIN facilities f ON f.id = mf.facility_id JOIN members m ON m.id = mf.member_id
                 WHERE f.accredited_until BETWEEN $1 AND $2
                 ORDER BY 1, 4",
            )
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(
                |(member, name, email, key, kind, issuer, subject, due)| ExpiringItem {
                    member_id: MemberId(member),
                    member_name: name,
                    email,
                    key,
                    what: expiring_what(&kind, &issuer, subject.as_deref()),
                    due,
                },
            )
            .collect())
    }

    async fn applications(
        &self,
        society: SocietyId,
        status: Option<ApplicationStatus>,
        limit: i64,
    ) -> StoreResult<Vec<Application>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{APPLICATIONS} WHERE a.society_id = $1 AND ($2::TEXT IS NULL OR a.status = $2) ORDER BY a.id DESC LIMIT $3"
        )))
        .bind(society.0)
        .bind(status.map(ApplicationStatus::as_str))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(application_from)
        .collect()
    }

    async fn application(&self, id: i64) -> StoreResult<Option<Application>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{APPLICATIONS} WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?
        .as_ref()
        .map(application_from)
        .transpose()
    }

    async fn member_applications(&self, member: MemberId) -> StoreResult<Vec<Application>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{APPLICATIONS} WHERE a.member_id = $1 ORDER BY a.id DESC"
        )))
        .bind(member.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .iter()
        .map(application_from)
        .collect()
    }

    async fn pending_messages(&self, limit: i64) -> StoreResult<Vec<OutboxMessage>> {
        sqlx::query("SELECT * FROM outbox WHERE sent_at_micros IS NULL ORDER BY id LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .iter()
            .map(message_from)
            .collect()
    }

    async fn count_pending_messages(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at_micros IS NULL")
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn members_by_email(
        &self,
        society: SocietyId,
        emails: &[String],
    ) -> StoreResult<Vec<MemberByEmail>> {
        let mut found = Vec::new();
        for email in emails {
            let row: Option<(i64, String, bool)> = sqlx::query_as(
                "SELECT m.id, m.given_name || ' ' || m.family_name,
                        EXISTS (SELECT 1 FROM memberships ms WHERE ms.member_id = m.id AND ms.society_id = $1 AND ms.status = 'active')
                 FROM members m WHERE m.email = $2",
            )
            .bind(society.0)
            .bind(email.trim().to_ascii_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
            if let Some((id, name, active)) = row {
                found.push(MemberByEmail {
                    email: email.clone(),
                    member_id: MemberId(id),
                    name,
                    active_in_society: active,
                });
            }
        }
        Ok(found)
    }
}
