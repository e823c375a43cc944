//! `zicha check`, `explain` and `rules` end to end: real fixture files, outputs, batches, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

fn zicha(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zicha")).args(args).output().expect("zicha runs")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zicha-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_seed_has_errors_and_says_where() {
    let seed = fixture("seed-word.docx");
    let output = zicha(&["check", path(&seed)]);
    assert_eq!(output.status.code(), Some(1), "errors found → exit 1");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("强制（2 项）"), "{text}");
    assert!(text.contains("X005 报告数字与表格不符"));
    assert!(text.contains("报告称“涉及一般公共预算支出196.66万元”，表格中一般公共预算为 195.66"));
    assert!(text.contains("[seed-word.docx]段110"));
    assert!(text.contains("合计：强制 2 项"));
}

#[test]
fn json_and_csv_carry_the_same_findings() {
    let seed = fixture("seed-word.docx");
    let json: serde_json::Value =
        serde_json::from_slice(&zicha(&["check", "--format", "json", path(&seed)]).stdout).unwrap();
    let findings = json[0]["report"]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["code"] == "X003"));
    let csv = String::from_utf8(zicha(&["check", "--format", "csv", path(&seed)]).stdout).unwrap();
    let rows = csv.lines().filter(|l| l.contains(",X0") || l.contains(",Q0") || l.contains(",A0")).count();
    assert!(rows >= 10, "{csv}");
    assert!(csv.starts_with("\u{feff}filing,unit,code,severity"));
}

#[test]
fn the_central_profile_expects_other_weights() {
    let seed = fixture("seed-one-sheet-per-form.xlsx");
    let json: serde_json::Value =
        serde_json::from_slice(&zicha(&["check", "--format", "json", "--profile", "central", path(&seed)]).stdout)
            .unwrap();
    let findings = json[0]["report"]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["code"] == "A004" && f["message"]["zh"].as_str().unwrap().contains("方案")));
    assert_eq!(json[0]["report"]["profile"]["id"], "central");
}

