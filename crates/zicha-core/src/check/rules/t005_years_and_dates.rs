//! T005: titles, column headers and dates that disagree with the filing year.

use crate::check::{Context, Emit, finding, msg};
use crate::model::{Report, Text};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 以附件2（或附件1、附件3）标题中的年度为准：附件1 的列标题应为“上一年决算数 | 本年预算数 | 本年决算数”，各表和
    /// 报告标题的年度应一致；填报日期应是真实的日期，且不早于该年度结束。
    /// ## 为什么重要
    /// 年度写错通常是沿用了上一年的模板，数据也可能是旧的；自评只能在年度结束后进行。
    /// ## 示例
    /// 标题“2023年度”，附件1 列标题却是“2021年决算数 | 2022年预算数”；填报日期“2023.10.08”。
    /// ## 依据
    /// 财预〔2020〕10号：单位自评在年度预算执行结束后开展。
    /// ## 如何修改
    /// 统一年度；填写真实的填报日期。
    pub static RULE = {
        code: "T005",
        name: "年度或日期不一致",
        name_en: "year and date inconsistent",
        severity: Warning,
        help: "统一各表和报告的年度，填写真实的填报日期。",
        help_en: "Use one year throughout and give the real filing date.",
        check: check,
    };
}

/// The year a title speaks of: `2023年度…` → 2023.
fn title_year(text: &str) -> Option<i32> {
    let norm = normalize(text);
    let year_before = |i: usize| norm[..i].chars().rev().take(4).collect::<String>().chars().rev().collect::<String>().parse().ok();
    match norm.find("年度") {
        Some(i) => year_before(i),
        // `2023年西平县……项目绩效自评报告`: a title that opens with its year.
        None => norm.get(4..).filter(|rest| rest.starts_with('年')).and_then(|_| year_before(4)),
    }
}

/// `2024.10.08`, `2024-10-08`, `2024年10月8日`, `2024/10/8` → (year, month, day) when it is a real date.
pub(crate) fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let norm = normalize(text);
    let parts: Vec<&str> = norm.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    ((1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1] && (1990..2100).contains(&y)).then_some((y, m, d))
}

fn check(cx: &Context, out: &mut Emit) {
    let filing = cx.filing;
    let titles: Vec<&Text> = filing
        .department
        .iter()
        .chain(&filing.projects)
        .filter_map(|f| f.title.as_ref())
        .chain(filing.basic_data.iter().filter_map(|b| b.title.as_ref()))
        .chain(filing.department_report.iter().chain(&filing.project_reports).filter_map(|r| r.title.as_ref()))
        .collect();
    let cover_years = filing.department_report.iter().chain(&filing.project_reports).filter_map(|r| r.year.as_ref()?.value.parse().ok());
    let Some(year) = cover_years
        .chain(titles.iter().map(|t| t.value.as_str()).chain(filing.files.iter().map(String::as_str)).filter_map(title_year))
        .next()
    else {
        return;
    };
    for title in &titles {
        if let Some(other) = title_year(&title.value).filter(|y| *y != year) {
            out.push(
                finding(msg(format!("标题年度为 {other}，材料年度为 {year}"), format!("title says {other}, the filing is for {year}")))
                    .at(&title.at)
                    .found(other)
                    .expected(year),
            );
        }
    }
    if let Some(columns) = filing.basic_data.as_ref().and_then(|b| b.columns.as_ref()) {
        for (cell, expected) in [(&columns.previous_final, year - 1), (&columns.budget, year), (&columns.final_account, year)] {
            let Some(cell) = cell else { continue };
            let norm = normalize(&cell.value);
            let Some(found) = norm.find('年').and_then(|i| norm[..i].parse::<i32>().ok()) else { continue };
            if found != expected {
                out.push(
                    finding(msg(format!("附件1 列标题“{}”应为 {expected} 年", cell.value.trim()), format!("附件1 column {} should be for {expected}", cell.value.trim())))
                        .at(&cell.at)
                        .found(found)
                        .expected(expected),
                );
            }
        }
    }
    let reports = || filing.department_report.iter().chain(&filing.project_reports);
    for report in reports() {
        check_report(report, &filing.files, year, out);
    }
    let dates = filing
        .basic_data
        .iter()
        .map(|b| &b.sign_off)
        .chain(filing.department.iter().map(|d| &d.sign_off))
        .filter_map(|s| s.date.as_ref())
        .chain(reports().filter_map(|r| r.date.as_ref()));
    for date in dates.filter(|d| !d.value.trim().is_empty()) {
        match parse_date(&date.value) {
            None => out.push(
                finding(msg(format!("填报日期“{}”不是有效日期", date.value.trim()), format!("\"{}\" is not a date", date.value.trim())))
                    .at(&date.at)
                    .found(date.value.trim()),
            ),
            Some((y, _, _)) if y <= year => out.push(
                finding(msg(
                    format!("填报日期 {} 早于 {year} 年度结束", date.value.trim()),
                    format!("filed on {}, before the end of {year}", date.value.trim()),
                ))
                .at(&date.at)
                .found(date.value.trim())
                .expected(format!("{} 年或以后", year + 1)),
            ),
            Some(_) => {}
        }
    }
}

