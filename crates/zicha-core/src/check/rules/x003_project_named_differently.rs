//! X003: one project under different names in 附件1 and 附件3, or in a project's own report.

use crate::check::{Context, Emit, finding, msg};
use crate::model::{MatchedBy, Text};
use crate::prose;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 按金额和位置配对的同一个项目，在附件1 与附件3（以及报告）中是否用了不同的名称；单个项目的自评报告里，是否把本项目
    /// 的资金写在另一个项目名下（多半是从别的报告复制来的句子）。
    /// ## 为什么重要
    /// 同一项目名称不一，读者无法对应，也可能掩盖“预算项目与决算项目不同步”一类的问题。
    /// ## 示例
    /// 附件1 写“‘雷锋家乡学雷锋’表彰活动暨困难道德模范慰问”，附件3 写“汨罗好人、志愿服务先进典型表彰暨道德模范和身边好人
    /// 交流活动经费”，金额都是 21 / 28。《光辉路工程项目绩效自评报告》开头写“东丽区雨污分流改造工程项目……安排资金
    /// 700万元”，下一段又说“该项目已拨付工程款700万元”。
    /// ## 依据
    /// 预算项目名称应与预算批复一致（实践）。
    /// ## 如何修改
    /// 统一使用预算批复中的项目名称。
    pub static RULE = {
        code: "X003",
        name: "同一项目名称不一",
        name_en: "project named differently",
        severity: Warning,
        help: "统一使用预算批复中的项目名称。",
        help_en: "Use the project name of the budget approval everywhere.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    check_reports(cx, out);
    let Some(basic) = &cx.filing.basic_data else { return };
    for m in cx.project_matches.iter().filter(|m| m.by == MatchedBy::Amount) {
        let line = &basic.special_projects[m.line];
        let Some(name) = &cx.filing.projects[m.project].name else { continue };
        let (a, b) = (crate::text::one_line(&line.label.value), name.value.trim());
        out.push(
            finding(msg(
                format!("同一项目（金额相同）在附件1 称“{a}”，在附件3 称“{b}”"),
                format!("one project (same amounts) is called {a} in 附件1 and {b} in 附件3"),
            ))
            .at(&line.label.at)
            .at(&name.at)
            .found(a)
            .expected(b),
        );
    }
}

/// A project's report whose prose gives an amount to a project of another name (at the start of a paragraph)
/// and says the same amount of 该项目 (or of the titled project) elsewhere.
fn check_reports(cx: &Context, out: &mut Emit) {
    for report in &cx.filing.project_reports {
        let Some(own) = report.title.as_ref().and_then(|t| titled_project(&t.value)) else { continue };
        let paragraphs: Vec<&Text> = report.paragraphs().collect();
        for (i, paragraph) in paragraphs.iter().enumerate() {
            let Some(other) = leading_project(&paragraph.value) else { continue };
            if related(&own, &other) {
                continue;
            }
            let chars: Vec<char> = paragraph.value.chars().collect();
            let said_of_own = prose::amounts(&chars).into_iter().find_map(|amount| {
                let again = paragraphs.iter().enumerate().find(|(j, q)| {
                    *j != i && (q.value.contains("该项目") || q.value.contains("本项目") || q.value.contains(own.as_str()))
                        && leading_project(&q.value).is_none()
                        && prose::amounts(&q.value.chars().collect::<Vec<_>>()).iter().any(|a| a.value == amount.value)
                });
                again.map(|(_, q)| (amount, *q))
            });
            let Some((amount, again)) = said_of_own else { continue };
            let written = &amount.written;
            out.push(
                finding(msg(
                    format!("报告题为“{own}”，却写“{other}……{written}”，另一段又说本项目 {written}：同一项目名称不一"),
                    format!("the report on {own} gives {written} to {other}, and the same {written} to its own project elsewhere"),
                ))
                .at(&paragraph.at)
                .at(&again.at)
                .found(other.clone())
                .expected(own.clone()),
            );
        }
    }
}

