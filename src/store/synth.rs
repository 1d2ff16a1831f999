//! Writing synthetic records (`portal synth`, built by `crate::synth`): every row in one
//! transaction, in multi-row statements, into a store that holds no records; the store's mark
//! (`synthetic_data`, migration 0009) is the transaction's last row, so it exists only when the
//! records are complete.

use super::dump::{TABLES, continue_sequences};
use super::{Backend, Store, StoreError, StoreResult};

/// One value of a generated row. Typed even when null: Postgres refuses a null of another type
/// (an integer null into a text column), and the `Any` driver sends nulls typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bytes(Vec<u8>),
}

impl Cell {
    pub fn int(value: i64) -> Cell {
        Cell::Int(Some(value))
    }

    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(Some(value.into()))
    }

    pub fn null_text() -> Cell {
        Cell::Text(None)
    }

    pub fn null_int() -> Cell {
        Cell::Int(None)
    }
}

/// The generated rows of one table.
#[derive(Debug, Clone)]
pub struct TableRows {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

impl TableRows {
    pub fn new(table: &'static str, columns: &'static [&'static str]) -> TableRows {
        TableRows {
            table,
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row; its cells follow `columns`.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.rows.push(row);
    }

    /// The cell of `column` in row `index`.
    pub fn cell(&self, index: usize, column: &str) -> Option<&Cell> {
        let position = self.columns.iter().position(|c| *c == column)?;
        self.rows.get(index)?.get(position)
    }
}

/// A whole synthetic store: every table's rows, parents before children, and what the mark
/// records.
#[derive(Debug, Clone)]
pub struct SyntheticData {
    pub seed: u64,
    pub municipalities: usize,
    pub badges: usize,
    pub tables: Vec<TableRows>,
}

impl SyntheticData {
    pub fn table(&self, name: &str) -> Option<&TableRows> {
        self.tables.iter().find(|t| t.table == name)
    }

    /// How many rows in all.
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }
}

/// What `synthetic_data` says of a store marked synthetic.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SyntheticMark {
    pub seed: i64,
    pub municipalities: i64,
    pub badges: i64,
    pub created_at: String,
}

/// Tables the migrations fill with reference data (the GCoM's pillars and phases): the
/// synthetic records use them as they are, so their rows do not make a store "not empty".
const REFERENCE_TABLES: &[&str] = &["pillars", "phases"];

/// Most values one statement binds: SQLite allows 32,766 and Postgres 65,535; fewer keeps
/// each statement a modest size.
const MAX_VALUES_PER_STATEMENT: usize = 16_000;
/// Most rows one statement inserts.
const MAX_ROWS_PER_STATEMENT: usize = 1_000;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Store {
    /// The store's synthetic mark, if `portal synth` filled it.
    pub async fn synthetic_mark(&self) -> StoreResult<Option<SyntheticMark>> {
        Ok(sqlx::query_as(
            "SELECT seed, municipalities, badges, created_at FROM synthetic_data WHERE id = 1",
        )
        .fetch_optional(self.pool())
        .await?)
    }

    /// Why this store may not take synthetic records, if it may not: it holds records (seeded,
    /// imported or entered) or synthetic ones already. Read again inside the writing
    /// transaction; this early look spares generating records for a store that refuses them.
    pub async fn refuses_synthetic_data(&self) -> StoreResult<Option<String>> {
        let mut conn = self.pool().acquire().await?;
        refusal(&mut conn).await
    }

    /// Writes `data` in one transaction, the mark last: all of it or nothing. Refused
    /// (`StoreError::Conflict`, saying why) when the store holds any record.
    #[tracing::instrument(skip_all, fields(rows = data.rows()))]
    pub async fn write_synthetic(&self, data: &SyntheticData) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // As the seed's loader does: a `portal serve` seeding this empty store at the same
            // moment waits for this transaction and then finds the strategy, instead of both
            // writing (SQLite's `BEGIN IMMEDIATE` already makes writers take turns).
            sqlx::query("LOCK TABLE strategy IN SHARE ROW EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        if let Some(why) = refusal(&mut tx).await? {
            tx.rollback().await?;
            return Err(StoreError::Conflict(why));
        }
        for table in &data.tables {
            let started = std::time::Instant::now();
            insert_rows(&mut tx, self.backend(), table).await?;
            tracing::debug!(table = table.table, rows = table.rows.len(), elapsed = ?started.elapsed(), "inserted");
        }
        if self.backend() == Backend::Postgres {
            continue_sequences(&mut tx).await?;
        }
        sqlx::query(
            "INSERT INTO synthetic_data (id, seed, municipalities, badges, created_at)
             VALUES (1, $1, $2, $3, $4)",
        )
        .bind(i64::try_from(data.seed).unwrap_or(i64::MAX))
        .bind(i64::try_from(data.municipalities).unwrap_or(i64::MAX))
        .bind(i64::try_from(data.badges).unwrap_or(i64::MAX))
        .bind(super::now_timestamp())
        .execute(&mut *tx)
        .await?;
        let started = std::time::Instant::now();
        tx.commit().await?;
        tracing::debug!(elapsed = ?started.elapsed(), "committed");
        // Fresh statistics, so that the planners pick the indexes for tables that went from
        // empty to large in one transaction (Postgres would only gather them later).
        sqlx::query("ANALYZE").execute(self.pool()).await?;
        Ok(())
    }
}

