//! Diagnostics: every broken invariant rewind finds, with a stable code.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors make `rewind check` exit 1; warnings are
/// reported. By default each code has its own (see [`Code::severity`]); a
/// schema's `[diagnostics]` policies may change it (see [`Policy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable diagnostic codes. Their text form (`as_str`) is part of the
/// command-line interface: scripts match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    MalformedJson,
    MalformedRecord,
    MissingField,
    InvalidAmount,
    DecimalOverflow,
    UnknownEventType,
    DuplicateEventId,
    InvalidTimestamp,
    AccountNotOpen,
    AccountClosed,
    AccountFrozen,
    NotFrozen,
    DuplicateOpen,
    Overdraft,
    OverLimit,
    ClosedWithBalance,
    BalanceMismatch,
    SeqNotIncreasing,
    VersionGap,
    TimestampBackwards,
    UnknownReference,
    InvalidTransition,
}

impl Code {
    /// Every code, in the order of the README's table.
    pub const ALL: [Code; 22] = [
        Code::MalformedJson,
        Code::MalformedRecord,
        Code::MissingField,
        Code::InvalidAmount,
        Code::DecimalOverflow,
        Code::UnknownEventType,
        Code::DuplicateEventId,
        Code::InvalidTimestamp,
        Code::AccountNotOpen,
        Code::AccountClosed,
        Code::AccountFrozen,
        Code::NotFrozen,
        Code::DuplicateOpen,
        Code::Overdraft,
        Code::OverLimit,
        Code::ClosedWithBalance,
        Code::BalanceMismatch,
        Code::SeqNotIncreasing,
        Code::VersionGap,
        Code::TimestampBackwards,
        Code::UnknownReference,
        Code::InvalidTransition,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::MalformedJson => "malformed_json",
            Code::MalformedRecord => "malformed_record",
            Code::MissingField => "missing_field",
            Code::InvalidAmount => "invalid_amount",
            Code::DecimalOverflow => "decimal_overflow",
            Code::UnknownEventType => "unknown_event_type",
            Code::DuplicateEventId => "duplicate_event_id",
            Code::InvalidTimestamp => "invalid_timestamp",
            Code::AccountNotOpen => "account_not_open",
            Code::AccountClosed => "account_closed",
            Code::AccountFrozen => "account_frozen",
            Code::NotFrozen => "not_frozen",
            Code::DuplicateOpen => "duplicate_open",
            Code::Overdraft => "overdraft",
            Code::OverLimit => "over_limit",
            Code::ClosedWithBalance => "closed_with_balance",
            Code::BalanceMismatch => "balance_mismatch",
            Code::SeqNotIncreasing => "seq_not_increasing",
            Code::VersionGap => "version_gap",
            Code::TimestampBackwards => "timestamp_backwards",
            Code::UnknownReference => "unknown_reference",
            Code::InvalidTransition => "invalid_transition",
        }
    }

    /// Whether the code needs a field or an effect the default vocabulary
    /// does not have: a recorded balance (`balance_mismatch`), a per-stream
    /// version (`version_gap`), or `freeze` and `unfreeze`
    /// (`account_frozen`, `not_frozen`), or a maximum balance
    /// (`over_limit`). Logs read with the `bank` preset
    /// never raise these.
    pub fn needs_schema_field(self) -> bool {
        matches!(
            self,
            Code::BalanceMismatch
                | Code::VersionGap
                | Code::AccountFrozen
                | Code::NotFrozen
                | Code::OverLimit
                | Code::MalformedRecord
                | Code::UnknownReference
                | Code::InvalidTransition
        )
    }

    /// The code whose text form is `text`.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The severity by default (a schema's `[diagnostics]` may change it).
    pub fn severity(self) -> Severity {
        match self {
            Code::MalformedJson
            | Code::MalformedRecord
            | Code::MissingField
            | Code::InvalidAmount
            | Code::DecimalOverflow => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a schema says to do with a code's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Reported as a warning; the event applied or not as by default.
    Warning,
    /// Reported as an error; the event applied or not as by default.
    Error,
    /// Not reported; the event handled as if the finding did not hold.
    Off,
    /// An error, and the event is not applied (for codes that are never
    /// applied, the same as `Error`).
    Reject,
}

impl Policy {
    /// Every policy, as schema files write them.
    pub const ALL: [Policy; 4] = [Policy::Error, Policy::Warning, Policy::Off, Policy::Reject];

    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Warning => "warning",
            Policy::Error => "error",
            Policy::Off => "off",
            Policy::Reject => "reject",
        }
    }

    pub fn parse(text: &str) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// The policy of every code: by default each code's own severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policies {
    of: [Policy; Code::ALL.len()],
    /// Whether every policy is the default (then findings are kept as
    /// raised, and nothing is looked up).
    default: bool,
}

impl Default for Policies {
    fn default() -> Policies {
        Policies {
            of: Code::ALL.map(|c| match c.severity() {
                Severity::Error => Policy::Error,
                Severity::Warning => Policy::Warning,
            }),
            default: true,
        }
    }
}

impl Policies {
    /// `code`'s policy becomes `policy`.
    pub fn set(&mut self, code: Code, policy: Policy) {
        self.of[code as usize] = policy;
        self.default = self.of == Policies::default().of;
    }

    pub fn of(&self, code: Code) -> Policy {
        self.of[code as usize]
    }

    /// Whether every code has its default policy.
    #[inline]
    pub fn is_default(&self) -> bool {
        self.default
    }

    /// Whether `code`'s findings are not reported.
    #[inline]
    pub fn is_off(&self, code: Code) -> bool {
        !self.default && self.of(code) == Policy::Off
    }

    /// `finding` with the severity its policy gives, or `None` when its
    /// code is off. The second value says whether the policy rejects it.
    pub fn judge(&self, mut finding: Finding) -> (Option<Finding>, bool) {
        match self.of(finding.code) {
            Policy::Off => return (None, false),
            Policy::Warning => finding.severity = Severity::Warning,
            Policy::Error => finding.severity = Severity::Error,
            Policy::Reject => {
                finding.severity = Severity::Error;
                return (Some(finding), true);
            }
        }
        (Some(finding), false)
    }
}

/// A finding about one event, before it is placed in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    /// How bad it is: the code's default, or what the schema's policy says.
    pub severity: Severity,
    pub message: String,
    /// The account the finding is about, when there is one.
    pub account: Option<String>,
}

impl Finding {
    pub fn new(code: Code, message: impl Into<String>, account: Option<&str>) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            message: message.into(),
            account: account.map(str::to_owned),
        }
    }
}

/// A finding placed in the log: its line and event number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// The event's number, or `None` for a record that is not an event.
    pub event: Option<u32>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub account: Option<String>,
}

impl Diagnostic {
    pub fn place(finding: Finding, line: u64, event: Option<u32>) -> Diagnostic {
        Diagnostic {
            line,
            event,
            severity: finding.severity,
            code: finding.code,
            message: finding.message,
            account: finding.account,
        }
    }
}
