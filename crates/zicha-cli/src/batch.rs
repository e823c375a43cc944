//! Batches: which files form a filing, checking them in parallel, and the outputs.
//!
//! Grouping: files named on the command line together form one filing; in a folder, the office files directly
//! in the same folder form one filing (tables and reports side by side), each subfolder its own. With
//! `--each-file`, every file is a filing of its own.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use zicha_core::InputFile;
use zicha_core::batch::{SUMMARY_HEADER, SUMMARY_NUMBER_COLUMNS, group, summary_row};
use zicha_core::report::{CheckReport, findings_csv};

pub(crate) struct Outcome {
    pub paths: Vec<PathBuf>,
    pub result: Result<CheckReport, String>,
}

/// The filings the paths name: files named together form one; each folder's files are grouped by
/// [`zicha_core::batch::group`], as the web app groups a folder or a zip.
pub(crate) fn collect(paths: &[PathBuf], each_file: bool) -> Result<Vec<Vec<PathBuf>>, String> {
    let mut named_files = Vec::new();
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found)?;
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
    // Grouped by their paths as text (one that is not UTF-8 lossily); each file is still opened by its own path.
    let texts: Vec<String> = found.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    filings.extend(group(&texts).into_iter().map(|filing| filing.into_iter().map(|i| found[i].clone()).collect()));
    if each_file {
        filings = filings.into_iter().flatten().map(|p| vec![p]).collect();
    }
    Ok(filings)
}

/// Every file under `dir`, in no particular order (grouping sorts them).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else {
            found.push(path);
        }
    }
    Ok(())
}

/// Reads the files; each is named in addresses by its file name alone (a name that is not UTF-8, as a GBK zip
/// unpacked on Linux gives, is shown lossily; the file is opened by its exact path). The limits speak before the
/// bytes are read: too many files are refused unread, and no more of a file is read than one byte past the
/// size limit, which the reader then refuses in its own words.
pub(crate) fn load(paths: &[PathBuf]) -> Result<Vec<InputFile>, String> {
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
pub(crate) fn check_all(filings: &[Vec<PathBuf>], options: &zicha_core::Options, jobs: usize) -> Vec<Outcome> {
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

pub(crate) fn exit_code(outcomes: &[Outcome]) -> u8 {
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

pub(crate) fn text(outcomes: &[Outcome]) -> String {
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

pub(crate) fn json(outcomes: &[Outcome]) -> String {
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

pub(crate) fn csv(outcomes: &[Outcome]) -> String {
    findings_csv(outcomes.iter().filter_map(|o| o.result.as_ref().ok()))
}

fn summary_rows(outcomes: &[Outcome]) -> Vec<[String; SUMMARY_HEADER.len()]> {
    outcomes.iter().map(|o| summary_row(&names(&o.paths), o.result.as_ref().map_err(String::as_str))).collect()
}

pub(crate) fn summary_csv(outcomes: &[Outcome]) -> String {
    zicha_core::batch::summary_csv(&summary_rows(outcomes))
}

pub(crate) fn summary_xlsx(outcomes: &[Outcome]) -> Result<Vec<u8>, String> {
    let rows: Vec<Vec<String>> = summary_rows(outcomes).into_iter().map(Vec::from).collect();
    zicha_export::summary_workbook("检查汇总", &SUMMARY_HEADER, &rows, SUMMARY_NUMBER_COLUMNS)
}