/// Why the store behind `conn` may not take synthetic records, if it may not.
async fn refusal(conn: &mut sqlx::AnyConnection) -> StoreResult<Option<String>> {
    if let Some(mark) = sqlx::query_as::<_, SyntheticMark>(
        "SELECT seed, municipalities, badges, created_at FROM synthetic_data WHERE id = 1",
    )
    .fetch_optional(&mut *conn)
    .await?
    {
        return Ok(Some(format!(
            "the store already holds synthetic data ({} municipalities, {} badges, seed {}, written {}); \
             run portal synth on a new, empty store (another DATABASE_URL)",
            mark.municipalities, mark.badges, mark.seed, mark.created_at
        )));
    }
    let mut held = Vec::new();
    for (table, _) in TABLES {
        if REFERENCE_TABLES.contains(table) {
            continue;
        }
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *conn)
            .await?;
        if rows > 0 {
            held.push(format!("{rows} {table}"));
        }
    }
    if held.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!(
        "the store holds records that are not synthetic ({}); portal synth never writes into a \
         store with real records: run it on a new, empty store (another DATABASE_URL, then \
         portal synth before the first portal serve, which would load the strategy's seed)",
        held.join(", ")
    )))
}

/// Inserts a table's rows, as many per statement as the bound values allow.
async fn insert_rows(tx: &mut Tx, backend: Backend, table: &TableRows) -> StoreResult<()> {
    let width = table.columns.len().max(1);
    let per_statement = (MAX_VALUES_PER_STATEMENT / width).clamp(1, MAX_ROWS_PER_STATEMENT);
    let columns = table.columns.join(", ");
    for chunk in table.rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO {} ({columns}) VALUES {}",
            table.table,
            placeholders(backend, chunk.len(), width)
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for cell in row {
                query = match cell {
                    Cell::Int(value) => query.bind(*value),
                    Cell::Real(value) => query.bind(*value),
                    Cell::Text(value) => query.bind(value.as_deref()),
                    Cell::Bytes(value) => query.bind(value.as_slice()),
                };
            }
        }
        query
            .execute(&mut **tx)
            .await
            .map_err(|error| match error {
                // A generated row that breaks a rule of the schema is a bug of the generator: say
                // which table, so it is found.
                sqlx::Error::Database(e) => StoreError::Invalid(format!("{}: {e}", table.table)),
                other => other.into(),
            })?;
    }
    Ok(())
}

/// `($1, $2), ($3, $4)` for `rows` rows of `width` values; on SQLite `(?, ?), (?, ?)`, whose
/// numbers SQLite assigns in order (a named `$n` costs SQLite a search of the names before it,
/// which makes a statement of thousands of values take seconds).
fn placeholders(backend: Backend, rows: usize, width: usize) -> String {
    let mut out = String::with_capacity(rows * width * 6);
    for row in 0..rows {
        if row > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for column in 0..width {
            if column > 0 {
                out.push_str(", ");
            }
            match backend {
                Backend::Sqlite => out.push('?'),
                Backend::Postgres => {
                    out.push('$');
                    out.push_str(&(row * width + column + 1).to_string());
                }
            }
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(
            placeholders(Backend::Postgres, 2, 3),
            "($1, $2, $3), ($4, $5, $6)"
        );
        assert_eq!(placeholders(Backend::Postgres, 1, 1), "($1)");
        assert_eq!(placeholders(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
    }
}
