//! `zicha inspect` end to end: the binary, real fixture files, its JSON and its exit codes.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

fn zicha(args: &[&str], files: &[PathBuf]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zicha")).args(args).args(files).output().expect("zicha runs")
}

#[test]
fn inspect_prints_the_model_with_addresses() {
    let files = [fixture("seed-split-tables.xlsx"), fixture("seed-split-reports.docx")];
    let output = zicha(&["inspect", "--format", "json"], &files);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(model["files"], serde_json::json!(["seed-split-tables.xlsx", "seed-split-reports.docx"]));
    let executed = &model["department"]["funds"]["total"]["executed"];
    assert_eq!(executed["value"]["value"], "195.66");
    assert_eq!(executed["at"], "[seed-split-tables.xlsx]部门自评!F5");
    assert_eq!(model["projects"].as_array().unwrap().len(), 3);
    assert_eq!(model["department_report"]["unit"]["value"], "中共汨罗市委文明实践服务中心");
    assert!(model["department_report"]["unit"]["at"].as_str().unwrap().starts_with("[seed-split-reports.docx]段"));
}

#[test]
fn an_unreadable_file_exits_2_with_a_message() {
    let dir = std::env::temp_dir().join(format!("zicha-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("报告.xlsx");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let output = zicha(&["inspect"], &[pdf]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("报告.xlsx: 不是表格或 Word 文件（PDF）"), "{stderr}");
    let missing = zicha(&["inspect"], &[dir.join("nope.xlsx")]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(dir).ok();
}
