//! Marking the last search's matches in the text on screen (the event
//! list's rows, the detail pane), compared as search compares them.

use crate::tui::model::Model;
use crate::tui::search::spans_in;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

/// How a match is marked.
const MATCH: Style = Style::new().bg(Color::Yellow).fg(Color::Black);

/// `line` with the last search's matches marked, one span at a time (a
/// match that runs across two spans, as a key and its value, is not).
pub fn matches(model: &Model, line: Line<'static>) -> Line<'static> {
    let Some(query) = model.search.as_deref() else {
        return line;
    };
    let Line {
        spans,
        style,
        alignment,
    } = line;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let text = span.content.as_ref();
        let hits = spans_in(text, query);
        if hits.is_empty() {
            out.push(span);
            continue;
        }
        let mut at = 0;
        for (start, end) in hits {
            if start > at {
                out.push(Span::styled(text[at..start].to_owned(), span.style));
            }
            out.push(Span::styled(
                text[start..end].to_owned(),
                span.style.patch(MATCH),
            ));
            at = end;
        }
        if at < text.len() {
            out.push(Span::styled(text[at..].to_owned(), span.style));
        }
    }
    Line {
        spans: out,
        style,
        alignment,
    }
}
