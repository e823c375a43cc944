//! A011: negative amounts, weights or scores; text where a number belongs; more than two decimals in 万元.

use crate::check::{Context, Emit, Severity, finding, msg};
use crate::measure::is_not_applicable;
use crate::model::NumberCell;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 金额、分值、得分单元格中：负数（强制）；不是数字的文字，如“7.50.”“IO”（强制）；大得不可能的数（一千万亿
    /// 及以上，如“7.9E+28”，不计入任何核对）（强制）；以万元为单位却超过两位小数（信息）。“/”“—”“无”等不适用
    /// 标记不算错误。
    /// ## 为什么重要
    /// 这些单元格参与合计和评分；写错的数字会让所有依赖它的核对失真，公开后也显得不严谨。
    /// ## 示例
    /// 得分写成“7.50.”；金额写成“-3”；金额写成“12.3456”万元。
    /// ## 依据
    /// 实践（财务数据填报规范）。
    /// ## 如何修改
    /// 改为正确的数字；金额以万元为单位保留两位小数。
    pub static RULE = {
        code: "A011",
        name: "数字填写不规范",
        name_en: "bad numbers",
        severity: Error,
        help: "改为正确的数字；金额以万元为单位，保留两位小数。",
        help_en: "Write a proper number; amounts in 万元 with two decimals.",
        check: check,
    };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Money,
    Points,
}

fn cells<'a>(cx: &'a Context) -> Vec<(Kind, &'a NumberCell)> {
    let mut out = Vec::new();
    let mut push = |kind, cell: &'a Option<NumberCell>| {
        if let Some(cell) = cell {
            out.push((kind, cell));
        }
    };
    if let Some(basic) = &cx.filing.basic_data {
        let lines = [&basic.three_public, &basic.vehicles, &basic.vehicle_purchase, &basic.vehicle_operation, &basic.overseas_travel]
            .into_iter()
            .chain([&basic.official_reception, &basic.project_spending, &basic.operational_work, &basic.operation_maintenance])
            .chain([&basic.special_funds, &basic.public_funds, &basic.procurement, &basic.budget_adjustment])
            .flatten()
            .chain(&basic.special_projects)
            .chain(&basic.public_funds_items);
        for line in lines {
            push(Kind::Money, &line.previous_final);
            push(Kind::Money, &line.budget);
            push(Kind::Money, &line.final_account);
        }
    }
    for (_, form) in cx.evaluations() {
        if let Some(funds) = &form.funds {
            for row in funds.total.iter().chain(&funds.sources) {
                push(Kind::Money, &row.initial_budget);
                push(Kind::Money, &row.full_year_budget);
                push(Kind::Money, &row.executed);
                push(Kind::Points, &row.weight);
                push(Kind::Points, &row.score);
            }
            for part in funds.by_income.iter().chain(&funds.by_expense) {
                push(Kind::Money, &part.amount);
            }
        }
        for indicator in &form.indicators {
            push(Kind::Points, &indicator.weight);
            push(Kind::Points, &indicator.score);
        }
        if let Some(total) = &form.total {
            push(Kind::Points, &total.weight);
            push(Kind::Points, &total.score);
        }
    }
    out
}

fn check(cx: &Context, out: &mut Emit) {
    for (kind, cell) in cells(cx) {
        let text = cell.value.text.trim();
        match cell.value.value {
            // A number past any filing's (`7.9E+28`): kept as text so that no sum overflows.
            None if text.parse::<f64>().is_ok_and(|v| v.abs() >= 1e15) => out.push(
                finding(msg(format!("{text} 大得不可能，未计入核对"), format!("{text} is too large to be real; not used")))
                    .at(&cell.at)
                    .found(text),
            ),
            None if !text.is_empty() && !is_not_applicable(text) => out.push(
                finding(msg(format!("“{text}”不是数字"), format!("\"{text}\" is not a number")))
                    .at(&cell.at)
                    .found(text),
            ),
            Some(value) if value.is_sign_negative() && !value.is_zero() => out.push(
                finding(msg(format!("{text} 是负数"), format!("{text} is negative")))
                    .at(&cell.at)
                    .found(text),
            ),
            Some(value) if kind == Kind::Money && value.normalize().scale() > 2 => out.push(
                finding(msg(format!("金额 {text} 超过两位小数"), format!("amount {text} has more than two decimals")))
                    .at(&cell.at)
                    .found(text)
                    .severity(Severity::Info),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("学员满意度 | ≥90% | 95% | 10 | 10", "学员满意度 | ≥90% | 95% | 10 | 7.50.").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Error).found.as_deref(), Some("7.50."));
        let filing = Parts::correct().edit("政府采购金额 | 5 | 6 | 6", "政府采购金额 | 5 | 6 | -6").filing();
        one(run(&RULE, &filing), Severity::Error);
        let filing = Parts::correct().edit("政府采购金额 | 5 | 6 | 6", "政府采购金额 | 5 | 6 | 6.125").filing();
        one(run(&RULE, &filing), Severity::Info);
        let filing = Parts::correct().edit("政府采购金额 | 5 | 6 | 6", "政府采购金额 | 5 | 6 | 7.9E+28").filing();
        assert!(one(run(&RULE, &filing), Severity::Error).message.zh.contains("大得不可能"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let filing = Parts::correct().edit("政府采购金额 | 5 | 6 | 6", "政府采购金额 | / | — | 6").filing();
        assert!(run(&RULE, &filing).is_empty());
    }
}
