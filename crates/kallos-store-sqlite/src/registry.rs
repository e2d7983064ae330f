//! The registry on SQLite.

use crate::chain::Chain;
use crate::direct::{self, text, unknown, with_sqlite, with_sqlite_and_readers};
use crate::{SqliteStore, backend};
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
    Submission, SubmissionStatus, derive, parse_record, stored_measures,
};
use kallos_store::{StoreError, StoreResult};
use serde_json::json;
use sqlx::sqlite::SqliteRow;
// Dynamic SQL here is assembled from constants only, never from input.
use sqlx::pool::PoolConnection;
use sqlx::{AssertSqlSafe, Connection, QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashMap;

const SUBMISSION_COLUMNS: &str = "id, file_name, file_sha256, source, society_id, status, rows_done, rows_read, accepted, updated, unchanged, rejected, actor, started_at_micros, finished_at_micros";

fn submission_from(row: &SqliteRow) -> StoreResult<Submission> {
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

async fn load_submission(conn: &mut SqliteConnection, id: i64) -> StoreResult<Submission> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(format!("submission {id}")))?;
    submission_from(&row)
}

const ROWS_PER_STATEMENT: usize = 2_000;

const CASE_COLUMNS: &str = "record, content_hash, submission_id, member_id, procedure_date, year, month, country, tourist, sex, age_band, setting, bmi_band, smoker, combined, complicated, major, reoperation, readmission, death, vte, hematoma, seroma, infection, residence, worst_grade, procedure_codes";
const CASE_VALUES: usize = 27;

/// `?first, ?first+1, …`: `count` numbered parameters.
fn parameters(first: usize, count: usize) -> String {
    let names: Vec<String> = (first..first + count).map(|i| format!("?{i}")).collect();
    names.join(", ")
}

