//! The live log on a real file: loading, following, truncation and
//! rotation, as the run loop drives them.

use super::*;
use crate::tui::breakpoint::Condition;
use crate::tui::message::Message;
use crate::tui::update::update;
use std::fs::{self, OpenOptions};
use std::io::Write;

fn event(kind: &str, account: &str, amount: u32) -> String {
    format!(
        "{{\"type\":\"{kind}\",\"account\":\"{account}\",\"data\":{{\"amount\":{amount},\"initial_balance\":{amount}}}}}\n"
    )
}

pub(super) fn log(events: &[(&str, &str, u32)]) -> String {
    events.iter().map(|&(k, a, n)| event(k, a, n)).collect()
}

pub(super) fn append(path: &Path, text: &str) {
    let mut file = OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// The debugger's model and load on `path`, as `run` sets them up,
/// loaded to the end.
pub(super) fn open(path: &Path, follow: bool) -> (Model, Load) {
    let source = Arc::new(Source::open(path).unwrap());
    let options = LoadOptions {
        whole_lines_only: follow,
        skips: Default::default(),
        ..LoadOptions::default()
    };
    let (mut feed, mut builder) = Feed::start(Arc::clone(&source), &options).unwrap();
    feed.step(&mut builder, true).unwrap();
    let mut model = Model::new(source, builder, "live.jsonl".into(), u32::MAX);
    model.following = follow;
    update(
        &mut model,
        Message::Resize {
            width: 120,
            height: 40,
        },
    );
    let mut load = Load::new(path, feed, None);
    load.settle(&mut model);
    settle(&mut model, &mut load);
    (model, load)
}

/// Loads whatever is loading to the end.
pub(super) fn settle(model: &mut Model, load: &mut Load) {
    while load.is_loading() {
        load.advance(model).unwrap();
    }
    load.settle(model);
}

/// One look at the file, as the run loop does when it is time to.
pub(super) fn tick(model: &mut Model, load: &mut Load) -> bool {
    load.next_look = Instant::now();
    let changed = load.watch(model, Instant::now());
    settle(model, load);
    changed
}

fn text(model: &Model) -> String {
    model
        .notice
        .as_ref()
        .map_or(String::new(), |m| m.text.clone())
}

pub(super) const OPEN_A: (&str, &str, u32) = ("AccountOpened", "a", 100);
const OPEN_B: (&str, &str, u32) = ("AccountOpened", "b", 5);
pub(super) const DEPOSIT_A: (&str, &str, u32) = ("MoneyDeposited", "a", 1);

#[test]
fn followed_the_cursor_stays_put_unless_it_is_on_the_last_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, log(&[OPEN_A, DEPOSIT_A])).unwrap();
    let (mut model, mut load) = open(&path, true);
    assert_eq!((model.cursor, model.total()), (2, 2));
    let status = crate::tui::tests::text(&model);
    assert!(
        status.lines().last().unwrap().contains("following"),
        "{status}"
    );
    append(&path, &log(&[DEPOSIT_A, OPEN_B]));
    assert!(tick(&mut model, &mut load));
    assert_eq!(
        (model.cursor, model.total()),
        (4, 4),
        "on the last event: follows"
    );
    update(&mut model, Message::Back);
    append(&path, &log(&[DEPOSIT_A]));
    tick(&mut model, &mut load);
    assert_eq!((model.cursor, model.total()), (3, 5), "elsewhere: stays");
    assert!(
        !tick(&mut model, &mut load),
        "nothing new: nothing to redraw"
    );
}

#[test]
fn the_account_filter_and_its_breakpoints_grow_with_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, log(&[OPEN_A, OPEN_B, DEPOSIT_A])).unwrap();
    let (mut model, mut load) = open(&path, true);
    update(&mut model, Message::ToggleAccountFilter);
    assert_eq!(model.filter.as_ref().unwrap().events, [1, 3]);
    assert_eq!(model.cursor, 3);
    append(&path, &log(&[OPEN_B, DEPOSIT_A]));
    tick(&mut model, &mut load);
    assert_eq!(model.filter.as_ref().unwrap().events, [1, 3, 5]);
    assert_eq!(model.cursor, 5, "on the last shown event: follows");
}

