//! Bulk reads and writes through SQLite's own API, on a connection sqlx
//! lends out. Through sqlx each row is a message to and from the
//! connection's worker thread and each value a boxed argument; a rebuild
//! moves hundreds of thousands of rows, where that costs several times what
//! SQLite itself takes. Here the same connection, inside the caller's
//! transaction, is driven with prepared statements.

use crate::backend;
use kallos_domain::registry::{MarginKey, Measures, RollupKey};
use kallos_store::{StoreError, StoreResult};
use rusqlite::Statement;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::LockedSqliteHandle;
use sqlx::{Sqlite, SqliteConnection};

/// Runs `work` on `conn`'s SQLite handle, inside whatever transaction the
/// connection is in. `work` runs on the calling thread and blocks it: give
/// it bulk work measured in milliseconds, not a conversation.
pub(crate) async fn with_sqlite<R>(
    conn: &mut SqliteConnection,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<R>,
) -> StoreResult<R> {
    let mut handle = conn.lock_handle().await.map_err(backend)?;
    let db = borrow(&mut handle)?;
    let result = work(&db);
    drop(db);
    drop(handle);
    result.map_err(sqlite)
}

/// Runs `work` as [`with_sqlite`] does, also lending it the handles of
/// `readers`, which it may move to threads of its own (one thread per
/// connection). `work` must drop them before it returns.
pub(crate) async fn with_sqlite_and_readers<R>(
    conn: &mut SqliteConnection,
    readers: &mut [PoolConnection<Sqlite>],
    work: impl FnOnce(&rusqlite::Connection, Vec<rusqlite::Connection>) -> rusqlite::Result<R>,
) -> StoreResult<R> {
    let mut handles = Vec::with_capacity(readers.len());
    for reader in readers.iter_mut() {
        handles.push(reader.lock_handle().await.map_err(backend)?);
    }
    let lent = handles
        .iter_mut()
        .map(borrow)
        .collect::<StoreResult<Vec<_>>>()?;
    let result = with_sqlite(conn, |db| work(db, lent)).await;
    drop(handles);
    result
}

/// A rusqlite connection on a handle sqlx lends; it must be dropped before
/// `handle`.
fn borrow(handle: &mut LockedSqliteHandle<'_>) -> StoreResult<rusqlite::Connection> {
    let raw = handle.as_raw_handle().as_ptr();
    // SAFETY: while `handle` lives, sqlx's worker thread makes no call on
    // this database handle (`lock_handle`'s guarantee), and the callers
    // above drop the rusqlite connection before `handle`. The connection
    // does not own the handle (it never closes it).
    #[allow(unsafe_code)]
    unsafe { rusqlite::Connection::from_handle(raw) }.map_err(sqlite)
}

/// A text column of a row being stepped through.
pub(crate) fn text<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(column)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A text column holding a value no Kallos type has.
pub(crate) fn unknown(column: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("{what} {value:?}").into(),
    )
}

fn sqlite(error: rusqlite::Error) -> StoreError {
    use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
    if let rusqlite::Error::SqliteFailure(e, message) = &error
        && matches!(
            e.extended_code,
            SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY
        )
    {
        // As `db_error` reports the same violation through sqlx.
        let message = message.as_deref().unwrap_or("");
        let what = message.strip_prefix("UNIQUE constraint failed: ");
        return StoreError::Conflict(what.unwrap_or(message).to_owned());
    }
    StoreError::Backend(format!("sqlite: {error}"))
}

/// Binds measures as parameters from `first` on, except those equal to the
/// ones bound for the row before (`last`): a statement keeps its bindings
/// from one execution to the next, and most measures of most cells are the
/// same zeros and ones.
fn bind_measures(
    stmt: &mut Statement<'_>,
    first: usize,
    m: &Measures,
    last: &mut Option<[i64; Measures::COUNT]>,
) -> rusqlite::Result<()> {
    let values = m.values();
    for (i, value) in values.iter().enumerate() {
        if last.is_none_or(|last| last[i] != *value) {
            stmt.raw_bind_parameter(first + i, *value)?;
        }
    }
    *last = Some(values);
    Ok(())
}

