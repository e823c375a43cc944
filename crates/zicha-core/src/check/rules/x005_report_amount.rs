//! X005: a number in the prose that names a quantity the tables hold, with another value; parts quoted in the
//! prose that do not add up; shares that do not match.

use rust_decimal::Decimal;

use crate::check::rules::{amount, rate_agrees, show, sum_gap};
use crate::check::{Context, Emit, Severity, finding, msg};
use crate::grid::Address;
use crate::model::{Evaluation, FundPartKind, NumberCell, Text};
use crate::prose;
use crate::narrative::{Fact, Quantity, Scope, Unit};
use crate::text::FoldedName;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 自评报告中引用的金额、人数、比例，凡是说的是表格里有的量（一般公共预算支出、基本支出、项目支出、公用经费、
    /// “三公”经费、编制数和在职人数、某个项目的资金……），是否与表格一致。同一段中给出的组成部分是否相加（人员经费 +
    /// 公用经费 = 基本支出），给出的占比是否与金额相符（人员经费占基本支出 x%），“共12个项目，其中……”所列各项的个数之和
    /// 是否多于总数。
    /// ## 为什么重要
    /// 报告与表格数字不一是审核中最常见、也最难看的问题：读者不知道该信哪一个。
    /// ## 示例
    /// 报告写“涉及一般公共预算支出196.66万元”，表格为 195.66 万元；“基本支出47万元”，表格基本支出为 148.66 万元
    /// （47 万元是项目支出）。
    /// ## 依据
    /// 财预〔2020〕10号：自评报告应与自评表数据一致。
    /// ## 如何修改
    /// 以表格（部门决算）为准改正报告中的数字，或改正表格。
    pub static RULE = {
        code: "X005",
        name: "报告数字与表格不符",
        name_en: "report amount differs",
        severity: Error,
        help: "以表格（部门决算）为准改正报告中的数字，或改正表格。",
        help_en: "Correct the report to the tables (the final accounts), or correct the table.",
        check: check,
    };
}

/// A value the tables hold for a quantity, with where it is.
struct Known<'a> {
    value: Decimal,
    at: &'a Address,
    what: &'static str,
}

fn known<'a>(cell: &'a Option<NumberCell>, what: &'static str) -> Option<Known<'a>> {
    let cell = cell.as_ref()?;
    Some(Known { value: cell.value.value?, at: &cell.at, what })
}

fn part_of<'a>(form: &'a Evaluation, kind: FundPartKind, what: &'static str) -> Option<Known<'a>> {
    let funds = form.funds.as_ref()?;
    known(&funds.by_income.iter().chain(&funds.by_expense).find(|p| p.kind == kind)?.amount, what)
}

fn project_amounts(project: &Evaluation) -> Vec<Known<'_>> {
    let Some(total) = project.funds.as_ref().and_then(|f| f.total.as_ref()) else { return Vec::new() };
    [known(&total.executed, "全年执行数"), known(&total.full_year_budget, "全年预算数"), known(&total.initial_budget, "年初预算数")]
        .into_iter()
        .flatten()
        .collect()
}

/// What the tables say of the quantity a fact names; empty when they do not hold it.
/// The names of the filing's projects (附件3) and special project lines (附件1), folded once per check: every
/// money clause with a label is compared with all of them.
struct ProjectNames {
    projects: Vec<Option<FoldedName>>,
    lines: Vec<FoldedName>,
}

impl ProjectNames {
    fn of(cx: &Context) -> ProjectNames {
        let projects = cx.filing.projects.iter().map(|p| p.name.as_ref().map(|n| FoldedName::new(&n.value))).collect();
        let lines = cx.filing.basic_data.iter().flat_map(|b| &b.special_projects).map(|l| FoldedName::new(&l.label.value)).collect();
        ProjectNames { projects, lines }
    }
}