#[test]
fn a_bad_profile_is_a_clear_error() {
    let dir = temp_dir("profile");
    let profile = dir.join("bureau.json");
    std::fs::write(&profile, r#"{"id": "x"}"#).unwrap();
    let output = zicha(&["check", "--profile", path(&profile), path(&fixture("seed-word.docx"))]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("配置文件有误"), "{stderr}");
}

#[test]
fn folders_are_filings_and_summaries_are_written() {
    let dir = temp_dir("batch");
    for (folder, files) in [
        ("甲单位", &["seed-split-tables.xlsx", "seed-split-reports.docx"][..]),
        ("乙单位", &["seed-libreoffice.ods"][..]),
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        for file in files {
            std::fs::copy(fixture(file), dir.join(folder).join(file)).unwrap();
        }
    }
    std::fs::create_dir_all(dir.join("丙单位")).unwrap();
    std::fs::write(dir.join("丙单位").join("草稿.xlsx"), b"%PDF-1.4 not a workbook").unwrap();
    let csv = dir.join("summary.csv");
    let xlsx = dir.join("summary.xlsx");
    let output = zicha(&["check", "--summary-csv", path(&csv), "--summary-xlsx", path(&xlsx), path(&dir)]);
    assert_eq!(output.status.code(), Some(2), "an unreadable filing → exit 2");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("共检查 3 份材料"), "{text}");
    assert!(text.contains("无法读取 1 份"));
    let summary = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = summary.lines().collect();
    assert_eq!(rows.len(), 4, "{summary}");
    assert!(
        rows.iter().any(|r| r.contains("甲单位")
            && r.contains("中共汨罗市委文明实践服务中心")
            && r.contains(",98,98,优,100,2,")),
        "{summary}"
    );
    assert!(rows.iter().any(|r| r.contains("丙单位") && r.contains("无法读取")));
    let workbook = std::fs::read(&xlsx).unwrap();
    assert!(workbook.starts_with(b"PK"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn each_file_alone() {
    let dir = temp_dir("each");
    for file in ["seed-split-tables.xlsx", "seed-split-reports.docx"] {
        std::fs::copy(fixture(file), dir.join(file)).unwrap();
    }
    let text = String::from_utf8(zicha(&["check", "--each-file", path(&dir)]).stdout).unwrap();
    assert!(text.contains("共检查 2 份材料"), "{text}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn explain_and_rules() {
    let output = zicha(&["explain", "x005"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("X005 报告数字与表格不符"), "{text}");
    assert!(text.contains("## 依据"));
    assert_eq!(zicha(&["explain", "Z999"]).status.code(), Some(2));
    let rules = String::from_utf8(zicha(&["rules"]).stdout).unwrap();
    assert!(rules.lines().count() >= 55);
    let markdown = String::from_utf8(zicha(&["rules", "--markdown"]).stdout).unwrap();
    let committed =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md")).unwrap();
    assert_eq!(markdown, committed, "docs/rules.md is what `zicha rules --markdown` prints");
}

/// The profile is told from the filing unless one is named, and the text says why; a bureau's own template file
/// is read without a rebuild, and a bad one is refused with the place to fix.
#[test]
fn profiles_are_detected_and_templates_loaded() {
    let seed = fixture("seed-word.docx");
    let text = String::from_utf8(zicha(&["check", path(&seed)]).stdout).unwrap();
    assert!(text.contains("识别：按“湖南省"), "{text}");
    let sichuan = fixture("real/sichuan-nanchong-2023-tuigenghuanlin");
    let text = String::from_utf8(zicha(&["check", path(&sichuan)]).stdout).unwrap();
    assert!(text.contains("方案：四川省"), "{text}");
    // A Yunnan filing laid out as Hubei's college form: the form's layout is named as such, the region is Yunnan.
    let yunnan = fixture("real/yunnan-longyang-2022-huafei");
    let text = String::from_utf8(zicha(&["check", path(&yunnan)]).stdout).unwrap();
    assert!(text.contains("识别：表式与“湖北省 项目绩效目标自评表（高校式样）”相同"), "{text}");
    assert!(text.contains("地区：云南省"), "{text}");
    let dir = temp_dir("template");
    let good = dir.join("good.json");
    std::fs::write(&good, r#"{"id": "mine", "name": "我局模板", "labels": {"implementer": ["项目承办单位"]}}"#)
        .unwrap();
    let output = zicha(&["check", "--template", path(&good), path(&seed)]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"id": "mine", "name": "x", "labels": {"implementor": ["a"]}}"#).unwrap();
    let output = zicha(&["check", "--template", path(&bad), path(&seed)]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("模板文件有误") && message.contains("implementor"), "{message}");
}

/// One bad file in a filing costs that file: the others are checked, and S012 names it.
#[test]
fn a_filing_with_one_unreadable_file_checks_the_others() {
    let dir = temp_dir("one-bad");
    std::fs::copy(fixture("seed-split-tables.xlsx"), dir.join("附件.xlsx")).unwrap();
    std::fs::copy(fixture("bad/truncated.docx"), dir.join("报告.docx")).unwrap();
    let output = zicha(&["check", "--format", "json", path(&dir)]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json[0]["report"]["findings"].as_array().expect("a report, not an error");
    let s012: Vec<_> = findings.iter().filter(|f| f["code"] == "S012").collect();
    assert_eq!(s012.len(), 1, "{findings:?}");
    assert_eq!(s012[0]["found"], "报告.docx");
    assert!(s012[0]["message"]["zh"].as_str().unwrap().contains("文件已损坏或不完整"));
    // The workbook's own mistakes are still found.
    assert!(findings.iter().any(|f| f["code"] == "A007"), "{findings:?}");
}

/// The limits speak before the bytes are read: a sparse 5 GB file and 65 files are refused in their own words,
/// not with "out of memory"; a file name that is not UTF-8 is printed lossily in every format.
#[cfg(unix)]
#[test]
fn limits_before_reading_and_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir("limits");
    let huge = std::fs::File::create(dir.join("huge.xlsx")).unwrap();
    huge.set_len(5 * 1024 * 1024 * 1024).unwrap();
    let script = format!("ulimit -v {}; exec \"$0\" check \"$1\"", 1024 * 1024);
    let output = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_zicha"), path(&dir.join("huge.xlsx"))])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("文件大于 64 MB"), "{text} {}", String::from_utf8_lossy(&output.stderr));

    let many = temp_dir("many");
    for i in 0..65 {
        std::fs::copy(fixture("seed-word.docx"), many.join(format!("{i}.docx"))).unwrap();
    }
    let text = String::from_utf8(zicha(&["check", path(&many)]).stdout).unwrap();
    assert!(text.contains("最多 64 个"), "{text}");

    let odd = temp_dir("not-utf8");
    let name = std::ffi::OsStr::from_bytes(b"\xd7\xd4\xc6\xc0.docx");
    std::fs::copy(fixture("seed-word.docx"), odd.join(name)).unwrap();
    for format in ["text", "json", "csv"] {
        let output =
            Command::new(env!("CARGO_BIN_EXE_zicha")).args(["check", "--format", format]).arg(&odd).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8(output.stdout).unwrap().contains("\u{FFFD}"), "{format}");
    }
}
