//! A schema's `[source]` table: where a database keeps the log's rows
//! (`table`), the column that orders them (`order_by`, the store's global
//! position) and, optionally, a condition of the user's own (`where`).
//! Only read when the log is a database; a file ignores it.

use serde::Deserialize;

/// The `[source]` table as written, and as compiled: there is nothing to
/// compile, but each key is checked to be one line of SQL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceTable {
    /// The table (or view) the rows are in, as SQL (`events`,
    /// `message_store.messages`).
    pub table: Option<String>,
    /// The column (or columns, comma-separated) that orders the rows; one
    /// column for `--follow`, which reads the rows past the last one seen.
    pub order_by: Option<String>,
    /// A condition every row read must meet, as SQL.
    #[serde(rename = "where")]
    pub condition: Option<String>,
}

impl SourceTable {
    /// Refuses a key holding a `;` or a line break: each is spliced into
    /// one statement, and a second statement is never what was meant.
    pub(super) fn check(&self) -> Result<(), String> {
        let keys = [
            ("table", &self.table),
            ("order_by", &self.order_by),
            ("where", &self.condition),
        ];
        for (key, value) in keys {
            if let Some(v) = value {
                if v.trim().is_empty() || v.contains([';', '\n', '\r', '\0']) {
                    return Err(format!(
                        "source.{key}: one line of SQL without `;`, got {v:?}"
                    ));
                }
            }
        }
        Ok(())
    }
}