/// A date as the `YYYY-MM-DD` text sqlx stores dates as, without a
/// formatter or an allocation: one per case and device.
fn iso_date(date: NaiveDate, buffer: &mut [u8; 10]) -> &str {
    use chrono::Datelike;
    let mut put = |at: usize, width: usize, mut value: u32| {
        for i in (at..at + width).rev() {
            buffer[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, u32::try_from(date.year()).unwrap_or(0).min(9999));
    put(5, 2, date.month());
    put(8, 2, date.day());
    buffer[4] = b'-';
    buffer[7] = b'-';
    std::str::from_utf8(buffer).unwrap_or("0000-00-00")
}

/// Binds a case's [`CASE_COLUMNS`] as parameters `first` … `first + 26`.
fn bind_case(
    stmt: &mut rusqlite::Statement<'_>,
    first: usize,
    case: &CaseToStore,
    submission: i64,
) -> rusqlite::Result<()> {
    let r = &case.record;
    let d = derive(r);
    let m = d.measures;
    let mut date = [0u8; 10];
    let procedure_codes = r.procedures.join(" ");
    // In CASE_COLUMNS order.
    let values: [&dyn rusqlite::ToSql; CASE_VALUES] = [
        &case.json.as_str(),
        &case.content_hash.as_str(),
        &submission,
        &r.member_id,
        &iso_date(r.procedure_date, &mut date),
        &d.year,
        &d.month,
        &r.procedure_country.as_str(),
        &d.tourist,
        &r.sex.as_str(),
        &d.age_band,
        &r.setting.as_str(),
        &d.bmi_band,
        &r.smoker,
        &d.combined,
        &m.complicated,
        &m.major,
        &m.reoperation,
        &m.readmission,
        &m.death,
        &m.vte,
        &m.hematoma,
        &m.seroma,
        &m.infection,
        &r.residence_country.as_str(),
        &d.worst_grade,
        &procedure_codes.as_str(),
    ];
    for (i, value) in values.into_iter().enumerate() {
        stmt.raw_bind_parameter(first + i, value)?;
    }
    Ok(())
}

/// The statements a batch's cases are written with, prepared once a batch.
struct CaseStatements<'c> {
    /// Inserts a case unless its (society, case id) is stored already.
    insert: rusqlite::Statement<'c>,
    find: rusqlite::Statement<'c>,
    procedure: rusqlite::Statement<'c>,
    device: rusqlite::Statement<'c>,
    /// Prepared for the first changed case.
    update: Option<rusqlite::Statement<'c>>,
}

impl<'c> CaseStatements<'c> {
    fn prepare(db: &'c rusqlite::Connection) -> rusqlite::Result<Self> {
        Ok(Self {
            insert: db.prepare(&format!(
                "INSERT INTO cases (society_id, case_ref, version, {CASE_COLUMNS}) VALUES (?1, ?2, 1, {}) \
                 ON CONFLICT (society_id, case_ref) DO NOTHING",
                parameters(3, CASE_VALUES)
            ))?,
            find: db.prepare(
                "SELECT id, content_hash FROM cases WHERE society_id = ?1 AND case_ref = ?2",
            )?,
            procedure: db
                .prepare("INSERT INTO case_procedures (case_id, procedure) VALUES (?1, ?2)")?,
            device: db.prepare(&format!(
                "INSERT INTO case_devices (case_id, position, society_id, case_ref, procedure_date, manufacturer, model, lot, serial, udi, udi_di, side) VALUES ({})",
                parameters(1, 12)
            ))?,
            update: None,
        })
    }

    /// Inserts the procedures and devices of case `id`.
    fn details(&mut self, id: i64, case: &CaseToStore) -> rusqlite::Result<()> {
        let r = &case.record;
        for procedure in &r.procedures {
            self.procedure.raw_bind_parameter(1, id)?;
            self.procedure.raw_bind_parameter(2, procedure.as_str())?;
            self.procedure.raw_execute()?;
        }
        let mut date = [0u8; 10];
        for (position, d) in r.devices.iter().enumerate() {
            let stmt = &mut self.device;
            stmt.raw_bind_parameter(1, id)?;
            stmt.raw_bind_parameter(2, position as i64)?;
            stmt.raw_bind_parameter(3, case.society_id.0)?;
            stmt.raw_bind_parameter(4, r.case_ref.as_str())?;
            stmt.raw_bind_parameter(5, iso_date(r.procedure_date, &mut date))?;
            stmt.raw_bind_parameter(6, d.manufacturer.as_str())?;
            stmt.raw_bind_parameter(7, d.model.as_str())?;
            stmt.raw_bind_parameter(8, d.lot.as_deref())?;
            stmt.raw_bind_parameter(9, d.serial.as_deref())?;
            stmt.raw_bind_parameter(10, d.udi.as_deref())?;
            stmt.raw_bind_parameter(11, d.udi_di.as_deref())?;
            stmt.raw_bind_parameter(12, d.side.as_str())?;
            stmt.raw_execute()?;
        }
        Ok(())
    }
}

/// Writes a batch's cases in order, each new case inserted, each changed
/// one replaced, and sums what they change in the cube into `deltas`. A
/// case id seen again, earlier in the batch or before it, is found by its
/// insert's conflict on (society, case id): one look-up for a new case.
fn store_cases(
    db: &rusqlite::Connection,
    submission: i64,
    cases: &[CaseToStore],
    now: i64,
    deltas: &mut CubeBuilder,
) -> rusqlite::Result<BatchOutcome> {
    let mut stmts = CaseStatements::prepare(db)?;
    let mut outcome = BatchOutcome::default();
    for case in cases {
        stmts.insert.raw_bind_parameter(1, case.society_id.0)?;
        stmts
            .insert
            .raw_bind_parameter(2, case.record.case_ref.as_str())?;
        bind_case(&mut stmts.insert, 3, case, submission)?;
        if stmts.insert.raw_execute()? == 1 {
            stmts.details(db.last_insert_rowid(), case)?;
            deltas.account(case.society_id, &case.record, 1);
            outcome.inserted += 1;
            continue;
        }
        let (id, hash) = stmts
            .find
            .query_row((case.society_id.0, case.record.case_ref.as_str()), |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })?;
        if hash == case.content_hash {
            outcome.unchanged += 1;
        } else {
            update_case(db, &mut stmts, submission, case, id, deltas, now)?;
            outcome.updated += 1;
        }
    }
    Ok(outcome)
}

