//! The one statement a database read sends: the rows of a table (or of the
//! user's `--query`), narrowed in the database by the schema's `where`,
//! `--account`, `--since` and `--until`, in the order of `order_by`; when
//! following, only the rows past the last position read.
//!
//! Values are written into the statement as quoted literals, so that the
//! database converts them to the column's own type (a `uuid`, a
//! `timestamptz`) and its indexes serve the condition; `--explain` prints
//! exactly this text.

use super::request::{Dialect, Request};
use crate::schema::Schema;

/// A statement, ready to send once per poll.
#[derive(Debug, Clone)]
pub struct Plan {
    pub dialect: Dialect,
    /// `SELECT … FROM … t WHERE …` (without the position condition or the
    /// order).
    head: String,
    conditions: Vec<String>,
    order_by: Option<String>,
    /// The single column that orders the rows, when there is one: the
    /// position `--follow` reads past.
    pub position: Option<String>,
}

/// `'it''s'`: a string literal. NUL cannot be sent and is refused.
pub fn literal(text: &str) -> Result<String, String> {
    if text.contains('\0') {
        return Err("a value holds a NUL character".into());
    }
    Ok(format!("'{}'", text.replace('\'', "''")))
}

/// `"col"`: an identifier, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A bare column name (letters, digits, `_`), which can be quoted safely.
fn is_column(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The SQL for a (possibly dotted) path of the row: `t."a"` or, for
/// `a.b`, the JSON member `b` of column `a`, as text.
fn path_sql(path: &str, dialect: Dialect) -> Option<String> {
    let mut parts = path.split('.');
    let column = parts.next().filter(|c| is_column(c))?;
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return Some(format!("t.{}", ident(column)));
    }
    Some(match dialect {
        Dialect::Postgres => {
            let keys: Vec<String> = rest
                .iter()
                .map(|k| k.replace(['{', '}', ','], ""))
                .collect();
            format!("(t.{}::jsonb #>> '{{{}}}')", ident(column), keys.join(","))
        }
        Dialect::Sqlite => format!(
            "json_extract(t.{}, '$.{}')",
            ident(column),
            rest.join(".").replace('\'', "''")
        ),
    })
}

/// The bounds of `--since`/`--until`: a date alone means the start (or
/// the end) of that day, UTC.
fn moment(text: &str, end: bool) -> String {
    let t = text.trim();
    let is_date = t.len() == 10 && t.as_bytes().get(4) == Some(&b'-');
    match (is_date, end) {
        (true, false) => format!("{t}T00:00:00Z"),
        (true, true) => format!("{t}T23:59:59.999999Z"),
        (false, _) => t.to_owned(),
    }
}

/// The statement for `request` against a store read with `schema`.
pub fn plan(schema: &Schema, request: &Request, dialect: Dialect) -> Result<Plan, String> {
    let source = schema.source();
    let from = match (&request.query, &request.table, &source.table) {
        (Some(q), _, _) => format!("({}) t", q.trim().trim_end_matches(';')),
        (None, Some(table), _) | (None, None, Some(table)) => format!("{table} t"),
        (None, None, None) => {
            return Err(format!(
                "no table to read: the schema {} has no [source] table; give --table NAME or --query SELECT",
                schema.name()
            ))
        }
    };
    let mut conditions = Vec::new();
    if let (Some(w), None) = (&source.condition, &request.query) {
        conditions.push(format!("({w})"));
    }
    let filter = |flag: &str, path: &str| {
        path_sql(path, dialect).ok_or_else(|| {
            format!("{flag}: the schema reads it from `{path}`, which is not a column of the rows")
        })
    };
    if let Some(account) = &request.account {
        let column = filter("--account", schema.account_path())?;
        conditions.push(format!("{column} = {}", literal(account)?));
    }
    for (flag, value, op, end) in [
        ("--since", &request.since, ">=", false),
        ("--until", &request.until, "<=", true),
    ] {
        if let Some(value) = value {
            let column = filter(flag, schema.timestamp_path())?;
            let bound = literal(&moment(value, end))?;
            conditions.push(match dialect {
                Dialect::Postgres if column.ends_with(')') => {
                    format!("{column}::timestamptz {op} {bound}")
                }
                Dialect::Postgres => format!("{column} {op} {bound}"),
                Dialect::Sqlite => format!("julianday({column}) {op} julianday({bound})"),
            });
        }
    }
    let order_by = source.order_by.clone();
    let position = order_by
        .as_deref()
        .map(str::trim)
        .filter(|o| is_column(o))
        .map(str::to_owned);
    // PostgreSQL writes the row's JSON itself (exact numerics, JSON
    // columns nested, times in ISO 8601), and the position beside it.
    let head = match (dialect, &position) {
        (Dialect::Postgres, Some(c)) => {
            format!(
                "SELECT row_to_json(t)::text, (t.{})::text AS rewind_position FROM {from}",
                ident(c)
            )
        }
        (Dialect::Postgres, None) => format!("SELECT row_to_json(t)::text FROM {from}"),
        (Dialect::Sqlite, _) => format!("SELECT * FROM {from}"),
    };
    Ok(Plan {
        dialect,
        head,
        conditions,
        order_by,
        position,
    })
}