/// The project a report's title is about: `天津市东丽湖新建光辉路(智景东道-星宇道)工程项目` of
/// `…工程项目2020年度绩效自评报告`, `某某项目` of `2023年度某某项目绩效自评报告`.
fn titled_project(title: &str) -> Option<String> {
    let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let body = &title[..title.find("绩效")?];
    let chars: Vec<char> = body.chars().collect();
    // Take out the year (`2020年度`, `2020年`).
    let year = (0..chars.len().saturating_sub(4)).find(|&i| {
        chars[i..i + 4].iter().all(char::is_ascii_digit) && chars.get(i + 4) == Some(&'年')
    });
    let name: String = match year {
        Some(i) => {
            let after = i + 5 + usize::from(chars.get(i + 5) == Some(&'度'));
            chars[..i].iter().chain(&chars[after..]).collect()
        }
        None => body.to_string(),
    };
    let name = name.trim_start_matches("关于");
    (name.ends_with("项目") && name.chars().count() >= 6).then(|| name.to_string())
}

/// A project named at the very start of a paragraph, before any punctuation: `东丽区雨污分流改造工程项目估算投资…`.
fn leading_project(paragraph: &str) -> Option<String> {
    let clause = paragraph.trim_start().split(['，', ',', '。', '；', ';', '：', ':', '、']).next()?;
    let end = clause.find("项目")? + "项目".len();
    let name = &clause[..end];
    let before = name.chars().count() - 2;
    let pointing = ["该", "本", "此", "各", "全部", "所有", "其他", "上述", "以上"].iter().any(|w| name.starts_with(w));
    ((4..=40).contains(&before) && !pointing).then(|| name.to_string())
}

/// Two project names that may be one project: one holds the other, or most of the shorter's character pairs
/// (without the generic 工程/项目) are in the longer.
fn related(a: &str, b: &str) -> bool {
    let core = |s: &str| -> Vec<char> {
        s.trim_end_matches("项目").trim_end_matches("工程").chars().filter(|c| !c.is_ascii_punctuation()).collect()
    };
    let (a, b) = (core(a), core(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let pairs: Vec<&[char]> = short.windows(2).collect();
    if pairs.is_empty() {
        return true;
    }
    let shared = pairs.iter().filter(|p| long.windows(2).any(|w| w == **p)).count();
    shared * 2 >= pairs.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("项目支出名称 | 甲项目", "项目支出名称 | 某某表彰活动经费").filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert_eq!(found.expected.as_deref(), Some("某某表彰活动经费"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }

    const REPORT: [&str; 5] = [
        "东丽湖新建光辉路工程项目2020年度绩效自评报告",
        "一、绩效目标分解下达情况",
        "东丽区雨污分流改造工程项目估算投资2082.48万元,区财政通过抗疫特别国债安排资金700万元。",
        "二、绩效目标完成情况分析",
        "该项目已拨付工程款700万元,前期费、剩余工程款待申请。",
    ];

    #[test]
    fn a_report_giving_its_money_to_another_project_is_found() {
        let found = one(run(&RULE, &report_filing(&REPORT)), Severity::Warning);
        assert_eq!(found.found.as_deref(), Some("东丽区雨污分流改造工程项目"));
        assert_eq!(found.expected.as_deref(), Some("东丽湖新建光辉路工程项目"));
    }

    #[test]
    fn the_report_naming_its_own_project_is_silent() {
        let mut report = REPORT;
        report[2] = "东丽湖新建光辉路工程项目估算投资2082.48万元,区财政通过抗疫特别国债安排资金700万元。";
        assert!(run(&RULE, &report_filing(&report)).is_empty());
        // Another project with other money is only mentioned, not confused with this one.
        report[2] = "东丽区雨污分流改造工程项目估算投资2082.48万元,另行安排资金300万元。";
        assert!(run(&RULE, &report_filing(&report)).is_empty());
    }

    #[test]
    fn project_names_are_told_apart_by_their_own_words() {
        assert_eq!(titled_project("天津市光辉路工程项目2020年度绩效自评报告").as_deref(), Some("天津市光辉路工程项目"));
        assert_eq!(titled_project("2023年度农村公路养护项目绩效自评报告").as_deref(), Some("农村公路养护项目"));
        assert_eq!(titled_project("某某局2023年度部门整体支出绩效自评报告"), None);
        assert!(related("东丽湖新建光辉路工程项目", "光辉路工程项目"));
        assert!(!related("东丽湖新建光辉路工程项目", "东丽区雨污分流改造工程项目"));
        assert_eq!(leading_project("该项目已拨付700万元"), None);
    }
}
