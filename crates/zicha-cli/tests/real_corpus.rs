//! The checker on the real filings of `fixtures/real/` against their answer keys: it fails when the score drops
//! below the bar in `fixtures/real/bar.json` (real mistakes found, false errors, forms and units not recognised,
//! families not told). `scripts/corpus.sh -v` shows the score case by case.

#![allow(clippy::print_stdout, clippy::print_stderr)] // it reports what it measured (seen with --nocapture)

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_real_corpus_meets_its_bar() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/real");
    let output = Command::new(env!("CARGO_BIN_EXE_zicha"))
        .args(["corpus", dir.to_str().unwrap(), "--bar", dir.join("bar.json").to_str().unwrap(), "-v"])
        .output()
        .expect("zicha runs");
    let report = String::from_utf8_lossy(&output.stdout);
    let summary = report.lines().rev().take(2).collect::<Vec<_>>().join("\n");
    println!("{summary}");
    assert!(output.status.success(), "{report}\n{}", String::from_utf8_lossy(&output.stderr));
    // At least 40 filings: the corpus may grow, not shrink.
    let filings: usize = summary
        .split(" filings")
        .next()
        .and_then(|s| s.rsplit('\n').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(filings >= 40, "{summary}");
}
