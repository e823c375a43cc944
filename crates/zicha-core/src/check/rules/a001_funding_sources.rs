//! A001: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, per column.

use rust_decimal::Decimal;

use crate::check::rules::{Column, amount, amount_or_zero, filled, show, sum_gap};
use crate::check::{Context, Emit, FormName, finding, msg};
use crate::model::{FundList, FundRow, ListedAmount, NumberCell};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 资金情况中，“年度资金总额”的年初预算数、全年预算数、全年执行数，是否分别等于其下“当年财政拨款”“上年结转资金”
    /// “其他资金”三行之和。差额在四舍五入范围内（每项 0.01 万元）为提示，超过为强制错误。
    ///
    /// 资金也可能逐行列在表中（如卫生健康类转移支付自评表的“年度预算资金总额：1084.25”“其中：中央补助 668.00”
    /// “市级资金 343.00”……，金额写在标签右侧一格）：所列来源之和不得超过总额（“其中”可只列部分来源，少于总额不算错）；
    /// 其后各分项的总额之和等于它的总额时，它的每个来源也应等于各分项同名来源之和。
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
        check_lists(form_name, &form.listed_funds, out);
    }
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

/// Totals and sources listed down a column ([`FundList`]). Such a list may leave a source out (`其中` lists
/// some), so only sources adding up to more than their total are a mistake. Lists that follow one and whose totals
/// add up to its total are its parts (a programme's funds after the whole's): each source of the whole is the sum
/// of the same source in them.
fn check_lists(form_name: FormName<'_>, lists: &[FundList], out: &mut Emit) {
    let value = |line: &ListedAmount| line.amount.value.value;
    for list in lists {
        let Some(stated) = value(&list.total) else { continue };
        let Some(parts) = list.sources.iter().map(value).sum::<Option<Decimal>>() else { continue };
        if parts <= stated {
            continue;
        }
        let Some(severity) = sum_gap(stated, parts, list.sources.len()) else { continue };
        let terms = |zh: bool| {
            let join = list.sources.iter().map(|s| {
                let name = if zh { s.key.as_str() } else { "" };
                format!("{name} {}", s.amount.value.text.trim()).trim().to_string()
            });
            join.collect::<Vec<_>>().join(" + ")
        };
        let total = list.total.amount.value.text.trim();
        let of = list.name.as_ref().map_or(String::new(), |n| format!("（{}）", n.value.trim()));
        out.push(
            finding(msg(
                format!(
                    "{form_name}列出的“{}”{of}为 {total}，其下 {} = {}，超过总额",
                    list.total.key,
                    terms(true),
                    show(parts)
                ),
                format!("{form_name}: the listed total {total}{of} is less than its sources {} = {}", terms(false), show(parts)),
            ))
            .at(&list.total.amount.at)
            .at_all(list.sources.iter().map(|s| &s.amount.at))
            .found(show(stated))
            .expected(format!("≥ {}", show(parts)))
            .severity(severity),
        );
    }
    for (i, whole) in lists.iter().enumerate() {
        let Some(stated) = value(&whole.total) else { continue };
        // The lists right after it whose totals reach its total, two or more, each with a total.
        let mut sum = Decimal::ZERO;
        let parts: Vec<&FundList> = lists[i + 1..]
            .iter()
            .map_while(|l| {
                let open = sum < stated;
                sum += value(&l.total)?;
                open.then_some(l)
            })
            .collect();
        if parts.len() < 2 || parts.iter().filter_map(|l| value(&l.total)).sum::<Decimal>() != stated {
            continue;
        }
        for source in &whole.sources {
            let Some(stated) = value(source) else { continue };
            let same: Option<Vec<&ListedAmount>> =
                parts.iter().map(|l| l.sources.iter().find(|s| s.key == source.key)).collect();
            let Some(same) = same else { continue };
            let Some(sum) = same.iter().map(|s| value(s)).sum::<Option<Decimal>>() else { continue };
            let Some(severity) = sum_gap(stated, sum, same.len()) else { continue };
            let written = |s: &ListedAmount| s.amount.value.text.trim().to_string();
            let terms = same.iter().map(|s| written(s)).collect::<Vec<_>>().join(" + ");
            let of = whole.name.as_ref().map_or(String::new(), |n| format!("（{}）", n.value.trim()));
            out.push(
                finding(msg(
                    format!(
                        "{form_name}列出的“{}”{of}为 {}，其后各分项的“{}”为 {terms} = {}",
                        source.key,
                        written(source),
                        source.key,
                        show(sum)
                    ),
                    format!("{form_name}: listed {} {}, its parts' add up to {terms} = {}", source.key, written(source), show(sum)),
                ))
                .at(&source.amount.at)
                .at_all(same.iter().map(|s| &s.amount.at))
                .found(show(stated))
                .expected(show(sum))
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

    fn checklist(edit: (&str, &str)) -> Vec<crate::check::Finding> {
        run(&RULE, &crate::check::testing::pengshui_checklist(edit))
    }

    #[test]
    fn a_checklist_lists_more_than_its_total_and_its_parts_differ_from_the_whole() {
        let findings = checklist(("", ""));
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings.iter().all(|f| f.severity == Severity::Error));
        assert!(findings[0].message.zh.contains("321.25") && findings[0].message.zh.contains("322.25"), "{}", findings[0].message.zh);
        assert!(findings[1].message.zh.contains("343.00") && findings[1].message.zh.contains("344"), "{}", findings[1].message.zh);
        // 市级资金 135: both lists agree.
        assert_eq!(checklist(("市级资金 | 136.00", "市级资金 | 135.00")), []);
        // A list whose sources add up to less than its total may leave one out: no mistake in it. (The
        // programmes' 本级资金 53.00 + 19.25 now differ from the whole's 73.25, besides their 市级资金.)
        let findings = checklist(("本级资金(包括结转结余) | 20.25", "本级资金(包括结转结余) | 19.25"));
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings.iter().all(|f| f.message.zh.contains("其后各分项")), "{findings:#?}");
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