/// Replaces a stored case, keeping the old version and moving its cells.
fn update_case<'c>(
    db: &'c rusqlite::Connection,
    stmts: &mut CaseStatements<'c>,
    submission: i64,
    case: &CaseToStore,
    id: i64,
    deltas: &mut CubeBuilder,
    now: i64,
) -> rusqlite::Result<()> {
    // Only a changed case needs its old record, to take its cells out.
    let old_json: String =
        db.query_row("SELECT record FROM cases WHERE id = ?1", [id], |r| r.get(0))?;
    let old = parse_record(&old_json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    deltas.account(case.society_id, &old, -1);
    db.execute(
        "INSERT INTO case_versions (case_id, version, content_hash, record, submission_id, replaced_at_micros) \
         SELECT id, version, content_hash, record, submission_id, ?1 FROM cases WHERE id = ?2",
        (now, id),
    )?;
    db.execute("DELETE FROM case_procedures WHERE case_id = ?1", [id])?;
    db.execute("DELETE FROM case_devices WHERE case_id = ?1", [id])?;
    let update = match &mut stmts.update {
        Some(update) => update,
        None => stmts.update.insert(db.prepare(&format!(
            "UPDATE cases SET version = version + 1, ({CASE_COLUMNS}) = ({}) WHERE id = ?{}",
            parameters(1, CASE_VALUES),
            CASE_VALUES + 1
        ))?),
    };
    bind_case(update, 1, case, submission)?;
    update.raw_bind_parameter(CASE_VALUES + 1, id)?;
    update.raw_execute()?;
    stmts.details(id, case)?;
    deltas.account(case.society_id, &case.record, 1);
    Ok(())
}

/// Adds a batch's changes to the cube and its margins, society by society
/// in key order.
fn apply_deltas(db: &rusqlite::Connection, deltas: CubeBuilder) -> rusqlite::Result<()> {
    // A cell whose last procedure moved elsewhere disappears, as in a
    // rebuild; only a batch that took procedures away can leave one.
    let mut removed = false;
    deltas.for_each_society_sorted(|society| {
        removed |= society.iter().any(|(_, m)| m.procedures < 0);
        let cells = society.iter().map(|(k, m)| (k, m));
        direct::write_cells(db, cells.clone(), true)?;
        let margins = margins_of(cells);
        direct::write_margins(db, margins.iter().filter(|(_, m)| !m.is_zero()), true)
    })?;
    if removed {
        db.execute("DELETE FROM case_rollups WHERE procedures = 0", [])?;
        db.execute("DELETE FROM case_margins WHERE procedures = 0", [])?;
    }
    Ok(())
}

pub(crate) const MARGIN_DIMENSIONS: &str = "society_id, year, quarter, country, kind, value";

/// Replaces the cube and its margins with `sorted` (cells in key order, the
/// table's own) and their margins, inside the caller's transaction.
async fn write_rollups(
    conn: &mut SqliteConnection,
    sorted: &[(&RollupKey, &Measures)],
) -> StoreResult<()> {
    with_sqlite(conn, |db| {
        empty_rollups(db)?;
        for society in sorted.chunk_by(|a, b| a.0.society_id == b.0.society_id) {
            write_society(
                db,
                society.iter().copied(),
                &sorted_margins(society.iter().copied()),
            )?;
        }
        Ok(())
    })
    .await
}

fn empty_rollups(db: &rusqlite::Connection) -> rusqlite::Result<()> {
    db.execute("DELETE FROM case_rollups", [])?;
    db.execute("DELETE FROM case_margins", [])?;
    Ok(())
}

/// A society's margins from its cells (a society's margins are its cells'
/// alone), in the order of `case_margins`.
fn sorted_margins<'a>(
    cells: impl IntoIterator<Item = (&'a RollupKey, &'a Measures)>,
) -> Vec<(MarginKey, Measures)> {
    let mut margins: Vec<(MarginKey, Measures)> = margins_of(cells)
        .into_iter()
        .filter(|(_, m)| !m.is_zero())
        .collect();
    margins.sort_unstable_by(|a, b| margin_order(&a.0).cmp(&margin_order(&b.0)));
    margins
}

