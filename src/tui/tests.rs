//! Render tests: each screen drawn into ratatui's `TestBackend` at a fixed
//! size and compared with a reviewed snapshot in `src/tui/snapshots/`.
//! Also the helpers the update tests share.

use super::message::Message;
use super::model::Model;
use super::record;
use super::update::update;
use super::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The text of a sample log.
pub(crate) fn sample_bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/sample-logs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A model of `log` at event `at` (the end if `None`), sized `width` × `height`.
pub(crate) fn model_of(log: &[u8], title: &str, at: Option<u32>, width: u16, height: u16) -> Model {
    let mut model = Model::from_log(log, title.into(), at.unwrap_or(u32::MAX));
    update(&mut model, Message::Resize { width, height });
    model
}

/// A model of a sample log.
pub(crate) fn sample(name: &str, at: Option<u32>, width: u16, height: u16) -> Model {
    model_of(&sample_bytes(name), name, at, width, height)
}

/// Applies messages in order.
pub(crate) fn press(model: &mut Model, messages: &[Message]) {
    for &message in messages {
        update(model, message);
    }
}

/// Types text into the open prompt and presses Enter.
pub(crate) fn type_in(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Message::Input(c));
    }
    update(model, Message::Submit);
}

/// The screen for a model, as the snapshot text.
pub(crate) fn screen(model: &Model) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(model.width, model.height)).unwrap();
    terminal.draw(|frame| view::render(model, frame)).unwrap();
    terminal.backend().clone()
}

