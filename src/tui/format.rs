//! What one event says, in the words and numbers the panes show. Money is
//! formatted from `Decimal` as written in the log; nothing here is a float.

use crate::domain::{Effect, Event};
use crate::log::Envelope;
use rust_decimal::Decimal;

/// The minus sign shown in amounts and balances.
pub const MINUS: char = '−';

/// An event's amount as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    None,
    /// `+500`, `−200`; an opening counts as `+initial balance`.
    Signed(Decimal),
    /// `−300.00 → acc-carol`.
    Transfer {
        amount: Decimal,
        to: String,
    },
    /// `=450.00`: the balance is set to this.
    Set(Decimal),
    /// `ref 7`: the id of the earlier event a hold, release or reverse
    /// refers to.
    Refers(String),
}

/// One event, decoded for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInfo {
    pub n: u32,
    /// The timestamp as written in the log, when it is a valid one.
    pub time: Option<String>,
    /// The same moment, in nanoseconds since the epoch.
    pub at: Option<i64>,
    pub type_name: String,
    /// Whether the schema knows the type.
    pub known: bool,
    /// What the type does, in a word, for narrow lists (known types).
    pub effect_word: Option<&'static str>,
    pub account: String,
    pub amount: Amount,
    pub id: Option<String>,
    pub seq: Option<i64>,
}

/// Event `n`'s record decoded for display.
pub fn info_of(n: u32, env: &Envelope<'_>, event: &Event<'_>) -> EventInfo {
    let time = crate::replay::time_text(env, &event.meta.when);
    let type_name = env
        .event_type()
        .and_then(crate::log::envelope::string_of)
        .map_or_else(|| "(no type)".to_owned(), |t| t.into_owned());
    let rule = event
        .meta
        .rule
        .and_then(|i| env.schema().rules().get(usize::from(i)));
    let known = rule.is_some();
    let effect_word = rule.and_then(|r| r.effect.kind().short_word());
    let amount = match &event.effect {
        Ok(Effect::Open {
            initial_balance, ..
        }) => Amount::Signed(*initial_balance),
        Ok(Effect::Credit(a)) => Amount::Signed(*a),
        Ok(Effect::Debit(a)) => Amount::Signed(-*a),
        Ok(Effect::Transfer { amount, to }) => Amount::Transfer {
            amount: *amount,
            to: to.to_string(),
        },
        Ok(Effect::SetBalance(v)) => Amount::Set(*v),
        Ok(Effect::Hold(r) | Effect::Release(r) | Effect::Reverse { reference: r, .. }) => {
            Amount::Refers(r.id.to_string())
        }
        Ok(Effect::Close | Effect::Freeze | Effect::Unfreeze | Effect::Ignore) | Err(_) => {
            Amount::None
        }
    };
    let at = match event.meta.when {
        crate::domain::When::At(ns) => Some(ns),
        _ => None,
    };
    EventInfo {
        n,
        time,
        at,
        type_name,
        known,
        effect_word,
        account: event.meta.account.to_string(),
        amount,
        id: event.meta.id.as_ref().map(|s| s.to_string()),
        seq: event.meta.seq,
    }
}

/// A balance or amount: `1300`, `−450.00`.
pub fn money(value: Decimal) -> String {
    let text = value.to_string();
    match text.strip_prefix('-') {
        Some(rest) => format!("{MINUS}{rest}"),
        None => text,
    }
}

/// An amount with its sign always shown: `+500`, `−200`.
pub fn signed(value: Decimal) -> String {
    if value.is_sign_negative() && !value.is_zero() {
        money(value)
    } else {
        format!("+{}", money(value.abs()))
    }
}

/// The signed amount part of a list row (without a transfer's target).
pub fn amount_text(amount: &Amount) -> String {
    match amount {
        Amount::None => String::new(),
        Amount::Signed(v) => signed(*v),
        Amount::Transfer { amount, .. } => signed(-*amount),
        Amount::Set(v) => format!("={}", money(*v)),
        Amount::Refers(id) => format!("ref {id}"),
    }
}

/// A short name for a type, for narrow lists: what a known type does, in
/// a word, else the name.
pub fn short_name(info: &EventInfo) -> &str {
    info.effect_word.unwrap_or(short_type(&info.type_name))
}

/// A short name for a type of the built-in vocabulary, for narrow lists.
pub fn short_type(name: &str) -> &str {
    match name {
        "AccountOpened" => "Open",
        "MoneyDeposited" => "Deposit",
        "MoneyWithdrawn" => "Withdraw",
        "MoneyTransferred" => "Transfer",
        "AccountClosed" => "Close",
        other => other,
    }
}