fn table_values<'a>(cx: &'a Context, fact: &Fact, names: &ProjectNames) -> Vec<Known<'a>> {
    let filing = cx.filing;
    // A project named in the clause: its own amounts, in 附件3 and in 附件1.
    if fact.unit == Unit::Money && !fact.label.is_empty() {
        let label = FoldedName::new(&fact.label);
        if let Some(index) = names.projects.iter().position(|n| n.as_ref().is_some_and(|n| n.alike(&label))) {
            return project_amounts(&filing.projects[index]);
        }
        if let Some(basic) = &filing.basic_data
            && let Some(line) = names.lines.iter().position(|n| n.alike(&label)).map(|i| &basic.special_projects[i])
        {
            return [known(&line.final_account, "决算数"), known(&line.budget, "预算数")].into_iter().flatten().collect();
        }
    }
    let Some(quantity) = fact.quantity else { return Vec::new() };
    let department = filing.department.as_ref();
    let basic = filing.basic_data.as_ref();
    let total = department.and_then(|d| d.funds.as_ref()).and_then(|f| f.total.as_ref());
    let projects_sum = || -> Option<Decimal> {
        let executed: Vec<Decimal> = filing.projects.iter().filter_map(|p| p.funds.as_ref()?.total.as_ref().and_then(|t| amount(&t.executed))).collect();
        (!executed.is_empty() && executed.len() == filing.projects.len()).then(|| executed.iter().copied().sum())
    };
    match (fact.scope, quantity) {
        (Scope::Project(Some(i)), Quantity::Funds | Quantity::ProjectExpenditure | Quantity::GeneralBudget | Quantity::TotalFunds) => {
            project_amounts(&filing.projects[i])
        }
        (Scope::Projects, Quantity::Funds | Quantity::ProjectExpenditure | Quantity::GeneralBudget) => {
            let mut values: Vec<Known> = department.and_then(|d| part_of(d, FundPartKind::ProjectExpenditure, "项目支出")).into_iter().collect();
            if let (Some(sum), Some(first)) = (projects_sum(), filing.projects.first().and_then(|p| p.funds.as_ref()?.total.as_ref()?.executed.as_ref())) {
                values.push(Known { value: sum, at: &first.at, what: "附件3 全年执行数合计" });
            }
            values
        }
        (Scope::Department, Quantity::GeneralBudget) => {
            let mut values: Vec<Known> = department.and_then(|d| part_of(d, FundPartKind::GeneralBudget, "一般公共预算")).into_iter().collect();
            values.extend(total.and_then(|t| known(&t.executed, "全年执行数")));
            values.extend(total.and_then(|t| known(&t.full_year_budget, "全年预算数")));
            values
        }
        (Scope::Department, Quantity::GovernmentFunds) => {
            match department.and_then(|d| d.funds.as_ref()?.by_income.iter().find(|p| p.kind == FundPartKind::GovernmentFunds)) {
                // A blank 政府性基金 cell is 0, as the report's `0万元` says.
                Some(part) => {
                    let at = part.amount.as_ref().map_or(&part.label.at, |c| &c.at);
                    vec![Known { value: amount(&part.amount).unwrap_or_default(), at, what: "政府性基金拨款" }]
                }
                None => Vec::new(),
            }
        }
        (Scope::Department, Quantity::BasicExpenditure) => {
            department.and_then(|d| part_of(d, FundPartKind::BasicExpenditure, "基本支出")).into_iter().collect()
        }
        (Scope::Department, Quantity::ProjectExpenditure) => {
            department.and_then(|d| part_of(d, FundPartKind::ProjectExpenditure, "项目支出")).into_iter().collect()
        }
        (Scope::Department, Quantity::TotalFunds) => total
            .map(|t| [known(&t.full_year_budget, "全年预算数"), known(&t.executed, "全年执行数"), known(&t.initial_budget, "年初预算数")])
            .into_iter()
            .flatten()
            .flatten()
            .collect(),
        (Scope::Department, Quantity::PublicFunds) => basic
            .and_then(|b| b.public_funds.as_ref())
            .map(|l| [known(&l.final_account, "公用经费决算数"), known(&l.budget, "公用经费预算数")])
            .into_iter()
            .flatten()
            .flatten()
            .collect(),
        (Scope::Department, Quantity::ThreePublic) => basic
            .and_then(|b| b.three_public.as_ref())
            .map(|l| [known(&l.final_account, "“三公”经费决算数"), known(&l.budget, "“三公”经费预算数")])
            .into_iter()
            .flatten()
            .flatten()
            .collect(),
        (_, Quantity::AuthorizedStaff) => basic.and_then(|b| b.staffing.as_ref()).and_then(|s| known(&s.authorized, "编制数")).into_iter().collect(),
        (_, Quantity::ActualStaff) => basic.and_then(|b| b.staffing.as_ref()).and_then(|s| known(&s.actual, "在职人数")).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn quoted(fact: &Fact) -> String {
    let unit = match fact.unit {
        Unit::Money => "万元",
        Unit::Percent => "%",
        Unit::People => "人",
        Unit::Count => "个",
        Unit::Points => "分",
    };
    format!("{}{}{unit}", fact.label, show(fact.value))
}

fn check(cx: &Context, out: &mut Emit) {
    let names = ProjectNames::of(cx);
    // Numbers already found to differ from the tables: a sum they are part of is not reported again.
    let mut differing: Vec<(&Address, (usize, usize))> = Vec::new();
    for fact in cx.facts {
        if fact.unit == Unit::Percent || fact.quantity == Some(Quantity::Score) {
            continue;
        }
        let values = table_values(cx, fact, &names);
        let Some(first) = values.first() else { continue };
        if values.iter().any(|k| k.value == fact.value) {
            continue;
        }
        differing.push((&fact.at, fact.span));
        out.push(
            finding(msg(
                format!("报告称“{}”，表格中{}为 {}", quoted(fact), first.what, show(first.value)),
                format!("the report says {} but the table's {} is {}", quoted(fact), first.what, show(first.value)),
            ))
            .at_span(&fact.at, fact.span)
            .at(first.at)
            .found(show(fact.value))
            .expected(show(first.value)),
        );
    }
    check_parts(cx, out);
    check_shares(cx, out, &names);
    for text in prose_texts(cx) {
        check_prose(text, &differing, out);
        check_counts(text, out);
    }
}

/// The words that tell the prose's own sums and rates.
const WORDS: prose::Words = prose::Words {
    listing: &["其中", "具体是", "具体为", "分别是", "分别为"],
    items: &["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"],
    levels: &["中央", "省级", "省财政", "自治区", "市级", "州级", "县级", "区级", "本级"],
    whole: &["共计", "合计", "总计", "共", "总额", "应执行数"],
    rate: &["执行率", "执行进度", "支出进度", "支付进度", "拨付进度", "拨付率", "支付率"],
    budget: &["预算", "下达", "安排", "批复", "计划"],
    done: &["拨付", "支付", "执行", "支出", "使用"],
    change: &["较上年", "比上年", "较去年", "比去年", "同比", "环比", "较年初"],
};

/// Every prose the filing holds: its reports' paragraphs, and the goals its forms describe in words.
fn prose_texts<'a>(cx: &'a Context) -> impl Iterator<Item = &'a Text> {
    let reports = cx.filing.department_report.iter().chain(&cx.filing.project_reports).flat_map(|r| r.paragraphs());
    let goals = cx.filing.department.iter().chain(&cx.filing.projects).filter_map(|f| f.goals.as_ref()).flat_map(|g| g.expected.iter().chain(&g.achieved));
    reports.chain(goals)
}

