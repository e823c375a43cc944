//! A bureau's batch review, as plain Rust over the batch lines the workers send: the table's sorting and
//! filtering, the charts' numbers, the exports. The components only call these and render.

use std::collections::BTreeMap;

use zicha_core::batch::{HAS_ERRORS, SUMMARY_HEADER, UNREADABLE};

use crate::display::BatchLine;

/// Column indices of the summary line (`zicha_core::batch::SUMMARY_HEADER`).
pub mod column {
    pub const MATERIAL: usize = 0;
    pub const UNIT: usize = 1;
    pub const DECLARED: usize = 4;
    pub const RECOMPUTED: usize = 5;
    pub const GRADE: usize = 6;
    pub const ERRORS: usize = 8;
    pub const STATUS: usize = 11;
}

/// One filing of the batch: its name in the summary (its files' paths), and its line once checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub material: String,
    pub line: Option<BatchLine>,
}

/// Which filings the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    #[default]
    All,
    /// Only filings with 强制 findings.
    WithErrors,
    /// Only filings whose declared total differs from the recomputed one.
    ScoreDiffers,
    Unreadable,
}

impl Show {
    pub const ALL: [Show; 4] = [Show::All, Show::WithErrors, Show::ScoreDiffers, Show::Unreadable];

    pub fn key(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::WithErrors => "errors",
            Show::ScoreDiffers => "differs",
            Show::Unreadable => "unreadable",
        }
    }

    pub fn from_key(key: &str) -> Show {
        Show::ALL.into_iter().find(|s| s.key() == key).unwrap_or_default()
    }

    fn keeps(self, cells: &[String]) -> bool {
        match self {
            Show::All => true,
            Show::WithErrors => cells[column::STATUS] == HAS_ERRORS,
            Show::ScoreDiffers => score_differs(cells),
            Show::Unreadable => cells[column::STATUS] == UNREADABLE,
        }
    }
}

/// The declared and recomputed totals differ (both known), by a hundredth or more (the summary rounds to two
/// places).
pub fn score_differs(cells: &[String]) -> bool {
    match (number(&cells[column::DECLARED]), number(&cells[column::RECOMPUTED])) {
        (Some(declared), Some(recomputed)) => declared != recomputed,
        _ => false,
    }
}

/// A summary cell's number, in hundredths: the summary writes them as plain decimals (`98`, `81.5`, `-2.25`),
/// so they are read here exactly and without the float parser (which the page would otherwise carry).
fn number(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || fraction.len() > 2 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let cents = fraction.bytes().chain(std::iter::repeat(b'0')).take(2).fold(0, |n, b| n * 10 + i64::from(b - b'0'));
    let value = whole.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0')) * 100 + cents;
    Some(if negative { -value } else { value })
}

/// How the table is sorted: by a column, ascending or not. Numbers sort as numbers, blanks last.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub column: Option<usize>,
    pub descending: bool,
}

impl Sort {
    /// A click on a column's header: sorts by it, or turns the order round if it already sorts by it.
    pub fn toggle(self, column: usize) -> Sort {
        if self.column == Some(column) {
            Sort { column: Some(column), descending: !self.descending }
        } else {
            Sort { column: Some(column), descending: false }
        }
    }
}

/// The indices of the checked entries the table shows, in its order: filtered by `show` and by `text` (in the
/// material or unit), sorted by `sort` (entries still being checked are not shown).
pub fn rows(entries: &[Entry], show: Show, text: &str, sort: Sort) -> Vec<usize> {
    let needle = text.trim().to_lowercase();
    let mut shown: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.line.as_ref().map(|line| (i, &line.cells)))
        .filter(|(_, cells)| show.keeps(cells))
        .filter(|(_, cells)| {
            needle.is_empty()
                || [column::MATERIAL, column::UNIT].iter().any(|&c| cells[c].to_lowercase().contains(&needle))
        })
        .map(|(i, _)| i)
        .collect();
    if let Some(col) = sort.column {
        let cell = |i: usize| entries[i].line.as_ref().map_or("", |l| l.cells[col].as_str());
        shown.sort_by(|&a, &b| {
            let (x, y) = (cell(a), cell(b));
            // Blanks last whichever the order; numbers as numbers; the rest as text.
            let order = match (x.is_empty(), y.is_empty()) {
                (true, true) => return std::cmp::Ordering::Equal,
                (true, false) => return std::cmp::Ordering::Greater,
                (false, true) => return std::cmp::Ordering::Less,
                _ => match (number(x), number(y)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                },
            };
            if sort.descending { order.reverse() } else { order }
        });
    }
    shown
}

