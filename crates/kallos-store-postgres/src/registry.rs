//! The registry on PostgreSQL: the same behaviour as the SQLite backend,
//! in PostgreSQL's idiom (numbered parameters, `IS NOT DISTINCT FROM`).
//!
//! Every write transaction opens the audit chain (which locks `audit_head`)
//! before its first statement, as `apply` does, so registry writes are
//! serialised with each other and with `apply` just as SQLite's
//! `BEGIN IMMEDIATE` serialises them: the running-submission look-up, the
//! stored case a batch compares against and the status a batch checks cannot
//! change under it.

use crate::chain::Chain;
use crate::{PostgresStore, backend, db_error};
use async_trait::async_trait;
use chrono::NaiveDate;
use kallos_domain::audit::{AuditContext, AuditEvent};
use kallos_domain::member::FacilitySetting;
use kallos_domain::registry::identifiers::Masked;
use kallos_domain::registry::{MarginKey, Measures, RollupKey, Sex, margins_of};
use kallos_domain::{MemberId, SocietyId};
use kallos_store::registry::{
    ApprovalKey, BatchOutcome, CaseToStore, CellRef, Counts, CubeBuilder, DeviceHit, DeviceQuery,
    ImportBatch, IssueColumns, IssueMessage, NewSubmission, RegistryStore, StoredCase, StoredIssue,
    Submission, SubmissionStatus, account, derive, parse_record, rounds, stored_measures,
};
use kallos_store::{StoreError, StoreResult};
use serde_json::json;
use sqlx::postgres::PgRow;
// Dynamic SQL here is assembled from constants only, never from input.
use sqlx::{AssertSqlSafe, PgConnection, Postgres, QueryBuilder, Row};
use std::collections::HashMap;

const SUBMISSION_COLUMNS: &str = "id, file_name, file_sha256, source, society_id, status, rows_done, rows_read, accepted, updated, unchanged, rejected, actor, started_at_micros, finished_at_micros";

fn submission_from(row: &PgRow) -> StoreResult<Submission> {
    let status: String = row.try_get("status").map_err(backend)?;
    Ok(Submission {
        id: row.try_get("id").map_err(backend)?,
        file_name: Masked::file_name(&row.try_get::<String, _>("file_name").map_err(backend)?),
        file_sha256: row.try_get("file_sha256").map_err(backend)?,
        source: row.try_get("source").map_err(backend)?,
        society: row
            .try_get::<Option<i64>, _>("society_id")
            .map_err(backend)?
            .map(SocietyId),
        status: SubmissionStatus::parse(&status)
            .ok_or_else(|| StoreError::Backend(format!("submission status {status:?}")))?,
        rows_done: row.try_get("rows_done").map_err(backend)?,
        counts: Counts {
            rows_read: row.try_get("rows_read").map_err(backend)?,
            accepted: row.try_get("accepted").map_err(backend)?,
            updated: row.try_get("updated").map_err(backend)?,
            unchanged: row.try_get("unchanged").map_err(backend)?,
            rejected: row.try_get("rejected").map_err(backend)?,
        },
        actor: row.try_get("actor").map_err(backend)?,
        started_at_micros: row.try_get("started_at_micros").map_err(backend)?,
        finished_at_micros: row.try_get("finished_at_micros").map_err(backend)?,
    })
}

async fn load_submission(conn: &mut PgConnection, id: i64) -> StoreResult<Submission> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(format!("submission {id}")))?;
    submission_from(&row)
}

/// Cases per multi-row statement: 27 parameters each, under SQLite's 32,766.
const CASES_PER_STATEMENT: usize = 500;
const ROWS_PER_STATEMENT: usize = 2_000;

fn push_case_values(
    row: &mut sqlx::query_builder::Separated<'_, Postgres, &'static str>,
    case: &CaseToStore,
    json: String,
    submission: i64,
) {
    let r = &case.record;
    let d = derive(r);
    let m = d.measures;
    row.push_bind(json)
        .push_bind(case.content_hash.clone())
        .push_bind(submission)
        .push_bind(r.member_id)
        .push_bind(r.procedure_date)
        .push_bind(d.year)
        .push_bind(i64::from(d.month))
        .push_bind(r.procedure_country.clone())
        .push_bind(d.tourist)
        .push_bind(r.sex.as_str())
        .push_bind(i64::from(d.age_band))
        .push_bind(r.setting.as_str())
        .push_bind(i64::from(d.bmi_band))
        .push_bind(r.smoker)
        .push_bind(d.combined)
        .push_bind(m.complicated)
        .push_bind(m.major)
        .push_bind(m.reoperation)
        .push_bind(m.readmission)
        .push_bind(m.death)
        .push_bind(m.vte)
        .push_bind(m.hematoma)
        .push_bind(m.seroma)
        .push_bind(m.infection)
        .push_bind(r.residence_country.clone())
        .push_bind(i64::from(d.worst_grade))
        .push_bind(r.procedures.join(" "));
}

