//! Gives `rewind --version` the commit it was built from, when it was built
//! from a git checkout; outside git (a crate from crates.io, an exported
//! tree) the version is the package's alone. Never fails the build.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_owned())
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    // Only a checkout whose top is this package: a crate unpacked inside
    // someone else's repository must not take that repository's commit.
    let here = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let top = git(&["rev-parse", "--show-toplevel"]);
    let ours =
        top.is_some_and(|top| std::fs::canonicalize(top).ok() == std::fs::canonicalize(&here).ok());
    let commit = ours
        .then(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .flatten();
    match commit {
        Some(commit) => {
            // Rebuild when HEAD moves: HEAD itself, the branch it names, and
            // packed refs (paths as git gives them, worktrees included).
            for path in ["HEAD", "packed-refs"] {
                if let Some(p) = git(&["rev-parse", "--git-path", path]) {
                    println!("cargo:rerun-if-changed={p}");
                }
            }
            if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
                if let Some(p) = git(&["rev-parse", "--git-path", &branch]) {
                    println!("cargo:rerun-if-changed={p}");
                }
            }
            println!("cargo:rustc-env=REWIND_VERSION={version} (commit {commit})");
        }
        None => println!("cargo:rustc-env=REWIND_VERSION={version}"),
    }
}
