//! A001: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, per column.

use rust_decimal::Decimal;

use crate::check::rules::{Column, amount, amount_or_zero, filled, show, sum_gap};
use crate::check::{Context, Emit, finding, msg};
use crate::model::{FundRow, NumberCell};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 资金情况中，“年度资金总额”的年初预算数、全年预算数、全年执行数，是否分别等于其下“当年财政拨款”“上年结转资金”
    /// “其他资金”三行之和。差额在四舍五入范围内（每项 0.01 万元）为提示，超过为强制错误。
    /// ## 为什么重要
    /// 总额是执行率和得分的基础；来源明细与总额不符，说明总额或明细至少有一处填错。
    /// ## 示例
    /// 年度资金总额一行全是 0，而“当年财政拨款”填了 21、28、28。
    /// ## 依据
    /// 财预〔2020〕10号附件《项目支出绩效自评表》资金栏。
    /// ## 如何修改
    /// 按资金来源逐项核对，使总额等于各来源之和。
    pub static RULE = {
        code: "A001",
        name: "资金来源与总额不符",
        name_en: "funding sources do not add up",
        severity: Error,
        help: "按资金来源逐项核对，使年度资金总额等于各来源之和。",
        help_en: "Check each funding source so the annual total equals the sum of its sources.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(funds) = &form.funds else { continue };
        let Some(total) = &funds.total else { continue };
        if funds.sources.is_empty() {
            continue;
        }
        let columns: [Column<FundRow>; 3] = [
            ("年初预算数", |r| &r.initial_budget),
            ("全年预算数", |r| &r.full_year_budget),
            ("全年执行数", |r| &r.executed),
        ];
        for (label, column) in columns {
            let cells: Vec<&Option<NumberCell>> = funds.sources.iter().map(column).collect();
            if !cells.iter().any(|c| filled(c)) && !filled(column(total)) {
                continue;
            }
            if !cells.iter().any(|c| filled(c)) {
                continue; // Sources left blank altogether: nothing to add up.
            }
            let Some(parts) = cells.iter().map(|c| amount_or_zero(c)).sum::<Option<Decimal>>() else { continue };
            let Some(stated) = amount_or_zero(column(total)) else { continue };
            let Some(severity) = sum_gap(stated, parts, cells.len()) else { continue };
            let at = column(total).as_ref().map_or(&total.label.at, |c| &c.at);
            out.push(
                finding(msg(
                    format!("{form_name}的年度资金总额（{label}）为 {}，各来源之和为 {}", show(stated), show(parts)),
                    format!("{form_name}: total {label} is {}, its sources add up to {}", show(stated), show(parts)),
                ))
                .at(at)
                .at_all(cells.iter().filter_map(|c| c.as_ref().filter(|_| amount(c).is_some()).map(|c| &c.at)))
                .found(show(stated))
                .expected(show(parts))
                .severity(severity),
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
        let filing = Parts::correct().edit("^ | 年度资金总额 | 12 | 12 | 12", "^ | 年度资金总额 | 0 | 0 | 0").filing();
        let findings = run(&RULE, &filing);
        assert_eq!(findings.len(), 3, "{findings:#?}");
        assert!(findings.iter().all(|f| f.severity == Severity::Error));
        let filing = Parts::correct().edit("^ | 年度资金总额 | 12 | 12 | 12", "^ | 年度资金总额 | 12 | 12 | 12.01").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
