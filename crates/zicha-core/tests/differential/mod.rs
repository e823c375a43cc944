//! The differential test of the readers, shared by `examples/differential.rs` (any folders of files) and
//! `tests/peers.rs` (the peers' files kept in `fixtures/peers/`): every spreadsheet (xlsx, xlsm, ods, xls) and
//! Word file is read by zicha's readers and by a mature peer, and every cell is compared.
//!
//! - Spreadsheets: calamine (its values: numbers as numbers, shared strings, dates by their epoch).
//! - Word: python-docx (`scripts/docx_tables.py`, run with `python3`; `pip install python-docx`): each table's
//!   cells on the grid as python-docx gives them (a merged cell's text in every grid cell it covers) and the
//!   body's paragraphs.
//!
//! ```text
//! cargo run --release -p zicha-core --example differential -- DIR... [--examples N]
//! ```
//!
//! The report gives, per format, the files compared, identical, differing and failed, and the differences by
//! class with the first examples of each; the classes the project accepts on purpose are in [`ACCEPTED`], with
//! their reasons (`docs/readers.md`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use rust_decimal::Decimal;
use zicha_core::grid::{Grid, GridKind};
use zicha_core::read::{InputFile, read};

#[derive(Default)]
pub(crate) struct Tally {
    pub files: usize,
    pub identical: usize,
    pub differing: usize,
    pub failed: usize,
}

#[derive(Default)]
pub(crate) struct Report {
    pub by_format: BTreeMap<String, Tally>,
    /// Class → (count, first examples).
    pub classes: BTreeMap<String, (usize, Vec<String>)>,
    examples: usize,
}

impl Report {
    fn note(&mut self, class: &str, example: String) {
        let limit = self.examples;
        let entry = self.classes.entry(class.to_string()).or_default();
        entry.0 += 1;
        if entry.1.len() < limit {
            entry.1.push(example);
        }
    }
}

/// Compares every file; Word files against the peer JSON `docx_peer` gives for them (python-docx's, or a saved
/// copy of it).
pub(crate) fn compare(
    files: &[PathBuf],
    examples: usize,
    docx_peer: &dyn Fn(&Path) -> Option<serde_json::Value>,
) -> Report {
    let mut report = Report { examples, ..Report::default() };
    for path in files {
        let format = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        let before: usize = report.classes.values().map(|(n, _)| n).sum();
        let outcome = match format.as_str() {
            "docx" => compare_docx(path, &mut report, docx_peer),
            _ => compare_spreadsheet(path, &mut report),
        };
        let after: usize = report.classes.values().map(|(n, _)| n).sum();
        let tally = report.by_format.entry(format).or_default();
        tally.files += 1;
        match outcome {
            Err(()) => tally.failed += 1,
            Ok(()) if after == before => tally.identical += 1,
            Ok(()) => tally.differing += 1,
        }
    }
    report
}