/// Inserts one society's cells (in key order) and its margins (in theirs)
/// into the emptied tables.
fn write_society<'a>(
    db: &rusqlite::Connection,
    cells: impl IntoIterator<Item = (&'a RollupKey, &'a Measures)>,
    margins: &[(MarginKey, Measures)],
) -> rusqlite::Result<()> {
    direct::write_cells(db, cells, false)?;
    direct::write_margins(db, margins.iter().map(|(k, m)| (k, m)), false)
}

/// A margin row's place in `case_margins`, where the kind is its text.
fn margin_order(k: &MarginKey) -> (i64, i32, u8, &str, &str, &str) {
    (
        k.society_id,
        k.year,
        k.quarter,
        &k.country,
        k.kind.as_str(),
        &k.value,
    )
}

/// A society's cells, summed from all its cases, with their margins; `at`
/// is the society's place in the rebuild's list.
struct SummedSociety {
    at: usize,
    cells: Vec<(RollupKey, Measures)>,
    margins: Vec<(MarginKey, Measures)>,
}

/// Sums the cases of the societies in `societies`, taking the next one not
/// yet taken (`next`) until none is left, and hands each over as soon as it
/// is summed. Reads with the file mapped (up to SQLite's 2 GB limit)
/// instead of each page copied into a buffer of the connection's own: no
/// system call and no allocation per page, which readers on two cores
/// otherwise contend for (SQLite's allocator takes a global lock). The
/// mapping is dropped afterwards, so that the pages read stop counting in
/// the server's resident memory.
fn sum_societies(
    db: &rusqlite::Connection,
    societies: &[i64],
    next: &std::sync::atomic::AtomicUsize,
    summed: &std::sync::mpsc::SyncSender<SummedSociety>,
) -> rusqlite::Result<()> {
    db.execute_batch("PRAGMA mmap_size = 2147418112")?;
    let done = sum_societies_mapped(db, societies, next, summed);
    let unmapped = db.execute_batch("PRAGMA mmap_size = 0");
    done?;
    unmapped
}

fn sum_societies_mapped(
    db: &rusqlite::Connection,
    societies: &[i64],
    next: &std::sync::atomic::AtomicUsize,
    summed: &std::sync::mpsc::SyncSender<SummedSociety>,
) -> rusqlite::Result<()> {
    // A society's cases are read from `cases_by_cell` alone, which holds
    // every column read here (through the (society, case id) index, each
    // case would be looked up in the wide table). The small numbers and
    // flags come packed into two integers, bytes and bits (each byte
    // clamped to 0–255): a column read costs more than SQLite's shifts.
    // (`|` and `<<` bind equally in SQLite, hence the parentheses.)
    let mut cases = db.prepare(
        "SELECT year, country, residence, sex, setting, procedure_codes,
                min(max(month, 0), 255) | (min(max(age_band, 0), 255) << 8) | (min(max(bmi_band, 0), 255) << 16)
                  | ((smoker <> 0) << 24) | ((combined <> 0) << 25),
                (complicated <> 0) | ((major <> 0) << 1) | ((reoperation <> 0) << 2) | ((readmission <> 0) << 3)
                  | ((death <> 0) << 4) | ((vte <> 0) << 5) | ((hematoma <> 0) << 6) | ((seroma <> 0) << 7)
                  | ((infection <> 0) << 8) | (min(max(worst_grade, 0), 255) << 16)
         FROM cases INDEXED BY cases_by_cell WHERE society_id = ?1",
    )?;
    let byte = |v: i64, at: u32| ((v >> at) & 0xff) as u8;
    let bit = |v: i64, at: u32| (v >> at) & 1 == 1;
    let mut builder = CubeBuilder::default();
    loop {
        let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&society_id) = societies.get(at) else {
            return Ok(());
        };
        let mut rows = cases.query([society_id])?;
        while let Some(r) = rows.next()? {
            let sex = text(r, 3)?;
            let setting = text(r, 4)?;
            let small: i64 = r.get(6)?;
            let flags: i64 = r.get(7)?;
            let cell = CellRef {
                society_id,
                year: r.get(0)?,
                month: byte(small, 0),
                country: text(r, 1)?,
                residence: text(r, 2)?,
                procedure: "",
                sex: Sex::parse(sex).ok_or_else(|| unknown(3, "sex", sex))?,
                age_band: byte(small, 8),
                setting: FacilitySetting::parse(setting)
                    .ok_or_else(|| unknown(4, "setting", setting))?,
                bmi_band: byte(small, 16),
                smoker: bit(small, 24),
                combined: bit(small, 25),
            };
            let outcomes = std::array::from_fn(|i| bit(flags, i as u32));
            let measures = stored_measures(outcomes, byte(flags, 16));
            for procedure in text(r, 5)?.split(' ').filter(|p| !p.is_empty()) {
                builder.add(CellRef { procedure, ..cell }, &measures);
            }
        }
        let cells = builder.take_sorted();
        let margins = sorted_margins(cells.iter().map(|(k, m)| (k, m)));
        if summed.send(SummedSociety { at, cells, margins }).is_err() {
            // The writer stopped (it failed, and says why): stop too.
            return Ok(());
        }
    }
}

