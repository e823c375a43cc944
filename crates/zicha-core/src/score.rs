//! Phase 4, score: every score recomputed from its parts as the profile says, beside the one declared.
//! Execution by rate; quantitative indicators by the 财预〔2020〕10号 formulas; qualitative indicators keep the
//! declared score (only a person can judge them) within their weight; not-applicable rows are left out and the
//! total rescaled.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::FormName;
use crate::grid::Address;
use crate::measure::{self, Direction, Value};
use crate::model::{Evaluation, Filing, FormKind, Indicator, amount};
use crate::profile::{ExecutionScore, Profile};

/// The recomputed scores of a filing's evaluation forms, beside the declared ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScoreCard {
    /// One per form: the department's first, then each project's in order ([`Filing::department`], [`Filing::projects`]).
    pub forms: Vec<FormScore>,
}

/// One form's scores: the execution row, each indicator and the total, each declared and recomputed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormScore {
    /// The form's name in messages (`附件3「项目名」`).
    pub form: String,
    /// [`FormKind::Department`] or [`FormKind::Project`].
    pub kind: FormKind,
    /// Where the form begins.
    pub at: Address,
    /// The execution row (the fund block's 年度资金总额: its 分值 and 得分); `None` without that row.
    pub execution: Option<RowScore>,
    /// The execution rate in percent: recomputed from the amounts, or where the form shows none, the rate it
    /// states.
    pub execution_rate: Option<Decimal>,
    /// One per indicator, in the order of [`Evaluation::indicators`].
    pub rows: Vec<RowScore>,
    /// The total the form declares (its 总分 row, or 自评总分 in the header).
    pub declared_total: Option<Decimal>,
    /// The cell of the declared total.
    pub declared_total_at: Option<Address>,
    /// The recomputed scores summed, rescaled to 100 when rows are not applicable; `None` when none could be
    /// recomputed.
    pub recomputed_total: Option<Decimal>,
    /// The grade of the recomputed total, where the profile grades.
    pub grade: Option<Grade>,
}

/// One scored row: the execution row, or an indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowScore {
    /// The declared score's cell, else the row's label or first cell.
    pub at: Address,
    /// 分值, as declared.
    pub weight: Option<Decimal>,
    /// 得分, as declared.
    pub declared: Option<Decimal>,
    /// The score by `method` (for a qualitative or unscorable row, the declared one kept within 0..分值); `None`
    /// for a row not applicable, or missing what its method needs.
    pub recomputed: Option<Decimal>,
    /// How the score was recomputed.
    pub method: Method,
}

impl RowScore {
    /// The declared score differs from the recomputed one by more than rounding.
    pub fn differs(&self) -> bool {
        match (self.declared, self.recomputed) {
            (Some(d), Some(r)) => (d - r).abs() > Decimal::new(1, 2),
            _ => false,
        }
    }
}

/// How a row's score is recomputed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 预算执行率: by the profile's execution method.
    Execution,
    /// `≥A`: full if B ≥ A, else B/A × 分值.
    HigherIsBetter,
    /// `≤A`: full if B ≤ A, else A/B × 分值.
    LowerIsBetter,
    /// `=0`: full if B = 0, else 0.
    ZeroTarget,
    /// Words or dates: the declared score is kept, within 0..分值.
    Qualitative,
    /// Target and actual in different units: cannot be computed.
    Unscorable,
    /// Marked 不适用 without 分值: left out, the total rescaled.
    NotApplicable,
}

/// The grade of a total: 优 90 and above, 良 80, 中 60, 差 below 60.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Grade {
    /// 90 and above.
    优,
    /// 80 to below 90.
    良,
    /// 60 to below 80.
    中,
    /// Below 60.
    差,
}

impl Grade {
    /// The grade of a total (分).
    pub fn of(total: Decimal) -> Grade {
        if total >= Decimal::from(90) {
            Grade::优
        } else if total >= Decimal::from(80) {
            Grade::良
        } else if total >= Decimal::from(60) {
            Grade::中
        } else {
            Grade::差
        }
    }

    /// A grade as written in words (`优秀`, `良好`, `合格`, `不合格`), or `None`.
    pub fn parse(text: &str) -> Option<Grade> {
        Some(match text.trim() {
            "优" | "优秀" => Grade::优,
            "良" | "良好" => Grade::良,
            "中" | "合格" | "一般" => Grade::中,
            "差" | "不合格" => Grade::差,
            _ => return None,
        })
    }
}

/// Recomputes every score of a filing's evaluation forms under a profile.
pub fn score(filing: &Filing, profile: &Profile) -> ScoreCard {
    let forms =
        filing.department.iter().chain(&filing.projects).map(|form| score_form(filing, form, profile)).collect();
    ScoreCard { forms }
}

fn round(d: Decimal) -> Decimal {
    d.round_dp(2).normalize()
}

/// The execution rate in percent, recomputed from the amounts.
pub fn execution_rate(form: &Evaluation) -> Option<Decimal> {
    let total = form.funds.as_ref()?.total.as_ref()?;
    let budget = amount(&total.full_year_budget)?;
    let executed = amount(&total.executed)?;
    (!budget.is_zero()).then(|| executed / budget * Decimal::ONE_HUNDRED)
}

pub(crate) fn execution_score(rate: Decimal, weight: Decimal, profile: &Profile) -> Decimal {
    let full = Decimal::ONE_HUNDRED;
    match &profile.execution_score {
        ExecutionScore::Proportional => round(rate.min(full) / full * weight),
        ExecutionScore::Interval { step, points } => {
            if rate >= full {
                return weight;
            }
            let steps = ((full - rate) / step).ceil();
            round((weight - steps * points).max(Decimal::ZERO))
        }
    }
}

