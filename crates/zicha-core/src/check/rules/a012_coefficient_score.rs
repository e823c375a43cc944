//! A012: where scores are coefficients (Chongqing's 得分系数(%) × 指标权重(分)), 指标得分 = 系数 × 权重.

use rust_decimal::Decimal;

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, Severity, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 按“得分系数 × 指标权重”计分的表（如重庆部门整体绩效自评表：得分系数(%) / 指标权重(分) / 指标得分(分)），
    /// 每行的指标得分是否等于得分系数乘以指标权重；得分系数是否在 0 到 100% 之间。差额在四舍五入范围内不报。
    /// ## 为什么重要
    /// 得分系数是自评的判断，指标得分只是它的结果；两者不一致，说明得分是手填的，或系数改了而得分没改，
    /// 总分随之失真。
    /// ## 示例
    /// 得分系数 90%，指标权重 10 分，指标得分却填 10 分（应为 9 分）。
    /// ## 依据
    /// 重庆市部门整体绩效自评表的计分方法（指标得分 = 得分系数 × 指标权重）。
    /// ## 如何修改
    /// 按得分系数乘以指标权重重新计算指标得分，或说明系数为何与得分不符。
    pub static RULE = {
        code: "A012",
        name: "指标得分与得分系数不符",
        name_en: "score does not match its coefficient",
        severity: Error,
        help: "按得分系数 × 指标权重重新计算指标得分。",
        help_en: "Recompute the score as coefficient × weight.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let hundred = Decimal::ONE_HUNDRED;
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let Some(coefficient) = indicator.coefficient.as_ref() else { continue };
            let Some(percent) = coefficient.value.percent else { continue };
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let text = coefficient.value.text.trim();
            if percent < Decimal::ZERO || percent > hundred {
                out.push(
                    finding(msg(
                        format!("{form_name}指标“{name}”的得分系数 {text} 不在 0–100% 之间"),
                        format!("{form_name}: the coefficient of {name} ({text}) is outside 0–100%"),
                    ))
                    .at(&coefficient.at)
                    .found(text),
                );
                continue;
            }
            let (Some(weight), Some(score)) = (amount(&indicator.weight), amount(&indicator.score)) else { continue };
            let expected = (percent * weight / hundred).round_dp(2);
            let gap = (score - expected).abs();
            if gap <= Decimal::new(1, 2) {
                continue;
            }
            out.push(
                finding(msg(
                    format!(
                        "{form_name}指标“{name}”得分系数 {text} × 指标权重 {} = {}，指标得分却为 {}",
                        show(weight),
                        show(expected),
                        show(score)
                    ),
                    format!(
                        "{form_name}: {name} at {text} of {} should score {}, not {}",
                        show(weight),
                        show(expected),
                        show(score)
                    ),
                ))
                .at_all(indicator.score.as_ref().map(|s| &s.at))
                .at(&coefficient.at)
                .found(show(score))
                .expected(show(expected))
                .severity(if gap <= Decimal::new(5, 2) { Severity::Warning } else { Severity::Error }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{run, snapshot};
    use crate::testing::{sheet, workbook};

    /// A Chongqing 部门整体绩效自评表: a flat list scored by coefficient × weight.
    fn chongqing(rows: &str) -> crate::model::Filing {
        let text = format!(
            "部门整体绩效自评表\n\
             主管部门 | 某某区科协 | 财政处室 | 教科文处 | 自评总分(分) | 99\n\
             部门预算执行情况(万元) | 年初预算数 | 全年(调整)预算数 | 全年执行数 | 执行率(%) | 执行率权重 | 执行率得分(分)\n\
             ^ | 100 | 100 | 100 | 100 | 10 | 10\n\
             指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 | 得分系数(%) | 指标权重(分) | 指标得分(分) | 是否核心指标\n\
             {rows}"
        );
        crate::recognise::recognise(&workbook(vec![sheet("c.xlsx", "部门", &text)]))
    }

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = chongqing("科普活动场次 | 场 | 定量指标 | 20 | 20 | 18 | 90% | 10 | 10 | 是");
        let findings = run(&RULE, &filing);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!((findings[0].found.as_deref(), findings[0].expected.as_deref()), (Some("10"), Some("9")));
        assert_eq!(findings[0].severity, Severity::Error);
        let filing = chongqing("科普活动场次 | 场 | 定量指标 | 20 | 20 | 18 | 120% | 10 | 10 | 是");
        assert!(run(&RULE, &filing)[0].message.zh.contains("0–100%"));
    }

    #[test]
    fn silent() {
        let filing = chongqing("科普活动场次 | 场 | 定量指标 | 20 | 20 | 18 | 90% | 10 | 9 | 是");
        assert_eq!(filing.department.as_ref().map(|d| d.indicators.len()), Some(1));
        assert!(run(&RULE, &filing).is_empty());
        assert!(run(&RULE, &crate::check::testing::Parts::correct().filing()).is_empty());
    }
}