/// Binds parameter `i` to `value` unless the row before (`last`) had the
/// same there: in key order most dimensions repeat from row to row, and a
/// text bound is a text copied.
fn bind_changed<'k, K, T: rusqlite::ToSql + PartialEq>(
    stmt: &mut Statement<'_>,
    i: usize,
    k: &'k K,
    last: Option<&'k K>,
    field: impl Fn(&'k K) -> T,
) -> rusqlite::Result<()> {
    let value = field(k);
    if last.is_none_or(|last| field(last) != value) {
        stmt.raw_bind_parameter(i, value)?;
    }
    Ok(())
}

/// Binds a cube cell's 12 dimensions, in `ROLLUP_DIMENSIONS` order, as
/// parameters `at` … `at + 11`, those of the row bound there before
/// (`last`) left bound.
fn bind_cell(
    stmt: &mut Statement<'_>,
    at: usize,
    k: &RollupKey,
    last: Option<&RollupKey>,
) -> rusqlite::Result<()> {
    bind_changed(stmt, at, k, last, |k| k.society_id)?;
    bind_changed(stmt, at + 1, k, last, |k| k.year)?;
    bind_changed(stmt, at + 2, k, last, |k| k.month)?;
    bind_changed(stmt, at + 3, k, last, |k| k.country.as_str())?;
    bind_changed(stmt, at + 4, k, last, |k| k.residence.as_str())?;
    bind_changed(stmt, at + 5, k, last, |k| k.procedure.as_str())?;
    bind_changed(stmt, at + 6, k, last, |k| k.sex.as_str())?;
    bind_changed(stmt, at + 7, k, last, |k| k.age_band)?;
    bind_changed(stmt, at + 8, k, last, |k| k.setting.as_str())?;
    bind_changed(stmt, at + 9, k, last, |k| k.bmi_band)?;
    bind_changed(stmt, at + 10, k, last, |k| k.smoker)?;
    bind_changed(stmt, at + 11, k, last, |k| k.combined)
}

/// Binds a margin row's 6 dimensions, in `MARGIN_DIMENSIONS` order, as
/// parameters `at` … `at + 5`, those of the row bound there before
/// (`last`) left bound.
fn bind_margin(
    stmt: &mut Statement<'_>,
    at: usize,
    k: &MarginKey,
    last: Option<&MarginKey>,
) -> rusqlite::Result<()> {
    bind_changed(stmt, at, k, last, |k| k.society_id)?;
    bind_changed(stmt, at + 1, k, last, |k| k.year)?;
    bind_changed(stmt, at + 2, k, last, |k| k.quarter)?;
    bind_changed(stmt, at + 3, k, last, |k| k.country.as_str())?;
    bind_changed(stmt, at + 4, k, last, |k| k.kind.as_str())?;
    bind_changed(stmt, at + 5, k, last, |k| k.value.as_str())
}

/// `INSERT` of `rows` rows of every column of `table`, in the order the
/// binders use; with `add`, a row already there gets the measures added to
/// its own.
fn insert_sql(table: &str, dimensions: &str, add: bool, rows: usize) -> String {
    let names = Measures::NAMES.join(", ");
    let count = dimensions.split(',').count() + Measures::NAMES.len();
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=count)
                .map(|i| format!("?{}", row * count + i))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let mut sql = format!(
        "INSERT INTO {table} ({dimensions}, {names}) VALUES {}",
        values.join(", ")
    );
    if add {
        sql.push_str(" ON CONFLICT DO UPDATE SET ");
        let sums: Vec<String> = Measures::NAMES
            .iter()
            .map(|n| format!("{n} = {n} + excluded.{n}"))
            .collect();
        sql.push_str(&sums.join(", "));
    }
    sql
}

