//! A007: the 其中 rows of 公用经费 add up to more than 公用经费.

use rust_decimal::Decimal;

use crate::check::rules::{SPENDING_COLUMNS, amount, amount_or_zero, filled, show};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1 中“公用经费”下的“其中”各行（办公经费，水费、电费、差旅费，会议费、培训费等）之和，是否超过公用经费本身；
    /// 公用经费空白而其中各行有数，也在此提示。
    /// ## 为什么重要
    /// “其中”只是部分列举，合计不可能超过总数；超过说明总数或明细填错，或公用经费漏填。
    /// ## 示例
    /// 公用经费决算空白，办公经费 6.12、水电差旅 2.2、会议培训 0.64。
    /// ## 依据
    /// 部门决算公用经费口径（实践）。
    /// ## 如何修改
    /// 补填公用经费，或改正其中各行。
    pub static RULE = {
        code: "A007",
        name: "公用经费明细超过合计",
        name_en: "公用经费 items exceed the total",
        severity: Warning,
        help: "补填公用经费合计，或改正其中各行金额。",
        help_en: "Fill in the 公用经费 total, or correct its items.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(basic) = &cx.filing.basic_data else { return };
    let Some(total) = &basic.public_funds else { return };
    if basic.public_funds_items.is_empty() {
        return;
    }
    for (column, cell) in SPENDING_COLUMNS {
        let Some(sum) = basic.public_funds_items.iter().map(|l| amount_or_zero(cell(l))).sum::<Option<Decimal>>() else { continue };
        if sum.is_zero() {
            continue;
        }
        let items = basic.public_funds_items.iter().filter_map(|l| cell(l).as_ref().filter(|_| amount(cell(l)).is_some()).map(|c| &c.at));
        let at = cell(total).as_ref().map_or(&total.label.at, |c| &c.at);
        if !filled(cell(total)) {
            out.push(
                finding(msg(
                    format!("附件1 公用经费{column}未填，其中各项合计 {}", show(sum)),
                    format!("附件1: 公用经费 {column} is blank while its items add up to {}", show(sum)),
                ))
                .at(at)
                .at_all(items)
                .expected(format!("≥ {}", show(sum))),
            );
        } else if let Some(stated) = amount(cell(total))
            && sum > stated
        {
            out.push(
                finding(msg(
                    format!("附件1 公用经费{column}为 {}，其中各项合计 {}，超过合计", show(stated), show(sum)),
                    format!("附件1: 公用经费 {column} is {}, its items add up to more ({})", show(stated), show(sum)),
                ))
                .at(at)
                .at_all(items)
                .found(show(stated))
                .expected(format!("≥ {}", show(sum))),
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
        let filing = Parts::correct().edit("公用经费 | 10 | 20 | 20", "公用经费 | 10 | 20 | 4").filing();
        one(run(&RULE, &filing), Severity::Warning);
        let filing = Parts::correct().edit("公用经费 | 10 | 20 | 20", "公用经费 | 10 | 20 | ").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("未填"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
