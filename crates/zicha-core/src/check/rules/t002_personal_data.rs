//! T002: a mobile or ID-card number in a filing that is, or will be, published.

use crate::check::{Context, Emit, finding, msg};
use crate::text::Has;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 材料中出现手机号码（11 位，1 开头）或身份证号码（18 位），而报告写明材料已公开或将公开。
    /// ## 为什么重要
    /// 绩效自评随部门决算向社会公开；经办人的手机号、身份证号属于个人信息，不应公开。
    /// ## 示例
    /// 表尾“联系电话：18673070915”，报告“自评结果……已公开”。
    /// ## 依据
    /// 《中华人民共和国个人信息保护法》；《政府信息公开条例》第十五条。
    /// ## 如何修改
    /// 公开版本中删去个人手机号和身份证号，改用单位办公电话。
    pub static RULE = {
        code: "T002",
        name: "公开材料含个人信息",
        name_en: "personal data in a published filing",
        severity: Warning,
        help: "公开版本中删去个人手机号和身份证号，改用单位办公电话。",
        help_en: "Remove personal mobile and ID numbers from the published version; give the office number instead.",
        check: check,
    };
}

/// Mobile (`1[3-9]` + 9 digits) and ID-card (17 digits + digit or X) numbers standing alone: (offset, length, kind).
pub(crate) fn personal_numbers(text: &str) -> Vec<(usize, usize, &'static str)> {
    // Both kinds are runs of at least eleven digits, which most texts do not hold: decided on bytes first,
    // without collecting the text's characters.
    let (mut run, mut longest) = (0, 0);
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest < 11 {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let run = j - i;
        let id_with_x = run == 17 && chars.get(j).is_some_and(|c| *c == 'X' || *c == 'x');
        if run == 11 && chars[i] == '1' && ('3'..='9').contains(&chars[i + 1]) {
            found.push((i, 11, "手机号码"));
        } else if run == 18 || id_with_x {
            found.push((i, 18, "身份证号码"));
        }
        i = j.max(i + 1);
    }
    found
}

fn check(cx: &Context, out: &mut Emit) {
    // The report's own words, not its section titles (every template has a heading 公开情况).
    let paragraphs = cx.filing.department_report.iter().chain(&cx.filing.project_reports).flat_map(|r| {
        r.preamble.iter().chain(r.sections.iter().flat_map(|s| &s.paragraphs))
    });
    let published = paragraphs
        .into_iter()
        .any(|t| t.value.has("公开") && !["不公开", "未公开", "不予公开", "暂不公开"].iter().any(|w| t.value.has(w)));
    if !published {
        return;
    }
    for text in cx.filing.texts() {
        for (start, len, kind) in personal_numbers(&text.value) {
            let number: String = text.value.chars().skip(start).take(len).collect();
            out.push(
                finding(msg(format!("公开材料中有{kind} {number}"), format!("a {} in a published filing", if kind == "手机号码" { "mobile number" } else { "ID number" })))
                    .at_span(&text.at, (start, start + len))
                    .found(number),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("联系电话：0730-1234567", "联系电话：18673070915").filing();
        let findings = run(&RULE, &filing);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].severity, Severity::Warning);
        assert_eq!(personal_numbers("身份证430681199001011234号").len(), 1);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let unpublished = Parts::correct().edit("联系电话：0730-1234567", "联系电话：18673070915").edit("将按规定公开。", "暂不对外。").filing();
        assert!(run(&RULE, &unpublished).is_empty());
        assert!(personal_numbers("2023年预算12345678901234567890元").is_empty());
    }
}
