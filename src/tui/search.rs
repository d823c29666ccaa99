//! Text search that finds what the screen shows. An event matches when the
//! query occurs in its raw record, in its row as the list shows it (the
//! amount with its `−`), in the detail pane's pretty JSON, or in its
//! diagnostics' codes and messages. Both sides are compared in one
//! [`normal`] form: case folded for every script, `−` read as `-`, and the
//! layout's whitespace around JSON punctuation dropped, so `"seq": 14` as
//! the pane prints it finds `"seq":14` as the log writes it.
//!
//! Over the whole log the raw file is first searched in large blocks for the
//! query's longest ASCII word (see `replay::search`), which every match must
//! hold; only those events are decoded and compared.

use super::format::{amount_text, Amount};
use super::record;
use super::rows::Rows;
use crate::log::Source;
use crate::replay::search::find_text_where;
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

/// One character as search compares it: lower case (every script), and the
/// minus sign shown in amounts as the ASCII one typed.
pub fn fold(c: char) -> impl Iterator<Item = char> {
    let c = if c == super::format::MINUS { '-' } else { c };
    c.to_lowercase()
}

/// `text` in the form search compares: folded (see [`fold`]), whitespace
/// next to JSON punctuation dropped and other runs of it made one space.
pub fn normal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let glue = |c: char| ":,{}[]".contains(c);
        if space && !out.is_empty() && !glue(c) && !out.ends_with(glue) {
            out.push(' ');
        }
        space = false;
        out.extend(fold(c));
    }
    out
}

/// A search: what was typed, its [`normal`] form, and the longest ASCII
/// word in it, which every matching record holds in its raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    normal: String,
    key: String,
    /// Every ASCII word of the query, numbers without their trailing
    /// zeros: what a matching record holds in its bytes, checked before it
    /// is decoded.
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let normal = normal(text);
        let longest = |words: std::str::Split<'_, fn(char) -> bool>| {
            words.max_by_key(|word| word.len()).unwrap_or("").to_owned()
        };
        let not_ascii_word: fn(char) -> bool = |c| !c.is_ascii_alphanumeric();
        let mut key = longest(normal.split(not_ascii_word));
        if key.is_empty() {
            // No ASCII word (`☕`): a run of characters that have no case
            // and are shown as written stands in the raw bytes as typed.
            let shown_as_typed: fn(char) -> bool = |c| {
                c.is_ascii() || c == super::format::MINUS || c.to_lowercase().ne(c.to_uppercase())
            };
            key = longest(text.split(shown_as_typed));
        }
        if key.is_empty() && normal.is_ascii() {
            // Punctuation only (`:`): as written, or every record is read.
            key = normal.trim().to_owned();
        }
        let words = normal
            .split(not_ascii_word)
            .map(|w| match w.bytes().all(|b| b.is_ascii_digit()) {
                true => w.trim_end_matches('0'),
                false => w,
            })
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Query {
            text: text.to_owned(),
            normal,
            key,
            words,
        }
    }

    /// The word every matching record holds in its raw bytes.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether the query occurs in `text` (compared in [`normal`] form).
    pub fn found_in(&self, text: &str) -> bool {
        normal(text).contains(&self.normal)
    }
}

/// Whether event `n`'s diagnostics (code or message) hold the query.
fn in_diagnostics(index: &Index, n: u32, query: &Query) -> bool {
    index
        .diagnostics_of(n)
        .iter()
        .any(|d| query.found_in(&format!("{} {}", d.code, d.message)))
}

/// Whether the record (already read) of event `n`, or its row as shown,
/// holds the query.
fn in_record(index: &Index, n: u32, bytes: &[u8], query: &Query) -> bool {
    let lower = bytes.to_ascii_lowercase();
    if !query
        .words
        .iter()
        .all(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some())
    {
        return false;
    }
    let raw = String::from_utf8_lossy(bytes);
    if query.found_in(&raw) {
        return true;
    }
    let Some(info) = record::decode(index, n, bytes) else {
        return false;
    };
    let mut row = format!(
        "{} {} {}",
        info.type_name,
        info.account,
        amount_text(&info.amount)
    );
    if let Amount::Transfer { to, .. } = &info.amount {
        row.push_str(&format!(" → {to}"));
    }
    for extra in [
        info.time.clone(),
        info.id.clone(),
        info.seq.map(|s| s.to_string()),
    ]
    .into_iter()
    .flatten()
    {
        row.push(' ');
        row.push_str(&extra);
    }
    query.found_in(&row)
}

