//! P006: a qualitative indicator scored outside the band its stated achievement allows.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::score::Method;
use crate::text::{Words, normalize};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 定性指标按完成程度分档计分：达成年度指标 80%–100% 分值；部分达成并具有一定效果 60%–80%；未达成且效果较差
    /// 0–60%（各档界限可在方案中设置，如湖北为 80/50）。实际完成值写明“部分达成”“基本完成”“未完成”等，得分却落在
    /// 该档之外时提示。
    /// ## 为什么重要
    /// 定性指标的分数虽不能精确计算，但必须与自述的完成程度一致。
    /// ## 示例
    /// 实际完成值“部分完成”，分值 10，得分 10。
    /// ## 依据
    /// 财预〔2020〕10号附件：定性指标根据指标完成情况分为达成、部分达成、未达成三档计分。
    /// ## 如何修改
    /// 按完成程度所在档次重新计分。
    pub static RULE = {
        code: "P006",
        name: "定性指标得分与完成程度不符",
        name_en: "qualitative score outside its band",
        severity: Warning,
        help: "按完成程度所在档次重新计分。",
        help_en: "Score within the band of the stated achievement.",
        check: check,
    };
}

const NOT_ACHIEVED: Words<5> = Words::new(["未达成", "未完成", "没有完成", "未实现", "未达到"]);
const PARTLY_ACHIEVED: Words<7> = Words::new(["部分达成", "部分完成", "基本完成", "基本达到", "基本达成", "部分实现", "基本实现"]);

/// The band a stated achievement puts a score in, as shares of the weight in percent.
fn band(actual: &str, achieved: Decimal, partial: Decimal) -> Option<(Decimal, Decimal, &'static str)> {
    let norm = normalize(actual);
    if NOT_ACHIEVED.found_in(&norm) {
        Some((Decimal::ZERO, partial, "未达成"))
    } else if PARTLY_ACHIEVED.found_in(&norm) {
        Some((partial, achieved, "部分达成"))
    } else {
        None
    }
}

fn check(cx: &Context, out: &mut Emit) {
    let bands = &cx.profile.qualitative_bands;
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        for (indicator, row) in form.indicators.iter().zip(&card.rows) {
            if row.method != Method::Qualitative {
                continue;
            }
            let (Some(declared), Some(weight)) = (row.declared, row.weight) else { continue };
            let Some(actual) = &indicator.actual else { continue };
            let Some((low, high, label)) = band(&actual.value, bands.achieved, bands.partial) else { continue };
            if weight.is_zero() {
                continue;
            }
            let share = declared / weight * Decimal::ONE_HUNDRED;
            if share >= low && share < high {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let range = format!("{} – {}", show((low * weight / Decimal::ONE_HUNDRED).round_dp(2)), show((high * weight / Decimal::ONE_HUNDRED).round_dp(2)));
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”自述“{}”（{label}），得分 {} 不在该档 {range} 分之内", actual.value.trim(), show(declared)),
                    format!("{form_name}: {name} says {label} but scored {} (band {range})", show(declared)),
                ))
                .at(&row.at)
                .at(&actual.at)
                .found(show(declared))
                .expected(range),
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
        let filing = Parts::correct().edit("完成时间 | 2023年12月底前 | 2023年11月完成 | 10 | 10", "完成时间 | 按计划推进 | 部分完成 | 10 | 10").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Warning).expected.as_deref(), Some("6 – 8"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let fair = Parts::correct().edit("完成时间 | 2023年12月底前 | 2023年11月完成 | 10 | 10", "完成时间 | 按计划推进 | 部分完成 | 10 | 7").filing();
        assert!(run(&RULE, &fair).is_empty());
    }
}