/// A text's sums against their totals and its rates against their amounts.
/// `共实施项目12个，其中新建6个、续建7个`: parts of a count, in its measure word, that add up to more than it. (Less
/// is often an incomplete list, and only more is a contradiction; categories that overlap, 女性 and 党员 among
/// 人, can make it so, hence a warning.)
fn check_counts(text: &Text, out: &mut Emit) {
    if !WORDS.listing.iter().any(|w| text.value.contains(w)) {
        return;
    }
    let chars: Vec<char> = text.value.chars().collect();
    let counts = prose::counts(&chars);
    for claim in prose::sums(&chars, &counts, &WORDS) {
        let unit = claim.total.unit;
        if claim.shape != prose::Shape::Listed || claim.parts.iter().any(|p| p.unit != unit) {
            continue;
        }
        let (sum, total) = (claim.sum(), claim.total.value);
        // A part as large as the whole: levels of one thing (`15个指标，其中一级指标3个，…三级指标15个`), not parts.
        if sum <= total || claim.parts.iter().any(|p| p.value >= total) {
            continue;
        }
        let parts: Vec<&str> = claim.parts.iter().map(|p| p.written.as_str()).collect();
        let stated = format!("{}{}", claim.total.clause, claim.total.written);
        let mut draft = finding(msg(
            format!("“{stated}”，但其中所列 {} 共 {}{unit}，多于总数（如有重叠请写明）", parts.join(" + "), show(sum)),
            format!("'{stated}', but the parts listed {} make {}{unit}, more than the whole", parts.join(" + "), show(sum)),
        ))
        .at_span(&text.at, claim.total.span);
        for part in &claim.parts {
            draft = draft.at_span(&text.at, part.span);
        }
        out.push(draft.found(format!("{}{unit}", show(sum))).expected(claim.total.written.clone()).severity(Severity::Warning));
    }
}

