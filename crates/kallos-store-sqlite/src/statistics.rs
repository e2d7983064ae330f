//! Statistics on SQLite: approvals, publications, disclosure rules and the
//! cube by years.

use crate::direct::{text, unknown, with_sqlite};
use crate::registry::{MARGIN_DIMENSIONS, ROLLUP_DIMENSIONS, rollup_from};
use crate::{SqliteStore, backend, db_error};
use async_trait::async_trait;
use kallos_domain::SocietyId;
use kallos_domain::registry::{MarginKey, MarginKind, Measures, RollupKey};
use kallos_domain::statistics::{Disclosure, DisclosureMode, DisclosureScope, Period};
use kallos_store::statistics::{Approval, Publication, StatisticsStore};
use kallos_store::{Change, Outcome, StoreError, StoreResult};
use sqlx::{AssertSqlSafe, SqliteConnection};

/// Applies a statistics change inside `apply`'s transaction.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    change: &Change,
    now: i64,
    actor: &str,
) -> StoreResult<Outcome> {
    Ok(match change {
        Change::ApprovePeriod { society, period } => {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO statistics_approvals (society_id, year, quarter, approved_by, approved_at_micros)
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT (society_id, year, quarter) DO NOTHING RETURNING id",
            )
            .bind(society.0)
            .bind(period.year)
            .bind(period.quarter_number())
            .bind(actor)
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?;
            id.map_or(Outcome::Unchanged, Outcome::Created)
        }
        Change::WithdrawApproval { society, period } => {
            let done = sqlx::query(
                "DELETE FROM statistics_approvals WHERE society_id = ? AND year = ? AND quarter = ?",
            )
            .bind(society.0)
            .bind(period.year)
            .bind(period.quarter_number())
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound(format!(
                    "an approval of {period} for society {society}"
                )));
            }
            Outcome::Updated
        }
        Change::PublishStatistics(p) => {
            let latest: Option<(i64, String)> = sqlx::query_as(
                "SELECT version, sha256 FROM statistics_publications WHERE year = ? ORDER BY version DESC LIMIT 1",
            )
            .bind(p.year)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
            if latest.as_ref().is_some_and(|(_, sha)| *sha == p.sha256) {
                return Ok(Outcome::Unchanged);
            }
            let version = latest.map_or(1, |(v, _)| v + 1);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO statistics_publications (year, version, sha256, body, published_by, published_at_micros)
                 VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(p.year)
            .bind(version)
            .bind(&p.sha256)
            .bind(&p.body)
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_error)?;
            Outcome::Created(id)
        }
        Change::SetDisclosure { scope, rule } => {
            let old: Option<(i64, String)> =
                sqlx::query_as("SELECT threshold, mode FROM disclosure_rules WHERE scope = ?")
                    .bind(scope.key())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(backend)?;
            if old == Some((rule.threshold, rule.mode.as_str().to_owned())) {
                return Ok(Outcome::Unchanged);
            }
            sqlx::query(
                "INSERT INTO disclosure_rules (scope, threshold, mode) VALUES (?, ?, ?)
                 ON CONFLICT (scope) DO UPDATE SET threshold = excluded.threshold, mode = excluded.mode",
            )
            .bind(scope.key())
            .bind(rule.threshold)
            .bind(rule.mode.as_str())
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
            Outcome::Updated
        }
        other => {
            return Err(StoreError::Backend(format!(
                "not a statistics change: {other:?}"
            )));
        }
    })
}

