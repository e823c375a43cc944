//! The labels real filings use (`forms.md`), matched on normalised text. One place to add a variant.

use crate::model::{FundPartKind, FundSource};
use crate::text::{Has, Words};

/// Labels of the unit-name field of 附件2.
pub const DEPARTMENT_NAME: &[&str] = &["预算部门名称", "预算单位名称", "部门(单位)名称", "单位名称"];
/// Labels of the project-name field of 附件3.
pub const PROJECT_NAME: &[&str] = &["项目支出名称", "项目名称"];
pub const SUPERVISOR: &[&str] = &["主管部门"];
pub const IMPLEMENTER: &[&str] = &["实施单位"];
pub const FUND_BLOCK: &[&str] = &["项目资金", "资金情况", "预算资金", "年度预算申请", "预算执行情况"];
pub const TOTAL_SCORE: &[&str] = &["总分", "合计", "自评总分", "总计"];

/// True when `norm` is the label itself, give or take a trailing colon or bracketed unit.
pub fn is_label(norm: &str, labels: &[&str]) -> bool {
    let bare = norm.trim_end_matches(':');
    labels.iter().any(|l| bare == *l || (bare.starts_with(l) && bare[l.len()..].starts_with('(')))
}

pub fn starts_with_any(norm: &str, labels: &[&str]) -> bool {
    labels.iter().any(|l| norm.starts_with(l))
}

/// A column of the fund block header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundColumn {
    InitialBudget,
    FullYearBudget,
    Executed,
    Weight,
    Rate,
    Score,
}

/// Words one of which every fund column's label below contains (and 复核): other cells are passed over at once.
const FUND_COLUMN_WORDS: Words<8> = Words::new(["复核", "执行", "得分", "自评分", "分值", "权重", "年初", "预算"]);

pub fn fund_column(norm: &str) -> Option<FundColumn> {
    use FundColumn::*;
    if !FUND_COLUMN_WORDS.found_in(norm) || norm.has("复核") {
        return None;
    }
    Some(if norm.has("执行率") {
        Rate
    } else if norm.has("得分") || norm.has("自评分") {
        Score
    } else if norm == "分值" || norm.starts_with("权重") || norm.has("指标权重") {
        Weight
    } else if norm.has("年初") && norm.has("预算") {
        InitialBudget
    } else if norm.has("执行数") || norm.has("执行金额") {
        Executed
    } else if norm.has("预算数") {
        FullYearBudget
    } else {
        return None;
    })
}

pub fn is_fund_total(norm: &str) -> bool {
    norm.has("资金总额") || norm == "总额" || norm == "合计"
}

pub fn fund_source(norm: &str) -> Option<FundSource> {
    let norm = norm.trim_start_matches("其中").trim_start_matches(':');
    if ["当年财政拨款", "本年财政拨款", "财政资金", "财政拨款", "中央补助"].iter().any(|l| norm.starts_with(l))
    {
        Some(FundSource::Appropriation)
    } else if norm.starts_with("上年结转") {
        Some(FundSource::CarryOver)
    } else if norm.starts_with("其他资金") || norm.starts_with("单位资金") {
        Some(FundSource::Other)
    } else {
        None
    }
}

pub fn fund_part(norm: &str) -> Option<FundPartKind> {
    use FundPartKind::*;
    let norm = norm.trim_start_matches("其中").trim_start_matches(':');
    Some(if norm.starts_with("一般公共预算") {
        GeneralBudget
    } else if norm.starts_with("政府性基金") {
        GovernmentFunds
    } else if norm.has("非税收入") {
        NonTaxRevenue
    } else if norm.starts_with("其他资金") {
        OtherFunds
    } else if norm.starts_with("基本支出") {
        BasicExpenditure
    } else if norm.starts_with("项目支出") {
        ProjectExpenditure
    } else {
        return None;
    })
}

/// A column of the indicator table header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorColumn {
    First,
    Second,
    Third,
    Target,
    Actual,
    Direction,
    Unit,
    Weight,
    Score,
    Deviation,
}