fn check_prose(text: &Text, differing: &[(&Address, (usize, usize))], out: &mut Emit) {
    // Only a text with an amount in it (a digit and 元) can state a sum or a rate of money.
    if !text.value.contains('元') || !text.value.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let chars: Vec<char> = text.value.chars().collect();
    let amounts = prose::amounts(&chars);
    if amounts.len() < 2 {
        return;
    }
    let reported = |a: &prose::Amount| differing.iter().any(|(at, span)| **at == text.at && *span == a.span);
    for claim in prose::sums(&chars, &amounts, &WORDS) {
        // 人员经费 + 公用经费 = 基本支出 is checked above, with the tables.
        if claim.total.clause.contains("基本支出") || reported(&claim.total) || claim.parts.iter().any(reported) {
            continue;
        }
        let (sum, total) = (claim.sum(), claim.total.value);
        let gap = (sum - total).abs();
        if gap.is_zero() {
            continue;
        }
        let severity = if gap <= claim.tolerance() {
            Severity::Info
        } else if claim.shape == prose::Shape::Items {
            Severity::Warning
        } else {
            Severity::Error
        };
        let parts: Vec<&str> = claim.parts.iter().map(|p| p.written.as_str()).collect();
        let stated = format!("{}{}", claim.total.clause, claim.total.written);
        if let Some(unit) = claim.slipped_unit() {
            let sum_text = claim.written(sum);
            let mut draft = finding(msg(
                format!("“{stated}”的单位应为{unit}：所列各项 {} = {sum_text}", parts.join(" + ")),
                format!("'{stated}' should be in {unit}: the parts {} = {sum_text}", parts.join(" + ")),
            ))
            .at_span(&text.at, claim.total.span);
            for part in &claim.parts {
                draft = draft.at_span(&text.at, part.span);
            }
            out.push(draft.found(claim.total.written.clone()).expected(sum_text));
            continue;
        }
        let (sum_text, gap_text) = (claim.written(sum), claim.written(gap));
        let (zh, en) = match severity {
            Severity::Info => (
                format!("“{stated}”，所列各项 {} = {sum_text}，相差 {gap_text}，在各项四舍五入的范围内，请核对尾差", parts.join(" + ")),
                format!("'{stated}': the parts {} = {sum_text}, {gap_text} apart, within the rounding of the parts", parts.join(" + ")),
            ),
            _ => (
                format!("“{stated}”，但所列各项 {} = {sum_text}，相差 {gap_text}", parts.join(" + ")),
                format!("'{stated}', but the parts listed {} add up to {sum_text} ({gap_text} apart)", parts.join(" + ")),
            ),
        };
        let mut draft = finding(msg(zh, en)).at_span(&text.at, claim.total.span);
        for part in &claim.parts {
            draft = draft.at_span(&text.at, part.span);
        }
        out.push(draft.found(sum_text).expected(claim.total.written.clone()).severity(severity));
    }
    for claim in prose::rates(&chars, &amounts, &WORDS) {
        let computed = claim.computed();
        // Truncated instead of rounded (99.96% written 99.9%) is not a mistake worth an error.
        let truncated = (computed.round_dp(claim.decimals) - claim.rate).abs() <= Decimal::new(1, claim.decimals);
        if rate_agrees(claim.rate, claim.decimals, computed) || truncated {
            continue;
        }
        let expected = format!("{}%", show(computed.round_dp(claim.decimals.max(2))));
        out.push(
            finding(msg(
                format!(
                    "同一句中“{}”，但按所述金额 {} ÷ {} 应为 {expected}",
                    claim.written, claim.done.written, claim.budget.written
                ),
                format!("the sentence says {} but {} ÷ {} is {expected}", claim.written, claim.done.written, claim.budget.written),
            ))
            .at_span(&text.at, claim.span)
            .at_span(&text.at, claim.budget.span)
            .at_span(&text.at, claim.done.span)
            .found(claim.written.clone())
            .expected(expected),
        );
    }
}