/// The differences the project accepts on purpose, by class, with the reason (docs/readers.md).
pub(crate) const ACCEPTED: &[(&str, &str)] = &[
    ("shown: a date written ISO by zicha", "zicha writes every date as 2021-01-01, whatever the locale's format"),
    (
        "shown: an error value LibreOffice recomputes",
        "LibreOffice recalculates formulas and shows its own error codes (Err:502); zicha shows the cached one",
    ),
    ("shown: fractional seconds dropped", "zicha shows times to the second"),
    (
        "shown: a leading zero under a # format",
        "LibreOffice shows .5 where the format's integer part is # (biff5-rich-text-string.xls); zicha writes 0.5, the same number",
    ),
    (
        "shown: the 15th significant digit",
        "4706.84754009731477… (the stored double, exactly) is 4706.84754009731 at 15 digits, as zicha shows it; LibreOffice rounds the shortest form 4706.847540097315 a second time",
    ),
    (
        "shown: an xls boolean LibreOffice writes as a number",
        "LibreOffice's csv of an xls writes its booleans as 1 and 0 (even 1 for a FALSE in empty-string.xls); xlrd reads them as booleans, and zicha shows TRUE and FALSE as Excel does",
    ),
    (
        "shown: LibreOffice shows nothing",
        "inlineStr_with_value.xlsx: a cell typed inlineStr that also holds a <v>; calamine and zicha read its inline string, LibreOffice shows nothing",
    ),
    (
        "shown: white space differs",
        "one text cell of OOM_alloc.xls, where LibreOffice adds a space before and after the stored text; zicha keeps the text as stored",
    ),
    (
        "shown: thousands separators and padding not written",
        "zicha writes 19791 for #,##0, without an accounting format's padding or its - for 0: the locale's grouping is not the number",
    ),
    (
        "text: a time format without seconds",
        "hh:mm shows 12:00, as Excel does; calamine's time is compared with its seconds",
    ),
    (
        "text: an ISO date or duration calamine gives raw",
        "ODS dates and durations, xlsx t=\"d\" cells: calamine gives 2021-01-01T10:10:10 and PT10H10M10S; zicha shows the date (and its time of day if any) and 10:10:10, as LibreOffice does",
    ),
    (
        "sheet: a chart sheet, left out by zicha",
        "a chart sheet holds no table (its series records would read as stray cells); the xlsx reader leaves chart sheets out too, and LibreOffice's csv of one is empty",
    ),
    (
        "cell: white space only, dropped by calamine",
        "calamine trims text; LibreOffice and Excel keep a cell of spaces or a line break",
    ),
    (
        "text: white space trimmed by calamine",
        "calamine trims leading and trailing white space; LibreOffice and Excel keep it",
    ),
    (
        "text: a time format, shown by calamine as a date",
        "hh:mm on a whole number: Excel shows the time of day (00:00), as zicha does",
    ),
    ("text: serial 0 of a 1904 workbook", "calamine gives no date for serial 0; Excel shows 1904-01-01, as zicha does"),
    (
        "docx cell: nested table text",
        "python-docx's cell.text leaves out a nested table; zicha keeps its text in the cell",
    ),
    (
        "docx row: w:gridBefore",
        "python-docx ignores w:gridBefore; zicha starts the row's first cell where Word draws it",
    ),
    (
        "file: both refuse it (zicha's message)",
        "broken, encrypted, empty or oversized test files, refused with a reason",
    ),
    ("file: the peer refuses what zicha reads", "Strict OOXML (python-docx cannot read it)"),
];

impl Report {
    /// Classes found that are not accepted.
    pub(crate) fn unaccepted(&self) -> Vec<(&String, &(usize, Vec<String>))> {
        self.classes.iter().filter(|(class, _)| !ACCEPTED.iter().any(|(a, _)| a == class)).collect()
    }

    pub(crate) fn markdown(&self) -> String {
        let mut out = String::from("| format | files | identical | differing | failed |\n|---|---|---|---|---|\n");
        for (format, t) in &self.by_format {
            out += &format!("| {format} | {} | {} | {} | {} |\n", t.files, t.identical, t.differing, t.failed);
        }
        out += "\n| difference | cells or files | accepted because | first examples |\n|---|---|---|---|\n";
        for (class, (count, firsts)) in &self.classes {
            let why = ACCEPTED.iter().find(|(a, _)| a == class).map_or("**not accepted**", |(_, why)| why);
            out += &format!("| {class} | {count} | {why} | {} |\n", firsts.join("<br>").replace('|', "\\|"));
        }
        out
    }
}

pub(crate) fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| {
            ["xlsx", "xlsm", "ods", "xls", "docx"].contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
        }) {
            out.push(path);
        }
    }
}