/// A date as a text writes it: `2023年12月5日`, `2023 年 12 月 31日`, `2023年12月5日至15日`.
struct WrittenDate {
    span: (usize, usize),
    written: String,
    year: (u32, usize),
    month: u32,
    day: Option<u32>,
}

impl WrittenDate {
    fn valid(&self) -> Option<(i32, u32, u32)> {
        let (year, digits) = self.year;
        (digits == 4).then_some(())?;
        parse_date(&format!("{year}.{}.{}", self.month, self.day?))
    }

    /// A year of three digits (`202年`), a month past 12, a day the month does not have.
    fn malformed(&self) -> bool {
        let (year, digits) = self.year;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        digits == 3
            || !(1..=12).contains(&self.month)
            || self.day.is_some_and(|d| d == 0 || d > days[self.month as usize - 1])
    }
}

fn written_dates(chars: &[char]) -> Vec<WrittenDate> {
    let number = |i: &mut usize| -> Option<(u32, usize)> {
        while chars.get(*i) == Some(&' ') {
            *i += 1;
        }
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        let digits = *i - start;
        let value = chars[start..*i].iter().collect::<String>().parse().ok()?;
        while chars.get(*i) == Some(&' ') {
            *i += 1;
        }
        Some((value, digits))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !crate::prose::number_starts(chars, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        let parsed = (|| {
            let year = number(&mut j).filter(|(_, digits)| *digits >= 3)?;
            (chars.get(j) == Some(&'年')).then_some(())?;
            j += 1;
            let (month, _) = number(&mut j).filter(|(_, digits)| (1..=2).contains(digits))?;
            (chars.get(j) == Some(&'月')).then_some(())?;
            j += 1;
            let mut k = j;
            let day = number(&mut k).filter(|_| chars.get(k) == Some(&'日')).map(|(d, _)| {
                j = k + 1;
                d
            });
            // A range's end: `至15日`, `至12月15日`.
            if chars.get(j) == Some(&'至') {
                let mut k = j + 1;
                if number(&mut k).is_some() && chars.get(k) == Some(&'月') {
                    k += 1;
                    let _ = number(&mut k);
                }
                if chars.get(k) == Some(&'日') {
                    j = k + 1;
                }
            }
            Some((year, month, day))
        })();
        match parsed {
            Some((year, month, day)) => {
                out.push(WrittenDate { span: (start, j), written: chars[start..j].iter().collect(), year, month, day });
                i = j.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// A report's own dates: any written wrong, and those that put its data or its evaluation before the year it
/// evaluates had ended (`截止2023年11月30日` in a report on 2023, `截至2023年12月31日` in one on 2024, the
/// self-evaluation done `于2023年12月5日至15日`).
fn check_report(report: &Report, files: &[String], filing_year: i32, out: &mut Emit) {
    let year = report
        .year
        .as_ref()
        .and_then(|y| y.value.parse().ok())
        .or_else(|| report.title.as_ref().and_then(|t| title_year(&t.value)))
        .or_else(|| files.iter().find_map(|f| title_year(f)))
        .unwrap_or(filing_year);
    let mut early: Vec<(String, &Text, (usize, usize))> = Vec::new();
    for paragraph in report.paragraphs() {
        if !paragraph.value.contains('年') || !paragraph.value.contains('月') {
            continue;
        }
        let chars: Vec<char> = paragraph.value.chars().collect();
        for date in written_dates(&chars) {
            if date.malformed() {
                out.push(
                    finding(msg(format!("日期“{}”写法有误", date.written.trim()), format!("the date '{}' is malformed", date.written.trim())))
                        .at_span(&paragraph.at, date.span)
                        .found(date.written.trim()),
                );
                continue;
            }
            let Some(valid) = date.valid() else { continue };
            if valid >= (year, 12, 31) {
                continue;
            }
            let before: String = chars[date.span.0.saturating_sub(3)..date.span.0].iter().filter(|c| !c.is_whitespace()).collect();
            let sentence_start = chars[..date.span.0].iter().rposition(|c| matches!(c, '。' | '；' | ';')).map_or(0, |p| p + 1);
            let sentence: String = chars[sentence_start..date.span.0].iter().collect();
            let cut_off = before.ends_with("截至") || before.ends_with("截止");
            let evaluated = valid.0 == year && before.ends_with('于') && (sentence.contains("自评") || sentence.contains("评价"));
            if cut_off || evaluated {
                let what = if cut_off { "截至" } else { "开展自评" };
                early.push((format!("{what}“{}”", date.written.trim()), paragraph, date.span));
            }
        }
    }
    if !early.is_empty() {
        let said: Vec<&str> = early.iter().map(|(s, ..)| s.as_str()).collect();
        let mut draft = finding(msg(
            format!("报告评价 {year} 年度，所述时间却在该年度结束之前：{}", said.join("；")),
            format!("the report evaluates {year} but dates its data or its evaluation before that year ended: {}", said.join("; ")),
        ));
        for (_, paragraph, span) in &early {
            draft = draft.at_span(&paragraph.at, *span);
        }
        out.push(draft.expected(format!("{year}年12月31日以后")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("2022年决算数", "2021年决算数").filing();
        let findings = run(&RULE, &filing);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let filing = Parts::correct().edit("填报日期：2024.3.1", "填报日期：2023.13.1").filing();
        let findings = run(&RULE, &filing);
        assert!(findings.iter().all(|f| f.severity == Severity::Warning) && findings.len() == 1, "{findings:#?}");
    }

    #[test]
    fn a_report_dated_before_its_year_ended() {
        let report = [
            "2023年度某项目绩效自评报告",
            "填报日期：2024年3月5日",
            "一、基本情况",
            "评价工作组于2023年12月5日至15日对各项指标完成情况进行了调查。",
            "项目资金共8010万元，截止2023年11月30日，已完成拨付8010万元。",
            "二、存在的问题",
            "无。",
        ];
        let findings = run(&RULE, &report_filing(&report));
        let finding = one(findings, Severity::Warning);
        assert!(finding.message.zh.contains("开展自评“2023年12月5日至15日”；截至“2023年11月30日”"), "{finding:?}");
        let fixed = report.map(|p| p.replace("2023年12月5日至15日", "2024年1月5日至15日").replace("2023年11月30日", "2023年12月31日"));
        let fixed: Vec<&str> = fixed.iter().map(String::as_str).collect();
        assert!(run(&RULE, &report_filing(&fixed)).is_empty());
    }

    #[test]
    fn a_report_date_written_wrong() {
        let report = ["2023年度某项目绩效自评报告", "填报日期：202511", "一、基本情况", "于202年3月5日完成验收。", "二、存在的问题", "无。"];
        let findings = run(&RULE, &report_filing(&report));
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings.iter().any(|f| f.message.zh.contains("“202511”不是有效日期")));
        assert!(findings.iter().any(|f| f.message.zh.contains("“202年3月5日”写法有误")));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        assert_eq!(parse_date("2024年 10月 8日"), Some((2024, 10, 8)));
        assert_eq!(title_year("2023年度部门整体支出绩效自评表"), Some(2023));
        assert_eq!(title_year("2023年西平县农产品交易市场仓储基地建设项目绩效自评报告"), Some(2023));
        assert_eq!(title_year("西平县2023年项目绩效自评报告"), None);
    }
}
