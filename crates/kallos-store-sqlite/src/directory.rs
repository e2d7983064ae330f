//! The directory, verification, credential and attestation tables: reads,
//! and the writes `apply` delegates here.

use crate::{SqliteStore, backend, db_error};
use async_trait::async_trait;
use chrono::NaiveDate;
use kallos_domain::directory::{
    CheckedCriterion, DirectoryRecord, VerifiedCertification, VerifiedFacility, VerifiedMembership,
    mask_number,
};
use kallos_domain::member::{FacilitySetting, MembershipStatus, MembershipType};
use kallos_domain::membership::Evaluation;
use kallos_domain::{MemberId, SocietyId};
use kallos_store::directory::{
    AttestationRecord, CredentialRecord, CredentialStatus, DirectoryStore, IssuerKey, StatusEntry,
};
use kallos_store::{Change, Outcome, StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::collections::HashMap;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("unexpected {what} in the database: {value:?}"))
}

fn day(micros: Option<i64>) -> Option<NaiveDate> {
    micros
        .and_then(chrono::DateTime::from_timestamp_micros)
        .map(|t| t.date_naive())
}

fn credential_from(r: &SqliteRow) -> StoreResult<CredentialRecord> {
    let status: String = r.try_get("status").map_err(backend)?;
    Ok(CredentialRecord {
        id: r.try_get("id").map_err(backend)?,
        credential_id: r.try_get("credential_id").map_err(backend)?,
        society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
        member_id: MemberId(r.try_get("member_id").map_err(backend)?),
        status_index: r.try_get("status_index").map_err(backend)?,
        status: CredentialStatus::parse(&status)
            .ok_or_else(|| corrupt("credential status", &status))?,
        issued_at_micros: r.try_get("issued_at_micros").map_err(backend)?,
        valid_until_micros: r.try_get("valid_until_micros").map_err(backend)?,
    })
}

fn key_from(r: &SqliteRow) -> StoreResult<IssuerKey> {
    Ok(IssuerKey {
        kid: r.try_get("kid").map_err(backend)?,
        society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
        public_key: r.try_get("public_key").map_err(backend)?,
        private_key: r.try_get("private_key").map_err(backend)?,
        created_at_micros: r.try_get("created_at_micros").map_err(backend)?,
    })
}

#[async_trait]
impl DirectoryStore for SqliteStore {
    async fn directory_version(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT version FROM directory_version WHERE id = 1")
            .fetch_one(&self.reader)
            .await
            .map_err(backend)
    }

