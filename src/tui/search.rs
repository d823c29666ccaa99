//! Text search over the raw records: the type, the account and any other
//! text in an event all live in its bytes, so a search never decodes JSON.

use super::record;
use super::rows::Rows;
use crate::log::Source;
use crate::replay::search::find_text;
use crate::replay::Index;

/// Whether `needle` occurs in `haystack`, ASCII letters compared without
/// regard to case. An empty needle is everywhere.
pub fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return true;
    }
    let first = needle[0].to_ascii_lowercase();
    haystack.len() >= needle.len()
        && (0..=haystack.len() - needle.len()).any(|i| {
            haystack[i].to_ascii_lowercase() == first
                && haystack[i..i + needle.len()].eq_ignore_ascii_case(needle)
        })
}

/// Whether event `n` matches `query`.
pub fn matches(index: &Index, source: &Source, n: u32, query: &str) -> bool {
    record::bytes(index, source, n)
        .is_some_and(|bytes| contains_ignore_case(&bytes, query.as_bytes()))
}

/// The next shown event (of `rows`) after `from` (or before it, backward)
/// that matches, wrapping round the log; and whether it wrapped. Over the whole
/// log this reads the file in large blocks (see `replay::search`); with
/// the account filter on, only the filter's events are read.
pub fn find(
    index: &Index,
    source: &Source,
    rows: Rows<'_>,
    from: u32,
    query: &str,
    forward: bool,
) -> Option<(u32, bool)> {
    if let Rows::All(total) = rows {
        let find = |lo: u32, hi: u32| find_text(index, source, lo, hi, query, forward);
        return if forward {
            find(from.saturating_add(1), total)
                .map(|n| (n, false))
                .or_else(|| find(1, from).map(|n| (n, true)))
        } else {
            find(1, from.saturating_sub(1))
                .map(|n| (n, false))
                .or_else(|| find(from.max(1), total).map(|n| (n, true)))
        };
    }
    rows.wrapping(from, forward)
        .find(|&(n, _)| matches(index, source, n, query))
}

/// The first shown event (of `rows`) after `from` that matches, without
/// wrapping round: what a search waiting for the load looks at as events
/// come in (only the new ones).
pub fn find_after(
    index: &Index,
    source: &Source,
    rows: Rows<'_>,
    from: u32,
    query: &str,
) -> Option<u32> {
    match rows {
        Rows::All(total) if from < total => find_text(index, source, from + 1, total, query, true),
        Rows::All(_) => None,
        Rows::Only(events) => events[events.partition_point(|&e| e <= from)..]
            .iter()
            .copied()
            .find(|&n| matches(index, source, n, query)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_is_ignored_for_ascii_only() {
        assert!(contains_ignore_case(b"MoneyDeposited", b"deposit"));
        assert!(contains_ignore_case(b"abc", b""));
        assert!(!contains_ignore_case(b"ab", b"abc"));
        assert!(contains_ignore_case(b"x acc-Bob y", b"ACC-BOB"));
    }

    #[test]
    fn search_wraps_round() {
        let log = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-logs/bank.jsonl"
        ))
        .unwrap();
        let m = crate::tui::model::Model::from_log(&log, "bank.jsonl".into(), 0);
        let find =
            |from, query, forward| find(m.index(), &m.source, m.rows(), from, query, forward);
        assert_eq!(find(0, "acc-dave", true), Some((9, false)));
        assert_eq!(find(17, "acc-dave", true), Some((9, true)));
        assert_eq!(find(9, "acc-dave", false), Some((17, true)));
        assert_eq!(find(0, "no such text", true), None);
    }
}
