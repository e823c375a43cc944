//! T001: a near-miss of the unit's own name or its place name.

use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
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

/// Windows of `text` (its characters) the length of `name` that differ from it in exactly one character,
/// where `accept` says that difference counts: the window's character offset and the wrong text.
fn near_misses(text: &[char], name: &[char], accept: impl Fn(char, char) -> bool) -> Vec<(usize, String)> {
    if name.is_empty() || text.len() < name.len() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for start in 0..=text.len() - name.len() {
        let window = &text[start..start + name.len()];
        // A window one character off matches the name's first or second character: most windows match
        // neither, and are passed over without comparing the rest.
        if window[0] != name[0] && window.get(1) != name.get(1) {
            continue;
        }
        let mut diffs = window.iter().zip(name).filter(|(a, b)| a != b);
        if let (Some((&wrong, &right)), None) = (diffs.next(), diffs.next())
            && accept(wrong, right)
        {
            found.push((start, window.iter().collect()));
        }
    }
    found
}

/// The name with its first character dropped (`闻县前山镇人民政府` for `徐闻县前山镇人民政府`), where nothing of a word is
/// before it (a character other than the first there is a near miss, told above): the window's character offset and
/// the wrong text.
fn first_dropped(text: &[char], name: &[char]) -> Vec<(usize, String)> {
    let rest = &name[1.min(name.len())..];
    if rest.len() < 5 || text.len() < rest.len() {
        return Vec::new();
    }
    (0..=text.len() - rest.len())
        .filter(|&start| &text[start..start + rest.len()] == rest && (start == 0 || !is_word(text[start - 1])))
        .map(|start| (start, rest.iter().collect()))
        .collect()
}

/// A character of a word: an ideograph, a letter or a digit (not punctuation or a space). Asked without the
/// Unicode tables `char::is_alphanumeric` would bring into the web app.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// A name to look for in every text, with the differences that count.
struct Sought<'a> {
    name: Vec<char>,
    /// The name as text, for messages.
    text: String,
    accept: &'a dyn Fn(char, char) -> bool,
    /// Two pieces one of which a text must hold to hold a near miss: a window one character off the unit's
    /// name keeps its first two characters or the two after them; one off a place name keeps its first
    /// character or its second.
    probes: [String; 2],
}

impl<'a> Sought<'a> {
    /// `probes` are the two pieces as (start, length) in characters of the name.
    fn new(text: &str, accept: &'a dyn Fn(char, char) -> bool, probes: [(usize, usize); 2]) -> Sought<'a> {
        let name: Vec<char> = text.chars().collect();
        let probes = probes.map(|(start, len)| name[start..start + len].iter().collect());
        Sought { name, text: text.to_string(), accept, probes }
    }
}

fn check(cx: &Context, out: &mut Emit) {
    // The department form's name; else, for a report alone, the unit its cover, title or signature names.
    let named = cx.filing.department.as_ref().and_then(|d| d.name.as_ref()).map(|n| n.value.trim().to_string());
    let reports_alone = cx.filing.department.is_none() && cx.filing.projects.is_empty() && cx.filing.basic_data.is_none();
    let Some(unit) = named.or_else(|| reports_alone.then(|| cx.filing.unit()).flatten()) else { return };
    let unit = unit.as_str();
    let unit_accepts = |a: char, _b: char| !a.is_ascii() && !a.is_whitespace();
    let mut sought = Vec::new();
    if unit.chars().count() >= 6 {
        sought.push(Sought::new(unit, &unit_accepts, [(0, 2), (2, 2)]));
    }
    if let Some(place) = place_name(unit) {
        sought.push(Sought::new(&place, &look_alike, [(0, 1), (1, 1)]));
    }
    let mut reported = rustc_hash::FxHashSet::default();
    let mut chars = Vec::new();
    // Only the texts holding one of the names' pieces: found by a byte search over all of them at once.
    let all = cx.all_text();
    let probes: Vec<&str> = sought.iter().flat_map(|s| s.probes.iter().map(String::as_str)).collect();
    for text in all.holding(&probes).into_iter().map(|i| all.texts[i]) {
        chars.clear();
        chars.extend(text.value.chars());
        for Sought { name, text: right, accept, .. } in &sought {
            let misses = near_misses(&chars, name, accept).into_iter().chain(first_dropped(&chars, name));
            for (start, wrong) in misses {
                if !reported.insert((text.at.clone(), wrong.clone())) {
                    continue;
                }
                out.push(
                    finding(msg(format!("“{wrong}”疑为“{right}”之误"), format!("\"{wrong}\" looks like a misspelling of \"{right}\"")))
                        .at_span(&text.at, (start, start + wrong.chars().count()))
                        .found(&wrong)
                        .expected(right),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn a_report_drops_the_first_character_of_its_unit() {
        let report = [
            "前山镇部门整体支出绩效自评报告",
            "评价单位(公章):徐闻县前山镇人民政府",
            "一、基本情况",
            "闻县前山镇人民政府为徐闻县财政局下的行政单位。",
            "二、存在的问题",
            "无。",
        ];
        let found = one(run(&RULE, &report_filing(&report)), Severity::Warning);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("闻县前山镇人民政府"), Some("徐闻县前山镇人民政府")));
        let fixed = report.map(|p| p.replacen("闻县前山镇人民政府为", "徐闻县前山镇人民政府为", 1));
        let fixed: Vec<&str> = fixed.iter().map(String::as_str).collect();
        assert!(run(&RULE, &report_filing(&fixed)).is_empty());
    }

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct()
            .edit("预算部门名称 | 某某局", "预算部门名称 | 中共汨罗市委文明实践服务中心")
            .edit("| 完成全年培训任务，覆盖全部乡镇", "| 改善汩罗宜居环境")
            .filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("汩罗"), Some("汨罗")));
        assert_eq!(place_name("中共汨罗市委文明实践服务中心").as_deref(), Some("汨罗"));
    }

    #[test]
    fn fires_on_the_unit_name_one_character_off_anywhere() {
        // A name without a place name in it, so only the unit's own name is looked for.
        for wrong in ["甲明实践服务中心", "文甲实践服务中心", "文明实践服务中甲"] {
            let filing = Parts::correct()
                .edit("预算部门名称 | 某某局", "预算部门名称 | 文明实践服务中心")
                .edit("| 完成全年培训任务，覆盖全部乡镇", &format!("| {wrong}完成培训"))
                .filing();
            let found = one(run(&RULE, &filing), Severity::Warning);
            assert_eq!(found.found.as_deref(), Some(wrong));
        }
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