/// The screen as plain lines, for assertions on what is shown.
pub(crate) fn text(model: &Model) -> String {
    let backend = screen(model);
    let buffer = backend.buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

const CLASSIC: &str = "classic.jsonl";

#[test]
fn classic_before_the_first_event() {
    let model = sample(CLASSIC, Some(0), 100, 26);
    insta::assert_snapshot!("classic_n0", screen(&model));
}

#[test]
fn classic_after_the_opening() {
    let model = sample(CLASSIC, Some(1), 100, 26);
    let screen_text = text(&model);
    assert!(screen_text.contains("new → 1000"), "{screen_text}");
    insta::assert_snapshot!("classic_n1", screen(&model));
}

#[test]
fn classic_at_the_end() {
    let model = sample(CLASSIC, None, 100, 26);
    assert_eq!(model.cursor, 3);
    assert!(text(&model).contains("1500 → 1300"));
    insta::assert_snapshot!("classic_n3", screen(&model));
}

#[test]
fn bank_at_the_overdraft() {
    let model = sample("bank.jsonl", Some(14), 110, 32);
    insta::assert_snapshot!("bank_n14", screen(&model));
}

#[test]
fn help_lists_every_binding_of_the_keymap() {
    // Tall enough for the whole help (issue 14 added a screenful of keys).
    let mut model = sample(CLASSIC, None, 110, 92);
    update(&mut model, Message::Help);
    let shown = text(&model);
    for binding in super::keymap::BINDINGS {
        if binding.context != super::keymap::Context::Help {
            assert!(
                shown.contains(binding.help),
                "help lacks {:?}",
                binding.help
            );
        }
    }
    assert_eq!(super::view::help_lines().len(), super::keymap::help_len());
    insta::assert_snapshot!("help", screen(&model));
}

#[test]
fn every_diagnostic_on_the_main_screen_and_in_the_list() {
    let mut model = sample("every-diagnostic.jsonl", Some(15), 120, 34);
    insta::assert_snapshot!("diagnostics_main", screen(&model));
    update(&mut model, Message::OpenDiagnostics);
    let shown = text(&model);
    for code in crate::domain::Code::ALL {
        if code.needs_schema_field() {
            continue; // not in the bank vocabulary: see the preset samples
        }
        assert!(shown.contains(code.as_str()), "{code} not listed");
    }
    insta::assert_snapshot!("diagnostics_list", screen(&model));
}

#[test]
fn compare_a_mark_with_the_cursor() {
    let mut model = sample("bank.jsonl", Some(5), 110, 32);
    press(&mut model, &[Message::StartMark, Message::Letter('a')]);
    update(&mut model, Message::OpenGoto);
    type_in(&mut model, "14");
    press(&mut model, &[Message::StartCompare, Message::Letter('a')]);
    insta::assert_snapshot!("compare", screen(&model));
}

#[test]
fn an_empty_log() {
    let model = model_of(b"", "empty.jsonl", None, 100, 26);
    insta::assert_snapshot!("empty", screen(&model));
}

#[test]
fn a_log_of_only_malformed_lines() {
    let model = model_of(b"not json\n{broken\n", "junk.jsonl", None, 100, 26);
    insta::assert_snapshot!("only_malformed", screen(&model));
}

#[test]
fn a_terminal_too_small_and_back() {
    let mut model = sample(CLASSIC, None, 40, 10);
    insta::assert_snapshot!("too_small", screen(&model));
    update(
        &mut model,
        Message::Resize {
            width: 100,
            height: 26,
        },
    );
    assert_eq!(text(&model), text(&sample(CLASSIC, None, 100, 26)));
}

#[test]
fn breakpoints_and_the_picker() {
    let mut model = sample("bank.jsonl", Some(0), 110, 32);
    update(&mut model, Message::OpenBreakpointPrompt);
    type_in(&mut model, "balance acc-alice < 0");
    update(&mut model, Message::OpenBreakpointPrompt);
    type_in(&mut model, "type AccountClosed");
    update(&mut model, Message::RunForward);
    assert_eq!(model.cursor, 14);
    update(&mut model, Message::OpenBreakpoints);
    insta::assert_snapshot!("breakpoints", screen(&model));
    update(&mut model, Message::Cancel);
    update(&mut model, Message::OpenAccountPicker);
    update(&mut model, Message::Input('o'));
    insta::assert_snapshot!("picker", screen(&model));
}

#[test]
fn a_prompt_that_refuses() {
    let mut model = sample("bank.jsonl", Some(3), 110, 32);
    update(&mut model, Message::OpenGoto);
    type_in(&mut model, "99");
    insta::assert_snapshot!("goto_refused", screen(&model));
}

#[test]
fn narrow_terminals_keep_the_columns_aligned() {
    for (width, height) in [(70, 20), (80, 24), (90, 30), (200, 60)] {
        let model = sample("bank.jsonl", Some(10), width, height);
        let shown = text(&model);
        assert!(shown.contains("acc-bob"), "{width}×{height}:\n{shown}");
        assert!(!shown.contains("too small"), "{width}×{height}");
    }
}

/// At 80 × 24, the commonest terminal, the cursor's number, the count of
/// diagnostics, the focused balance, a transfer's target and `? help` /
/// `q quit` are all in sight; the wider screens keep everything.
#[test]
fn at_80_by_24_what_matters_is_in_sight() {
    for (width, height) in [(80, 24), (120, 36), (200, 60)] {
        let model = sample("every-diagnostic.jsonl", Some(15), width, height);
        let shown = text(&model);
        let lines: Vec<&str> = shown.lines().collect();
        let status = lines[usize::from(height) - 1];
        assert!(status.contains("? help  q quit"), "{status}");
        assert!(shown.contains("N 15 / 18"), "{shown}");
        assert!(shown.contains("acc-1 −70.00"), "{shown}");
        assert!(shown.contains("✖ 4 ▲ 12"), "{shown}");
        let model = sample("bank.jsonl", Some(14), width, height);
        let shown = text(&model);
        // A transfer's target, whole or by its end: never `acc-…`.
        assert!(shown.contains("−400.00 → …c-alice") || shown.contains("−400.00 → acc-alice"));
        assert!(!shown.contains("acc-…"), "{shown}");
        assert!(shown.contains("acc-alice −350.00"), "{shown}");
        insta::assert_snapshot!(format!("bank_n14_{width}x{height}"), screen(&model));
    }
}

#[test]
fn while_indexing_the_status_line_shows_progress_and_rate() {
    let mut model = sample("bank.jsonl", None, 110, 32);
    model.loading = Some(crate::tui::model::Loading {
        progress: crate::replay::Progress {
            done: 420,
            total: 1000,
        },
        rate: 1_234_567.0,
    });
    insta::assert_snapshot!("loading", screen(&model));
    assert!(text(&model).contains("indexing 42% · 1.2M events/s"));
}

#[test]
fn a_log_streaming_in_keeps_the_cursor_on_the_last_event_unless_moved() {
    // Index the log in two parts, as the run loop does while loading.
    let log = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-logs/bank.jsonl"
    ))
    .unwrap();
    let cut = log
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(9)
        .unwrap()
        .0
        + 1;
    let source = std::sync::Arc::new(crate::log::Source::memory(log.clone()));
    let mut builder = crate::replay::IndexBuilder::new(
        crate::log::Format::JsonLines,
        &crate::replay::LoadOptions::default(),
    );
    let first = crate::log::records::split(&log[..cut]);
    builder.push(&log[..cut], &first, &source);
    let mut model = Model::new(source.clone(), builder, "bank.jsonl".into(), 10);
    update(
        &mut model,
        Message::Resize {
            width: 110,
            height: 32,
        },
    );
    assert_eq!((model.cursor, model.total()), (10, 10));
    let mut rest = Vec::new();
    crate::log::records::split_lines(&log[cut..], cut as u64, 11, &mut rest);
    model.builder.push(&log[cut..], &rest, &source);
    model.grew(10);
    assert_eq!((model.cursor, model.total()), (20, 20), "followed the end");
    assert_eq!(
        model.diag_events,
        vec![14],
        "diagnostics of the new part are known"
    );
    update(&mut model, Message::First);
    model.grew(20);
    assert_eq!(model.cursor, 0, "a cursor the user moved stays put");
}

