//! T005: titles, column headers and dates that disagree with the filing year.

use crate::check::{Context, Emit, finding, msg};
use crate::model::Text;
use crate::text::normalize;

crate::declare_rule! {
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
    let i = norm.find("年度")?;
    norm[..i].chars().rev().take(4).collect::<String>().chars().rev().collect::<String>().parse().ok()
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
    let Some(year) = titles.iter().find_map(|t| title_year(&t.value)) else { return };
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
    let dates = filing.basic_data.iter().map(|b| &b.sign_off).chain(filing.department.iter().map(|d| &d.sign_off)).filter_map(|s| s.date.as_ref());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, run};

    #[test]
    fn fires() {
        let filing = Parts::correct().edit("2022年决算数", "2021年决算数").filing();
        let findings = run(&RULE, &filing);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        let filing = Parts::correct().edit("填报日期：2024.3.1", "填报日期：2023.13.1").filing();
        let findings = run(&RULE, &filing);
        assert!(findings.iter().all(|f| f.severity == Severity::Warning) && findings.len() == 1, "{findings:#?}");
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        assert_eq!(parse_date("2024年 10月 8日"), Some((2024, 10, 8)));
        assert_eq!(title_year("2023年度部门整体支出绩效自评表"), Some(2023));
    }
}
