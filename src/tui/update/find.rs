//! `/`, `n` and `N`: jumping to the next match, and counting the matches
//! ("match 3 of 17") a little at a time, between frames, so that counting
//! through ten million events never holds up a key.

use super::nav::moved;
use crate::replay::search::find_text_where;
use crate::tui::model::{Level, Model};
use crate::tui::search::{self, Count, Query, KEPT};
use std::time::{Duration, Instant};

/// Events looked at between two checks of the clock while counting.
const CHUNK: u32 = 4096;

/// `n` / `N` and the search prompt: the next match among the shown rows.
pub fn search(model: &mut Model, text: &str, forward: bool) -> bool {
    let query = Query::new(text);
    if model.matches.as_ref().is_none_or(|c| c.query != query) {
        model.matches = Some(Count::new(query.clone()));
    }
    let found = search::find(
        model.index(),
        &model.source,
        &model.diag_events,
        model.rows(),
        model.cursor,
        &query,
        forward,
    );
    match found {
        Some((n, wrapped)) => {
            model.cursor = n;
            moved(model);
            let wrap = match (wrapped, forward) {
                (false, _) => "",
                (true, true) => " (search wrapped to the start)",
                (true, false) => " (search wrapped to the end)",
            };
            model.say(Level::Info, format!("/{text}: event {n}{wrap}"));
            true
        }
        None => {
            model.say(Level::Warning, format!("no event matches `{text}`"));
            false
        }
    }
}

/// Counts more of the last search's matches, for about `budget`; returns
/// whether the count changed (and the screen with it).
pub fn count_step(model: &mut Model, budget: Duration) -> bool {
    let total = model.total();
    let Some(count) = model.matches.as_mut() else {
        return false;
    };
    if count.counted >= total {
        return false;
    }
    let started = Instant::now();
    let (index, source) = (model.builder.index(), &model.source);
    while count.counted < total && started.elapsed() < budget {
        let (lo, hi) = (
            count.counted + 1,
            count.counted.saturating_add(CHUNK).min(total),
        );
        let mut found = Vec::new();
        find_text_where(index, source, lo, hi, count.query.key(), true, |n| {
            if search::matches(index, source, n, &count.query) {
                found.push(n);
            }
            false
        });
        let diagnosed = &model.diag_events;
        let from = diagnosed.partition_point(|&e| e < lo);
        let to = diagnosed.partition_point(|&e| e <= hi);
        found.extend(
            diagnosed[from..to]
                .iter()
                .filter(|&&n| search::matches(index, source, n, &count.query)),
        );
        found.sort_unstable();
        found.dedup();
        let room = KEPT - count.hits.len();
        count.more |= found.len() > room;
        count.hits.extend(found.into_iter().take(room));
        count.counted = hi;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_counted_between_frames_and_the_cursor_placed_among_them() {
        let log = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-logs/bank.jsonl"
        ))
        .unwrap();
        let mut m = Model::from_log(&log, "bank.jsonl".into(), 0);
        m.search = Some("acc-dave".into());
        assert!(search(&mut m, "acc-dave", true));
        assert_eq!(m.cursor, 9);
        let count = |m: &Model| m.matches.as_ref().unwrap().describe(m.cursor, m.total());
        assert_eq!(count(&m), "counting matches: 0 so far");
        assert!(count_step(&mut m, Duration::from_secs(5)));
        assert!(!count_step(&mut m, Duration::from_secs(5)), "all counted");
        let hits = m.matches.as_ref().unwrap().hits.clone();
        assert_eq!(hits.first(), Some(&9));
        assert_eq!(count(&m), format!("match 1 of {}", hits.len()));
        assert!(search(&mut m, "acc-dave", true));
        assert_eq!(count(&m), format!("match 2 of {}", hits.len()));
    }
}