/// Across the checked filings: for each rule, in how many filings it fired and how often in all, most filings
/// first (by code where as many).
pub fn rule_frequency(entries: &[Entry]) -> Vec<(String, usize, usize)> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for line in entries.iter().filter_map(|e| e.line.as_ref()) {
        for (code, n) in &line.rules {
            let count = counts.entry(code).or_default();
            count.0 += 1;
            count.1 += n;
        }
    }
    let mut counts: Vec<(String, usize, usize)> =
        counts.into_iter().map(|(code, (filings, all))| (code.to_string(), filings, all)).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    counts
}

/// The bands of the recomputed-score chart: (label, lowest score in it, in hundredths).
pub const SCORE_BANDS: [(&str, i64); 5] =
    [("<60", i64::MIN), ("60–70", 6000), ("70–80", 7000), ("80–90", 8000), ("≥90", 9000)];

/// How many checked filings' recomputed totals fall in each of [`SCORE_BANDS`].
pub fn score_distribution(entries: &[Entry]) -> [usize; 5] {
    let mut bands = [0; 5];
    for line in entries.iter().filter_map(|e| e.line.as_ref()) {
        if let Some(score) = number(&line.cells[column::RECOMPUTED]) {
            let band = SCORE_BANDS.iter().rposition(|(_, low)| score >= *low).unwrap_or(0);
            bands[band] += 1;
        }
    }
    bands
}

/// How many checked filings have each grade (as the summary writes it: 优, 良, 中, 差), in that order.
pub fn grades(entries: &[Entry]) -> Vec<(String, usize)> {
    ["优", "良", "中", "差"] // data: the grades as the summary writes them
        .iter()
        .map(|g| {
            let count = entries.iter().filter_map(|e| e.line.as_ref()).filter(|l| l.cells[column::GRADE] == *g).count();
            (g.to_string(), count)
        })
        .collect()
}

/// The batch summary as CSV, every checked filing in batch order: the CLI's `--summary-csv` for the same files.
pub fn summary_csv(entries: &[Entry]) -> String {
    let rows: Vec<[String; SUMMARY_HEADER.len()]> =
        entries.iter().filter_map(|e| e.line.as_ref()).filter_map(|l| l.cells.clone().try_into().ok()).collect();
    zicha_core::batch::summary_csv(&rows)
}

/// The summary lines as rows for the workbook export.
pub fn summary_rows(entries: &[Entry]) -> Vec<Vec<String>> {
    entries.iter().filter_map(|e| e.line.as_ref()).map(|l| l.cells.clone()).collect()
}

/// Every checked filing's findings as one CSV: the CLI's `--format csv` for the same files.
pub fn findings_csv(entries: &[Entry]) -> String {
    let mut out = String::from(zicha_core::report::FINDINGS_CSV_HEADER);
    for line in entries.iter().filter_map(|e| e.line.as_ref()) {
        out.push_str(&line.findings_csv);
    }
    out
}

/// How many rows the table shows at once: a page a reviewer reads, and a redraw a laptop makes in a frame (the
/// browser lays out every row it is given, and 500 rows laid out four times a second kept the page's thread
/// busier than the workers).
pub const PAGE_ROWS: usize = 100;

/// The pages of `shown` rows: how many there are (at least one), and the place in `shown` of page `page`'s
/// rows (the last page if `page` is past it).
pub fn page_span(shown: usize, page: usize) -> (usize, std::ops::Range<usize>) {
    let pages = shown.div_ceil(PAGE_ROWS).max(1);
    let start = page.min(pages - 1) * PAGE_ROWS;
    (pages, start..(start + PAGE_ROWS).min(shown))
}

/// Whole seconds left (rounded up), from the time the done ones took (`None` before the first is done).
pub fn seconds_left(elapsed_ms: f64, done: usize, total: usize) -> Option<u64> {
    (done > 0).then(|| (elapsed_ms / done as f64 * (total - done.min(total)) as f64 / 1000.0).ceil() as u64)
}