impl Plan {
    /// The statement; `after` a position, only the rows past it.
    pub fn sql(&self, after: Option<&str>) -> Result<String, String> {
        let mut conditions = self.conditions.clone();
        if let (Some(last), Some(column)) = (after, &self.position) {
            let value = match last.parse::<i64>() {
                Ok(n) => n.to_string(),
                Err(_) => literal(last)?,
            };
            conditions.push(format!("t.{} > {value}", ident(column)));
        }
        let mut sql = self.head.clone();
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        if let Some(order) = &self.order_by {
            sql.push_str(" ORDER BY ");
            sql.push_str(order);
        }
        Ok(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marten() -> std::sync::Arc<Schema> {
        Schema::load("marten").unwrap()
    }

    #[test]
    fn account_and_times_are_pushed_into_the_where() {
        let request = Request {
            account: Some("o'brien".into()),
            since: Some("2024-05-06".into()),
            until: Some("2024-05-07T00:00:00Z".into()),
            ..Request::default()
        };
        let plan = plan(&marten(), &request, Dialect::Postgres).unwrap();
        assert_eq!(
            plan.sql(None).unwrap(),
            "SELECT row_to_json(t)::text, (t.\"seq_id\")::text AS rewind_position FROM mt_events t WHERE t.\"stream_id\" = 'o''brien' AND t.\"timestamp\" >= '2024-05-06T00:00:00Z' AND t.\"timestamp\" <= '2024-05-07T00:00:00Z' ORDER BY seq_id"
        );
        assert!(plan
            .sql(Some("41"))
            .unwrap()
            .ends_with("AND t.\"seq_id\" > 41 ORDER BY seq_id"));
    }

    #[test]
    fn a_nested_time_is_read_from_its_json_column() {
        let request = Request {
            since: Some("2024-03-11".into()),
            table: Some("bank.events".into()),
            ..Request::default()
        };
        let schema = Schema::load("cqrs-es").unwrap();
        let pg = plan(&schema, &request, Dialect::Postgres).unwrap();
        assert!(pg.sql(None).unwrap().contains(
            "FROM bank.events t WHERE (t.\"metadata\"::jsonb #>> '{time}')::timestamptz >= '2024-03-11T00:00:00Z'"
        ));
        assert_eq!(pg.position, None, "cqrs-es has no global position");
        let lite = plan(&schema, &request, Dialect::Sqlite).unwrap();
        assert!(lite.sql(None).unwrap().contains(
            "julianday(json_extract(t.\"metadata\", '$.time')) >= julianday('2024-03-11T00:00:00Z')"
        ));
    }

    #[test]
    fn a_schema_without_a_table_needs_one_named() {
        let err = plan(&Schema::bank(), &Request::default(), Dialect::Sqlite).unwrap_err();
        assert!(err.contains("--table"), "{err}");
    }
}