pub fn indicator_column(norm: &str) -> Option<IndicatorColumn> {
    use IndicatorColumn::*;
    if norm.has("复核") {
        return None;
    }
    Some(if norm.starts_with("一级指标") {
        First
    } else if norm.starts_with("二级指标") {
        Second
    } else if norm.starts_with("三级指标") {
        Third
    } else if norm.has("完成值") || norm.has("实际值") {
        Actual
    } else if norm.has("指标值") || norm.has("目标值") {
        Target
    } else if norm.starts_with("指标性质") {
        Direction
    } else if norm.has("度量单位") || norm.has("计量单位") {
        Unit
    } else if norm.has("得分") || norm.has("自评分") {
        Score
    } else if norm == "分值" || norm.has("权重") {
        Weight
    } else if norm.has("原因") || norm.has("改进措施") || norm == "说明" || norm.has("其他说明") {
        Deviation
    } else {
        return None;
    })
}

/// Sign-off labels and where they go.
pub const SIGN_OFF_KEYS: Words<5> = Words::new(["填表人", "填报日期", "联系电话", "单位负责人签字", "单位负责人"]);

/// Top-level section titles of 附件4 and 附件5, for telling `1、部门(单位)基本情况` (a section) from `1、主要职能`.
pub const REPORT_SECTIONS: &[&str] = &[
    "部门(单位)基本情况",
    "部门基本情况",
    "单位基本情况",
    "一般公共预算支出情况",
    "政府性基金预算支出情况",
    "国有资本经营预算支出情况",
    "社会保险基金预算支出情况",
    "部门整体支出绩效情况",
    "存在的问题",
    "下一步改进措施",
    "部门整体支出绩效自评结果",
    "自评结果拟应用和公开情况",
    "其他需要说明",
    "项目支出基本情况",
    "项目基本情况",
    "绩效评价工作情况",
    "项目支出主要绩效",
    "主要绩效及评价结论",
    "绩效评价指标分析",
    "主要经验及做法",
    "有关建议",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    #[test]
    fn fund_columns_of_every_variant() {
        use FundColumn::*;
        let cases = [
            ("年初\n预算数", InitialBudget),
            ("全年\n预算数", FullYearBudget),
            ("调整后预算数", FullYearBudget),
            ("全年(调整)预算数", FullYearBudget),
            ("预算数(A)", FullYearBudget),
            ("全年\n执行数", Executed),
            ("执行数(B)", Executed),
            ("预算执行数", Executed),
            ("执行率", Rate),
            ("预算执行率(B/A)", Rate),
            ("执行率(%)", Rate),
            ("分值", Weight),
            ("权重", Weight),
            ("得分", Score),
            ("自评得分", Score),
        ];
        for (label, expected) in cases {
            assert_eq!(fund_column(&normalize(label)), Some(expected), "{label}");
        }
        assert_eq!(fund_column("复核分"), None);
    }

    #[test]
    fn indicator_columns_of_every_variant() {
        use IndicatorColumn::*;
        let cases = [
            ("年度\n指标值", Target),
            ("年初目标值(A)", Target),
            ("指标值", Target),
            ("实际完成值(B)", Actual),
            ("全年实际值", Actual),
            ("完成值", Actual),
            ("指标权重(分)", Weight),
            ("自评分", Score),
            ("偏差原因\n分析及\n改进措施", Deviation),
            ("未完成原因和改进措施", Deviation),
            ("扣分原因和其他说明", Deviation),
            ("指标性质", Direction),
            ("度量单位", Unit),
        ];
        for (label, expected) in cases {
            assert_eq!(indicator_column(&normalize(label)), Some(expected), "{label}");
        }
    }

    #[test]
    fn labels_match_with_units_and_colons() {
        assert!(is_label("预算部门名称", DEPARTMENT_NAME));
        assert!(is_label("预算部门名称:", DEPARTMENT_NAME));
        assert!(is_label("项目资金(万元)", FUND_BLOCK));
        assert!(!is_label("预算部门名称是什么", DEPARTMENT_NAME));
    }
}