/// 人员经费 + 公用经费 quoted in a report against 基本支出 (the table's, or the report's own).
fn check_parts(cx: &Context, out: &mut Emit) {
    let find = |q: Quantity| cx.facts.iter().find(|f| f.quantity == Some(q) && f.scope == Scope::Department && f.unit == Unit::Money);
    let (Some(personnel), Some(public)) = (find(Quantity::PersonnelCost), find(Quantity::PublicFunds)) else { return };
    let table_basic = cx.filing.department.as_ref().and_then(|d| part_of(d, FundPartKind::BasicExpenditure, "基本支出"));
    let (basic, basic_at, in_table) = match (&table_basic, find(Quantity::BasicExpenditure)) {
        (Some(k), _) => (k.value, k.at.clone(), true),
        (None, Some(f)) => (f.value, f.at.clone(), false),
        (None, None) => return,
    };
    let sum = personnel.value + public.value;
    let Some(severity) = sum_gap(basic, sum, 2) else { return };
    let source = if in_table { "表格中基本支出" } else { "报告中基本支出" };
    out.push(
        finding(msg(
            format!("报告中人员经费 {} + 公用经费 {} = {}，{source}为 {}", show(personnel.value), show(public.value), show(sum), show(basic)),
            format!("personnel {} + public funds {} = {}, basic expenditure is {}", show(personnel.value), show(public.value), show(sum), show(basic)),
        ))
        .at_span(&personnel.at, personnel.span)
        .at_span(&public.at, public.span)
        .at(&basic_at)
        .found(show(sum))
        .expected(show(basic))
        .severity(severity),
    );
}

