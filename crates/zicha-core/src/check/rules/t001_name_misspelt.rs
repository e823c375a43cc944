//! T001: a near-miss of the unit's own name or its place name.

use crate::check::{Context, Emit, finding, msg};

crate::declare_rule! {
    /// ## 检查内容
    /// 材料中与本单位名称只差一个字的写法，以及本地地名被写成形近字（如“汨罗”写成“汩罗”）。单位名称取自附件2 的预算
    /// 部门名称，地名取自单位名称中“市”“县”“区”之前的部分。
    /// ## 为什么重要
    /// 单位名称和地名写错是公开文件中最显眼、也最容易避免的错误。
    /// ## 示例
    /// “改善汩罗宜居环境”（应为“汨罗”）。
    /// ## 依据
    /// 《党政机关公文处理工作条例》：公文用字准确、规范（实践）。
    /// ## 如何修改
    /// 改正为正确的名称。
    pub static RULE = {
        code: "T001",
        name: "单位名称或地名写错",
        name_en: "unit or place name misspelt",
        severity: Warning,
        help: "改正为正确的单位名称或地名。",
        help_en: "Correct the unit or place name.",
        check: check,
    };
}

/// Characters that look alike and are mistaken for each other in names.
const LOOK_ALIKE: &[(char, char)] = &[
    ('汨', '汩'), ('己', '已'), ('已', '巳'), ('戍', '戌'), ('末', '未'), ('候', '侯'), ('冶', '治'), ('拨', '拔'), ('梁', '粱'),
    ('崇', '祟'), ('赢', '嬴'), ('祗', '祇'), ('壸', '壶'), ('炅', '灵'), ('浈', '祯'), ('郴', '彬'), ('邵', '劭'), ('娄', '篓'),
];

fn look_alike(a: char, b: char) -> bool {
    LOOK_ALIKE.iter().any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// `中共汨罗市委文明实践服务中心` → `汨罗`.
fn place_name(unit: &str) -> Option<String> {
    let unit = unit.trim().trim_start_matches("中共");
    let end = unit.find(['市', '县', '区', '州'])?;
    let place = &unit[..end];
    (2..=4).contains(&place.chars().count()).then(|| place.to_string())
}

/// Windows of `text` the length of `name` that differ from it in exactly one character, where `accept` says
/// that difference counts: the window's character offset and the wrong text.
fn near_misses(text: &str, name: &str, accept: impl Fn(char, char) -> bool) -> Vec<(usize, String)> {
    let text: Vec<char> = text.chars().collect();
    let name: Vec<char> = name.chars().collect();
    if name.is_empty() || text.len() < name.len() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for start in 0..=text.len() - name.len() {
        let window = &text[start..start + name.len()];
        // The one differing pair, if exactly one pair differs (stopping at the second: most windows differ
        // everywhere).
        let mut diffs = window.iter().zip(&name).filter(|(a, b)| a != b);
        if let (Some((&wrong, &right)), None) = (diffs.next(), diffs.next())
            && accept(wrong, right)
        {
            found.push((start, window.iter().collect()));
        }
    }
    found
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(unit) = cx.filing.department.as_ref().and_then(|d| d.name.as_ref()).map(|n| n.value.trim().to_string()) else { return };
    let place = place_name(&unit);
    let mut reported = std::collections::HashSet::new();
    for text in cx.filing.texts() {
        let mut misses: Vec<(usize, String, String)> = Vec::new();
        if unit.chars().count() >= 6 {
            let accept = |a: char, _b: char| !a.is_ascii() && !a.is_whitespace();
            misses.extend(near_misses(&text.value, &unit, accept).into_iter().map(|(s, w)| (s, w, unit.clone())));
        }
        if let Some(place) = &place {
            misses.extend(near_misses(&text.value, place, look_alike).into_iter().map(|(s, w)| (s, w, place.clone())));
        }
        for (start, wrong, right) in misses {
            if !reported.insert((text.at.clone(), wrong.clone())) {
                continue;
            }
            out.push(
                finding(msg(format!("“{wrong}”疑为“{right}”之误"), format!("{wrong:?} looks like a misspelling of {right:?}")))
                    .at_span(&text.at, (start, start + wrong.chars().count()))
                    .found(&wrong)
                    .expected(&right),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run};

    #[test]
    fn fires() {
        let filing = Parts::correct()
            .edit("预算部门名称 | 某某局", "预算部门名称 | 中共汨罗市委文明实践服务中心")
            .edit("| 完成全年培训任务，覆盖全部乡镇", "| 改善汩罗宜居环境")
            .filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("汩罗"), Some("汨罗")));
        assert_eq!(place_name("中共汨罗市委文明实践服务中心").as_deref(), Some("汨罗"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