const CASE_COLUMNS: &str = "record, content_hash, submission_id, member_id, procedure_date, year, month, country, tourist, sex, age_band, setting, bmi_band, smoker, combined, complicated, major, reoperation, readmission, death, vte, hematoma, seroma, infection, residence, worst_grade, procedure_codes";

/// (id, society, case id, content hash, record) of a stored case.
type StoredRow = (i64, i64, String, String, String);

/// Stores up to [`CASES_PER_STATEMENT`] cases with distinct ids: one look-up,
/// one insert of the new ones, and their procedures and devices in bulk.
async fn store_chunk(
    conn: &mut PgConnection,
    submission: i64,
    chunk: &[&CaseToStore],
    deltas: &mut HashMap<RollupKey, Measures>,
    outcome: &mut BatchOutcome,
    now: i64,
) -> StoreResult<()> {
    let mut lookup = QueryBuilder::<Postgres>::new(
        "SELECT id, society_id, case_ref, content_hash, record FROM cases WHERE (society_id, case_ref) IN (VALUES ",
    );
    let mut list = lookup.separated(", ");
    for case in chunk {
        list.push("(");
        list.push_bind_unseparated(case.society_id.0);
        list.push_unseparated(", ");
        list.push_bind_unseparated(case.record.case_ref.as_str());
        list.push_unseparated(")");
    }
    lookup.push(")");
    let rows: Vec<StoredRow> = lookup
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    let existing: HashMap<(i64, &str), &StoredRow> =
        rows.iter().map(|r| ((r.1, r.2.as_str()), r)).collect();

    let mut fresh: Vec<(&CaseToStore, String)> = Vec::new();
    for case in chunk {
        // Encoded once, beside its content hash, where the row was read.
        let json = case.json.clone();
        match existing.get(&(case.society_id.0, case.record.case_ref.as_str())) {
            Some(old) if old.3 == case.content_hash => outcome.unchanged += 1,
            Some(old) => {
                update_case(conn, submission, case, json, old.0, &old.4, deltas, now).await?;
                outcome.updated += 1;
            }
            None => fresh.push((case, json)),
        }
    }
    if fresh.is_empty() {
        return Ok(());
    }
    let mut insert = QueryBuilder::<Postgres>::new(format!(
        "INSERT INTO cases (society_id, case_ref, version, {CASE_COLUMNS}) "
    ));
    insert.push_values(&fresh, |mut row, (case, json)| {
        row.push_bind(case.society_id.0)
            .push_bind(case.record.case_ref.as_str())
            .push_bind(1i64);
        push_case_values(&mut row, case, json.clone(), submission);
    });
    insert.push(" RETURNING id, society_id, case_ref");
    let ids: Vec<(i64, i64, String)> = insert
        .build_query_as()
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
    let ids: HashMap<(i64, &str), i64> = ids
        .iter()
        .map(|(id, s, r)| ((*s, r.as_str()), *id))
        .collect();
    let mut procedures: Vec<(i64, &str)> = Vec::new();
    let mut devices: Vec<DeviceRow> = Vec::new();
    for (case, _) in &fresh {
        let id = *ids
            .get(&(case.society_id.0, case.record.case_ref.as_str()))
            .ok_or_else(|| {
                StoreError::Backend(format!("case {} was not inserted", case.record.case_ref))
            })?;
        procedures.extend(case.record.procedures.iter().map(|p| (id, p.as_str())));
        devices.extend(device_rows(id, case));
        account(deltas, case.society_id, &case.record, 1);
    }
    insert_details(conn, &procedures, &devices).await?;
    outcome.inserted += fresh.len() as i64;
    Ok(())
}

/// A device row: the case's id, the device's position, the case, the device.
type DeviceRow<'a> = (
    i64,
    usize,
    &'a CaseToStore,
    &'a kallos_domain::registry::Device,
);

fn device_rows(id: i64, case: &CaseToStore) -> impl Iterator<Item = DeviceRow<'_>> {
    case.record
        .devices
        .iter()
        .enumerate()
        .map(move |(i, d)| (id, i, case, d))
}

