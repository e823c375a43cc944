//! `zicha corpus DIR`: scores the checker on the real filings of `fixtures/real/` against their answer keys
//! (format in `fixtures/real/README.md`): real mistakes found, false errors, forms not recognised, units named.
//! With `--bar FILE` it fails (exit 1) when a number is worse than the bar's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use zicha_core::check::{Finding, Severity};
use zicha_core::model::StructureIssue;
use zicha_core::profile::Profile;

#[derive(Deserialize)]
struct Answer {
    id: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    family: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    mistakes: Vec<Expected>,
    #[serde(default)]
    allowed: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    rule: String,
    /// `prose` for a mistake in the text of a report or of a table's goal (the prose reports' checks); a
    /// table's otherwise.
    #[serde(default, rename = "in")]
    place: Option<String>,
    #[serde(default)]
    numbers: Vec<String>,
    #[serde(default)]
    why: String,
}

/// The bar: the worst the corpus may score before the test command fails.
#[derive(Deserialize)]
pub(crate) struct Bar {
    /// Real mistakes in tables found, in percent.
    min_recall: f64,
    /// Real mistakes in prose found, in percent.
    #[serde(default)]
    min_prose_recall: f64,
    /// False error findings per filing.
    max_false_errors_per_filing: f64,
    /// Filings where no form at all was recognised.
    max_unrecognised_filings: usize,
    /// Filings whose unit was not named (or named wrongly).
    max_units_missed: usize,
    /// Filings whose template family was not told.
    #[serde(default)]
    max_families_missed: usize,
}

#[derive(Default)]
struct Totals {
    filings: usize,
    mistakes: usize,
    found: usize,
    prose_mistakes: usize,
    prose_found: usize,
    false_errors: usize,
    unrecognised_filings: usize,
    unrecognised_tables: usize,
    units_missed: usize,
    families_missed: usize,
}

/// The template families a key's `family` (fixtures/real/README.md) is read as: a form of the family must be
/// told to be one of these. Reports and layouts no family describes (`other:…`) are held to nothing.
fn expected_templates(family: &str) -> Option<&'static [&'static str]> {
    Some(match family {
        "n1-project" | "n1-department" => &["n1", "hunan", "sichuan-link"],
        "hunan-basic" => &["hunan"],
        "n2-transfer" => &["n2-transfer", "n2-transfer-2024"],
        "hunan-county" => &["hunan-county"],
        "sichuan-2023" => &["sichuan-2023"],
        "sichuan-link" => &["sichuan-link", "n1"],
        "sichuan-dept-score" => &["sichuan-dept-score"],
        "chongqing-dept" => &["chongqing-dept"],
        "hubei-county" => &["hubei-county"],
        "hubei-college" => &["hubei-college"],
        "ningxia-project" => &["ningxia"],
        _ => return None,
    })
}

/// Normalises for matching a number a finding must name: no white space, no thousands separators, full width
/// folded, trailing zeros of decimals dropped (`90.00` names 90).
fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            _ => c,
        })
        .collect();
    folded
        .split_inclusive(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|piece| {
            let (number, rest) =
                piece.split_at(piece.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(piece.len()));
            let number = if number.contains('.') && number.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                number.trim_end_matches('0').trim_end_matches('.')
            } else {
                number
            };
            format!("{number}{rest}")
        })
        .collect()
}

/// True when `number` stands in `text` as a whole number, not as a part of a longer one (`9` is not in `90`).
fn names(text: &str, number: &str) -> bool {
    let (text, number) = (fold(text), fold(number));
    if number.is_empty() {
        return true;
    }
    let is_digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
    let numeric = number.chars().next().is_some_and(|c| c.is_ascii_digit());
    text.match_indices(&number).any(|(start, _)| {
        !numeric
            || (!is_digit(text[..start].chars().next_back()) && !is_digit(text[start + number.len()..].chars().next()))
    })
}

fn finding_text(finding: &Finding) -> String {
    let mut text = finding.message.zh.to_string();
    for part in [&finding.found, &finding.expected].into_iter().flatten() {
        // Not a space: matching drops white space, and two numbers must not run together.
        text.push('；');
        text.push_str(part);
    }
    text
}