#[test]
fn not_followed_a_grown_log_is_only_announced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, log(&[OPEN_A])).unwrap();
    let (mut model, mut load) = open(&path, false);
    append(&path, &log(&[DEPOSIT_A]));
    assert!(tick(&mut model, &mut load));
    assert_eq!(model.total(), 1);
    assert_eq!(text(&model), "live.jsonl has grown: press F to follow it");
    model.notice = None;
    assert!(!tick(&mut model, &mut load), "said once");
    update(&mut model, Message::ToggleFollow);
    assert!(model.following);
    tick(&mut model, &mut load);
    assert_eq!(model.total(), 2);
}

#[test]
fn a_truncated_log_is_reloaded_keeping_the_cursor_and_breakpoints_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(
        &path,
        log(&[OPEN_A, OPEN_B, DEPOSIT_A, DEPOSIT_A, DEPOSIT_A]),
    )
    .unwrap();
    let (mut model, mut load) = open(&path, false);
    update(&mut model, Message::OpenBreakpointPrompt);
    for c in "account b".chars() {
        update(&mut model, Message::Input(c));
    }
    update(&mut model, Message::Submit);
    update(&mut model, Message::OpenBreakpointPrompt);
    for c in "balance a < 0".chars() {
        update(&mut model, Message::Input(c));
    }
    update(&mut model, Message::Submit);
    assert_eq!(model.breakpoints.len(), 2);
    crate::tui::update::go_to(&mut model, 4);
    // Rewritten shorter, with the accounts in another order.
    fs::write(&path, log(&[OPEN_B, OPEN_A, DEPOSIT_A])).unwrap();
    assert!(tick(&mut model, &mut load));
    assert_eq!(model.total(), 3);
    assert_eq!(model.cursor, 3, "clamped to the new end");
    assert!(text(&model).contains("was truncated: loaded again from the start"));
    let b = model.index().lookup("b").unwrap();
    let a = model.index().lookup("a").unwrap();
    assert_eq!((a, b), (1, 0));
    match &model.breakpoints[0].condition {
        Condition::Touches { account, events } => {
            assert_eq!((*account, events.as_slice()), (b, &[1][..]))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        model.breakpoints[1].condition,
        Condition::Balance { account, .. } if account == a
    ));
}

#[test]
fn a_rotated_log_is_reloaded_when_followed_and_announced_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    fs::write(&path, log(&[OPEN_A, DEPOSIT_A])).unwrap();
    let (mut model, mut load) = open(&path, false);
    fs::rename(&path, dir.path().join("live.jsonl.1")).unwrap();
    tick(&mut model, &mut load);
    assert!(model.deleted);
    assert!(text(&model).contains("was deleted or moved away"));
    let status = crate::tui::tests::text(&model);
    assert!(
        status.lines().last().unwrap().contains("log gone"),
        "{status}"
    );
    assert_eq!(model.total(), 2, "what was loaded stays");
    assert!(
        crate::tui::record::bytes(model.index(), &model.source, 2).is_some(),
        "and readable"
    );
    fs::write(&path, log(&[OPEN_B])).unwrap();
    tick(&mut model, &mut load);
    assert!(!model.deleted);
    assert!(text(&model).contains("replaced by a new file: still showing"));
    assert_eq!(model.total(), 2);
    update(&mut model, Message::ToggleFollow);
    tick(&mut model, &mut load);
    assert_eq!(model.total(), 1);
    assert_eq!(model.index().account_name(0), "b");
    assert!(text(&model).contains("was replaced by a new file: loaded again"));
}

#[test]
fn a_followed_partial_line_waits_for_its_newline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.jsonl");
    let deposit = event("MoneyDeposited", "a", 7);
    fs::write(&path, log(&[OPEN_A]) + &deposit[..10]).unwrap();
    let (mut model, mut load) = open(&path, true);
    assert_eq!(model.total(), 1);
    assert!(model.index().diagnostics().is_empty());
    append(&path, &deposit[10..]);
    tick(&mut model, &mut load);
    assert_eq!(model.total(), 2);
    assert!(model.index().diagnostics().is_empty());
}

#[test]
fn standard_input_cannot_be_followed() {
    let mut model = Model::from_log(log(&[OPEN_A]).as_bytes(), "-".into(), 1);
    update(&mut model, Message::ToggleFollow);
    assert!(!model.following);
    assert!(text(&model).contains("cannot follow standard input"));
}