fn score_form(filing: &Filing, form: &Evaluation, profile: &Profile) -> FormScore {
    let total = form.funds.as_ref().and_then(|f| f.total.as_ref());
    // The rate from the amounts; where the form shows none, the rate it states.
    let rate = total.and_then(|total| execution_rate(form).or_else(|| total.rate.as_ref()?.value.percent));
    let execution = total.map(|total| {
        let weight = amount(&total.weight);
        let recomputed = match (rate, weight) {
            (Some(rate), Some(w)) => Some(execution_score(rate, w, profile)),
            _ => None,
        };
        let at = total.score.as_ref().map_or_else(|| total.label.at.clone(), |s| s.at.clone());
        RowScore { at, weight, declared: amount(&total.score), recomputed, method: Method::Execution }
    });
    let rows: Vec<RowScore> = form.indicators.iter().map(score_indicator).collect();
    let applicable: Vec<&RowScore> = rows.iter().filter(|r| r.method != Method::NotApplicable).collect();
    let sum: Decimal = execution.iter().chain(applicable.iter().copied()).filter_map(|r| r.recomputed).sum();
    // A form with no points anywhere (a transfer payment's) has no total to recompute, however many indicators.
    let has_any = execution.as_ref().is_some_and(|e| e.recomputed.is_some())
        || !applicable.is_empty() && form.layout.has_points();
    let rescale = rows.iter().any(|r| r.method == Method::NotApplicable);
    let recomputed_total = has_any.then(|| {
        if rescale {
            let weights: Decimal = execution.iter().chain(applicable.iter().copied()).filter_map(|r| r.weight).sum();
            if weights.is_zero() { sum } else { round(sum / weights * Decimal::ONE_HUNDRED) }
        } else {
            round(sum)
        }
    });
    let declared = form.total.as_ref().and_then(|t| t.score.as_ref());
    FormScore {
        form: FormName::new(filing, form).to_string(),
        kind: form.kind,
        at: form.at.clone(),
        execution,
        execution_rate: rate,
        rows,
        declared_total: declared.and_then(|s| s.value.value),
        declared_total_at: declared.map(|s| s.at.clone()),
        recomputed_total,
        grade: recomputed_total.filter(|_| profile.grades).map(Grade::of),
    }
}

/// The target and actual of an indicator as measures, when both are numbers in comparable units.
pub(crate) fn quantities(indicator: &Indicator) -> Option<(measure::Measure, measure::Measure)> {
    match (indicator.measures.target.as_ref()?, indicator.measures.actual.as_ref()?) {
        (Value::Quantity(t), Value::Quantity(a)) if units_agree(t.unit, a.unit) => Some((t.clone(), a.clone())),
        _ => None,
    }
}

/// Units agree when equal, or when one side leaves the unit out (`95%` vs `95`); `万` and `万元` are one unit.
pub(crate) fn units_agree(a: &str, b: &str) -> bool {
    fn canon(u: &str) -> &str {
        if u == "万" { "万元" } else { u }
    }
    a.is_empty() || b.is_empty() || canon(a) == canon(b)
}

fn score_indicator(indicator: &Indicator) -> RowScore {
    let weight = amount(&indicator.weight);
    let declared = amount(&indicator.score);
    let at = indicator.score.as_ref().map_or_else(|| indicator.row.clone(), |s| s.at.clone());
    let keep_declared = |method| RowScore {
        at: at.clone(),
        weight,
        declared,
        recomputed: match (declared, weight) {
            (Some(d), Some(w)) => Some(d.clamp(Decimal::ZERO, w)),
            (d, _) => d,
        },
        method,
    };
    let target = indicator.measures.target.as_ref().unwrap_or(&Value::NotApplicable);
    if *target == Value::NotApplicable && weight.is_none() {
        return RowScore { at, weight, declared, recomputed: None, method: Method::NotApplicable };
    }
    let Some(w) = weight else { return keep_declared(Method::Qualitative) };
    let Some((target, actual)) = quantities(indicator) else {
        let both_numbers =
            matches!((target, &indicator.measures.actual), (Value::Quantity(_), Some(Value::Quantity(_))));
        return keep_declared(if both_numbers { Method::Unscorable } else { Method::Qualitative });
    };
    let (a, b) = (target.value, actual.value);
    let (method, recomputed) = match target.direction {
        Direction::Exactly if a.is_zero() => (Method::ZeroTarget, if b.is_zero() { w } else { Decimal::ZERO }),
        Direction::AtMost => (Method::LowerIsBetter, if b <= a || b.is_zero() { w } else { round(a / b * w) }),
        _ => (Method::HigherIsBetter, if b >= a || a.is_zero() { w } else { round(b / a * w) }),
    };
    RowScore { at, weight, declared, recomputed: Some(recomputed), method }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn execution_scores_by_profile() {
        let mut profile = Profile::hunan();
        assert_eq!(execution_score(d(90), d(10), &profile), d(9));
        assert_eq!(execution_score(d(120), d(10), &profile), d(10));
        profile.execution_score = ExecutionScore::Interval { step: d(5), points: d(2) };
        assert_eq!(execution_score(d(100), d(10), &profile), d(10));
        assert_eq!(execution_score(d(96), d(10), &profile), d(8));
        assert_eq!(execution_score(d(90), d(10), &profile), d(6));
        assert_eq!(execution_score(d(50), d(10), &profile), d(0));
    }

    #[test]
    fn grades() {
        assert_eq!(Grade::of(d(90)), Grade::优);
        assert_eq!(Grade::of(Decimal::new(8999, 2)), Grade::良);
        assert_eq!(Grade::of(d(60)), Grade::中);
        assert_eq!(Grade::of(d(59)), Grade::差);
        assert_eq!(Grade::parse("良好"), Some(Grade::良));
    }
}