/// Whether event `n` matches `query`.
pub fn matches(index: &Index, source: &Source, n: u32, query: &Query) -> bool {
    in_diagnostics(index, n, query)
        || record::bytes(index, source, n).is_some_and(|bytes| in_record(index, n, &bytes, query))
}

/// The first (forward) or last event in `lo..=hi` that matches: the
/// nearer of a match in the records (found through the raw key) and one in
/// the diagnostics (`diagnosed`: the events with any, ascending).
pub fn find_in(
    index: &Index,
    source: &Source,
    diagnosed: &[u32],
    (lo, hi): (u32, u32),
    query: &Query,
    forward: bool,
) -> Option<u32> {
    let in_text = find_text_where(index, source, lo, hi, &query.key, forward, |n| {
        record::bytes(index, source, n).is_some_and(|bytes| in_record(index, n, &bytes, query))
    });
    let range = &diagnosed[diagnosed.partition_point(|&e| e < lo)..];
    let range = &range[..range.partition_point(|&e| e <= hi)];
    let ok = |&&n: &&u32| in_diagnostics(index, n, query);
    let in_diag = if forward {
        range.iter().find(ok)
    } else {
        range.iter().rev().find(ok)
    }
    .copied();
    match (in_text, in_diag) {
        (Some(a), Some(b)) => Some(if forward { a.min(b) } else { a.max(b) }),
        (a, b) => a.or(b),
    }
}

/// The next shown event (of `rows`) after `from` (or before it, backward)
/// that matches, wrapping round the log; and whether it wrapped.
pub fn find(
    index: &Index,
    source: &Source,
    diagnosed: &[u32],
    rows: Rows<'_>,
    from: u32,
    query: &Query,
    forward: bool,
) -> Option<(u32, bool)> {
    if let Rows::All(total) = rows {
        let find = |lo: u32, hi: u32| find_in(index, source, diagnosed, (lo, hi), query, forward);
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
    diagnosed: &[u32],
    rows: Rows<'_>,
    from: u32,
    query: &Query,
) -> Option<u32> {
    match rows {
        Rows::All(total) if from < total => {
            find_in(index, source, diagnosed, (from + 1, total), query, true)
        }
        Rows::All(_) => None,
        Rows::Only(events) => events[events.partition_point(|&e| e <= from)..]
            .iter()
            .copied()
            .find(|&n| matches(index, source, n, query)),
    }
}

/// The byte ranges of `text` where the query occurs, compared character by
/// character in folded form (whitespace as written), for highlighting.
pub fn spans_in(text: &str, query: &str) -> Vec<(usize, usize)> {
    let needle: Vec<char> = query.chars().flat_map(fold).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    // Each folded character with the byte range of the character it is of.
    let folded: Vec<(char, usize, usize)> = text
        .char_indices()
        .flat_map(|(at, c)| fold(c).map(move |f| (f, at, at + c.len_utf8())))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= folded.len() {
        if folded[i..i + needle.len()]
            .iter()
            .zip(&needle)
            .all(|(f, n)| f.0 == *n)
        {
            let (start, end) = (folded[i].1, folded[i + needle.len() - 1].2);
            if out.last().is_none_or(|&(_, e)| e <= start) {
                out.push((start, end));
            }
            i += needle.len();
        } else {
            i += 1;
        }
    }
    out
}

/// The most matches whose places are kept; past it the count says "or more".
pub const KEPT: usize = 1 << 20;

/// The matches of the last search, counted so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub query: Query,
    /// Events 1..=`counted` have been looked at.
    pub counted: u32,
    /// The matching events among them, ascending (at most [`KEPT`]).
    pub hits: Vec<u32>,
    /// More matched than were kept.
    pub more: bool,
}

impl Count {
    pub fn new(query: Query) -> Count {
        Count {
            query,
            counted: 0,
            hits: Vec::new(),
            more: false,
        }
    }

    /// `match 3 of 17`, `match 3 of 17+` while still counting, `17 matches`
    /// off a match.
    pub fn describe(&self, cursor: u32, total: u32) -> String {
        let more = if self.more || self.counted < total {
            "+"
        } else {
            ""
        };
        let total_hits = self.hits.len();
        if cursor > self.counted && !self.more {
            return format!("counting matches: {total_hits} so far");
        }
        match self.hits.binary_search(&cursor) {
            Ok(k) => format!("match {} of {total_hits}{more}", k + 1),
            Err(_) => format!("{total_hits}{more} matches"),
        }
    }
}

#[cfg(test)]
mod tests;