/// Writes the societies the readers hand over into the emptied cube and
/// margins, in the order of the rebuild's list of `count` societies
/// (the society leads both tables' keys), whatever order they are summed
/// in; returns the cells written.
fn write_in_order(
    db: &rusqlite::Connection,
    count: usize,
    summed: std::sync::mpsc::Receiver<SummedSociety>,
) -> rusqlite::Result<usize> {
    // Societies summed before their turn, kept until it comes.
    let mut waiting: Vec<Option<SummedSociety>> = (0..count).map(|_| None).collect();
    let mut turn = 0;
    let mut written = 0;
    let mut writing = std::time::Duration::ZERO;
    let (mut cell_writer, mut margin_writer) = (
        direct::cell_writer(db, false)?,
        direct::margin_writer(db, false)?,
    );
    for society in summed {
        if let Some(slot) = waiting.get_mut(society.at) {
            *slot = Some(society);
        }
        while let Some(society) = waiting.get_mut(turn).and_then(Option::take) {
            let started = std::time::Instant::now();
            cell_writer.write(society.cells.iter().map(|(k, m)| (k, m)))?;
            margin_writer.write(society.margins.iter().map(|(k, m)| (k, m)))?;
            writing += started.elapsed();
            written += society.cells.len();
            turn += 1;
        }
    }
    tracing::debug!(?writing, "rollups written as they were summed");
    Ok(written)
}

/// A cell as [`stored_cube`] reads it in JSON.
type CellJson = (
    i64,
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    String,
    i64,
    i64,
    i64,
    [i64; Measures::COUNT],
);

/// Every cell of the stored cube, read as one JSON document: through sqlx
/// each row costs a message from its worker thread and a decode per column,
/// several times what SQLite and serde take for the same rows in JSON.
async fn stored_cube(conn: &mut SqliteConnection) -> StoreResult<HashMap<RollupKey, Measures>> {
    let json: String = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT json_group_array(json_array({ROLLUP_DIMENSIONS}, json_array({}))) FROM case_rollups",
        Measures::NAMES.join(", ")
    )))
    .fetch_one(&mut *conn)
    .await
    .map_err(backend)?;
    let rows: Vec<CellJson> =
        serde_json::from_str(&json).map_err(|e| StoreError::Backend(format!("cube: {e}")))?;
    let small = |v: i64| u8::try_from(v).unwrap_or(u8::MAX);
    rows.into_iter()
        .map(|r| {
            let key = RollupKey {
                society_id: r.0,
                year: i32::try_from(r.1).unwrap_or(i32::MAX),
                month: small(r.2),
                country: r.3,
                residence: r.4,
                procedure: r.5,
                sex: Sex::parse(&r.6)
                    .ok_or_else(|| StoreError::Backend(format!("sex {:?}", r.6)))?,
                age_band: small(r.7),
                setting: FacilitySetting::parse(&r.8)
                    .ok_or_else(|| StoreError::Backend(format!("setting {:?}", r.8)))?,
                bmi_band: small(r.9),
                smoker: r.10 != 0,
                combined: r.11 != 0,
            };
            Ok((key, Measures::from_values(r.12)))
        })
        .collect()
}