#[async_trait]
impl StatisticsStore for SqliteStore {
    async fn approvals(&self, society: Option<SocietyId>) -> StoreResult<Vec<Approval>> {
        let rows: Vec<(i64, i64, i64, String, i64)> = sqlx::query_as(
            "SELECT society_id, year, quarter, approved_by, approved_at_micros FROM statistics_approvals
             WHERE ?1 IS NULL OR society_id = ?1 ORDER BY society_id, year, quarter",
        )
        .bind(society.map(|s| s.0))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(s, year, quarter, by, at)| Approval {
                society_id: SocietyId(s),
                period: Period::from_stored(year, quarter),
                approved_by: by,
                approved_at_micros: at,
            })
            .collect())
    }

    async fn publications(&self, year: Option<i32>) -> StoreResult<Vec<Publication>> {
        let rows: Vec<(i64, i64, i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, year, version, sha256, body, published_by, published_at_micros FROM statistics_publications
             WHERE ?1 IS NULL OR year = ?1 ORDER BY year, version",
        )
        .bind(year)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(id, year, version, sha256, body, by, at)| Publication {
                id,
                year: i32::try_from(year).unwrap_or(0),
                version,
                sha256,
                body,
                published_by: by,
                published_at_micros: at,
            })
            .collect())
    }

    async fn disclosure_rules(&self) -> StoreResult<Vec<(DisclosureScope, Disclosure)>> {
        let rows: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT scope, threshold, mode FROM disclosure_rules ORDER BY scope")
                .fetch_all(&self.reader)
                .await
                .map_err(backend)?;
        rows.into_iter()
            .map(|(scope, threshold, mode)| {
                let scope = DisclosureScope::parse(&scope)
                    .ok_or_else(|| StoreError::Backend(format!("disclosure scope {scope:?}")))?;
                let mode = DisclosureMode::parse(&mode)
                    .ok_or_else(|| StoreError::Backend(format!("disclosure mode {mode:?}")))?;
                Ok((scope, Disclosure { threshold, mode }))
            })
            .collect()
    }

    async fn case_records(
        &self,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<(i64, SocietyId, kallos_domain::registry::CaseRecord)>> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, society_id, record FROM cases WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(id, society, record)| {
                Ok((
                    id,
                    SocietyId(society),
                    kallos_store::registry::parse_record(&record)?,
                ))
            })
            .collect()
    }

    async fn rollups_in_years(
        &self,
        from: i32,
        to: i32,
    ) -> StoreResult<Vec<(RollupKey, Measures)>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT * FROM case_rollups WHERE year BETWEEN ? AND ? ORDER BY {ROLLUP_DIMENSIONS}"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        rows.iter().map(rollup_from).collect()
    }

    async fn margins_in_years(
        &self,
        from: i32,
        to: i32,
        kind: Option<MarginKind>,
    ) -> StoreResult<Vec<(MarginKey, Measures)>> {
        // Read through SQLite's own API: through sqlx each row costs a
        // message from its worker thread and a decode per column, which was
        // most of a report's time.
        let sql = format!(
            "SELECT {MARGIN_DIMENSIONS}, {} FROM case_margins
             WHERE year BETWEEN ?1 AND ?2 AND (?3 IS NULL OR kind = ?3)
             ORDER BY year, society_id, quarter, country, kind, value",
            Measures::NAMES.join(", ")
        );
        let mut conn = self.reader.acquire().await.map_err(backend)?;
        with_sqlite(&mut conn, |db| {
            let mut stmt = db.prepare(&sql)?;
            let mut rows = stmt.query((from, to, kind.map(MarginKind::as_str)))?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let kind = text(r, 4)?;
                let mut values = [0i64; Measures::COUNT];
                for (i, value) in values.iter_mut().enumerate() {
                    *value = r.get(6 + i)?;
                }
                out.push((
                    MarginKey {
                        society_id: r.get(0)?,
                        year: r.get(1)?,
                        quarter: r.get(2)?,
                        country: text(r, 3)?.to_owned(),
                        kind: MarginKind::parse(kind)
                            .ok_or_else(|| unknown(4, "margin kind", kind))?,
                        value: text(r, 5)?.to_owned(),
                    },
                    Measures::from_values(values),
                ));
            }
            Ok(out)
        })
        .await
    }
}