fn matches(finding: &Finding, expected: &Expected) -> bool {
    let text = finding_text(finding);
    // An amount keyed with its unit (`3824.26万元`) is named by the number alone, as findings write amounts.
    let named = |n: &String| {
        names(&text, n) || ["万元", "元"].iter().any(|u| n.strip_suffix(u).is_some_and(|bare| names(&text, bare)))
    };
    finding.code == expected.rule && expected.numbers.iter().all(named)
}

fn office_files(case: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(case)
        .map_err(|e| format!("{}: {e}", case.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            ["xlsx", "xls", "docx", "ods", "xlsm"].contains(&ext)
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Scores every case under `dir`; returns the report and whether it meets the bar.
pub(crate) fn run(
    dir: &Path,
    profile: Option<&Profile>,
    bar: Option<&Bar>,
    verbose: bool,
) -> Result<(String, bool), String> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("answer.json").is_file())
        .collect();
    cases.sort();
    let mut out = String::new();
    let mut totals = Totals::default();
    let mut provinces = std::collections::BTreeSet::new();
    let mut families = std::collections::BTreeSet::new();
    for case in &cases {
        let text = std::fs::read_to_string(case.join("answer.json")).map_err(|e| e.to_string())?;
        let answer: Answer = serde_json::from_str(&text).map_err(|e| format!("{}/answer.json: {e}", case.display()))?;
        provinces.insert(answer.province.clone());
        families.insert(answer.family.clone());
        let files = office_files(case)?;
        if files.is_empty() {
            return Err(format!("{}: no office file (run scripts/fixtures.sh real)", case.display()));
        }
        let inputs = crate::batch::load(&files)?;
        let checked = match profile {
            Some(p) => zicha_core::run(&inputs, p),
            None => zicha_core::run_detected(&inputs),
        }
        .map_err(|e| format!("{}: {e}", case.display()))?;
        let report = &checked.report;
        let filing = &checked.filing;
        totals.filings += 1;
        let found: Vec<&Expected> =
            answer.mistakes.iter().filter(|m| report.findings.iter().any(|f| matches(f, m))).collect();
        let missed: Vec<&Expected> =
            answer.mistakes.iter().filter(|m| !found.iter().any(|f| std::ptr::eq(*f, *m))).collect();
        let false_errors: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter(|f| !answer.mistakes.iter().any(|m| matches(f, m)))
            .filter(|f| !answer.allowed.iter().any(|a| matches(f, a)))
            .collect();
        let unrecognised_tables =
            filing.issues.iter().filter(|i| matches!(i, StructureIssue::UnrecognisedTable { .. })).count();
        let nothing = filing.basic_data.is_none()
            && filing.department.is_none()
            && filing.projects.is_empty()
            && filing.department_report.is_none()
            && filing.project_reports.is_empty();
        // A source that shows no unit (an excerpt cut before it, a unit named only in the page's heading) cannot
        // hold the checker to naming one.
        let transcription = std::fs::read_to_string(case.join("filing.txt")).unwrap_or_default();
        let shown = !answer.unit.is_empty() && fold(&transcription).contains(&fold(&answer.unit));
        // A project form names two units, its supervisor and the unit that carries it out, and keys differ in which
        // they call the filer's: either counts as named.
        // A code or seal mark around the name (`219001-…`, `[155]…`) is still the name; a unit that holds the
        // name among other words (a cover's fields run together) is not.
        let same = |u: &str| {
            let (u, a) = (fold(u), fold(&answer.unit));
            let close = u.chars().count() <= a.chars().count() + 8;
            !u.is_empty() && ((u.contains(&a) && close) || a.contains(&u))
        };
        let fields = filing.projects.iter().flat_map(|p| [&p.supervisor, &p.implementer]).flatten();
        // Where the source shows none, the checker must not make one up either: a unit it names must be the key's.
        let unit_ok = if shown {
            report.unit.as_deref().is_some_and(same) || fields.into_iter().any(|t| same(&t.value))
        } else {
            report.unit.as_deref().is_none_or(same)
        };
        let prose = |m: &&&Expected| m.place.as_deref() == Some("prose");
        let prose_count = answer.mistakes.iter().filter(|m| m.place.as_deref() == Some("prose")).count();
        let prose_found = found.iter().filter(prose).count();
        totals.mistakes += answer.mistakes.len() - prose_count;
        totals.found += found.len() - prose_found;
        totals.prose_mistakes += prose_count;
        totals.prose_found += prose_found;
        totals.false_errors += false_errors.len();
        totals.unrecognised_tables += unrecognised_tables;
        totals.unrecognised_filings += usize::from(nothing);
        totals.units_missed += usize::from(!unit_ok);
        let detected = report.template.as_ref().map(|t| t.id.as_str());
        let family_ok = expected_templates(&answer.family).is_none_or(|ids| detected.is_some_and(|d| ids.contains(&d)));
        totals.families_missed += usize::from(!family_ok);
        let _ = writeln!(
            out,
            "{:<44} {}/{} found, {} false errors{}{}{}{}  [{} · {}]",
            answer.id,
            found.len(),
            answer.mistakes.len(),
            false_errors.len(),
            if nothing { ", NOTHING RECOGNISED" } else { "" },
            if unrecognised_tables > 0 {
                format!(", {unrecognised_tables} tables unrecognised")
            } else {
                String::new()
            },
            if unit_ok { String::new() } else { format!(", unit {:?}", report.unit.as_deref().unwrap_or("—")) },
            if family_ok { String::new() } else { format!(", family {} not told", answer.family) },
            detected.unwrap_or("—"),
            report.profile.id,
        );
        if verbose {
            for m in &missed {
                let _ = writeln!(out, "    missed  {} {:?} — {}", m.rule, m.numbers, m.why);
            }
            for f in &false_errors {
                let at = f.locations.first().map(|l| l.at.to_string()).unwrap_or_default();
                let _ = writeln!(out, "    false   {} {} {}", f.code, at, finding_text(f));
            }
        }
    }
    let percent = |found: usize, all: usize| if all == 0 { 100.0 } else { 100.0 * found as f64 / all as f64 };
    let recall = percent(totals.found, totals.mistakes);
    let prose_recall = percent(totals.prose_found, totals.prose_mistakes);
    let per_filing = if totals.filings == 0 { 0.0 } else { totals.false_errors as f64 / totals.filings as f64 };
    let _ = writeln!(
        out,
        "\n{} filings ({} provinces, {} families): {}/{} real mistakes in tables found ({recall:.1}%), {}/{} in prose ({prose_recall:.1}%), {} false errors ({per_filing:.2} a filing), {} filings with nothing recognised, {} tables unrecognised, {} units not named, {} families not told",
        totals.filings,
        provinces.len(),
        families.len(),
        totals.found,
        totals.mistakes,
        totals.prose_found,
        totals.prose_mistakes,
        totals.false_errors,
        totals.unrecognised_filings,
        totals.unrecognised_tables,
        totals.units_missed,
        totals.families_missed,
    );
    let meets = bar.is_none_or(|bar| {
        recall >= bar.min_recall
            && prose_recall >= bar.min_prose_recall
            && per_filing <= bar.max_false_errors_per_filing
            && totals.unrecognised_filings <= bar.max_unrecognised_filings
            && totals.units_missed <= bar.max_units_missed
            && totals.families_missed <= bar.max_families_missed
    });
    if let Some(bar) = bar {
        let _ = writeln!(
            out,
            "bar: tables ≥ {}%, prose ≥ {}%, false errors ≤ {} a filing, nothing recognised ≤ {}, units missed ≤ {} — {}",
            bar.min_recall,
            bar.min_prose_recall,
            bar.max_false_errors_per_filing,
            bar.max_unrecognised_filings,
            bar.max_units_missed,
            if meets { "met" } else { "NOT MET" }
        );
    }
    Ok((out, meets))
}

pub(crate) fn load_bar(path: &Path) -> Result<Bar, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_named_whole() {
        assert!(names("执行率 0% 与 89.974 / 90 不符", "90"));
        assert!(!names("得分 90.5", "90"));
        assert!(!names("合计 190", "90"));
        assert!(names("合计 90.00 万元", "90"));
        assert!(names("总分 ９８", "98"));
        assert!(names("“达成预期指标”", "达成预期指标"));
        assert!(names("附件3「购买第三方服务」总分为 90，执行率得分与各指标得分之和为 96 90 96", "90"));
    }
}