#[test]
fn a_preset_sample_names_its_schema_and_shows_the_mismatch() {
    let schema = crate::schema::Schema::preset("cqrs-es").unwrap().unwrap();
    let log = sample_bytes("cqrs-es.jsonl");
    let mut model = Model::from_log_with(&log, schema, "cqrs-es.jsonl".into(), 9);
    update(
        &mut model,
        Message::Resize {
            width: 120,
            height: 32,
        },
    );
    let shown = text(&model);
    assert!(shown.contains("cqrs-es.jsonl · schema cqrs-es"), "{shown}");
    assert!(shown.contains("balance_mismatch"), "{shown}");
    assert!(shown.contains("CustomerDepositedMoney"), "{shown}");
    insta::assert_snapshot!("cqrs_es_n9", screen(&model));
    // The next diagnostic is the next mismatch.
    update(&mut model, Message::NextDiagnostic);
    assert_eq!(model.cursor, 14);
}

#[test]
fn a_huge_record_is_shown_by_its_start_and_decoded_once() {
    let pad = "p".repeat(3 << 20);
    let log = format!(
        "{{\"type\":\"AccountOpened\",\"account\":\"a\"}}\n{{\"type\":\"MoneyDeposited\",\"account\":\"a\",\"amount\":5,\"pad\":\"{pad}\"}}\n"
    );
    record::reads::take();
    let model = model_of(log.as_bytes(), "huge.jsonl", Some(2), 120, 40);
    let shown = text(&model);
    assert!(
        shown.contains(&format!("the record is {} bytes", log.len() - 39 - 1)),
        "{shown}"
    );
    assert!(shown.contains("MoneyDeposited"), "{shown}");
    assert_eq!(text(&model), shown, "a second frame");
    // Read and decoded when the cursor came to it, not by every pane that
    // shows it, nor in every frame.
    let reads = record::reads::take();
    assert_eq!(reads.iter().filter(|&&n| n == 2).count(), 1, "{reads:?}");
    // Nor when it is only in sight in the list, the cursor on event 1.
    let mut model = model;
    update(&mut model, Message::Up);
    let _ = text(&model);
    assert!(text(&model).contains("MoneyDeposited"));
    let reads = record::reads::take();
    assert_eq!(reads.iter().filter(|&&n| n == 2).count(), 1, "{reads:?}");
}