fn short(path: &Path) -> String {
    let parts: Vec<_> = path.iter().rev().take(2).collect();
    parts.iter().rev().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// What a peer holds in a cell, in the terms zicha's cells are compared in.
#[derive(Debug, PartialEq)]
enum Peer {
    Text(String),
    Number(Decimal),
}

fn peer_cell(data: &Data) -> Option<Peer> {
    match data {
        Data::Empty => None,
        Data::String(s) if s.is_empty() => None,
        Data::String(s) => Some(Peer::Text(s.clone())),
        Data::Int(i) => Some(Peer::Number(Decimal::from(*i))),
        Data::Float(f) => zicha_core::decimal_from_f64(*f).map(Peer::Number),
        Data::Bool(b) => Some(Peer::Text(if *b { "TRUE" } else { "FALSE" }.into())),
        Data::DateTime(dt) if dt.is_duration() => {
            let total = (dt.as_f64() * 86_400.0).round() as u64;
            Some(Peer::Text(format!("{:02}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)))
        }
        Data::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            Some(Peer::Text(if dt.is_datetime() && dt.as_f64() >= 1.0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{hh:02}:{mm:02}:{ss:02}")
            }))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Peer::Text(s.clone())),
        Data::Error(e) => Some(Peer::Text(e.to_string())),
    }
}

fn compare_spreadsheet(path: &Path, report: &mut Report) -> Result<(), ()> {
    let bytes = std::fs::read(path).map_err(|_| ())?;
    let name = short(path);
    let ours = std::panic::catch_unwind(|| read(&[InputFile::new(&name, bytes.clone())]));
    let theirs = std::panic::catch_unwind(|| {
        let mut workbook = open_workbook_auto_from_rs(std::io::Cursor::new(bytes.clone())).ok()?;
        let charts: Vec<String> = workbook
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == calamine::SheetType::ChartSheet)
            .map(|s| s.name.clone())
            .collect();
        let sheets: Vec<(String, calamine::Range<Data>)> = workbook
            .sheet_names()
            .into_iter()
            .filter_map(|sheet| workbook.worksheet_range(&sheet).ok().map(|range| (sheet, range)))
            .collect();
        Some((sheets, charts))
    });
    let (ours, theirs) = match (ours, theirs) {
        (Ok(Ok(ours)), Ok(Some((theirs, charts)))) => (ours, (theirs, charts)),
        (Ok(Err(e)), Ok(Some(_))) => {
            report.note("file: zicha refuses what the peer reads", format!("{name}: {e}"));
            return Ok(());
        }
        (Ok(Ok(_)), Ok(None)) => {
            report.note("file: the peer refuses what zicha reads", name);
            return Ok(());
        }
        (Ok(Ok(_)), Err(_)) => {
            report.note("file: the peer panics on what zicha reads", name);
            return Ok(());
        }
        (Err(_), _) => {
            report.note("file: zicha panics", name);
            return Err(());
        }
        (Ok(Err(e)), Ok(None)) => {
            report.note("file: both refuse it (zicha's message)", format!("{name}: {e}"));
            return Err(());
        }
        (Ok(Err(e)), Err(_)) => {
            report.note("file: the peer panics, zicha refuses it", format!("{name}: {e}"));
            return Err(());
        }
    };
    let (theirs, charts) = theirs;
    for (sheet, range) in &theirs {
        let Some(grid) =
            ours.grids.iter().find(|g| matches!(g.source.kind(), GridKind::Sheet { name } if **name == **sheet))
        else {
            if range.used_cells().any(|(_, _, d)| peer_cell(d).is_some()) {
                let class = if charts.contains(sheet) {
                    "sheet: a chart sheet, left out by zicha"
                } else {
                    "sheet: missing in zicha"
                };
                report.note(class, format!("{name} [{sheet}]"));
            }
            continue;
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut seen = std::collections::HashSet::new();
        for (r, c, data) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            seen.insert((row, col));
            compare_cell(report, &name, sheet, grid, row, col, peer_cell(data));
        }
        for (row, cells) in grid.rows.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                if !cell.text.is_empty() && !seen.contains(&(row as u32, col as u32)) {
                    report.note(
                        only_zicha(&cell.text),
                        format!("{name} [{sheet}]{}: {:?}", a1(row as u32, col as u32), cell.text),
                    );
                }
            }
        }
    }
    Ok(())
}

fn only_zicha(text: &str) -> &'static str {
    if text.trim().is_empty() { "cell: white space only, dropped by calamine" } else { "cell: only zicha has it" }
}

fn a1(row: u32, col: u32) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    format!("{}{}", String::from_utf8_lossy(&name), row + 1)
}