    async fn directory_records(&self) -> StoreResult<Vec<DirectoryRecord>> {
        // One read transaction, so the five reads see the same state.
        let mut tx = self.reader.begin().await.map_err(backend)?;
        let rows = sqlx::query(
            "SELECT id, public_id, given_name, family_name, country_iso2, city, languages, offers_follow_up, directory_opt_in
             FROM members m WHERE EXISTS (SELECT 1 FROM memberships ms WHERE ms.member_id = m.id) ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        let mut records = Vec::with_capacity(rows.len());
        let mut position: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id").map_err(backend)?;
            let languages: String = r.try_get("languages").map_err(backend)?;
            position.insert(id, records.len());
            records.push(DirectoryRecord {
                member_id: MemberId(id),
                public_id: r.try_get("public_id").map_err(backend)?,
                given_name: r.try_get("given_name").map_err(backend)?,
                family_name: r.try_get("family_name").map_err(backend)?,
                country_iso2: r.try_get("country_iso2").map_err(backend)?,
                city: r.try_get("city").map_err(backend)?,
                languages: languages
                    .split(',')
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                offers_follow_up: r.try_get("offers_follow_up").map_err(backend)?,
                directory_opt_in: r.try_get("directory_opt_in").map_err(backend)?,
                procedures: Vec::new(),
                memberships: Vec::new(),
                certifications: Vec::new(),
                facilities: Vec::new(),
            });
        }
        drop(rows);
        let memberships = sqlx::query(
            "SELECT ms.member_id, ms.society_id, s.acronym, s.name, ms.membership_type, ms.status, ms.since, ms.checked_at_micros,
                    ms.criteria_met_until, ms.last_check
             FROM memberships ms JOIN societies s ON s.id = ms.society_id
             ORDER BY ms.member_id, s.kind = 'alliance', s.acronym",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        for r in &memberships {
            let member: i64 = r.try_get("member_id").map_err(backend)?;
            let Some(&at) = position.get(&member) else {
                continue;
            };
            let kind: String = r.try_get("membership_type").map_err(backend)?;
            let status: String = r.try_get("status").map_err(backend)?;
            records[at].memberships.push(VerifiedMembership {
                society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
                society_acronym: r.try_get("acronym").map_err(backend)?,
                society_name: r.try_get("name").map_err(backend)?,
                membership_type: MembershipType::parse(&kind)
                    .ok_or_else(|| corrupt("membership type", &kind))?,
                status: MembershipStatus::parse(&status)
                    .ok_or_else(|| corrupt("membership status", &status))?,
                since: r.try_get("since").map_err(backend)?,
                checked_on: day(r.try_get("checked_at_micros").map_err(backend)?),
                met_until: r.try_get("criteria_met_until").map_err(backend)?,
                checked: r
                    .try_get::<Option<String>, _>("last_check")
                    .map_err(backend)?
                    .map(|j| {
                        serde_json::from_str::<Evaluation>(&j)
                            .map(|e| CheckedCriterion::from_evaluation(&e))
                            .map_err(|e| corrupt("membership check", &e.to_string()))
                    })
                    .transpose()?
                    .unwrap_or_default(),
                not_current_since: None,
            });
        }
        drop(memberships);
        let procedures: Vec<(i64, String)> = sqlx::query_as(
            "SELECT member_id, procedure FROM member_procedures ORDER BY member_id, procedure",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        for (member, procedure) in procedures {
            if let Some(&at) = position.get(&member) {
                records[at].procedures.push(procedure);
            }
        }
        let certifications = sqlx::query(
            "SELECT member_id, board, number, issued_on, expires_on, checked_at_micros
             FROM certifications ORDER BY member_id, issued_on",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        for r in &certifications {
            let member: i64 = r.try_get("member_id").map_err(backend)?;
            let Some(&at) = position.get(&member) else {
                continue;
            };
            let number: String = r.try_get("number").map_err(backend)?;
            records[at].certifications.push(VerifiedCertification {
                board: r.try_get("board").map_err(backend)?,
                number_masked: mask_number(&number),
                issued_on: r.try_get("issued_on").map_err(backend)?,
                expires_on: r.try_get("expires_on").map_err(backend)?,
                checked_on: day(r.try_get("checked_at_micros").map_err(backend)?),
            });
        }
        drop(certifications);
        let facilities = sqlx::query(
            "SELECT mf.member_id, f.name, f.city, f.country_iso2, f.setting, f.accreditation_body, f.accredited_until, f.checked_at_micros
             FROM member_facilities mf JOIN facilities f ON f.id = mf.facility_id ORDER BY mf.member_id, f.name",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        for r in &facilities {
            let member: i64 = r.try_get("member_id").map_err(backend)?;
            let Some(&at) = position.get(&member) else {
                continue;
            };
            let setting: String = r.try_get("setting").map_err(backend)?;
            records[at].facilities.push(VerifiedFacility {
                name: r.try_get("name").map_err(backend)?,
                city: r.try_get("city").map_err(backend)?,
                country_iso2: r.try_get("country_iso2").map_err(backend)?,
                setting: FacilitySetting::parse(&setting)
                    .ok_or_else(|| corrupt("facility setting", &setting))?,
                accreditation_body: r.try_get("accreditation_body").map_err(backend)?,
                accredited_until: r.try_get("accredited_until").map_err(backend)?,
                checked_on: day(r.try_get("checked_at_micros").map_err(backend)?),
            });
        }
        tx.commit().await.map_err(backend)?;
        Ok(records)
    }

    async fn member_public_id(&self, member: MemberId) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT public_id FROM members WHERE id = ?")
            .bind(member.0)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)
    }

    async fn member_procedures(&self, member: MemberId) -> StoreResult<Vec<String>> {
        sqlx::query_scalar(
            "SELECT procedure FROM member_procedures WHERE member_id = ? ORDER BY procedure",
        )
        .bind(member.0)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)
    }

    async fn issuer_key(&self, society: SocietyId) -> StoreResult<Option<IssuerKey>> {
        let row = sqlx::query("SELECT * FROM issuer_keys WHERE society_id = ?")
            .bind(society.0)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.as_ref().map(key_from).transpose()
    }

    async fn issuer_keys(&self) -> StoreResult<Vec<IssuerKey>> {
        let rows = sqlx::query("SELECT * FROM issuer_keys ORDER BY society_id")
            .fetch_all(&self.reader)
            .await
            .map_err(backend)?;
        rows.iter().map(key_from).collect()
    }

    async fn signed_credential(&self, id: i64) -> StoreResult<Option<CredentialRecord>> {
        let row = sqlx::query("SELECT * FROM signed_credentials WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.as_ref().map(credential_from).transpose()
    }

    async fn member_credentials(&self, member: MemberId) -> StoreResult<Vec<CredentialRecord>> {
        let rows =
            sqlx::query("SELECT * FROM signed_credentials WHERE member_id = ? ORDER BY id DESC")
                .bind(member.0)
                .fetch_all(&self.reader)
                .await
                .map_err(backend)?;
        rows.iter().map(credential_from).collect()
    }

    async fn status_entries(&self, society: SocietyId) -> StoreResult<Vec<StatusEntry>> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT c.status_index, c.status, ms.status FROM signed_credentials c
             LEFT JOIN memberships ms ON ms.society_id = c.society_id AND ms.member_id = c.member_id
             WHERE c.society_id = ? ORDER BY c.status_index",
        )
        .bind(society.0)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(status_index, status, membership)| StatusEntry {
                status_index,
                revoked: status == "revoked",
                suspended: status == "suspended" || membership.as_deref() != Some("active"),
            })
            .collect())
    }

    async fn attestations(&self, society: SocietyId) -> StoreResult<Vec<AttestationRecord>> {
        let rows =
            sqlx::query("SELECT * FROM society_attestations WHERE society_id = ? ORDER BY id DESC")
                .bind(society.0)
                .fetch_all(&self.reader)
                .await
                .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(AttestationRecord {
                    id: r.try_get("id").map_err(backend)?,
                    society_id: SocietyId(r.try_get("society_id").map_err(backend)?),
                    issuer_society_id: SocietyId(r.try_get("issuer_society_id").map_err(backend)?),
                    credential_id: r.try_get("credential_id").map_err(backend)?,
                    subject_name: r.try_get("subject_name").map_err(backend)?,
                    subject_public_id: r.try_get("subject_public_id").map_err(backend)?,
                    membership_type: r.try_get("membership_type").map_err(backend)?,
                    valid_until_micros: r.try_get("valid_until_micros").map_err(backend)?,
                    verified_at_micros: r.try_get("verified_at_micros").map_err(backend)?,
                    token: r.try_get("token").map_err(backend)?,
                })
            })
            .collect()
    }
}

