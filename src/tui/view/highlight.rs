//! Marking the last search's matches in the text on screen (the event
//! list's rows, the detail pane), compared as search compares them.

use super::style::theme;
use crate::tui::model::Model;
use crate::tui::search::spans_in;
use ratatui::text::{Line, Span};

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
                span.style.patch(theme().found),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_marked_within_spans() {
        let log = b"{\"type\":\"AccountOpened\",\"account\":\"a\"}\n";
        let mut model = Model::from_log(log, "t".into(), 0);
        let line = Line::from(vec![Span::raw("Café −350.00"), Span::raw("none")]);
        assert_eq!(matches(&model, line.clone()), line, "no search yet");
        model.search = Some("-350".into());
        let marked = matches(&model, line);
        let parts: Vec<(&str, bool)> = marked
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == theme().found))
            .collect();
        assert_eq!(
            parts,
            [
                ("Café ", false),
                ("−350", true),
                (".00", false),
                ("none", false)
            ]
        );
    }
}