fn compare_cell(report: &mut Report, name: &str, sheet: &str, grid: &Grid, row: u32, col: u32, peer: Option<Peer>) {
    let ours = grid.cell(row, col).filter(|c| !c.text.is_empty());
    let place = format!("{name} [{sheet}]{}", a1(row, col));
    match (ours, peer) {
        (None, None) => {}
        (None, Some(p)) => report.note("cell: only the peer has it", format!("{place}: {p:?}")),
        (Some(c), None) => report.note(only_zicha(&c.text), format!("{place}: {:?}", c.text)),
        (Some(c), Some(Peer::Number(n))) => match c.number {
            Some(ours) if ours == n => {}
            Some(ours) => report.note("number: another value", format!("{place}: {ours} vs {n}")),
            // A date or a time zicha shows as text, or a number kept as text.
            None if c.text.contains('-') || c.text.contains(':') => {
                report.note("number: shown as a date by zicha", format!("{place}: {:?} vs {n}", c.text))
            }
            None => report.note("number: text in zicha", format!("{place}: {:?} vs {n}", c.text)),
        },
        (Some(c), Some(Peer::Text(t))) => {
            let normal = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
            if normal(&c.text) == normal(&t) {
                return;
            }
            if c.text.trim() == t && t.trim() == t {
                report.note("text: white space trimmed by calamine", format!("{place}: {:?} vs {t:?}", c.text));
            } else if c.text.trim() == t.trim() {
                report.note("text: white space differs", format!("{place}: {:?} vs {t:?}", c.text));
            } else if c.number.is_some() {
                report.note("text: a number in zicha", format!("{place}: {:?} vs {t:?}", c.text));
            } else {
                let time = |s: &str| (s.len() == 8 || s.len() == 5) && s.as_bytes()[2] == b':';
                let date = |s: &str| s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
                let class = if time(&c.text) && date(&t) {
                    "text: a time format, shown by calamine as a date"
                } else if c.text.len() == 5 && t.len() == 8 && t.starts_with(c.text.as_str()) {
                    "text: a time format without seconds"
                } else if t.starts_with("PT")
                    || t.len() > 10 && t.as_bytes()[10] == b'T' && t.starts_with(c.text.as_str())
                    || t.len() > 10 && t.as_bytes()[10] == b'T' && t.replacen('T', " ", 1) == c.text
                {
                    "text: an ISO date or duration calamine gives raw"
                } else if c.text == "1904-01-01" && t == "00:00:00" {
                    "text: serial 0 of a 1904 workbook"
                } else {
                    "text: differs"
                };
                report.note(class, format!("{place}: {:?} vs {t:?}", c.text));
            }
        }
    }
}

/// python-docx's reading of a Word file, by `scripts/docx_tables.py`.
pub(crate) fn python_docx(path: &Path) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/docx_tables.py");
    let output = Command::new("python3").arg(&script).arg(path).output().ok()?;
    serde_json::from_slice(&output.stdout).ok()
}

