//! `|`: the event's JSON piped to a shell command (`jq .data`), its output
//! shown in an overlay. The command runs with a time limit and its output
//! is cut at a bound, so a command that hangs or floods holds up the
//! debugger for at most [`TIMEOUT`].

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the command may run before it is killed.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// The most output kept.
pub const LARGEST: usize = 256 * 1024;

/// What a command printed (standard output, then standard error), and how
/// it ended, in words for the overlay's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub ended: String,
}

/// Runs `command` with `sh -c`, `input` on its standard input.
pub fn run(command: &str, input: &[u8]) -> Result<Output, String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run sh: {e}"))?;
    let (tx, rx) = mpsc::channel();
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.to_vec();
        // A command that does not read its input must not hold us up.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    for (k, pipe) in [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(pipe) = pipe else { continue };
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = pipe.take(LARGEST as u64 + 1).read_to_end(&mut kept);
            let _ = tx.send((k, kept));
        });
    }
    drop(tx);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the command: {e}")),
        }
    };
    let mut parts = [Vec::new(), Vec::new()];
    let until = Instant::now() + Duration::from_millis(200);
    while let Ok((k, kept)) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
        parts[k] = kept;
    }
    let [mut out, err] = parts;
    out.extend(err);
    let cut = out.len() > LARGEST;
    out.truncate(LARGEST);
    let mut ended = match status {
        None => format!("killed after {} s", TIMEOUT.as_secs()),
        Some(s) if s.success() => "exit 0".to_owned(),
        Some(s) => match s.code() {
            Some(code) => format!("exit {code}"),
            None => "ended by a signal".to_owned(),
        },
    };
    if cut {
        ended.push_str(&format!(" · output cut at {} KB", LARGEST / 1024));
    }
    Ok(Output {
        text: String::from_utf8_lossy(&out).into_owned(),
        ended,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_reads_the_event_and_is_bounded() {
        let out = run("tr a-z A-Z", b"{\"a\":1}").unwrap();
        assert_eq!(
            (out.text.as_str(), out.ended.as_str()),
            ("{\"A\":1}", "exit 0")
        );
        let out = run("echo oops >&2; exit 3", b"").unwrap();
        assert_eq!(
            (out.text.as_str(), out.ended.as_str()),
            ("oops\n", "exit 3")
        );
        let out = run("yes", b"").unwrap();
        assert_eq!(out.text.len(), LARGEST);
        assert!(out.ended.contains("output cut"), "{}", out.ended);
        let started = Instant::now();
        let out = run("sleep 30", b"").unwrap();
        assert!(out.ended.starts_with("killed after"), "{}", out.ended);
        assert!(started.elapsed() < TIMEOUT + Duration::from_secs(1));
    }
}
