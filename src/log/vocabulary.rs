//! Whether a log is read with the wrong vocabulary: most of its first
//! records have types the schema does not know. Said once, naming the
//! preset that knows them, so that `rewind check` on a cqrs-es export
//! without `--schema cqrs-es` does not pass for a log of unknown events.
//! Cheap: the first records only, and the presets are tried only when the
//! schema in use knows fewer than half of them.

use super::envelope::{string_of, Decoder};
use super::records::{self, Record};
use super::source::Source;
use crate::schema::{Schema, PRESETS};

/// How many records at the start of a log are looked at.
const SAMPLE_RECORDS: usize = 1_000;
/// How many bytes at the start of a log are read for them, at most.
const SAMPLE_BYTES: usize = 1 << 20;

/// The hint for the log in `source` read with `schema`, if most of its
/// first records have types the schema does not know.
pub fn hint_for(source: &Source, schema: &Schema) -> Option<String> {
    let len = source.len().ok()?;
    let mut head = vec![0; len.min(SAMPLE_BYTES as u64) as usize];
    let read = source.read_at(0, &mut head).ok()?;
    head.truncate(read);
    if schema.is_csv() || source.name().to_ascii_lowercase().ends_with(".csv") {
        return hint(&super::csv::as_json_lines(&head)?, schema);
    }
    hint(&head, schema)
}

/// The hint for a log starting with `head` (its first bytes; a record cut
/// off at the end is not counted), read with `schema`.
pub fn hint(head: &[u8], schema: &Schema) -> Option<String> {
    let mut records = records::split(head);
    records.truncate(SAMPLE_RECORDS);
    let (known, read) = known_types(head, &records, schema);
    if read == 0 || known * 2 >= read {
        return None;
    }
    let name = schema.name();
    // The preset that knows the most of them, the first of equals.
    let mut best: Option<(&str, usize)> = None;
    for preset in PRESETS.iter().filter(|p| p.name != name) {
        let Some(Ok(other)) = Schema::preset(preset.name) else {
            continue;
        };
        let (k, _) = known_types(head, &records, &other);
        if k * 2 > read && best.is_none_or(|(_, most)| k > most) {
            best = Some((preset.name, k));
        }
    }
    let doubt = format!("most events have types the {name} schema does not know");
    Some(match best {
        Some((preset, k)) if k == read => format!("{doubt}; --schema {preset} reads them all"),
        Some((preset, k)) => {
            format!("{doubt}; --schema {preset} reads {k} of the first {read}")
        }
        None => {
            format!("{doubt}; `rewind schemas` lists the presets, and a schema file can name them")
        }
    })
}

/// How many of `records` have a type `schema` has a rule for, and how
/// many could be read as records at all.
fn known_types(head: &[u8], records: &[Record], schema: &Schema) -> (usize, usize) {
    let mut decoder = Decoder::new(schema);
    let (mut known, mut read) = (0, 0);
    for record in records {
        let decoded = decoder.decode_then(record.bytes(head), |env| {
            env.event_type()
                .and_then(string_of)
                .is_some_and(|t| schema.rule(&t).is_some())
        });
        if let Ok(has_rule) = decoded {
            read += 1;
            known += usize::from(has_rule);
        }
    }
    (known, read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Vec<u8> {
        let path = format!("{}/sample-logs/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).unwrap()
    }

    #[test]
    fn a_preset_sample_read_as_bank_names_its_preset() {
        let bank = Schema::bank();
        let hint = hint(&sample("cqrs-es.jsonl"), &bank).unwrap();
        assert_eq!(
            hint,
            "most events have types the bank schema does not know; --schema cqrs-es reads them all"
        );
        let cqrs = Schema::preset("cqrs-es").unwrap().unwrap();
        assert_eq!(super::hint(&sample("cqrs-es.jsonl"), &cqrs), None);
        assert_eq!(super::hint(&sample("bank.jsonl"), &bank), None);
        assert_eq!(super::hint(b"", &bank), None);
        assert_eq!(super::hint(b"not json\n", &bank), None);
    }
}
