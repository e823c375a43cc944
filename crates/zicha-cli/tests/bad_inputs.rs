//! The CLI on every input of the bad corpus, each under a memory limit (ulimit -v) and a time limit: a clear
//! message and exit code 2 for what cannot be read, a report for what can; never a crash.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Virtual memory for one run, in KiB (2 GiB: far above what any input needs, far below the machine's).
const MEMORY_KIB: u64 = 2 * 1024 * 1024;
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn every_bad_input_under_memory_and_time_limits() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/bad");
    let mut expected: Vec<serde_json::Value> = Vec::new();
    for list in ["expected.json", "fuzz/expected.json"] {
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join(list)).unwrap()).unwrap();
        expected.extend(cases);
    }
    let mut failures = Vec::new();
    for case in &expected {
        let name = case["file"].as_str().unwrap();
        let script = format!("ulimit -v {MEMORY_KIB}; exec \"$0\" check --format json \"$1\"");
        let mut child = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_zicha"), dir.join(name).to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > TIME_LIMIT {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let message = json[0]["error"].as_str().unwrap_or_default();
        match (case["outcome"].as_str().unwrap(), status.and_then(|s| s.code())) {
            (_, None) => failures.push(format!("{name}: killed or timed out ({status:?}) {stderr}")),
            ("error", Some(2)) if message.contains(name.rsplit('/').next().unwrap()) && message.contains('请') => {}
            ("ok", Some(0 | 1)) if json[0]["report"].is_object() => {}
            (want, Some(code)) => failures.push(format!("{name}: exit {code}, expected {want}: {message} {stderr}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
