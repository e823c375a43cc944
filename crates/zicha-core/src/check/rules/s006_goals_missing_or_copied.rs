//! S006: 年度总体目标 without its expected goal or achievement, or the achievement a copy of the goal.

use crate::check::{Context, Emit, finding, msg};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// “年度总体目标”的“预期目标”和“实际完成情况”是否都已填写，以及“实际完成情况”是否只是把“预期目标”照抄一遍。
    /// ## 为什么重要
    /// 实际完成情况应写出做成了什么；照抄目标等于没有说明完成情况，自评结论没有依据。
    /// ## 示例
    /// 预期目标“管理、升级志愿汨罗平台”，实际完成情况也是“管理、升级志愿汨罗平台”。
    /// ## 依据
    /// 财预〔2020〕10号：自评应对照年度总体目标说明实际完成情况。
    /// ## 如何修改
    /// 用具体的完成结果（做了什么、做到什么程度、何时完成）填写实际完成情况。
    pub static RULE = {
        code: "S006",
        name: "总体目标缺失或照抄",
        name_en: "goals missing or copied",
        severity: Warning,
        help: "用具体的完成结果（做了什么、做到什么程度、何时完成）填写实际完成情况。",
        help_en: "Describe the actual result: what was done, how far, and when.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(goals) = &form.goals else { continue };
        let blank = |t: &Option<crate::model::Text>| t.as_ref().is_none_or(|t| t.value.trim().is_empty());
        for (label, text) in [("预期目标", &goals.expected), ("实际完成情况", &goals.achieved)] {
            if blank(text) {
                let at = text.as_ref().map(|t| &t.at).unwrap_or(&form.at);
                out.push(finding(msg(format!("{form_name}的“{label}”为空"), format!("{form_name}: {label} is empty"))).at(at));
            }
        }
        if let (Some(expected), Some(achieved)) = (&goals.expected, &goals.achieved)
            && !expected.value.trim().is_empty()
            && copied(&normalize(&expected.value), &normalize(&achieved.value))
        {
            out.push(
                finding(msg(
                    format!("{form_name}的“实际完成情况”与“预期目标”完全相同"),
                    format!("{form_name}: the achievement repeats the goal word for word"),
                ))
                .at(&achieved.at)
                .at(&expected.at)
                .found(achieved.value.trim()),
            );
        }
    }
}

/// The same text, or one that runs on from the other by a few characters (a copy with a word added, or two
/// copies cut at different points).
fn copied(expected: &str, achieved: &str) -> bool {
    if expected == achieved {
        return true;
    }
    let common = expected.chars().zip(achieved.chars()).take_while(|(a, b)| a == b).count();
    let longer = expected.chars().count().max(achieved.chars().count());
    common >= 20 && common * 100 >= longer * 95
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("| 甲项目于2023年10月建成", "| 完成甲项目建设").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("完全相同"));
        let filing = Parts::correct().edit("| 全年培训1200人次，覆盖10个乡镇", "| ").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("为空"));
    }

    /// Two copies of one text cut at different points (a page's excerpt), or a copy with a word added.
    #[test]
    fn a_copy_that_runs_on() {
        let goal = "完成全年培训任务，覆盖全部乡镇，培训对象满意，培训质量提升，形成长效机制";
        assert!(copied(goal, &format!("{goal}。")));
        assert!(copied(&goal[..goal.len() - 3], goal));
        assert!(!copied("完成全年培训任务", "完成全年培训任务，覆盖10个乡镇，培训1200人次"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
