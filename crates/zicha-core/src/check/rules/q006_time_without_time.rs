//! Q006: a 时效指标 whose values name no date, month or period.

use crate::check::{Context, Emit, finding, msg};
use crate::text::Has;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 二级指标为“时效指标”的行，年度指标值和实际完成值是否至少有一个写明了时间（日期、月份、期限）。
    /// ## 为什么重要
    /// 时效指标衡量的是“何时完成”；没有时间就无法判断是否按时。
    /// ## 示例
    /// 时效指标：年度指标值“按时完成”，实际完成值“已完成”。
    /// ## 依据
    /// 财预〔2015〕88号：时效指标反映完成的及时程度。
    /// ## 如何修改
    /// 写明计划完成时间和实际完成时间（如“2023年12月底前”“2023年11月完成”）。
    pub static RULE = {
        code: "Q006",
        name: "时效指标没有时间",
        name_en: "time indicator without a time",
        severity: Info,
        help: "写明计划完成时间和实际完成时间。",
        help_en: "State the planned and the actual completion time.",
        check: check,
    };
}

/// `2023年12月底前`, `年内`, `第三季度`, `30天内`: a date, month or period (`按时` alone is none).
fn names_time(text: &str) -> bool {
    ["月", "年", "日", "季度", "天", "周"].iter().any(|w| text.has(w))
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            if !indicator.second_level.as_ref().is_some_and(|s| s.value.has("时效")) {
                continue;
            }
            let texts = [&indicator.target, &indicator.actual];
            if texts.iter().any(|t| t.as_ref().is_some_and(|t| names_time(&t.value))) {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            out.push(
                finding(msg(
                    format!(
                        "{form_name}时效指标“{name}”（指标值 {}，完成值 {}）没有写明时间",
                        indicator.target.as_ref().map_or("—", |t| t.value.trim()),
                        indicator.actual.as_ref().map_or("—", |t| t.value.trim())
                    ),
                    format!("{form_name}: time indicator {name} names no time"),
                ))
                    .at_all(indicator.target.as_ref().map(|t| &t.at)),
            );
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
        let filing = Parts::correct().edit("完成时间 | 2023年12月底前 | 2023年11月完成", "完成时间 | 按时完成 | 已完成").filing();
        one(run(&RULE, &filing), Severity::Info);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