/// A Word file: python-docx's tables and paragraphs against zicha's.
fn compare_docx(
    path: &Path,
    report: &mut Report,
    docx_peer: &dyn Fn(&Path) -> Option<serde_json::Value>,
) -> Result<(), ()> {
    let name = short(path);
    let peer = docx_peer(path);
    let bytes = std::fs::read(path).map_err(|_| ())?;
    let ours = std::panic::catch_unwind(|| read(&[InputFile::new(&name, bytes.clone())]));
    let (ours, peer) = match (ours, peer) {
        (Ok(Ok(ours)), Some(peer)) => (ours, peer),
        (Ok(Err(e)), Some(_)) => {
            report.note("file: zicha refuses what the peer reads", format!("{name}: {e}"));
            return Ok(());
        }
        (Ok(Ok(_)), None) => {
            report.note("file: the peer refuses what zicha reads", name);
            return Ok(());
        }
        (Err(_), _) => {
            report.note("file: zicha panics", name);
            return Err(());
        }
        _ => return Err(()),
    };
    let tables = peer["tables"].as_array().cloned().unwrap_or_default();
    if tables.len() != ours.grids.len() {
        report.note("docx: table count differs", format!("{name}: {} vs {}", ours.grids.len(), tables.len()));
    }
    for (index, (table, grid)) in tables.iter().zip(&ours.grids).enumerate() {
        for (row, cells) in table.as_array().into_iter().flatten().enumerate() {
            let theirs: Vec<&str> =
                cells.as_array().into_iter().flatten().map(|t| t.as_str().unwrap_or_default().trim()).collect();
            let row = row as u32;
            // A merged cell's text is in its top-left cell in zicha's grid, in every cell it covers in python-docx's.
            let ours_at = |col: u32| {
                let anchor = grid
                    .merges
                    .iter()
                    .find(|m| m.first_row <= row && row <= m.last_row && m.first_col <= col && col <= m.last_col);
                let (r, c) = anchor.map_or((row, col), |m| (m.first_row, m.first_col));
                grid.cell(r, c).map_or("", |c| c.text.as_str()).trim()
            };
            let ours: Vec<&str> = (0..theirs.len() as u32 + 4).map(ours_at).collect();
            if theirs.iter().enumerate().all(|(col, t)| ours[col] == *t) {
                continue;
            }
            // The row's cells one or more grid columns later in zicha's grid: w:gridBefore.
            if (1..=4).any(|k| {
                (0..theirs.len() - k.min(theirs.len())).all(|col| ours[col + k] == theirs[col])
                    && ours[..k].iter().all(|o| o.is_empty())
            }) {
                report.note(
                    "docx row: w:gridBefore",
                    format!("{name} 表{} 行{}: {:?} vs {:?}", index + 1, row + 1, &ours[..theirs.len()], theirs),
                );
                continue;
            }
            for (col, t) in theirs.iter().enumerate() {
                let o = ours[col];
                if o == *t {
                    continue;
                }
                let lines: Vec<&str> = t.lines().collect();
                let class = if o.replace(char::is_whitespace, "") == t.replace(char::is_whitespace, "") {
                    "docx cell: white space differs"
                } else if !t.is_empty() && lines.iter().all(|l| o.contains(l)) && o.len() > t.len() {
                    "docx cell: nested table text"
                } else {
                    "docx cell: text differs"
                };
                report.note(class, format!("{name} 表{} {}: {o:?} vs {t:?}", index + 1, a1(row, col as u32)));
            }
        }
    }
    let theirs: Vec<String> = peer["paragraphs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(|s| s.trim().to_string()))
        .filter(|p| !p.is_empty())
        .collect();
    let ours: Vec<String> =
        ours.paragraphs.iter().map(|p| p.text.trim().to_string()).filter(|p| !p.is_empty()).collect();
    if ours != theirs {
        let first = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
        let shown = |v: &Vec<String>| v.get(first).cloned().unwrap_or_default();
        report.note(
            "docx paragraphs: differ",
            format!(
                "{name}: {} vs {} paragraphs, first at {}: {:?} vs {:?}",
                ours.len(),
                theirs.len(),
                first + 1,
                shown(&ours),
                shown(&theirs)
            ),
        );
    }
    Ok(())
}

/// Every sheet of each spreadsheet as LibreOffice shows it (`soffice --convert-to csv`, cell contents as shown,
/// all sheets), by file and sheet name; `None` where LibreOffice is not installed.
/// File → sheet name → rows of displayed text.
pub(crate) type Shown = BTreeMap<PathBuf, BTreeMap<String, Vec<Vec<String>>>>;

pub(crate) fn libreoffice_shown(files: &[PathBuf]) -> Option<Shown> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| Command::new(p).arg("--version").output().is_ok())?;
    let work = std::env::temp_dir().join(format!("zicha-differential-{}", std::process::id()));
    let (inbox, outbox) = (work.join("in"), work.join("out"));
    std::fs::create_dir_all(&inbox).ok()?;
    std::fs::create_dir_all(&outbox).ok()?;
    let sheets: Vec<(usize, &PathBuf)> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")))
        .collect();
    let mut inputs = Vec::new();
    for (i, file) in &sheets {
        let ext = file.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        let copy = inbox.join(format!("f{i}.{ext}"));
        if std::fs::copy(file, &copy).is_ok() {
            inputs.push(copy);
        }
    }
    // Separator, quote, UTF-8, from line 1, …, cell contents as shown (token 9), every sheet (token 12).
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
    for chunk in inputs.chunks(200) {
        let _ = Command::new(soffice)
            .args(["--headless", "--convert-to", filter, "--outdir"])
            .arg(&outbox)
            .args(chunk)
            .output();
    }
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&outbox).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".csv") else { continue };
        let Some((index, sheet)) = stem.strip_prefix('f').and_then(|s| s.split_once('-')) else { continue };
        let Some(file) = index.parse::<usize>().ok().and_then(|i| files.get(i)) else { continue };
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        out.entry(file.clone()).or_insert_with(BTreeMap::new).insert(sheet.to_string(), parse_csv(&text));
    }
    let _ = std::fs::remove_dir_all(&work);
    Some(out)
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// zicha's displayed text of every cell against LibreOffice's, sheet by sheet.
/// Digits of a number's text from its first non-zero one.
fn significant_digits(text: &str) -> usize {
    text.bytes().filter(u8::is_ascii_digit).skip_while(|&b| b == b'0').count()
}

