//! X003: one project under different names in 附件1 and 附件3.

use crate::check::{Context, Emit, finding, msg};
use crate::model::MatchedBy;

crate::declare_rule! {
    /// ## 检查内容
    /// 按金额和位置配对的同一个项目，在附件1 与附件3（以及报告）中是否用了不同的名称。
    /// ## 为什么重要
    /// 同一项目名称不一，读者无法对应，也可能掩盖“预算项目与决算项目不同步”一类的问题。
    /// ## 示例
    /// 附件1 写“‘雷锋家乡学雷锋’表彰活动暨困难道德模范慰问”，附件3 写“汨罗好人、志愿服务先进典型表彰暨道德模范和身边好人
    /// 交流活动经费”，金额都是 21 / 28。
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run};

    #[test]
    fn fires() {
        let filing = Parts::correct().edit("项目支出名称 | 甲项目", "项目支出名称 | 某某表彰活动经费").filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert_eq!(found.expected.as_deref(), Some("某某表彰活动经费"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