/// Rows a [`RowWriter`] inserts with one statement: one statement keeps
/// its cursor on the table from row to row, where a statement per row
/// opens it and looks each row's place up from the root.
const ROWS_PER_INSERT: usize = 32;

/// Binds a row's dimensions from the given parameter on (the row in the
/// same place of the statement before, if any, is the third).
type BindDimensions<K> = fn(&mut Statement<'_>, usize, &K, Option<&K>) -> rusqlite::Result<()>;

/// Writes rows of a table of dimensions and measures: inserted, or with
/// `add` added to the rows already there, [`ROWS_PER_INSERT`] at a time,
/// through statements prepared once for every call of [`RowWriter::write`].
pub(crate) struct RowWriter<'c, K> {
    /// Inserts [`ROWS_PER_INSERT`] rows.
    many: Statement<'c>,
    /// Inserts one row: what is left over.
    one: Statement<'c>,
    /// Parameters a row has.
    width: usize,
    dimensions: usize,
    bind: BindDimensions<K>,
}

impl<'c, K> RowWriter<'c, K> {
    fn new(
        db: &'c rusqlite::Connection,
        table: &str,
        dimensions: &str,
        bind: BindDimensions<K>,
        add: bool,
    ) -> rusqlite::Result<Self> {
        let count = dimensions.split(',').count();
        Ok(Self {
            many: db.prepare(&insert_sql(table, dimensions, add, ROWS_PER_INSERT))?,
            one: db.prepare(&insert_sql(table, dimensions, add, 1))?,
            width: count + Measures::COUNT,
            dimensions: count,
            bind,
        })
    }

    pub(crate) fn write<'a>(
        &mut self,
        rows: impl IntoIterator<Item = (&'a K, &'a Measures)>,
    ) -> rusqlite::Result<()>
    where
        K: 'a,
    {
        // The rows of an earlier call are gone: the first statement binds
        // all; later ones only what differs from the row bound there before.
        let mut bound: Vec<(&K, [i64; Measures::COUNT])> = Vec::new();
        let mut chunk: Vec<(&K, &Measures)> = Vec::with_capacity(ROWS_PER_INSERT);
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            chunk.clear();
            chunk.extend(rows.by_ref().take(ROWS_PER_INSERT));
            if chunk.len() == ROWS_PER_INSERT {
                for (i, (k, m)) in chunk.iter().enumerate() {
                    let at = i * self.width + 1;
                    let before = bound.get(i).copied();
                    (self.bind)(&mut self.many, at, k, before.map(|(k, _)| k))?;
                    let mut last = before.map(|(_, values)| values);
                    bind_measures(&mut self.many, at + self.dimensions, m, &mut last)?;
                    let values = m.values();
                    match bound.get_mut(i) {
                        Some(slot) => *slot = (k, values),
                        None => bound.push((k, values)),
                    }
                }
                self.many.raw_execute()?;
            } else {
                for (k, m) in &chunk {
                    (self.bind)(&mut self.one, 1, k, None)?;
                    bind_measures(&mut self.one, 1 + self.dimensions, m, &mut None)?;
                    self.one.raw_execute()?;
                }
            }
        }
        Ok(())
    }
}

/// A writer of cube cells into `case_rollups` (see [`RowWriter`]).
pub(crate) fn cell_writer(
    db: &rusqlite::Connection,
    add: bool,
) -> rusqlite::Result<RowWriter<'_, RollupKey>> {
    let dimensions = crate::registry::ROLLUP_DIMENSIONS;
    RowWriter::new(db, "case_rollups", dimensions, bind_cell, add)
}

/// A writer of margin rows into `case_margins` (see [`RowWriter`]).
pub(crate) fn margin_writer(
    db: &rusqlite::Connection,
    add: bool,
) -> rusqlite::Result<RowWriter<'_, MarginKey>> {
    let dimensions = crate::registry::MARGIN_DIMENSIONS;
    RowWriter::new(db, "case_margins", dimensions, bind_margin, add)
}