/// Recomputes the cube and its margins from the cases inside the caller's
/// transaction, which holds the write lock; `readers` read the cases, each
/// on a thread of its own, society after society, while the caller's
/// connection writes each society's cells as soon as they are summed (the
/// society leads the cube's key, so the cells are still written in key
/// order). Every reader sees the same cases: the caller holds the write
/// lock. Returns the cells.
async fn rebuild(
    conn: &mut SqliteConnection,
    readers: &mut [PoolConnection<Sqlite>],
) -> StoreResult<u64> {
    let societies: Vec<i64> = sqlx::query_scalar("SELECT id FROM societies ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    with_sqlite_and_readers(conn, readers, |db, readers| {
        let started = std::time::Instant::now();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let cells = std::thread::scope(|scope| {
            let (summed, received) = std::sync::mpsc::sync_channel(2 * readers.len().max(1));
            let summing: Vec<_> = readers
                .into_iter()
                .map(|reader| {
                    let (summed, societies, next) = (summed.clone(), &societies, &next);
                    scope.spawn(move || sum_societies(&reader, societies, next, &summed))
                })
                .collect();
            drop(summed);
            let written =
                empty_rollups(db).and_then(|()| write_in_order(db, societies.len(), received));
            // The receiver is gone: readers still summing stop at their
            // next hand-over.
            for reader in summing {
                reader
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            }
            written
        })?;
        tracing::debug!(took = ?started.elapsed(), cells, "rollups rebuilt");
        Ok(cells as u64)
    })
    .await
}

/// Fills the margins from the cube when a database migrated to 0007 has a
/// cube but no margins yet; otherwise does nothing.
pub(crate) async fn backfill_margins(pool: &sqlx::SqlitePool) -> StoreResult<()> {
    let mut conn = pool.acquire().await.map_err(backend)?;
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
    let (cube, margins): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM case_rollups), EXISTS (SELECT 1 FROM case_margins)",
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    if cube && !margins {
        let cells = stored_cube(&mut tx).await?;
        let margins = margins_of(&cells);
        with_sqlite(&mut tx, |db| {
            direct::write_margins(db, margins.iter().filter(|(_, m)| !m.is_zero()), false)
        })
        .await?;
        tracing::info!(
            cells = cells.len(),
            "statistics margins filled from the cube"
        );
    }
    tx.commit().await.map_err(backend)
}