/// `占基本支出的62.11%`: the share of the amount just before it in the sentence.
fn check_shares(cx: &Context, out: &mut Emit, names: &ProjectNames) {
    for (index, share) in cx.facts.iter().enumerate() {
        let Some(base_quantity) = share.share_of else { continue };
        let Some(part) = cx.facts[..index].iter().rev().find(|f| f.at == share.at && f.sentence == share.sentence && f.unit == Unit::Money) else {
            continue;
        };
        let base = Fact { quantity: Some(base_quantity), label: String::new(), ..share.clone() };
        let Some(base_value) = table_values(cx, &base, names).into_iter().next() else { continue };
        if base_value.value.is_zero() {
            continue;
        }
        let computed = part.value / base_value.value * Decimal::ONE_HUNDRED;
        let tolerance = Decimal::new(1, share.decimals);
        if rate_agrees(share.value, share.decimals, computed) || (computed.round_dp(share.decimals) - share.value).abs() <= tolerance {
            continue;
        }
        let severity = if part.quantity == Some(Quantity::Funds) || part.quantity.is_none() { Severity::Warning } else { Severity::Error };
        let expected = format!("{}%", show(computed.round_dp(share.decimals.max(2))));
        out.push(
            finding(msg(
                format!("报告称 {} 万元占{}的 {}%，按表格{} {} 万元应为 {expected}", show(part.value), base_quantity.zh(), show(share.value), base_value.what, show(base_value.value)),
                format!("the report says {} is {}% of {}, the tables give {expected}", show(part.value), show(share.value), base_quantity.zh()),
            ))
            .at_span(&share.at, share.span)
            .at(base_value.at)
            .found(format!("{}%", show(share.value)))
            .expected(expected)
            .severity(severity),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("涉及一般公共预算支出120万元", "涉及一般公共预算支出121万元").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("121"), Some("120")));
        assert_eq!(found.locations[0].span, Some((16, 21)));
        // The report calls 20万元 (the projects) 基本支出.
        let filing = Parts::correct().edit("基本支出100万元，其中", "基本支出20万元，其中").filing();
        let findings = run(&RULE, &filing);
        assert!(findings.iter().any(|f| f.found.as_deref() == Some("20") && f.expected.as_deref() == Some("100")), "{findings:#?}");
        // Parts that do not add up.
        let filing = Parts::correct().edit("其中人员经费80万元", "其中人员经费80.01万元").filing();
        let findings = run(&RULE, &filing);
        assert!(findings.iter().any(|f| f.severity == Severity::Warning && f.expected.as_deref() == Some("100")), "{findings:#?}");
        // A project's funds.
        let filing = Parts::correct().edit("其中甲项目12万元", "其中甲项目13万元").filing();
        one(run(&RULE, &filing), Severity::Error);
        // A share.
        let filing = Parts::correct().edit("占基本支出的80%", "占基本支出的85%").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Error).expected.as_deref(), Some("80%"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }

    fn counted(sentence: &str) -> Vec<crate::check::Finding> {
        run(&RULE, &report_filing(&["2023年度某某项目绩效自评报告", "一、项目实施情况", sentence]))
    }

    #[test]
    fn listed_parts_of_a_count_that_exceed_it() {
        let found = one(counted("2023年共实施项目12个，其中新建项目6个、续建项目7个。"), Severity::Warning);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("13个"), Some("12个")));
        // The measure word before the noun.
        let found = one(counted("共12个项目，其中新建6个、续建7个。"), Severity::Warning);
        assert_eq!(found.expected.as_deref(), Some("12个项目"));
        // In Chinese numerals.
        let found = one(counted("共十二个项目，其中新建六个、续建七个。"), Severity::Warning);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("13个"), Some("十二个项目")));
    }

    #[test]
    fn counts_whose_parts_fit_or_are_of_other_things_are_silent() {
        assert!(counted("共实施项目12个，其中新建项目6个、续建项目6个。").is_empty());
        // Part of the list only (the rest not started).
        assert!(counted("共实施项目12个，其中已完工6个、在建4个。").is_empty());
        // Levels of one hierarchy, and a list in brackets followed by the next item.
        assert!(counted("共编制15个绩效目标指标,其中一级指标3个,二级指标8个,三级指标15个。").is_empty());
        assert!(counted("特别扶助对象4378人(其中伤残扶助2104人,死亡扶助2274人);其他人员7人。").is_empty());
        // Parts counted in another measure word.
        assert!(counted("共培训12期，其中培训农民600人、技术人员70人。").is_empty());
    }

    /// A change from last year (`较上年增加20万元`, `同比下降5%`) is not a part of the total it follows.
    #[test]
    fn changes_on_last_year_are_not_parts() {
        let said = "2023年支出总额500万元，其中人员经费300万元，较上年增加20万元；公用经费200万元，同比减少15万元。";
        assert!(counted(said).is_empty(), "{:#?}", counted(said));
        let approximate = "共投入资金1.2亿余元，其中省级资金3000万元，市级资金2000万元，县级配套5000余万元。";
        assert!(counted(approximate).is_empty(), "{:#?}", counted(approximate));
    }
}
