//! Q005: the same third-level indicator twice in one table.

use std::collections::HashMap;

use crate::check::{Context, Emit, finding, msg};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 同一张表中是否有名称相同的三级指标。
    /// ## 为什么重要
    /// 重复的指标会重复计分，通常是复制行后忘了修改。
    /// ## 示例
    /// 两行三级指标都叫“志愿者服务网络建设和管理”。
    /// ## 依据
    /// 实践。
    /// ## 如何修改
    /// 删除或合并重复的指标，或改成各自不同的内容。
    pub static RULE = {
        code: "Q005",
        name: "指标重复",
        name_en: "duplicate indicator",
        severity: Info,
        help: "删除或合并重复的指标，或改成各自不同的内容。",
        help_en: "Remove or merge the duplicate, or make each indicator distinct.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let mut seen: HashMap<std::borrow::Cow<str>, &crate::model::Text> = HashMap::new();
        for name in form.indicators.iter().filter_map(|i| i.name.as_ref()) {
            let key = normalize(&name.value);
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                Some(first) => out.push(
                    finding(msg(
                        format!("{form_name}指标“{}”出现了两次", name.value.trim()),
                        format!("{form_name}: indicator {} appears twice", name.value.trim()),
                    ))
                    .at(&name.at)
                    .at(&first.at),
                ),
                None => {
                    seen.insert(key, name);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("^ | ^ | 质量指标 | 培训合格率", "^ | ^ | 质量指标 | 培训人次").filing();
        one(run(&RULE, &filing), Severity::Info);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
