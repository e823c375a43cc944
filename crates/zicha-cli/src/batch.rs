//! Batches: which files form a filing, checking them in parallel, and the outputs.
//!
//! Grouping: files named on the command line together form one filing; in a folder, the office files directly
//! in the same folder form one filing (tables and reports side by side), each subfolder its own. With
//! `--each-file`, every file is a filing of its own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use zicha_core::InputFile;
use zicha_core::report::{CheckReport, csv_field, findings_csv};

/// Extensions looked at inside folders: every format read (`.wps` and `.et` are the compound formats of .doc and
/// .xls; web pages and MHTML archives are read as documents).
const OFFICE: &[&str] = &["xlsx", "xlsm", "xls", "ods", "docx", "doc", "wps", "et", "htm", "html", "mht", "mhtml"];

pub struct Outcome {
    pub paths: Vec<PathBuf>,
    pub result: Result<CheckReport, String>,
}

pub fn collect(paths: &[PathBuf], each_file: bool) -> Result<Vec<Vec<PathBuf>>, String> {
    let mut named_files = Vec::new();
    let mut by_folder: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut by_folder)?;
        } else if path.exists() {
            named_files.push(path.clone());
        } else {
            return Err(format!("{}: 文件不存在", path.display()));
        }
    }
    let mut filings: Vec<Vec<PathBuf>> = Vec::new();
    if !named_files.is_empty() {
        filings.push(named_files);
    }
    filings.extend(by_folder.into_values());
    if each_file {
        filings = filings.into_iter().flatten().map(|p| vec![p]).collect();
    }
    Ok(filings)
}

fn walk(dir: &Path, by_folder: &mut BTreeMap<PathBuf, Vec<PathBuf>>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, by_folder)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| OFFICE.contains(&e.to_ascii_lowercase().as_str()))
            && !path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$"))
        {
            by_folder.entry(dir.to_path_buf()).or_default().push(path);
        }
    }
    Ok(())
}

/// Reads the files; each is named in addresses by its file name alone (a name that is not UTF-8, as a GBK zip
/// unpacked on Linux gives, is shown lossily; the file is opened by its exact path). The limits speak before the
/// bytes are read: too many files are refused unread, and no more of a file is read than one byte past the
/// size limit, which the reader then refuses in its own words.
pub fn load(paths: &[PathBuf]) -> Result<Vec<InputFile>, String> {
    use std::io::Read;
    let max_files = zicha_core::read::limits::MAX_FILES;
    if paths.len() > max_files {
        return Err(format!("{}: 一份材料有 {} 个文件，最多 {max_files} 个，超出检查上限", names(paths), paths.len()));
    }
    paths
        .iter()
        .map(|path| {
            let cannot = |e: std::io::Error| format!("{}: 无法读取文件（{e}）", path.display());
            let file = std::fs::File::open(path).map_err(cannot)?;
            let mut bytes = Vec::new();
            file.take(zicha_core::read::limits::MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            Ok(InputFile::new(name, bytes))
        })
        .collect()
}

/// Checks every filing on `jobs` threads; results come back in the order given.
pub fn check_all(filings: &[Vec<PathBuf>], options: &zicha_core::Options, jobs: usize) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new((0..filings.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(filings.len()) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(paths) = filings.get(index) else { break };
                    let result = load(paths).and_then(|files| {
                        zicha_core::run_with(&files, options).map(|c| c.report).map_err(|e| e.to_string())
                    });
                    results.lock().expect("no worker panics while holding the lock")[index] =
                        Some(Outcome { paths: paths.clone(), result });
                }
            });
        }
    });
    results.into_inner().expect("workers are done").into_iter().map(|o| o.expect("every filing was checked")).collect()
}

pub fn exit_code(outcomes: &[Outcome]) -> u8 {
    if outcomes.iter().any(|o| o.result.is_err()) {
        2
    } else if outcomes.iter().any(|o| o.result.as_ref().is_ok_and(|r| r.counts.error > 0)) {
        1
    } else {
        0
    }
}

fn names(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" + ")
}

pub fn text(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos, mut unreadable) = (0, 0, 0, 0);
    for outcome in outcomes {
        match &outcome.result {
            Ok(report) => {
                out.push_str(&report.to_text());
                errors += report.counts.error;
                warnings += report.counts.warning;
                infos += report.counts.info;
            }
            Err(message) => {
                unreadable += 1;
                out.push_str(&format!("== {}\n无法读取：{message}\n", names(&outcome.paths)));
            }
        }
        out.push('\n');
    }
    if outcomes.len() > 1 {
        out.push_str(&format!(
            "共检查 {} 份材料：强制 {errors} 项，提示 {warnings} 项，信息 {infos} 项；无法读取 {unreadable} 份\n",
            outcomes.len()
        ));
    }
    out
}

pub fn json(outcomes: &[Outcome]) -> String {
    let items: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            // Paths as text: one that is not UTF-8 is written lossily (JSON holds only Unicode).
            let paths: Vec<String> = o.paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            match &o.result {
                Ok(report) => serde_json::json!({ "paths": paths, "report": report }),
                Err(message) => serde_json::json!({ "paths": paths, "error": message }),
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("reports serialise") + "\n"
}

pub fn csv(outcomes: &[Outcome]) -> String {
    findings_csv(outcomes.iter().filter_map(|o| o.result.as_ref().ok()))
}

const SUMMARY_HEADER: [&str; 10] =
    ["材料", "单位", "自评总分", "重算总分", "等级", "强制", "提示", "信息", "状态", "说明"];

fn summary_rows(outcomes: &[Outcome]) -> Vec<[String; 10]> {
    outcomes
        .iter()
        .map(|o| match &o.result {
            Ok(report) => {
                let (declared, recomputed) = report.department_totals();
                let show = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
                let grade = recomputed.map(|t| format!("{:?}", zicha_core::score::Grade::of(t))).unwrap_or_default();
                [
                    names(&o.paths),
                    report.unit.clone().unwrap_or_default(),
                    show(declared),
                    show(recomputed),
                    grade,
                    report.counts.error.to_string(),
                    report.counts.warning.to_string(),
                    report.counts.info.to_string(),
                    if report.counts.error > 0 { "有强制问题".into() } else { "通过".into() },
                    String::new(),
                ]
            }
            Err(message) => {
                let mut row: [String; 10] = Default::default();
                row[0] = names(&o.paths);
                row[8] = "无法读取".into();
                row[9] = message.clone();
                row
            }
        })
        .collect()
}

pub fn summary_csv(outcomes: &[Outcome]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&SUMMARY_HEADER.join(","));
    out.push('\n');
    for row in summary_rows(outcomes) {
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

pub fn summary_xlsx(outcomes: &[Outcome]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("检查汇总").map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (col, title) in SUMMARY_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, &bold).map_err(|e| e.to_string())?;
    }
    for (r, row) in summary_rows(outcomes).iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Scores and counts as numbers, so a bureau can sort and sum them.
            match value.parse::<f64>() {
                Ok(n) if (2..=7).contains(&c) => sheet.write_number(r, c, n),
                _ => sheet.write_string(r, c, value),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    sheet.set_column_width(0, 48).map_err(|e| e.to_string())?;
    sheet.set_column_width(1, 30).map_err(|e| e.to_string())?;
    workbook.save_to_buffer().map_err(|e| e.to_string())
}