/// Applies the changes of this module; `None` for any other change.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    change: &Change,
    now: i64,
) -> Option<StoreResult<Outcome>> {
    Some(match change {
        Change::SetMemberProcedures {
            society,
            member,
            procedures,
        } => set_procedures(conn, *society, *member, procedures).await,
        Change::CheckMembership {
            society,
            member,
            status,
        } => sqlx::query(
            "UPDATE memberships SET status = ?, checked_at_micros = ? WHERE society_id = ? AND member_id = ?",
        )
        .bind(status.as_str())
        .bind(now)
        .bind(society.0)
        .bind(member.0)
        .execute(&mut *conn)
        .await
        .map_err(db_error)
        .and_then(|done| match done.rows_affected() {
            0 => Err(StoreError::NotFound(format!(
                "membership of member {member} in society {society}"
            ))),
            _ => Ok(Outcome::Updated),
        }),
        Change::CreateIssuerKey(k) => sqlx::query(
            "INSERT INTO issuer_keys (kid, society_id, public_key, private_key, created_at_micros)
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (society_id) DO NOTHING",
        )
        .bind(&k.kid)
        .bind(k.society_id.0)
        .bind(&k.public_key)
        .bind(&k.private_key)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(db_error)
        .map(|done| match done.rows_affected() {
            0 => Outcome::Unchanged,
            _ => Outcome::Created(k.society_id.0),
        }),
        Change::IssueCredential(c) => sqlx::query_scalar(
            "INSERT INTO signed_credentials (credential_id, society_id, member_id, status_index, status, issued_at_micros, valid_until_micros)
             SELECT ?1, ?2, ?3, coalesce(max(status_index), -1) + 1, 'valid', ?4, ?5 FROM signed_credentials WHERE society_id = ?2
             RETURNING id",
        )
        .bind(&c.credential_id)
        .bind(c.society_id.0)
        .bind(c.member_id.0)
        .bind(now)
        .bind(c.valid_until_micros)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_error)
        .map(Outcome::Created),
        Change::SetCredentialStatus {
            society,
            credential,
            status,
        } => set_credential_status(conn, *society, *credential, *status).await,
        Change::RecordSocietyAttestation(a) => sqlx::query_scalar(
            "INSERT INTO society_attestations (society_id, issuer_society_id, credential_id, subject_name, subject_public_id,
                 membership_type, valid_until_micros, verified_at_micros, token)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (society_id, credential_id) DO NOTHING RETURNING id",
        )
        .bind(a.society_id.0)
        .bind(a.issuer_society_id.0)
        .bind(&a.credential_id)
        .bind(&a.subject_name)
        .bind(&a.subject_public_id)
        .bind(&a.membership_type)
        .bind(a.valid_until_micros)
        .bind(now)
        .bind(&a.token)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)
        .map(|id: Option<i64>| id.map_or(Outcome::Unchanged, Outcome::Created)),
        _ => return None,
    })
}

