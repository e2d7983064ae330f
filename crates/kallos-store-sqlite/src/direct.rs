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
/// parameters 1–12, those of the row before (`last`) left bound.
fn bind_cell(
    stmt: &mut Statement<'_>,
    k: &RollupKey,
    last: Option<&RollupKey>,
) -> rusqlite::Result<()> {
    bind_changed(stmt, 1, k, last, |k| k.society_id)?;
    bind_changed(stmt, 2, k, last, |k| k.year)?;
    bind_changed(stmt, 3, k, last, |k| k.month)?;
    bind_changed(stmt, 4, k, last, |k| k.country.as_str())?;
    bind_changed(stmt, 5, k, last, |k| k.residence.as_str())?;
    bind_changed(stmt, 6, k, last, |k| k.procedure.as_str())?;
    bind_changed(stmt, 7, k, last, |k| k.sex.as_str())?;
    bind_changed(stmt, 8, k, last, |k| k.age_band)?;
    bind_changed(stmt, 9, k, last, |k| k.setting.as_str())?;
    bind_changed(stmt, 10, k, last, |k| k.bmi_band)?;
    bind_changed(stmt, 11, k, last, |k| k.smoker)?;
    bind_changed(stmt, 12, k, last, |k| k.combined)
}

/// Binds a margin row's 6 dimensions, in `MARGIN_DIMENSIONS` order, as
/// parameters 1–6, those of the row before (`last`) left bound.
fn bind_margin(
    stmt: &mut Statement<'_>,
    k: &MarginKey,
    last: Option<&MarginKey>,
) -> rusqlite::Result<()> {
    bind_changed(stmt, 1, k, last, |k| k.society_id)?;
    bind_changed(stmt, 2, k, last, |k| k.year)?;
    bind_changed(stmt, 3, k, last, |k| k.quarter)?;
    bind_changed(stmt, 4, k, last, |k| k.country.as_str())?;
    bind_changed(stmt, 5, k, last, |k| k.kind.as_str())?;
    bind_changed(stmt, 6, k, last, |k| k.value.as_str())
}

/// `INSERT` of every column of `table`, in the order the binders use; with
/// `add`, a row already there gets the measures added to its own.
fn insert_sql(table: &str, dimensions: &str, add: bool) -> String {
    let names = Measures::NAMES.join(", ");
    let count = dimensions.split(',').count() + Measures::NAMES.len();
    let params: Vec<String> = (1..=count).map(|i| format!("?{i}")).collect();
    let mut sql = format!(
        "INSERT INTO {table} ({dimensions}, {names}) VALUES ({})",
        params.join(", ")
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

/// Writes rows of a table of dimensions and measures: inserted, or with
/// `add` added to the rows already there, through one statement prepared
/// once for every call of [`RowWriter::write`].
pub(crate) struct RowWriter<'c, K> {
    stmt: Statement<'c>,
    first_measure: usize,
    /// Binds a row's dimensions as the first parameters; its measures follow.
    bind: fn(&mut Statement<'_>, &K, Option<&K>) -> rusqlite::Result<()>,
}

impl<'c, K> RowWriter<'c, K> {
    fn new(
        db: &'c rusqlite::Connection,
        table: &str,
        dimensions: &str,
        bind: fn(&mut Statement<'_>, &K, Option<&K>) -> rusqlite::Result<()>,
        add: bool,
    ) -> rusqlite::Result<Self> {
        Ok(Self {
            stmt: db.prepare(&insert_sql(table, dimensions, add))?,
            first_measure: dimensions.split(',').count() + 1,
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
        // The rows of an earlier call are gone: the first row binds all.
        let mut last = None;
        let mut last_key = None;
        for (k, m) in rows {
            (self.bind)(&mut self.stmt, k, last_key)?;
            bind_measures(&mut self.stmt, self.first_measure, m, &mut last)?;
            self.stmt.raw_execute()?;
            last_key = Some(k);
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