/// Text made safe to place in HTML, as element content or a quoted attribute's value: a filing's cells hold
/// whatever the filer typed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The batch table's rows as HTML, every text escaped: a row per shown filing (`data-index` its place in the
/// batch, focusable, opening it on a click or Enter unless it is unreadable), its status in the page's language.
/// Written as text and set at once: 500 filings' rows are one string, not 7,000 reactive cells (the page's
/// download and its redraws both stay small).
pub fn table_rows_html(entries: &[Entry], shown: &[usize], texts: &crate::i18n::BatchTexts) -> String {
    let mut out = String::new();
    for &index in shown {
        let Some(line) = entries[index].line.as_ref() else { continue };
        let cells = &line.cells;
        let status = cells[column::STATUS].as_str();
        let class = match status {
            UNREADABLE => "unreadable",
            HAS_ERRORS => "has-errors",
            _ => "passed",
        };
        let differs = score_differs(cells);
        out.push_str(&format!(
            r#"<tr class="{class}" data-index="{index}" tabindex="0" title="{}">"#,
            escape(texts.open_filing)
        ));
        for (col, cell) in cells.iter().enumerate() {
            let text = if col == column::STATUS { (texts.status)(status) } else { cell.as_str() };
            let mark = if differs && (col == column::DECLARED || col == column::RECOMPUTED) {
                r#" class="differs""#
            } else {
                ""
            };
            let text = escape(text);
            out.push_str(&format!(r#"<td{mark} title="{text}">{text}</td>"#));
        }
        out.push_str("</tr>");
    }
    out
}

/// A horizontal bar chart as SVG: one labelled bar a row, its count at its end.
pub fn bars_svg(title: &str, rows: &[(String, usize)]) -> String {
    const ROW: usize = 18;
    const LABEL: usize = 56;
    const WIDTH: usize = 260;
    let most = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = rows.len().max(1) * ROW;
    let title = escape(title);
    let mut out = format!(
        r#"<figure class="chart"><figcaption>{title}</figcaption><svg role="img" aria-label="{title}" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">"#
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let (y, length, label) = (i * ROW, n * (WIDTH - LABEL - 30) / most, escape(label));
        out.push_str(&format!(
            r#"<g><title>{label}: {n}</title><text x="0" y="{}" class="chart-label">{label}</text><rect x="{LABEL}" y="{}" width="{length}" height="{}" class="chart-bar"></rect><text x="{}" y="{}" class="chart-count">{n}</text></g>"#,
            y + 13,
            y + 3,
            ROW - 6,
            LABEL + length + 4,
            y + 13
        ));
    }
    out.push_str("</svg></figure>");
    out
}

/// The batch's three charts as SVG: the rules fired in the most filings (twelve), the recomputed totals by band,
/// the grades.
pub fn charts_html(entries: &[Entry], texts: &crate::i18n::BatchTexts) -> String {
    let rules: Vec<(String, usize)> =
        rule_frequency(entries).into_iter().take(12).map(|(code, filings, _)| (code, filings)).collect();
    let bands = score_distribution(entries);
    let scores: Vec<(String, usize)> =
        SCORE_BANDS.iter().zip(bands).map(|((label, _), n)| (label.to_string(), n)).collect();
    [
        bars_svg(texts.rules_chart, &rules),
        bars_svg(texts.scores_chart, &scores),
        bars_svg(texts.grades_chart, &grades(entries)),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(material: &str, cells: &[(usize, &str)], rules: &[(&str, usize)]) -> Entry {
        let mut row: Vec<String> = vec![String::new(); SUMMARY_HEADER.len()];
        row[column::MATERIAL] = material.to_string();
        for (c, v) in cells {
            row[*c] = v.to_string();
        }
        let rules = rules.iter().map(|(c, n)| (c.to_string(), *n)).collect();
        Entry { material: material.into(), line: Some(BatchLine { cells: row, rules, findings_csv: String::new() }) }
    }

    fn batch() -> Vec<Entry> {
        vec![
            entry("甲/表.xlsx", &[(1, "甲单位"), (4, "98"), (5, "98"), (6, "优"), (11, "通过")], &[("Q001", 3)]),
            entry(
                "乙/表.xlsx",
                &[(1, "乙单位"), (4, "95"), (5, "81.5"), (6, "良"), (11, "有强制问题")],
                &[("P003", 2), ("Q001", 1)],
            ),
            entry("丙/表.xlsx", &[(11, "无法读取"), (13, "表.xlsx: 文件已加密")], &[]),
            Entry { material: "丁/表.xlsx".into(), line: None },
            entry("戊/表.xlsx", &[(1, "戊单位"), (4, "100"), (5, "59"), (6, "差"), (11, "有强制问题")], &[("P003", 1)]),
        ]
    }

    #[test]
    fn pages_hold_a_page_of_rows_each_and_a_page_past_the_end_is_the_last() {
        assert_eq!(page_span(0, 0), (1, 0..0));
        assert_eq!(page_span(PAGE_ROWS, 0), (1, 0..PAGE_ROWS));
        assert_eq!(page_span(PAGE_ROWS + 1, 1), (2, PAGE_ROWS..PAGE_ROWS + 1));
        assert_eq!(page_span(5 * PAGE_ROWS, 2), (5, 2 * PAGE_ROWS..3 * PAGE_ROWS));
        // Filtered down while on page 5: the last page that is left.
        assert_eq!(page_span(PAGE_ROWS + 3, 4), (2, PAGE_ROWS..PAGE_ROWS + 3));
    }

    #[test]
    fn filters_keep_what_they_name_and_skip_filings_not_yet_checked() {
        let entries = batch();
        let sort = Sort::default();
        assert_eq!(rows(&entries, Show::All, "", sort), [0, 1, 2, 4]);
        assert_eq!(rows(&entries, Show::WithErrors, "", sort), [1, 4]);
        assert_eq!(rows(&entries, Show::ScoreDiffers, "", sort), [1, 4]);
        assert_eq!(rows(&entries, Show::Unreadable, "", sort), [2]);
        assert_eq!(rows(&entries, Show::All, "乙单", sort), [1]);
        assert_eq!(Show::from_key("differs"), Show::ScoreDiffers);
        assert_eq!(Show::from_key("?"), Show::All);
    }

    #[test]
    fn sorting_takes_numbers_as_numbers_and_blanks_last() {
        let entries = batch();
        let by_score = Sort::default().toggle(column::RECOMPUTED);
        assert_eq!(rows(&entries, Show::All, "", by_score), [4, 1, 0, 2]);
        let descending = by_score.toggle(column::RECOMPUTED);
        assert!(descending.descending);
        assert_eq!(rows(&entries, Show::All, "", descending), [0, 1, 4, 2]);
        assert_eq!(rows(&entries, Show::All, "", Sort::default().toggle(column::MATERIAL)), [2, 1, 4, 0]);
    }

    #[test]
    fn summary_numbers_are_read_exactly() {
        assert_eq!(number("98"), Some(9800));
        assert_eq!(number(" 81.5 "), Some(8150));
        assert_eq!(number("-2.25"), Some(-225));
        assert_eq!(number("99.29"), Some(9929));
        for text in ["", "9.999", "1e3", "abc", ".5", "98-"] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn charts_count_rules_scores_and_grades() {
        let entries = batch();
        assert_eq!(rule_frequency(&entries), [("Q001".to_string(), 2, 4), ("P003".to_string(), 2, 3)]);
        assert_eq!(score_distribution(&entries), [1, 0, 0, 1, 1]);
        let grades = grades(&entries);
        assert_eq!(grades.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [1, 1, 0, 1]);
    }

    #[test]
    fn exports_hold_every_checked_filing_in_batch_order() {
        let entries = batch();
        let csv = summary_csv(&entries);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[0].starts_with("\u{feff}材料,单位"));
        assert!(lines[3].starts_with("丙/表.xlsx,") && lines[3].ends_with("无法读取,,表.xlsx: 文件已加密"));
        assert_eq!(summary_rows(&entries).len(), 4);
        assert_eq!(findings_csv(&entries), zicha_core::report::FINDINGS_CSV_HEADER);
        assert_eq!(seconds_left(4000.0, 2, 10), Some(16));
        assert_eq!(seconds_left(1000.0, 3, 10), Some(3));
        assert_eq!(seconds_left(0.0, 0, 10), None);
    }

    /// What a filer typed reaches the page as text, never as markup.
    #[test]
    fn rows_escape_what_the_filing_holds() {
        let mut entries = batch();
        if let Some(line) = entries[0].line.as_mut() {
            line.cells[column::UNIT] = "<img src=x onerror=alert(1)>\"甲\"&'".into();
        }
        let html = table_rows_html(&entries, &[0, 2], &crate::i18n::BATCH_EN);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;甲&quot;&amp;&#39;"), "{html}");
        assert!(!html.contains("<img"));
        assert!(html.contains(r#"<tr class="passed" data-index="0""#));
        assert!(html.contains(r#"<tr class="unreadable" data-index="2""#));
        assert!(html.contains(">passed</td>") && html.contains(">unreadable</td>"));
        assert_eq!(html.matches("<tr ").count(), 2);
        let charts = charts_html(&entries, &crate::i18n::BATCH_ZH);
        assert_eq!(charts.matches("<svg").count(), 3);
        assert!(charts.contains("<title>Q001: 2</title>"));
    }
}