async fn set_procedures(
    conn: &mut SqliteConnection,
    society: Option<SocietyId>,
    member: MemberId,
    procedures: &[String],
) -> StoreResult<Outcome> {
    let belongs: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM members WHERE id = ?1 AND (?2 IS NULL OR EXISTS (
             SELECT 1 FROM memberships WHERE member_id = members.id AND society_id = ?2))",
    )
    .bind(member.0)
    .bind(society.map(|s| s.0))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error)?;
    if belongs.is_none() {
        return Err(StoreError::NotFound(format!("member {member}")));
    }
    let current: Vec<String> = sqlx::query_scalar(
        "SELECT procedure FROM member_procedures WHERE member_id = ? ORDER BY procedure",
    )
    .bind(member.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    let mut wanted = procedures.to_vec();
    wanted.sort();
    wanted.dedup();
    if current == wanted {
        return Ok(Outcome::Unchanged);
    }
    sqlx::query("DELETE FROM member_procedures WHERE member_id = ?")
        .bind(member.0)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    for p in &wanted {
        sqlx::query("INSERT INTO member_procedures (member_id, procedure) VALUES (?, ?)")
            .bind(member.0)
            .bind(p)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    Ok(Outcome::Updated)
}

async fn set_credential_status(
    conn: &mut SqliteConnection,
    society: SocietyId,
    credential: i64,
    status: CredentialStatus,
) -> StoreResult<Outcome> {
    let current: Option<String> =
        sqlx::query_scalar("SELECT status FROM signed_credentials WHERE id = ? AND society_id = ?")
            .bind(credential)
            .bind(society.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
    match current.as_deref() {
        None => Err(StoreError::NotFound(format!("credential {credential}"))),
        Some(s) if s == status.as_str() => Ok(Outcome::Unchanged),
        Some("revoked") => Err(StoreError::Conflict(format!(
            "credential {credential} is revoked; revocation is final"
        ))),
        Some(_) => {
            sqlx::query("UPDATE signed_credentials SET status = ? WHERE id = ?")
                .bind(status.as_str())
                .bind(credential)
                .execute(&mut *conn)
                .await
                .map_err(db_error)?;
            Ok(Outcome::Updated)
        }
    }
}