async fn insert_details(
    conn: &mut PgConnection,
    procedures: &[(i64, &str)],
    devices: &[DeviceRow<'_>],
) -> StoreResult<()> {
    for chunk in procedures.chunks(ROWS_PER_STATEMENT) {
        let mut insert =
            QueryBuilder::<Postgres>::new("INSERT INTO case_procedures (case_id, procedure) ");
        insert.push_values(chunk, |mut row, (id, procedure)| {
            row.push_bind(*id).push_bind(*procedure);
        });
        insert.build().execute(&mut *conn).await.map_err(db_error)?;
    }
    for chunk in devices.chunks(ROWS_PER_STATEMENT) {
        let mut insert = QueryBuilder::<Postgres>::new(
            "INSERT INTO case_devices (case_id, position, society_id, case_ref, procedure_date, manufacturer, model, lot, serial, udi, udi_di, side) ",
        );
        insert.push_values(chunk, |mut row, (id, position, case, d)| {
            row.push_bind(*id)
                .push_bind(*position as i64)
                .push_bind(case.society_id.0)
                .push_bind(case.record.case_ref.as_str())
                .push_bind(case.record.procedure_date)
                .push_bind(d.manufacturer.as_str())
                .push_bind(d.model.as_str())
                .push_bind(d.lot.as_deref())
                .push_bind(d.serial.as_deref())
                .push_bind(d.udi.as_deref())
                .push_bind(d.udi_di.as_deref())
                .push_bind(d.side.as_str());
        });
        insert.build().execute(&mut *conn).await.map_err(db_error)?;
    }
    Ok(())
}

/// Replaces a stored case, keeping the old version and moving its cells.
#[allow(clippy::too_many_arguments)]
async fn update_case(
    conn: &mut PgConnection,
    submission: i64,
    case: &CaseToStore,
    json: String,
    id: i64,
    old_json: &str,
    deltas: &mut HashMap<RollupKey, Measures>,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO case_versions (case_id, version, content_hash, record, submission_id, replaced_at_micros) SELECT id, version, content_hash, record, submission_id, $1 FROM cases WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    account(deltas, case.society_id, &parse_record(old_json)?, -1);
    sqlx::query("DELETE FROM case_procedures WHERE case_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    sqlx::query("DELETE FROM case_devices WHERE case_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    let mut update = QueryBuilder::<Postgres>::new(format!(
        "UPDATE cases SET version = version + 1, ({CASE_COLUMNS}) = ("
    ));
    let mut values = update.separated(", ");
    push_case_values(&mut values, case, json, submission);
    update.push(") WHERE id = ");
    update.push_bind(id);
    update.build().execute(&mut *conn).await.map_err(db_error)?;
    let procedures: Vec<(i64, &str)> = case
        .record
        .procedures
        .iter()
        .map(|p| (id, p.as_str()))
        .collect();
    let devices: Vec<_> = device_rows(id, case).collect();
    insert_details(conn, &procedures, &devices).await?;
    account(deltas, case.society_id, &case.record, 1);
    Ok(())
}

async fn apply_deltas(
    conn: &mut PgConnection,
    deltas: &HashMap<RollupKey, Measures>,
) -> StoreResult<()> {
    let cells: Vec<(&RollupKey, &Measures)> = deltas.iter().filter(|(_, m)| !m.is_zero()).collect();
    // 29 parameters a cell.
    for chunk in cells.chunks(1_000) {
        let mut upsert = QueryBuilder::<Postgres>::new(format!(
            "INSERT INTO case_rollups ({ROLLUP_DIMENSIONS}, {}) ",
            Measures::NAMES.join(", ")
        ));
        upsert.push_values(chunk, |mut row, (k, m)| {
            row.push_bind(k.society_id)
                .push_bind(k.year)
                .push_bind(i64::from(k.month))
                .push_bind(k.country.as_str())
                .push_bind(k.residence.as_str())
                .push_bind(k.procedure.as_str())
                .push_bind(k.sex.as_str())
                .push_bind(i64::from(k.age_band))
                .push_bind(k.setting.as_str())
                .push_bind(i64::from(k.bmi_band))
                .push_bind(k.smoker)
                .push_bind(k.combined);
            for value in m.values() {
                row.push_bind(value);
            }
        });
        upsert.push(format!(" ON CONFLICT ({ROLLUP_DIMENSIONS}) DO UPDATE SET "));
        upsert.push(
            Measures::NAMES
                .iter()
                .map(|n| format!("{n} = case_rollups.{n} + excluded.{n}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        upsert.build().execute(&mut *conn).await.map_err(backend)?;
    }
    // A cell whose last procedure moved elsewhere disappears, as in a rebuild;
    // only a batch that took procedures away can leave one.
    let removed = cells.iter().any(|(_, m)| m.procedures < 0);
    if removed {
        sqlx::query("DELETE FROM case_rollups WHERE procedures = 0")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    upsert_margins(conn, &margins_of(cells.iter().copied()), removed).await
}

pub(crate) const MARGIN_DIMENSIONS: &str = "society_id, year, quarter, country, kind, value";
/// Text sorts bytewise, as in SQLite, whatever the database's locale.
pub(crate) const MARGIN_ORDER: &str =
    "year, society_id, quarter, country COLLATE \"C\", kind COLLATE \"C\", value COLLATE \"C\"";

/// Rows per bulk statement: one array parameter a column, so only memory bounds it.
const ROWS_PER_ARRAY_STATEMENT: usize = 50_000;

/// The measures of rows as one array per measure, for `UNNEST`.
fn measure_columns<'a>(rows: impl Iterator<Item = &'a Measures>) -> Vec<Vec<i64>> {
    let mut columns = vec![Vec::new(); Measures::COUNT];
    for m in rows {
        for (column, value) in columns.iter_mut().zip(m.values()) {
            column.push(value);
        }
    }
    columns
}

/// `UNNEST($n::bigint[], …)` for the measures, numbered from `first`.
fn unnest_measures(first: usize) -> String {
    (first..first + Measures::COUNT)
        .map(|i| format!("${i}::bigint[]"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds margin deltas (the margins of the cube's deltas) to `case_margins`.
async fn upsert_margins(
    conn: &mut PgConnection,
    margins: &HashMap<MarginKey, Measures>,
    removed: bool,
) -> StoreResult<()> {
    let rows: Vec<(&MarginKey, &Measures)> = margins.iter().filter(|(_, m)| !m.is_zero()).collect();
    let sql = format!(
        "INSERT INTO case_margins ({MARGIN_DIMENSIONS}, {}) SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], {}) ON CONFLICT ({MARGIN_DIMENSIONS}) DO UPDATE SET {}",
        Measures::NAMES.join(", "),
        unnest_measures(7),
        Measures::NAMES
            .iter()
            .map(|n| format!("{n} = case_margins.{n} + excluded.{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for chunk in rows.chunks(ROWS_PER_ARRAY_STATEMENT) {
        let mut query = sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(chunk.iter().map(|(k, _)| k.society_id).collect::<Vec<_>>())
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| i64::from(k.year))
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| i64::from(k.quarter))
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.country.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.kind.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.value.as_str())
                    .collect::<Vec<_>>(),
            );
        for column in measure_columns(chunk.iter().map(|(_, m)| *m)) {
            query = query.bind(column);
        }
        query.execute(&mut *conn).await.map_err(backend)?;
    }
    if removed {
        sqlx::query("DELETE FROM case_margins WHERE procedures = 0")
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    Ok(())
}

/// Replaces the cube and its margins with `cells` and their margins, inside
/// the caller's transaction.
async fn write_rollups(
    conn: &mut PgConnection,
    cells: &HashMap<RollupKey, Measures>,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM case_rollups")
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    sqlx::query("DELETE FROM case_margins")
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    let mut sorted: Vec<(&RollupKey, &Measures)> =
        cells.iter().filter(|(_, m)| !m.is_zero()).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let sql = format!(
        "INSERT INTO case_rollups ({ROLLUP_DIMENSIONS}, {}) SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::bigint[], $11::boolean[], $12::boolean[], {})",
        Measures::NAMES.join(", "),
        unnest_measures(13),
    );
    for chunk in sorted.chunks(ROWS_PER_ARRAY_STATEMENT) {
        let mut query = sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(chunk.iter().map(|(k, _)| k.society_id).collect::<Vec<_>>())
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| i64::from(k.year))
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| i64::from(k.month))
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.country.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.residence.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.procedure.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.sex.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| i64::from(k.age_band))
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| k.setting.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(
                chunk
                    .iter()
                    .map(|(k, _)| i64::from(k.bmi_band))
                    .collect::<Vec<_>>(),
            )
            .bind(chunk.iter().map(|(k, _)| k.smoker).collect::<Vec<_>>())
            .bind(chunk.iter().map(|(k, _)| k.combined).collect::<Vec<_>>());
        for column in measure_columns(chunk.iter().map(|(_, m)| *m)) {
            query = query.bind(column);
        }
        query.execute(&mut *conn).await.map_err(backend)?;
    }
    let margins = margins_of(sorted.iter().copied());
    upsert_margins(conn, &margins, false).await
}

/// Cases per read of a rebuild: bounded memory whatever the registry's size.
const CASES_PER_REBUILD_READ: i64 = 100_000;

/// The cube of the stored cases, summed in memory from their stored
/// columns (one row per procedure), read in slices of case ids.
async fn cube_of_cases(conn: &mut PgConnection) -> StoreResult<HashMap<RollupKey, Measures>> {
    let (first, last): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT min(id), max(id) FROM cases")
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
    let mut builder = CubeBuilder::default();
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(builder.finish());
    };
    let mut from = first - 1;
    while from < last {
        let to = from.saturating_add(CASES_PER_REBUILD_READ);
        let rows = sqlx::query(
            "SELECT c.society_id, c.year, c.month, c.country, c.residence, p.procedure, c.sex, c.age_band, c.setting, c.bmi_band, c.smoker, c.combined,
                    c.complicated, c.major, c.reoperation, c.readmission, c.death, c.vte, c.hematoma, c.seroma, c.infection, c.worst_grade
             FROM cases c JOIN case_procedures p ON p.case_id = c.id WHERE c.id > $1 AND c.id <= $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
        for row in &rows {
            let (cell, measures) = stored_cell(row)?;
            builder.add(cell, &measures);
        }
        from = to;
    }
    Ok(builder.finish())
}

/// One row of [`cube_of_cases`]'s query, read by position.
fn stored_cell(row: &PgRow) -> StoreResult<(CellRef<'_>, Measures)> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    let small = |i: usize| int(i).map(|v| u8::try_from(v).unwrap_or(u8::MAX));
    let flag = |i: usize| row.try_get::<bool, _>(i).map_err(backend);
    let text = |i: usize| row.try_get::<&str, _>(i).map_err(backend);
    let sex = text(6)?;
    let setting = text(8)?;
    let cell = CellRef {
        society_id: int(0)?,
        year: i32::try_from(int(1)?).unwrap_or(i32::MAX),
        month: small(2)?,
        country: text(3)?,
        residence: text(4)?,
        procedure: text(5)?,
        sex: Sex::parse(sex).ok_or_else(|| StoreError::Backend(format!("sex {sex:?}")))?,
        age_band: small(7)?,
        setting: FacilitySetting::parse(setting)
            .ok_or_else(|| StoreError::Backend(format!("setting {setting:?}")))?,
        bmi_band: small(9)?,
        smoker: flag(10)?,
        combined: flag(11)?,
    };
    let mut outcomes = [false; 9];
    for (i, outcome) in outcomes.iter_mut().enumerate() {
        *outcome = int(12 + i)? != 0;
    }
    Ok((cell, stored_measures(outcomes, small(21)?)))
}

/// Fills the margins from the cube when a database migrated to 0007 has a
/// cube but no margins yet; otherwise does nothing. Two servers starting
/// together take turns on the lock.
pub(crate) async fn backfill_margins(pool: &sqlx::PgPool) -> StoreResult<()> {
    let mut tx = pool.begin().await.map_err(backend)?;
    sqlx::query("LOCK TABLE case_margins IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    let (cube, margins): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM case_rollups), EXISTS (SELECT 1 FROM case_margins)",
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    if cube && !margins {
        let rows = sqlx::query("SELECT * FROM case_rollups")
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        let cells: HashMap<RollupKey, Measures> =
            rows.iter().map(rollup_from).collect::<StoreResult<_>>()?;
        upsert_margins(&mut tx, &margins_of(&cells), false).await?;
        tracing::info!(
            cells = cells.len(),
            "statistics margins filled from the cube"
        );
    }
    tx.commit().await.map_err(backend)
}

pub(crate) fn rollup_from(row: &PgRow) -> StoreResult<(RollupKey, Measures)> {
    let sex: String = row.try_get("sex").map_err(backend)?;
    let setting: String = row.try_get("setting").map_err(backend)?;
    let small = |name: &str| -> StoreResult<u8> {
        row.try_get::<i64, _>(name)
            .map_err(backend)
            .map(|v| u8::try_from(v).unwrap_or(u8::MAX))
    };
    let key = RollupKey {
        society_id: row.try_get("society_id").map_err(backend)?,
        year: row.try_get::<i64, _>("year").map_err(backend)? as i32,
        month: small("month")?,
        country: row.try_get("country").map_err(backend)?,
        residence: row.try_get("residence").map_err(backend)?,
        procedure: row.try_get("procedure").map_err(backend)?,
        sex: Sex::parse(&sex).ok_or_else(|| StoreError::Backend(format!("sex {sex:?}")))?,
        age_band: small("age_band")?,
        setting: FacilitySetting::parse(&setting)
            .ok_or_else(|| StoreError::Backend(format!("setting {setting:?}")))?,
        bmi_band: small("bmi_band")?,
        smoker: row.try_get("smoker").map_err(backend)?,
        combined: row.try_get("combined").map_err(backend)?,
    };
    let mut values = [0i64; Measures::COUNT];
    for (value, name) in values.iter_mut().zip(Measures::NAMES) {
        *value = row.try_get(name).map_err(backend)?;
    }
    Ok((key, Measures::from_values(values)))
}

pub(crate) const ROLLUP_DIMENSIONS: &str = "society_id, year, month, country, residence, procedure, sex, age_band, setting, bmi_band, smoker, combined";
/// Text sorts bytewise, as in SQLite, whatever the database's locale.
pub(crate) const ROLLUP_ORDER: &str = "society_id, year, month, country COLLATE \"C\", residence COLLATE \"C\", procedure COLLATE \"C\", sex COLLATE \"C\", age_band, setting COLLATE \"C\", bmi_band, smoker, combined";

#[async_trait]
impl RegistryStore for PostgresStore {
    async fn pseudonym_secret(&self, ctx: &AuditContext) -> StoreResult<Vec<u8>> {
        let existing: Option<String> =
            sqlx::query_scalar("SELECT secret FROM registry_secret WHERE id = 1")
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        let secret = match existing {
            Some(secret) => secret,
            None => {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes)
                    .map_err(|e| StoreError::Backend(format!("random secret: {e}")))?;
                let mut tx = self.pool.begin().await.map_err(backend)?;
                let mut chain = Chain::open(&mut tx).await?;
                let inserted = sqlx::query("INSERT INTO registry_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
                    .bind(hex::encode(bytes))
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                if inserted.rows_affected() == 1 {
                    let event = AuditEvent {
                        action: "registry.secret_create",
                        entity: "registry",
                        entity_id: String::new(),
                        society_id: None,
                        detail: json!({}),
                    };
                    chain.append(&mut tx, ctx, &event).await?;
                }
                chain.close(&mut tx).await?;
                let secret: String =
                    sqlx::query_scalar("SELECT secret FROM registry_secret WHERE id = 1")
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(backend)?;
                tx.commit().await.map_err(backend)?;
                secret
            }
        };
        hex::decode(&secret).map_err(|e| StoreError::Backend(format!("registry secret: {e}")))
    }

    async fn start_submission(
        &self,
        ctx: &AuditContext,
        new: &NewSubmission,
    ) -> StoreResult<Submission> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut chain = Chain::open(&mut tx).await?;
        let running: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM submissions WHERE file_sha256 = $1 AND status = 'running' AND society_id IS NOT DISTINCT FROM $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(&new.file_sha256)
        .bind(new.society.map(|s| s.0))
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        let id = match running {
            Some(id) => id,
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO submissions (file_name, file_sha256, source, society_id, status, actor, started_at_micros) VALUES ($1, $2, $3, $4, 'running', $5, $6) RETURNING id",
                )
                .bind(new.file_name.as_str())
                .bind(&new.file_sha256)
                .bind(&new.source)
                .bind(new.society.map(|s| s.0))
                .bind(&ctx.actor)
                .bind(ctx.at.timestamp_micros())
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
                let event = AuditEvent {
                    action: "submission.start",
                    entity: "submission",
                    entity_id: id.to_string(),
                    society_id: new.society.map(|s| s.0),
                    detail: json!({ "file": new.file_name.as_str(), "sha256": new.file_sha256, "source": new.source }),
                };
                chain.append(&mut tx, ctx, &event).await?;
                chain.close(&mut tx).await?;
                id
            }
        };
        let submission = load_submission(&mut tx, id).await?;
        tx.commit().await.map_err(backend)?;
        Ok(submission)
    }

    async fn submission(&self, id: i64) -> StoreResult<Option<Submission>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.as_ref().map(submission_from).transpose()
    }

    async fn submissions(
        &self,
        society: SocietyId,
        actor: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Submission>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE society_id = $1 AND ($2::TEXT IS NULL OR actor = $2) ORDER BY id DESC LIMIT $3"
        )))
        .bind(society.0)
        .bind(actor)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(submission_from).collect()
    }

    async fn submission_issues(
        &self,
        id: i64,
        after_row: i64,
        limit: i64,
    ) -> StoreResult<Vec<StoredIssue>> {
        let rows: Vec<IssueColumns> = sqlx::query_as(
            "SELECT row_number, column_name, value, reason, severity, reason_message FROM submission_issues WHERE submission_id = $1 AND row_number > $2 ORDER BY row_number, id LIMIT $3",
        )
        .bind(id)
        .bind(after_row)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(StoredIssue::from).collect())
    }

    async fn import_batch(
        &self,
        ctx: &AuditContext,
        submission: i64,
        batch: &ImportBatch,
    ) -> StoreResult<BatchOutcome> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut chain = Chain::open(&mut tx).await?;
        let current = load_submission(&mut tx, submission).await?;
        if current.status != SubmissionStatus::Running {
            return Err(StoreError::Conflict(format!(
                "submission {submission} is {}",
                current.status.as_str()
            )));
        }
        // Approvals are written under the same chain lock, so they cannot
        // change between this read and the commit.
        if let Some(seen) = &batch.approvals_seen {
            let current: Vec<ApprovalKey> = sqlx::query_as(
                "SELECT society_id::BIGINT, year::BIGINT, quarter::BIGINT FROM statistics_approvals ORDER BY society_id, year, quarter",
            )
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
            if &current != seen {
                return Err(StoreError::ApprovalsChanged);
            }
        }
        let now = ctx.at.timestamp_micros();
        let mut deltas: HashMap<RollupKey, Measures> = HashMap::new();
        let mut outcome = BatchOutcome::default();
        for round in rounds(&batch.cases) {
            for chunk in round.chunks(CASES_PER_STATEMENT) {
                store_chunk(&mut tx, submission, chunk, &mut deltas, &mut outcome, now).await?;
            }
        }
        apply_deltas(&mut tx, &deltas).await?;
        for chunk in batch.issues.chunks(ROWS_PER_STATEMENT) {
            let mut insert = QueryBuilder::<Postgres>::new(
                "INSERT INTO submission_issues (submission_id, row_number, column_name, value, reason, severity, reason_message) ",
            );
            insert.push_values(chunk, |mut row, issue| {
                row.push_bind(submission)
                    .push_bind(issue.row)
                    .push_bind(issue.column.as_str())
                    .push_bind(issue.value.as_str())
                    .push_bind(issue.reason.as_str())
                    .push_bind(issue.severity.as_str())
                    .push_bind(issue.message.as_ref().map(IssueMessage::to_json));
            });
            insert.build().execute(&mut *tx).await.map_err(backend)?;
        }
        sqlx::query(
            "UPDATE submissions SET rows_done = rows_done + $1, rows_read = rows_read + $2, accepted = accepted + $3, updated = updated + $4, unchanged = unchanged + $5, rejected = rejected + $6 WHERE id = $7",
        )
        .bind(batch.rows_read)
        .bind(batch.rows_read)
        .bind(outcome.inserted)
        .bind(outcome.updated)
        .bind(outcome.unchanged)
        .bind(batch.rejected)
        .bind(submission)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let event = AuditEvent {
            action: "cases.import_batch",
            entity: "submission",
            entity_id: submission.to_string(),
            society_id: current.society.map(|s| s.0),
            detail: json!({
                "from_row": current.rows_done + 1, "rows": batch.rows_read, "inserted": outcome.inserted,
                "updated": outcome.updated, "unchanged": outcome.unchanged, "rejected": batch.rejected,
            }),
        };
        chain.append(&mut tx, ctx, &event).await?;
        chain.close(&mut tx).await?;
        tx.commit().await.map_err(backend)?;
        Ok(outcome)
    }

    async fn finish_submission(
        &self,
        ctx: &AuditContext,
        submission: i64,
        status: SubmissionStatus,
    ) -> StoreResult<Submission> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut chain = Chain::open(&mut tx).await?;
        let done = sqlx::query("UPDATE submissions SET status = $1, finished_at_micros = $2 WHERE id = $3 AND status = 'running'")
            .bind(status.as_str())
            .bind(ctx.at.timestamp_micros())
            .bind(submission)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "running submission {submission}"
            )));
        }
        let finished = load_submission(&mut tx, submission).await?;
        let event = AuditEvent {
            action: "submission.finish",
            entity: "submission",
            entity_id: submission.to_string(),
            society_id: finished.society.map(|s| s.0),
            detail: json!({ "status": status.as_str(), "counts": finished.counts }),
        };
        chain.append(&mut tx, ctx, &event).await?;
        chain.close(&mut tx).await?;
        tx.commit().await.map_err(backend)?;
        Ok(finished)
    }

    async fn case(&self, society: SocietyId, case_ref: &str) -> StoreResult<Option<StoredCase>> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT version, content_hash, record FROM cases WHERE society_id = $1 AND case_ref = $2",
        )
        .bind(society.0)
        .bind(case_ref)
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(|(version, content_hash, record)| {
            Ok(StoredCase {
                society_id: society,
                version,
                content_hash,
                record: parse_record(&record)?,
            })
        })
        .transpose()
    }

    async fn case_history(
        &self,
        society: SocietyId,
        case_ref: &str,
    ) -> StoreResult<Vec<StoredCase>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT v.version, v.content_hash, v.record FROM case_versions v JOIN cases c ON c.id = v.case_id
             WHERE c.society_id = $1 AND c.case_ref = $2 ORDER BY v.version",
        )
        .bind(society.0)
        .bind(case_ref)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(version, content_hash, record)| {
                Ok(StoredCase {
                    society_id: society,
                    version,
                    content_hash,
                    record: parse_record(&record)?,
                })
            })
            .collect()
    }

    async fn count_cases(&self, society: Option<SocietyId>) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT count(*) FROM cases WHERE $1::BIGINT IS NULL OR society_id = $1")
            .bind(society.map(|s| s.0))
            .fetch_one(&self.pool)
            .await
            .map_err(backend)
    }

    async fn count_member_cases(
        &self,
        member: MemberId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<i64> {
        sqlx::query_scalar(
            "SELECT count(*) FROM cases WHERE member_id = $1 AND procedure_date BETWEEN $2 AND $3",
        )
        .bind(member.0)
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)
    }

    async fn cases_with_device(
        &self,
        query: &DeviceQuery,
        limit: i64,
    ) -> StoreResult<Vec<DeviceHit>> {
        if query.manufacturer.is_none()
            && query.model.is_none()
            && query.lot.is_none()
            && query.udi_di.is_none()
        {
            return Err(StoreError::NotFound(
                "a device query needs a manufacturer, model, lot or UDI".to_owned(),
            ));
        }
        // Only the criteria given go into the query, so that an index serves it.
        let mut select = QueryBuilder::<Postgres>::new(
            "SELECT d.society_id, d.case_ref, d.procedure_date::TEXT AS procedure_date, d.manufacturer, d.model, d.lot, d.serial, d.udi_di, d.side \
             FROM case_devices d WHERE true",
        );
        for (column, value) in [
            ("d.manufacturer", &query.manufacturer),
            ("d.model", &query.model),
            ("d.lot", &query.lot),
            ("d.udi_di", &query.udi_di),
        ] {
            if let Some(value) = value {
                select
                    .push(format!(" AND {column} = "))
                    .push_bind(value.as_str());
            }
        }
        if let Some(society) = query.society {
            select.push(" AND d.society_id = ").push_bind(society.0);
        }
        select
            .push(" ORDER BY d.society_id, d.case_ref COLLATE \"C\", d.position LIMIT ")
            .push_bind(limit);
        let rows = select
            .build()
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(DeviceHit {
                    society_id: r.try_get("society_id").map_err(backend)?,
                    case_ref: r.try_get("case_ref").map_err(backend)?,
                    procedure_date: r.try_get("procedure_date").map_err(backend)?,
                    manufacturer: r.try_get("manufacturer").map_err(backend)?,
                    model: r.try_get("model").map_err(backend)?,
                    lot: r.try_get("lot").map_err(backend)?,
                    serial: r.try_get("serial").map_err(backend)?,
                    udi_di: r.try_get("udi_di").map_err(backend)?,
                    side: r.try_get("side").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn rollups(&self) -> StoreResult<Vec<(RollupKey, Measures)>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT * FROM case_rollups ORDER BY {ROLLUP_ORDER}"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.iter().map(rollup_from).collect()
    }

    async fn rebuild_rollups(&self, ctx: &AuditContext) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut chain = Chain::open(&mut tx).await?;
        let cells = cube_of_cases(&mut tx).await?;
        write_rollups(&mut tx, &cells).await?;
        let event = AuditEvent {
            action: "rollups.rebuild",
            entity: "registry",
            entity_id: String::new(),
            society_id: None,
            detail: json!({ "cells": cells.len() }),
        };
        chain.append(&mut tx, ctx, &event).await?;
        chain.close(&mut tx).await?;
        tx.commit().await.map_err(backend)?;
        Ok(i64::try_from(cells.len()).unwrap_or(i64::MAX))
    }

    async fn load_rollups(
        &self,
        ctx: &AuditContext,
        cells: &HashMap<RollupKey, Measures>,
    ) -> StoreResult<i64> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut chain = Chain::open(&mut tx).await?;
        write_rollups(&mut tx, cells).await?;
        let stored = cells.values().filter(|m| !m.is_zero()).count();
        let event = AuditEvent {
            action: "rollups.load",
            entity: "registry",
            entity_id: String::new(),
            society_id: None,
            detail: json!({ "cells": stored }),
        };
        chain.append(&mut tx, ctx, &event).await?;
        chain.close(&mut tx).await?;
        tx.commit().await.map_err(backend)?;
        Ok(i64::try_from(stored).unwrap_or(i64::MAX))
    }
}