#[test]
fn while_batches_keep_coming_the_loop_does_not_sleep_between_them() {
    let dir = std::env::temp_dir().join(format!("rewind-live-wait-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.jsonl");
    // Many ranges, so that the load is still going after a step.
    let line = event("MoneyDeposited", "a", 1);
    fs::write(&path, line.repeat((13 << 20) / line.len())).unwrap();
    let source = Arc::new(Source::open(&path).unwrap());
    let (feed, builder) = Feed::start(Arc::clone(&source), &LoadOptions::default()).unwrap();
    let mut model = Model::new(source, builder, "big.jsonl".into(), u32::MAX);
    let mut load = Load::new(&path, feed, None);
    let mut saw_zero = false;
    while load.is_loading() {
        load.advance(&mut model).unwrap();
        if !load.is_loading() {
            break;
        }
        let wait = load.wait(&model, Instant::now());
        assert!(wait <= Duration::from_millis(5), "{wait:?} while loading");
        saw_zero |= load.progressed && wait.is_zero();
    }
    assert!(
        saw_zero,
        "after folding a batch the loop asks for the next at once"
    );
    assert!(
        load.wait(&model, Instant::now()) >= Duration::from_millis(100),
        "loaded: it may sleep"
    );
    fs::remove_dir_all(&dir).ok();
}

/// The table of event ids is made big enough for the whole log only once
/// the first frame is on screen: at a billion bytes it is a hundred
/// megabytes to write, which the first frame must not wait for; and it is
/// compacted only once the frame showing the whole log is.
#[test]
fn room_for_every_id_is_made_after_the_first_frame() {
    let dir = std::env::temp_dir().join(format!("rewind-live-ids-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ids.jsonl");
    let lines: String = (0..60_000)
        .map(|i| {
            format!(
                "{{\"id\":\"e{i}\",\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":1}}\n"
            )
        })
        .collect();
    fs::write(&path, &lines).unwrap();
    let source = Arc::new(Source::open(&path).unwrap());
    let (feed, builder) = Feed::start(Arc::clone(&source), &LoadOptions::default()).unwrap();
    let mut model = Model::new(source, builder, "ids.jsonl".into(), u32::MAX);
    let mut load = Load::new(&path, feed, None);
    let expected = crate::replay::load::expected_events(lines.len() as u64);
    assert!(
        model.builder.ids().slots() * 3 / 4 < expected,
        "not made up front"
    );
    load.frame_drawn(&mut model);
    assert!(
        model.builder.ids().slots() * 3 / 4 >= expected,
        "made once drawn"
    );
    while load.is_loading() {
        load.advance(&mut model).unwrap();
    }
    assert_eq!(model.total(), 60_000);
    // The frame showing the whole log is not kept waiting for the ids to
    // be compacted: that comes after it.
    assert!(model.builder.ids().slots() * 3 / 4 >= expected, "not yet");
    load.frame_drawn(&mut model);
    assert_eq!(model.builder.ids().slots(), 1024, "compacted once drawn");
    assert_eq!(model.builder.ids().len(), 60_000);
    fs::remove_dir_all(&dir).ok();
}

/// A load that kept the user waiting says how many events it indexed, in
/// how long; a quick one says nothing.
#[test]
fn a_long_load_says_how_long_it_took() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slow.jsonl");
    fs::write(
        &path,
        log(&[("AccountOpened", "a", 5), ("MoneyDeposited", "a", 1)]),
    )
    .unwrap();
    for (waited, said) in [(0, None), (2, Some("2 events indexed in 2."))] {
        let source = Arc::new(Source::open(&path).unwrap());
        let (feed, builder) = Feed::start(Arc::clone(&source), &LoadOptions::default()).unwrap();
        let mut model = Model::new(source, builder, "slow.jsonl".into(), u32::MAX);
        let mut load = Load::new(&path, feed, None);
        load.started = Instant::now() - Duration::from_secs(waited);
        settle(&mut model, &mut load);
        let text = model.notice.as_ref().map(|m| m.text.clone());
        match said {
            None => assert_eq!(text, None),
            Some(start) => assert!(text.unwrap().starts_with(start)),
        }
    }
    assert_eq!(grouped(7_000_000), "7,000,000");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(1000), "1,000");
    assert_eq!(
        indexed_in(1, Duration::from_millis(1500)).unwrap(),
        "1 event indexed in 1.50 s"
    );
}
