//! P003: a lower-is-better indicator scored above what either accepted formula gives.

use rust_decimal::Decimal;

use crate::check::rules::{p002_higher_is_better, show};
use crate::check::{Context, Emit};
use crate::score::{Method, quantities};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 目标为“≤A”（控制在……以内）的定量指标：实际值 B 不超过 A 得满分，超过时按 A/B × 分值计分（国家填表说明）；
    /// 也接受部分系统的 (1 − (B−A)/A) × 分值、B ≥ 2A 时为 0。得分高于两种算法的较大者为提示。
    /// ## 为什么重要
    /// 成本、时长等“越低越好”的指标超标后仍给高分，是常见的虚高。
    /// ## 示例
    /// 目标 ≤90 万元，实际 100 万元，分值 10，应得 9 分以下，填了 9.5 分。
    /// ## 依据
    /// 财预〔2020〕10号附件填表说明。
    /// ## 如何修改
    /// 按 A/B × 分值重新计分，并说明超标原因。
    pub static RULE = {
        code: "P003",
        name: "反向指标得分偏高",
        name_en: "lower-is-better indicator over-scored",
        severity: Warning,
        help: "按指标值 ÷ 完成值 × 分值重新计分，并说明超标原因。",
        help_en: "Score as target ÷ actual × weight, and explain the overrun.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for item in p002_higher_is_better::over_scored(cx, Method::LowerIsBetter) {
        // The other accepted formula: (1 − (B − A)/A) × 分值, 0 from B ≥ 2A.
        let alternative = quantities(item.indicator).zip(item.row.weight).and_then(|((target, actual), weight)| {
            (!target.value.is_zero()).then(|| {
                let share = Decimal::ONE - (actual.value - target.value) / target.value;
                (share.max(Decimal::ZERO) * weight).round_dp(2)
            })
        });
        let best = item.row.recomputed.max(alternative);
        if item.row.declared.zip(best).is_some_and(|(declared, best)| declared <= best) {
            continue;
        }
        let expected = format!("≤ {}", best.map(show).unwrap_or_default());
        p002_higher_is_better::report(out, &item, "指标值 ÷ 完成值 × 分值", expected);
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
        let filing = Parts::correct().edit("培训成本 | ≤120万元 | 120万元 | 20 | 20", "培训成本 | ≤120万元 | 150万元 | 20 | 19").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        // (1 − (132 − 120)/120) × 20 = 18: the other accepted formula.
        let other = Parts::correct().edit("培训成本 | ≤120万元 | 120万元 | 20 | 20", "培训成本 | ≤120万元 | 132万元 | 20 | 18").filing();
        assert!(run(&RULE, &other).is_empty());
    }
}