/// How much of a timestamp the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimeStyle {
    None,
    /// `09:10`
    Clock,
    /// `03-05 09:10`
    Short,
    /// `2024-03-05 09:10:00`
    Full,
}

impl TimeStyle {
    pub fn width(self) -> usize {
        match self {
            TimeStyle::None => 0,
            TimeStyle::Clock => 5,
            TimeStyle::Short => 11,
            TimeStyle::Full => 19,
        }
    }
}

/// A timestamp as written in the log, cut down to a style. Falls back to
/// the text itself when it is not laid out as `YYYY-MM-DDTHH:MM:SS`.
pub fn time_text(time: &str, style: TimeStyle) -> String {
    let laid_out = time.len() >= 19
        && time.is_char_boundary(19)
        && time.as_bytes()[4] == b'-'
        && time.as_bytes()[13] == b':';
    if !laid_out {
        return time.chars().take(style.width()).collect();
    }
    match style {
        TimeStyle::None => String::new(),
        TimeStyle::Clock => time[11..16].to_owned(),
        TimeStyle::Short => format!("{} {}", &time[5..10], &time[11..16]),
        TimeStyle::Full => format!("{} {}", &time[..10], &time[11..19]),
    }
}

/// How many terminal columns `text` takes: a CJK character or an emoji
/// two, a combining mark none.
pub fn columns(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        unicode_width::UnicodeWidthStr::width(text)
    }
}

/// Cuts `text` to `width` columns, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > width - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `text` cut to `width` columns and padded with spaces to exactly
/// `width`: after it, or before it when `right` (numbers). `format!`'s
/// padding counts characters, and a wide one takes two columns.
pub fn cell(text: &str, width: usize, right: bool) -> String {
    let text = fit(text, width);
    let pad = " ".repeat(width.saturating_sub(columns(&text)));
    match right {
        true => pad + &text,
        false => text + &pad,
    }
}

/// The zone the event list shows times in (the detail pane shows them as
/// written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Zone {
    #[default]
    Utc,
    /// The zone of the machine the debugger runs on.
    Local,
}

impl Zone {
    pub fn name(self) -> &'static str {
        match self {
            Zone::Utc => "UTC",
            Zone::Local => "local",
        }
    }

    pub fn other(self) -> Zone {
        match self {
            Zone::Utc => Zone::Local,
            Zone::Local => Zone::Utc,
        }
    }
}

/// The moment `ns` (nanoseconds since the epoch) in `zone`, cut down to a
/// style: times written in several offsets read in order.
pub fn zoned_time(ns: i64, zone: Zone, style: TimeStyle) -> String {
    const LAID_OUT: &str = "%Y-%m-%dT%H:%M:%S";
    let utc = chrono::DateTime::from_timestamp_nanos(ns);
    let text = match zone {
        Zone::Utc => utc.format(LAID_OUT).to_string(),
        Zone::Local => utc
            .with_timezone(&chrono::Local)
            .format(LAID_OUT)
            .to_string(),
    };
    time_text(&text, style)
}

/// 1234567 → "1,234,567".
pub fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn amounts_are_signed_with_a_real_minus() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(signed(d("500")), "+500");
        assert_eq!(signed(d("-200.50")), "−200.50");
        assert_eq!(money(d("-0.10")), "−0.10");
        assert_eq!(signed(Decimal::ZERO), "+0");
        let t = Amount::Transfer {
            amount: d("300.00"),
            to: "acc-carol".into(),
        };
        assert_eq!(amount_text(&t), "−300.00");
    }

    #[test]
    fn times_shrink_to_fit() {
        let t = "2024-03-05T09:10:00Z";
        assert_eq!(time_text(t, TimeStyle::Full), "2024-03-05 09:10:00");
        assert_eq!(time_text(t, TimeStyle::Short), "03-05 09:10");
        assert_eq!(time_text(t, TimeStyle::Clock), "09:10");
        assert_eq!(fit("MoneyTransferred", 8), "MoneyTr…");
        assert_eq!(fit("abc", 3), "abc");
    }

    #[test]
    fn wide_characters_are_measured_in_columns() {
        assert_eq!(columns("café-☕-账户"), 12);
        assert_eq!(fit("café-☕-账户", 8), "café-☕…");
        assert_eq!(fit("账户账户", 4), "账…");
        assert_eq!(cell("账户", 6, false), "账户  ");
        assert_eq!(cell("账户", 6, true), "  账户");
        assert_eq!(columns(&cell("café-☕-账户", 9, false)), 9);
    }
}