/// One step (→, or ↓ in the event list) reads and decodes the record under
/// the cursor at most once: `update` reads it into the model's snapshot,
/// and drawing the frame reads no record at all.
#[test]
fn one_step_reads_the_record_under_the_cursor_at_most_once() {
    for step in [Message::Down, Message::Forward] {
        let mut model = sample("bank.jsonl", Some(3), 120, 40);
        let _ = text(&model);
        record::reads::take();
        update(&mut model, step);
        let in_update = record::reads::take();
        let _ = text(&model);
        let in_frame = record::reads::take();
        assert_eq!(model.cursor, 4);
        let at_cursor = in_update.iter().chain(&in_frame).filter(|&&n| n == 4);
        let at_cursor = at_cursor.count();
        assert!(at_cursor <= 1, "{step:?}: event 4 read {at_cursor} times");
        assert_eq!(
            in_frame,
            Vec::<u32>::new(),
            "{step:?}: the frame reads no record"
        );
    }
}

mod fuzz {
    //! The debugger on any bytes, driven by any keys: no panic, whatever
    //! the log holds and whatever the user presses, at any size.
    use super::*;
    use proptest::prelude::*;

    fn message() -> impl Strategy<Value = Message> {
        let fixed = prop::sample::select(vec![
            Message::Back,
            Message::Forward,
            Message::Up,
            Message::Down,
            Message::PageUp,
            Message::PageDown,
            Message::First,
            Message::Last,
            Message::OpenGoto,
            Message::OpenSearch,
            Message::SearchNext,
            Message::SearchPrev,
            Message::NextDiagnostic,
            Message::PrevDiagnostic,
            Message::CycleDiagnostics,
            Message::OpenDiagnostics,
            Message::OpenAccountPicker,
            Message::ToggleAccountFilter,
            Message::FocusNext,
            Message::FocusPrev,
            Message::OpenBreakpointPrompt,
            Message::OpenBreakpoints,
            Message::RunForward,
            Message::RunBackward,
            Message::StartMark,
            Message::StartJump,
            Message::StartCompare,
            Message::ToggleFollow,
            Message::Help,
            Message::Cancel,
            Message::Submit,
            Message::Erase,
            Message::ClearInput,
            Message::Remove,
            Message::Toggle,
        ]);
        prop_oneof![
            8 => fixed,
            2 => prop::sample::select(vec!['a', '0', '9', '<', ' ', '-', 'x', '/', ':', 'é'])
                .prop_map(Message::Input),
            1 => prop::sample::select(vec!['a', 'b', '1', '?']).prop_map(Message::Letter),
            1 => (0u16..130, 0u16..45).prop_map(|(column, row)| Message::Click { column, row }),
            1 => (0u16..130, 0u16..45).prop_map(|(column, row)| Message::ScrollDown { column, row }),
            1 => (1u16..140, 1u16..50).prop_map(|(width, height)| Message::Resize { width, height }),
        ]
    }

    fn log() -> impl Strategy<Value = Vec<u8>> {
        let sample = prop::sample::select(vec![
            "bank.jsonl",
            "every-diagnostic.jsonl",
            "bank-array.json",
            "mixed-stdout.txt",
        ])
        .prop_map(sample_bytes);
        let flips = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6);
        prop_oneof![
            3 => (sample, flips).prop_map(|(mut log, flips)| {
                for (at, byte) in flips {
                    let i = at.index(log.len());
                    log[i] = byte;
                }
                log
            }),
            1 => prop::collection::vec(any::<u8>(), 0..300),
        ]
    }

    fn cases() -> u32 {
        std::env::var("REWIND_FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .map_or(24, |n: u32| n / 8)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        #[test]
        fn any_log_any_keys_no_panic(
            log in log(),
            messages in prop::collection::vec(message(), 0..24),
        ) {
            let mut model = model_of(&log, "fuzz.jsonl", None, 100, 30);
            screen(&model);
            for message in messages {
                update(&mut model, message);
                screen(&model);
                prop_assert!(model.cursor <= model.total());
            }
        }
    }
}