/// Writes cube cells into `case_rollups` (see [`RowWriter`]).
pub(crate) fn write_cells<'a>(
    db: &rusqlite::Connection,
    cells: impl IntoIterator<Item = (&'a RollupKey, &'a Measures)>,
    add: bool,
) -> rusqlite::Result<()> {
    cell_writer(db, add)?.write(cells)
}

/// Writes margin rows into `case_margins` (see [`RowWriter`]).
pub(crate) fn write_margins<'a>(
    db: &rusqlite::Connection,
    rows: impl IntoIterator<Item = (&'a MarginKey, &'a Measures)>,
    add: bool,
) -> rusqlite::Result<()> {
    margin_writer(db, add)?.write(rows)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::registry::{MARGIN_DIMENSIONS, ROLLUP_DIMENSIONS};
    use kallos_domain::member::FacilitySetting;
    use kallos_domain::registry::Sex;

    /// An in-memory database with the cube's and the margins' tables only.
    pub(crate) fn cube_tables() -> rusqlite::Connection {
        let db = rusqlite::Connection::open_in_memory().expect("in memory");
        let measures = Measures::NAMES.join(", ");
        db.execute_batch(&format!(
            "CREATE TABLE case_rollups ({ROLLUP_DIMENSIONS}, {measures}, PRIMARY KEY ({ROLLUP_DIMENSIONS})) WITHOUT ROWID;
             CREATE TABLE case_margins ({MARGIN_DIMENSIONS}, {measures}, PRIMARY KEY ({MARGIN_DIMENSIONS})) WITHOUT ROWID;"
        ))
        .expect("tables");
        db
    }

    fn stored(db: &rusqlite::Connection) -> Vec<(String, i64, i64, i64)> {
        let mut stmt = db
            .prepare("SELECT procedure, month, procedures, vte FROM case_rollups ORDER BY procedure, month")
            .expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    #[test]
    fn rows_are_written_whole_in_full_statements_and_in_the_rest() {
        // 70 rows: two statements of 32 rows and 6 left over, the rows of
        // a place in the statement differing from the row there before in
        // some dimensions and measures and not in others.
        let rows: Vec<(RollupKey, Measures)> = (0..70u8)
            .map(|i| {
                let key = RollupKey {
                    society_id: 1,
                    year: 2025,
                    month: 1 + i % 12,
                    country: "BR".into(),
                    residence: if i % 5 == 0 { "US" } else { "BR" }.into(),
                    procedure: format!("P{:02}", i / 12),
                    sex: Sex::Female,
                    age_band: i % 3,
                    setting: FacilitySetting::Hospital,
                    bmi_band: 2,
                    smoker: i % 2 == 0,
                    combined: false,
                };
                let measures = Measures {
                    procedures: 1 + i64::from(i % 4),
                    vte: i64::from(i % 7 == 0),
                    ..Measures::default()
                };
                (key, measures)
            })
            .collect();
        let mut expected: Vec<(String, i64, i64, i64)> = rows
            .iter()
            .map(|(k, m)| (k.procedure.clone(), i64::from(k.month), m.procedures, m.vte))
            .collect();
        expected.sort();
        let db = cube_tables();
        let mut writer = cell_writer(&db, false).expect("writer");
        writer
            .write(rows.iter().map(|(k, m)| (k, m)))
            .expect("written");
        assert_eq!(stored(&db), expected);
        // Added to themselves: every measure doubles.
        let mut adder = cell_writer(&db, true).expect("adder");
        adder
            .write(rows.iter().map(|(k, m)| (k, m)))
            .expect("added");
        let doubled: Vec<_> = expected
            .iter()
            .map(|(p, month, n, vte)| (p.clone(), *month, 2 * n, 2 * vte))
            .collect();
        assert_eq!(stored(&db), doubled);
    }
}
