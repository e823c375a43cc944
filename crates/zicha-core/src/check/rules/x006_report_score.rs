//! X006: the score a report states differs from its table's total.

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::model::FormKind;
use crate::narrative::{Quantity, Scope};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 自评报告中写明的自评得分（“自评得分98分”“总分为98分”），是否等于对应表格（附件4 对附件2，附件5 对各自的附件3）
    /// 总分行的得分。报告写明的等级与总分是否相符，见 P011。
    /// ## 为什么重要
    /// 报告里的分数是对外公开的结论，与表格不一致会让整份材料失去可信度。
    /// ## 示例
    /// 附件2 总分 98，报告写“部门整体支出自评得分96分”。
    /// ## 依据
    /// 财预〔2020〕10号：自评报告应与自评表一致。
    /// ## 如何修改
    /// 以表格总分为准改正报告（或先改正表格的总分）。
    pub static RULE = {
        code: "X006",
        name: "报告得分与表格不符",
        name_en: "report score differs",
        severity: Error,
        help: "以表格总分为准改正报告中的得分。",
        help_en: "Correct the report's score to the table's total.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for fact in cx.facts.iter().filter(|f| f.quantity == Some(Quantity::Score)) {
        let card = match fact.scope {
            Scope::Department => cx.scores.forms.iter().find(|f| f.kind == FormKind::Department),
            Scope::Project(Some(i)) => cx.scores.forms.iter().filter(|f| f.kind == FormKind::Project).nth(i),
            _ => None,
        };
        let Some(card) = card else { continue };
        let Some(total) = card.declared_total else { continue };
        if total == fact.value {
            continue;
        }
        out.push(
            finding(msg(
                format!("报告称自评得分 {} 分，{}总分为 {}", show(fact.value), card.form, show(total)),
                format!("the report states a score of {}, {} totals {}", show(fact.value), card.form, show(total)),
            ))
            .at_span(&fact.at, fact.span)
            .at_all(card.declared_total_at.as_ref())
            .found(show(fact.value))
            .expected(show(total)),
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
        let filing = Parts::correct().edit("自评得分100分", "自评得分96分").filing();
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