pub(crate) fn compare_shown(shown: &Shown, examples: usize) -> Report {
    let mut report = Report { examples, ..Report::default() };
    for (path, sheets) in shown {
        let name = short(path);
        let Ok(Ok(ours)) =
            std::panic::catch_unwind(|| read(&[InputFile::new(&name, std::fs::read(path).unwrap_or_default())]))
        else {
            continue;
        };
        let format = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        let before: usize = report.classes.values().map(|(n, _)| n).sum();
        for (sheet, rows) in sheets {
            let Some(grid) =
                ours.grids.iter().find(|g| matches!(g.source.kind(), GridKind::Sheet { name } if **name == **sheet))
            else {
                continue;
            };
            for (r, cells) in rows.iter().enumerate() {
                for (c, theirs) in cells.iter().enumerate() {
                    let ours = grid.cell(r as u32, c as u32).map_or("", |x| x.text.as_str());
                    if ours == theirs || ours.replace("\r\n", "\n") == *theirs {
                        continue;
                    }
                    let iso = |s: &str| s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
                    let number = |s: &str| s.trim().trim_end_matches('%').replace(',', "").parse::<f64>().ok();
                    let ungrouped = theirs.trim().replace(',', "");
                    let class = match (number(ours), number(theirs)) {
                        _ if ours == ungrouped || ours == "0" && ungrouped == "-" => {
                            "shown: thousands separators and padding not written"
                        }
                        _ if ours.strip_prefix('0') == Some(theirs.as_str()) && theirs.starts_with('.') => {
                            "shown: a leading zero under a # format"
                        }
                        (Some(a), Some(b))
                            if significant_digits(ours) >= 15 && (a - b).abs() <= 1e-14 * a.abs().max(1.0) =>
                        {
                            "shown: the 15th significant digit"
                        }
                        (Some(a), Some(b)) if (a - b).abs() <= 1e-9 * a.abs().max(1.0) => {
                            "shown: the same number written otherwise"
                        }
                        (Some(_), Some(_)) => "shown: another number",
                        _ if ours.trim() == theirs.trim() => "shown: white space differs",
                        _ if iso(ours) && (theirs.contains('/') || theirs.chars().any(char::is_alphabetic)) => {
                            "shown: a date written ISO by zicha"
                        }
                        _ if format == "xls" && matches!((ours, theirs.as_str()), ("TRUE" | "FALSE", "1" | "0")) => {
                            "shown: an xls boolean LibreOffice writes as a number"
                        }
                        _ if theirs.is_empty() => "shown: LibreOffice shows nothing",
                        _ if theirs.starts_with(ours) && theirs[ours.len()..].starts_with('.') => {
                            "shown: fractional seconds dropped"
                        }
                        _ if ours.starts_with('#') && (theirs.starts_with('#') || theirs.starts_with("Err:")) => {
                            "shown: an error value LibreOffice recomputes"
                        }
                        _ => "shown: text differs",
                    };
                    report.note(class, format!("{name} [{sheet}]{}: {ours:?} vs {theirs:?}", a1(r as u32, c as u32)));
                }
            }
        }
        let after: usize = report.classes.values().map(|(n, _)| n).sum();
        let tally = report.by_format.entry(format).or_default();
        tally.files += 1;
        if after == before { tally.identical += 1 } else { tally.differing += 1 }
    }
    report
}
