//! Synthetic logs for benchmarks and demos, in the canonical JSON Lines
//! shape: `{"seq":…,"id":…,"ts":…,"type":…,"account":…,"data":{…}}`, about
//! 140 bytes an event. Deterministic for a given seed, so every figure in
//! BENCHMARKS.md can be reproduced byte for byte.

use std::io::{self, Write};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub events: u64,
    pub accounts: u32,
    pub seed: u64,
}

/// A small, fast, well-distributed PRNG (SplitMix64): no dependency needed
/// for reproducible noise.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const NAMES: [&str; 8] = ["Ada", "Bo", "Chen", "Dana", "Eve", "Femi", "Gus", "Hana"];

/// Writes `spec.events` events to `out`. Every account is opened the first
/// time it is used; after that, deposits, withdrawals (some overdraw) and
/// transfers between accounts, one to three seconds apart from 2024-01-01.
pub fn generate(spec: Spec, out: &mut dyn Write) -> io::Result<()> {
    let mut rng = SplitMix(spec.seed);
    let accounts = spec.accounts.max(1);
    let mut opened = vec![false; accounts as usize];
    // Balances in cents, so that withdrawals and transfers mostly stay
    // covered: a real log has an overdraft now and then, not every minute.
    let mut cents_of = vec![0i64; accounts as usize];
    let mut secs: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
    let mut line = String::with_capacity(256);
    for seq in 1..=spec.events {
        secs += 1 + rng.below(3) as i64;
        let ts = chrono::DateTime::from_timestamp(secs, 0)
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%SZ");
        let acc = rng.below(u64::from(accounts)) as usize;
        let mut cents = 100 + rng.below(500_000) as i64;
        let debit = rng.below(10);
        if opened[acc] && debit >= 4 && rng.below(1000) != 0 {
            // Keep debits covered, except one in a thousand.
            cents = cents.min(cents_of[acc] / 2).max(1);
        }
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        line.clear();
        use std::fmt::Write as _;
        let head = format!(r#"{{"seq":{seq},"id":"evt-{seq:010}","ts":"{ts}","#);
        line.push_str(&head);
        if !opened[acc] {
            opened[acc] = true;
            let owner = NAMES[acc % NAMES.len()];
            cents_of[acc] = cents;
            let _ = write!(
                line,
                r#""type":"AccountOpened","account":"acc-{acc:05}","data":{{"initial_balance":"{amount}","owner":"{owner}","currency":"EUR"}}}}"#
            );
        } else {
            match debit {
                0..=3 => {
                    cents_of[acc] += cents;
                    let _ = write!(
                        line,
                        r#""type":"MoneyDeposited","account":"acc-{acc:05}","data":{{"amount":"{amount}"}}}}"#
                    );
                }
                4..=6 => {
                    cents_of[acc] -= cents;
                    let _ = write!(
                        line,
                        r#""type":"MoneyWithdrawn","account":"acc-{acc:05}","data":{{"amount":"{amount}"}}}}"#
                    );
                }
                _ => {
                    let to = rng.below(u64::from(accounts));
                    cents_of[acc] -= cents;
                    if opened[to as usize] {
                        cents_of[to as usize] += cents;
                    }
                    let _ = write!(
                        line,
                        r#""type":"MoneyTransferred","account":"acc-{acc:05}","data":{{"amount":"{amount}","to_account":"acc-{to:05}"}}}}"#
                    );
                }
            }
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A generated log held in memory (for benchmarks and tests).
pub fn generate_vec(spec: Spec) -> Vec<u8> {
    let mut out = Vec::with_capacity(spec.events as usize * 150);
    // Writing to a Vec cannot fail.
    let _ = generate(spec, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_log_and_it_replays_cleanly() {
        let spec = Spec {
            events: 2_000,
            accounts: 50,
            seed: 7,
        };
        let a = generate_vec(spec);
        assert_eq!(a, generate_vec(spec));
        let lines = a.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
        assert_eq!(lines, 2_000);
        let source = std::sync::Arc::new(crate::log::Source::memory(a.clone()));
        let index = crate::replay::load(&source, &crate::replay::LoadOptions::default()).unwrap();
        assert_eq!(index.len(), 2_000);
        assert!(index
            .diagnostics()
            .iter()
            .all(|d| d.severity == crate::domain::Severity::Warning));
        let avg = a.len() / 2_000;
        assert!(
            (110..=170).contains(&avg),
            "about 140 bytes an event, got {avg}"
        );
    }
}
