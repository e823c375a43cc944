//! P010: indicators marked not applicable; the total must be rescaled.

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::score::Method;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 标为“不适用”“/”“—”且没有分值的指标。这些指标不参与评分，总分应按适用指标折算：
    /// Σ 适用指标得分 ÷ Σ 适用指标分值 × 100。列出这些指标，并给出折算后的总分。
    /// ## 为什么重要
    /// 不折算时满分不足 100，总分和等级会被低估；折算方法不一致，结果就不可比。
    /// ## 示例
    /// 生态效益指标“不适用”，分值空白；其余指标满分 95，折算后为 100。
    /// ## 依据
    /// 财预〔2020〕10号：不适用的指标不纳入评分，按适用指标权重折算。
    /// ## 如何修改
    /// 确认该指标确不适用，并按折算方法填写总分。
    pub static RULE = {
        code: "P010",
        name: "不适用指标需折算总分",
        name_en: "not-applicable indicators",
        severity: Info,
        help: "确认该指标确不适用，并按适用指标折算总分。",
        help_en: "Confirm the indicator does not apply, and rescale the total over the applicable ones.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        let not_applicable: Vec<_> = form
            .indicators
            .iter()
            .zip(&card.rows)
            .filter(|(_, row)| row.method == Method::NotApplicable)
            .map(|(indicator, _)| indicator)
            .collect();
        // A form that is not scored (no weights: a transfer payment's) has no total to rescale.
        if not_applicable.is_empty() || card.recomputed_total.is_none() {
            continue;
        }
        let names: Vec<&str> = not_applicable.iter().filter_map(|i| i.name.as_ref().map(|n| n.value.trim())).collect();
        let rescaled = card.recomputed_total.map(show).unwrap_or_default();
        out.push(
            finding(msg(
                format!("{form_name}有 {} 条指标不适用（{}），折算后总分为 {rescaled}", not_applicable.len(), names.join("、")),
                format!("{form_name}: {} indicators not applicable; rescaled total {rescaled}", not_applicable.len()),
            ))
            .at_all(not_applicable.iter().map(|i| &i.row))
            .found(card.declared_total.map(show).unwrap_or_default())
            .expected(rescaled),
        );
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
        let filing = Parts::correct().edit("完成时间 | 2023年12月底前 | 2023年11月完成 | 10 | 10", "完成时间 | 不适用 | / | | ").filing();
        let found = one(run(&RULE, &filing), Severity::Info);
        assert_eq!(found.expected.as_deref(), Some("100"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        // A form without points (Pengshui's transfer checklist, fixtures/real/) has no total to rescale.
        assert!(run(&RULE, &crate::check::testing::pengshui_checklist(("", ""))).is_empty());
    }
}
