//! Every input of the bad corpus (`fixtures/bad/`, made by `scripts/bad_corpus.py`) gets its expected outcome:
//! a clear error of the expected kind, or a partial result with the expected findings. Each within a time bound,
//! none with a panic. (The CLI's test runs the same corpus under a memory limit.)

#![allow(clippy::print_stdout, clippy::print_stderr)] // it reports what it measured (seen with --nocapture)

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use zicha_core::InputFile;
use zicha_core::profile::Profile;

/// A hang fails here. This test runs unoptimised, where the slowest file (shared-formula-flood.xlsx) took 29 s on
/// 2026-12-07 (1.4–2.9 s in a release build), most under 10 ms; the bound is the app's own per-filing timeout.
const TIME_BOUND: Duration = Duration::from_secs(60);

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/bad")
}

#[test]
fn every_bad_input_gets_its_expected_outcome() {
    let mut expected: Vec<Value> = Vec::new();
    for list in ["expected.json", "fuzz/expected.json"] {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(dir().join(list)).unwrap()).unwrap();
        expected.extend(cases);
    }
    assert!(expected.len() >= 40, "the corpus holds {} inputs", expected.len());
    let mut failures = Vec::new();
    for case in &expected {
        let name = case["file"].as_str().unwrap().to_string();
        let bytes = std::fs::read(dir().join(&name)).unwrap();
        let (send, receive) = mpsc::channel();
        let started = Instant::now();
        let file = name.clone();
        std::thread::spawn(move || {
            let outcome =
                std::panic::catch_unwind(|| zicha_core::check(&[InputFile::new(file, bytes)], &Profile::hunan()));
            let _ = send.send(outcome);
        });
        let outcome = match receive.recv_timeout(TIME_BOUND) {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) => {
                failures.push(format!("{name}: panicked"));
                continue;
            }
            Err(_) => {
                failures.push(format!("{name}: no answer within {TIME_BOUND:?}"));
                continue;
            }
        };
        let took = started.elapsed();
        match (case["outcome"].as_str().unwrap(), outcome) {
            ("error", Err(error)) => {
                let kind = serde_json::to_value(&error.kind).unwrap()["kind"].as_str().unwrap().to_string();
                if kind != case["kind"].as_str().unwrap() {
                    failures.push(format!("{name}: {kind} ({error}), expected {}", case["kind"]));
                }
                let message = error.to_string();
                if !message.starts_with(&format!("{name}: ")) || !message.contains('请') {
                    failures.push(format!("{name}: the message does not say what to do: {message}"));
                }
            }
            ("ok", Ok(report)) => {
                for code in case["codes"].as_array().into_iter().flatten() {
                    let code = code.as_str().unwrap();
                    if !report.findings.iter().any(|f| f.code == code) {
                        failures.push(format!("{name}: no {code} finding"));
                    }
                }
            }
            (want, Err(error)) => failures.push(format!("{name}: {error}, expected {want}")),
            (want, Ok(_)) => failures.push(format!("{name}: read fine, expected {want} {}", case["kind"])),
        }
        eprintln!("{name}: {took:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