pub(crate) fn rollup_from(row: &SqliteRow) -> StoreResult<(RollupKey, Measures)> {
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

#[async_trait]
impl RegistryStore for SqliteStore {
    async fn pseudonym_secret(&self, ctx: &AuditContext) -> StoreResult<Vec<u8>> {
        let existing: Option<String> =
            sqlx::query_scalar("SELECT secret FROM registry_secret WHERE id = 1")
                .fetch_optional(&self.reader)
                .await
                .map_err(backend)?;
        let secret = match existing {
            Some(secret) => secret,
            None => {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes)
                    .map_err(|e| StoreError::Backend(format!("random secret: {e}")))?;
                let mut conn = self.writer.acquire().await.map_err(backend)?;
                let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
                let inserted = sqlx::query("INSERT INTO registry_secret (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")
                    .bind(hex::encode(bytes))
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                if inserted.rows_affected() == 1 {
                    let mut chain = Chain::open(&mut tx).await?;
                    let event = AuditEvent {
                        action: "registry.secret_create",
                        entity: "registry",
                        entity_id: String::new(),
                        society_id: None,
                        detail: json!({}),
                    };
                    chain.append(&mut tx, ctx, &event).await?;
                    chain.close(&mut tx).await?;
                }
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
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let running: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM submissions WHERE file_sha256 = ? AND status = 'running' AND society_id IS ? ORDER BY id DESC LIMIT 1",
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
                    "INSERT INTO submissions (file_name, file_sha256, source, society_id, status, actor, started_at_micros) VALUES (?, ?, ?, ?, 'running', ?, ?) RETURNING id",
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
                let mut chain = Chain::open(&mut tx).await?;
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
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.reader)
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
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE society_id = ? AND (? IS NULL OR actor = ?) ORDER BY id DESC LIMIT ?"
        )))
        .bind(society.0)
        .bind(actor)
            .bind(actor)
        .bind(limit)
        .fetch_all(&self.reader)
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
            "SELECT row_number, column_name, value, reason, severity, reason_message FROM submission_issues WHERE submission_id = ? AND row_number > ? ORDER BY row_number, id LIMIT ?",
        )
        .bind(id)
        .bind(after_row)
        .bind(limit)
        .fetch_all(&self.reader)
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
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let current = load_submission(&mut tx, submission).await?;
        if current.status != SubmissionStatus::Running {
            return Err(StoreError::Conflict(format!(
                "submission {submission} is {}",
                current.status.as_str()
            )));
        }
        // Approvals are written by this same single writer connection, so
        // they cannot change between this read and the commit.
        if let Some(seen) = &batch.approvals_seen {
            let current: Vec<ApprovalKey> = sqlx::query_as(
                "SELECT society_id, year, quarter FROM statistics_approvals ORDER BY society_id, year, quarter",
            )
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
            if &current != seen {
                return Err(StoreError::ApprovalsChanged);
            }
        }
        let now = ctx.at.timestamp_micros();
        let outcome = with_sqlite(&mut tx, |db| {
            let mut deltas = CubeBuilder::default();
            let outcome = store_cases(db, submission, &batch.cases, now, &mut deltas)?;
            apply_deltas(db, deltas)?;
            Ok(outcome)
        })
        .await?;
        for chunk in batch.issues.chunks(ROWS_PER_STATEMENT) {
            let mut insert = QueryBuilder::<Sqlite>::new(
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
            "UPDATE submissions SET rows_done = rows_done + ?, rows_read = rows_read + ?, accepted = accepted + ?, updated = updated + ?, unchanged = unchanged + ?, rejected = rejected + ? WHERE id = ?",
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
        let mut chain = Chain::open(&mut tx).await?;
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
        self.checkpointer.start();
        Ok(outcome)
    }

    async fn finish_submission(
        &self,
        ctx: &AuditContext,
        submission: i64,
        status: SubmissionStatus,
    ) -> StoreResult<Submission> {
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let done = sqlx::query("UPDATE submissions SET status = ?, finished_at_micros = ? WHERE id = ? AND status = 'running'")
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
        let mut chain = Chain::open(&mut tx).await?;
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
            "SELECT version, content_hash, record FROM cases WHERE society_id = ? AND case_ref = ?",
        )
        .bind(society.0)
        .bind(case_ref)
        .fetch_optional(&self.reader)
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
             WHERE c.society_id = ? AND c.case_ref = ? ORDER BY v.version",
        )
        .bind(society.0)
        .bind(case_ref)
        .fetch_all(&self.reader)
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
        sqlx::query_scalar("SELECT count(*) FROM cases WHERE ?1 IS NULL OR society_id = ?1")
            .bind(society.map(|s| s.0))
            .fetch_one(&self.reader)
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
            "SELECT count(*) FROM cases WHERE member_id = ? AND procedure_date BETWEEN ? AND ?",
        )
        .bind(member.0)
        .bind(from)
        .bind(to)
        .fetch_one(&self.reader)
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
        let mut select = QueryBuilder::<Sqlite>::new(
            "SELECT d.society_id, d.case_ref, d.procedure_date, d.manufacturer, d.model, d.lot, d.serial, d.udi_di, d.side \
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
            .push(" ORDER BY d.society_id, d.case_ref, d.position LIMIT ")
            .push_bind(limit);
        let rows = select
            .build()
            .fetch_all(&self.reader)
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
            "SELECT * FROM case_rollups ORDER BY {ROLLUP_DIMENSIONS}"
        )))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        rows.iter().map(rollup_from).collect()
    }

    async fn rebuild_rollups(&self, ctx: &AuditContext) -> StoreResult<i64> {
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        // The writer is the slower side and keeps a core to itself; the
        // readers have the others (one on two cores: a second there took
        // the writer's core from it and saved nothing). At most 4 readers.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let mut readers = Vec::new();
        for _ in 0..cores.saturating_sub(1).clamp(1, 4) {
            readers.push(self.reader.acquire().await.map_err(backend)?);
        }
        let cells = rebuild(&mut tx, &mut readers).await?;
        let mut chain = Chain::open(&mut tx).await?;
        let event = AuditEvent {
            action: "rollups.rebuild",
            entity: "registry",
            entity_id: String::new(),
            society_id: None,
            detail: json!({ "cells": cells }),
        };
        chain.append(&mut tx, ctx, &event).await?;
        chain.close(&mut tx).await?;
        tx.commit().await.map_err(backend)?;
        Ok(i64::try_from(cells).unwrap_or(i64::MAX))
    }

    async fn load_rollups(
        &self,
        ctx: &AuditContext,
        cells: &HashMap<RollupKey, Measures>,
    ) -> StoreResult<i64> {
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let mut sorted: Vec<(&RollupKey, &Measures)> =
            cells.iter().filter(|(_, m)| !m.is_zero()).collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        write_rollups(&mut tx, &sorted).await?;
        let stored = cells.values().filter(|m| !m.is_zero()).count();
        let mut chain = Chain::open(&mut tx).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::direct::tests::cube_tables;

    #[test]
    fn dates_are_written_as_sqlx_writes_them() {
        let mut buffer = [0u8; 10];
        for (y, m, d) in [(2025, 1, 9), (1999, 12, 31), (987, 6, 5), (2024, 2, 29)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            assert_eq!(
                iso_date(date, &mut buffer),
                date.format("%Y-%m-%d").to_string()
            );
        }
    }

    /// Society `society_id`'s one cell, summed and handed over as the
    /// `at`-th of the rebuild's list.
    fn summed(at: usize, society_id: i64) -> SummedSociety {
        let mut builder = CubeBuilder::default();
        let cell = CellRef {
            society_id,
            year: 2025,
            month: 4,
            country: "BR",
            residence: "US",
            procedure: "BE-LIPO",
            sex: Sex::Female,
            age_band: 2,
            setting: FacilitySetting::Hospital,
            bmi_band: 3,
            smoker: false,
            combined: false,
        };
        let measures = Measures {
            procedures: 1,
            ..Measures::default()
        };
        builder.add(cell, &measures);
        let cells = builder.take_sorted();
        let margins = sorted_margins(cells.iter().map(|(k, m)| (k, m)));
        SummedSociety { at, cells, margins }
    }

    fn stored_societies(db: &rusqlite::Connection, table: &str) -> Vec<i64> {
        let mut stmt = db
            .prepare(&format!(
                "SELECT DISTINCT society_id FROM {table} ORDER BY society_id"
            ))
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn a_society_summed_before_its_turn_is_written_when_its_turn_comes() {
        let db = cube_tables();
        let (summed_tx, received) = std::sync::mpsc::sync_channel(4);
        for (at, society) in [(2, 30), (0, 10), (1, 20)] {
            summed_tx.send(summed(at, society)).expect("send");
        }
        drop(summed_tx);
        assert_eq!(write_in_order(&db, 3, received).expect("written"), 3);
        assert_eq!(stored_societies(&db, "case_rollups"), vec![10, 20, 30]);
        assert_eq!(stored_societies(&db, "case_margins"), vec![10, 20, 30]);
    }

    #[test]
    fn societies_after_one_never_summed_are_not_written() {
        // A reader that failed hands its society over never: those after it
        // wait for a turn that does not come (the rebuild then fails with
        // the reader's error, and its transaction is rolled back).
        let db = cube_tables();
        let (summed_tx, received) = std::sync::mpsc::sync_channel(4);
        for (at, society) in [(2, 30), (0, 10)] {
            summed_tx.send(summed(at, society)).expect("send");
        }
        drop(summed_tx);
        assert_eq!(write_in_order(&db, 3, received).expect("written"), 1);
        assert_eq!(stored_societies(&db, "case_rollups"), vec![10]);
    }
}
