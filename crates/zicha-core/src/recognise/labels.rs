//! What the parsers ask of a label, answered from the template data (`templates/*.json`, compiled into a
//! [`Vocabulary`]): this module holds no label of its own, only which roles are asked about together and what
//! each answer means to the model.

use crate::model::{FundPartKind, FundSource};
use crate::template::{Group, Role, Vocabulary};

/// A column of the fund block header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FundColumn {
    InitialBudget,
    FullYearBudget,
    Executed,
    Weight,
    Rate,
    Score,
}

/// A column of the indicator table header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IndicatorColumn {
    First,
    Second,
    Third,
    Target,
    TargetAdjusted,
    Actual,
    Direction,
    Unit,
    Weight,
    Score,
    Coefficient,
    Deviation,
}

/// A line of the basic-data form's 经费控制情况.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    PublicFunds,
    Procurement,
    Adjustment,
    ThreePublic,
    Vehicles,
    VehiclePurchase,
    VehicleOperation,
    Overseas,
    Reception,
    ProjectSpending,
    OperationalWork,
    OperationMaintenance,
    SpecialFunds,
}

/// The groups of roles the parsers ask about, compiled from one vocabulary.
pub(crate) struct Labels {
    /// Every role, to tell once per row which groups can match anything in it.
    pub all: Group,
    pub markers: Group,
    pub header_fields: Group,
    pub header_total: Group,
    pub stamp: Group,
    pub fund_block: Group,
    pub fund_columns: Group,
    /// The fund rows' labels (年度资金总额 and the sources): ask [`Labels::fund_row`].
    pub fund_rows: Group,
    parts: Group,
    pub breakdown: Group,
    pub goals: Group,
    pub indicator_columns: Group,
    /// The third-level column alone: whether a row can be an indicator header at all, asked of every row.
    pub third: Group,
    pub total_row: Group,
    pub placeholder: Group,
    pub other_matters: Group,
    /// The ends of units' names, and the words that end so but name none: ask [`Labels::is_unit`].
    unit_suffix: Group,
    place_suffix: Group,
    pub report_letter: Group,
    pub note: Group,
    pub sign_off: Group,
    pub title_basic: Group,
    pub titles: Group,
    pub department_framework: Group,
    pub staffing: Group,
    pub spending: Group,
    pub spend_previous: Group,
    lines: Group,
    pub buildings: Group,
    pub buildings_end: Group,
    pub frugality: Group,
    pub report_markers: Group,
    pub report_word: Group,
    pub report_titles: Group,
    pub report_unit: Group,
    pub report_section: Group,
    pub report_opening: Group,
    pub report_preamble: Group,
    pub report_by: Group,
    pub report_cover: Group,
    pub report_contents: Group,
    pub report_instruction: Group,
    /// A report cover's 填报日期 line.
    pub report_date: Group,
    /// The words of [`Role::Subitem`] (`其中`), stripped from a part's label.
    subitem_words: Vec<String>,
}

impl Labels {
    pub(crate) fn new(v: &Vocabulary) -> Labels {
        use Role::*;
        Labels {
            all: v.everything(),
            markers: v.group(&[
                Attachment,
                TitleBasicData,
                TitleDepartment,
                TitleProject,
                AnchorStaffing,
                AnchorSpending,
                DepartmentName,
                ProjectName,
            ]),
            header_fields: v.group(&[DepartmentName, ProjectName, Supervisor, Implementer, CentralSupervisor]),
            header_total: v.group(&[HeaderTotal, Reviewer, AmountUnit]),
            stamp: v.group(&[Stamp]),
            fund_block: v.group(&[FundBlock]),
            fund_columns: v.group(&[
                FundInitialBudget,
                FundFullYearBudget,
                FundExecuted,
                FundWeight,
                FundRate,
                FundScore,
                Reviewer,
            ]),
            fund_rows: v.group(&[FundTotal, SourceAppropriation, SourceCarryOver, SourceOther]),
            parts: v.group(&[
                PartGeneralBudget,
                PartGovernmentFunds,
                PartNonTax,
                PartOtherFunds,
                PartBasic,
                PartProject,
            ]),
            breakdown: v.group(&[Breakdown]),
            goals: v.group(&[GoalExpected, GoalAchieved]),
            indicator_columns: v.group(&[
                IndicatorFirst,
                IndicatorSecond,
                IndicatorThird,
                IndicatorTarget,
                IndicatorTargetAdjusted,
                IndicatorActual,
                IndicatorDirection,
                IndicatorUnit,
                IndicatorWeight,
                IndicatorScore,
                IndicatorCoefficient,
                IndicatorDeviation,
                IndicatorCore,
                Reviewer,
            ]),
            third: v.group(&[IndicatorThird]),
            total_row: v.group(&[TotalRow]),
            placeholder: v.group(&[IndicatorPlaceholder]),
            other_matters: v.group(&[FormOtherMatters]),
            unit_suffix: v.group(&[UnitSuffix, NotAUnit]),
            place_suffix: v.group(&[PlaceSuffix]),
            report_letter: v.group(&[ReportLetter]),
            note: v.group(&[Note]),
            sign_off: v.group(&[SignFilledBy, SignDate, SignPhone, SignHead]),
            title_basic: v.group(&[TitleBasicData]),
            titles: v.group(&[TitleBasicData, TitleDepartment, TitleProject]),
            department_framework: v.group(&[DepartmentFramework]),
            staffing: v.group(&[StaffAuthorized, StaffActual, StaffRate]),
            spending: v.group(&[SpendFinal, SpendBudget, SpendInitial]),
            spend_previous: v.group(&[SpendPrevious]),
            lines: v.group(&[
                LinePublicFunds,
                LineProcurement,
                LineAdjustment,
                LineThreePublic,
                LineVehicles,
                LineVehiclePurchase,
                LineVehicleOperation,
                LineOverseas,
                LineReception,
                LineProjectSpending,
                LineOperationalWork,
                LineOperationMaintenance,
                LineSpecialFunds,
            ]),
            buildings: v.group(&[
                Buildings,
                BuildActualArea,
                BuildAreaRate,
                BuildBudgetInvestment,
                BuildActualInvestment,
                BuildInvestmentRate,
            ]),
            buildings_end: v.group(&[BuildingsEnd]),
            frugality: v.group(&[Frugality]),
            report_markers: v.group(&[ReportMarkerDepartment, ReportMarkerProject]),
            report_word: v.group(&[ReportWord]),
            report_titles: v.group(&[ReportTitleDepartment, ReportTitleProject]),
            report_unit: v.group(&[ReportUnit]),
            report_section: v.group(&[ReportSection]),
            report_opening: v.group(&[ReportOpening]),
            report_preamble: v.group(&[ReportPreamble]),
            report_by: v.group(&[ReportBy]),
            report_cover: v.group(&[ReportCover]),
            report_date: v.group(&[SignDate]),
            report_contents: v.group(&[ReportContents]),
            report_instruction: v.group(&[ReportInstruction]),
            subitem_words: v.words(Subitem).map(String::from).collect(),
        }
    }

    /// The built-in families' labels, compiled once.
    pub(crate) fn builtin() -> &'static Labels {
        static BUILT: std::sync::OnceLock<Labels> = std::sync::OnceLock::new();
        BUILT.get_or_init(|| Labels::new(Vocabulary::builtin()))
    }

    /// Whether `norm` ends as a unit's name does (`…局`, `…中心`), and is not a word that only ends so (`…城乡`).
    pub(crate) fn is_unit(&self, norm: &str) -> bool {
        self.unit_suffix.classify(norm) == Some(Role::UnitSuffix)
    }

    /// A place's name (`临夏市`), which is a unit's only as the one a title or sign-off gives.
    pub(crate) fn is_place(&self, norm: &str) -> bool {
        self.place_suffix.is(norm)
    }

    pub(crate) fn fund_column(&self, norm: &str) -> Option<FundColumn> {
        use FundColumn::*;
        Some(match self.fund_columns.classify(norm)? {
            Role::FundInitialBudget => InitialBudget,
            Role::FundFullYearBudget => FullYearBudget,
            Role::FundExecuted => Executed,
            Role::FundWeight => Weight,
            Role::FundRate => Rate,
            Role::FundScore => Score,
            _ => return None,
        })
    }

    /// A fund row: `Some(None)` for the total row, `Some(Some(source))` for a funding source.
    pub(crate) fn fund_row(&self, norm: &str) -> Option<Option<FundSource>> {
        let norm = self.without_subitem(norm);
        Some(match self.fund_rows.classify(norm)? {
            Role::FundTotal => None,
            Role::SourceAppropriation => Some(FundSource::Appropriation),
            Role::SourceCarryOver => Some(FundSource::CarryOver),
            Role::SourceOther => Some(FundSource::Other),
            _ => return None,
        })
    }

    /// `其中：基本支出` → `基本支出`.
    pub(crate) fn without_subitem<'n>(&self, norm: &'n str) -> &'n str {
        let mut rest = norm;
        for word in &self.subitem_words {
            if let Some(r) = rest.strip_prefix(word) {
                rest = r;
            }
        }
        rest.trim_start_matches(':')
    }

    pub(crate) fn fund_part(&self, norm: &str) -> Option<FundPartKind> {
        use FundPartKind::*;
        Some(match self.parts.classify(self.without_subitem(norm))? {
            Role::PartGeneralBudget => GeneralBudget,
            Role::PartGovernmentFunds => GovernmentFunds,
            Role::PartNonTax => NonTaxRevenue,
            Role::PartOtherFunds => OtherFunds,
            Role::PartBasic => BasicExpenditure,
            Role::PartProject => ProjectExpenditure,
            _ => return None,
        })
    }

    pub(crate) fn indicator_column(&self, norm: &str) -> Option<IndicatorColumn> {
        use IndicatorColumn::*;
        Some(match self.indicator_columns.classify(norm)? {
            Role::IndicatorFirst => First,
            Role::IndicatorSecond => Second,
            Role::IndicatorThird => Third,
            Role::IndicatorTarget => Target,
            Role::IndicatorTargetAdjusted => TargetAdjusted,
            Role::IndicatorActual => Actual,
            Role::IndicatorDirection => Direction,
            Role::IndicatorUnit => Unit,
            Role::IndicatorWeight => Weight,
            Role::IndicatorScore => Score,
            Role::IndicatorCoefficient => Coefficient,
            Role::IndicatorDeviation => Deviation,
            _ => return None,
        })
    }

    pub(crate) fn line(&self, norm: &str) -> Option<Line> {
        use Line::*;
        Some(match self.lines.classify(self.without_subitem(norm))? {
            Role::LinePublicFunds => PublicFunds,
            Role::LineProcurement => Procurement,
            Role::LineAdjustment => Adjustment,
            Role::LineThreePublic => ThreePublic,
            Role::LineVehicles => Vehicles,
            Role::LineVehiclePurchase => VehiclePurchase,
            Role::LineVehicleOperation => VehicleOperation,
            Role::LineOverseas => Overseas,
            Role::LineReception => Reception,
            Role::LineProjectSpending => ProjectSpending,
            Role::LineOperationalWork => OperationalWork,
            Role::LineOperationMaintenance => OperationMaintenance,
            Role::LineSpecialFunds => SpecialFunds,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    #[test]
    fn fund_columns_of_every_variant() {
        use FundColumn::*;
        let l = Labels::builtin();
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
            ("执行率权重", Weight),
            ("得分", Score),
            ("自评得分", Score),
            ("执行率得分(分)", Score),
            ("得分(分*执行率)", Score),
        ];
        for (label, expected) in cases {
            assert_eq!(l.fund_column(&normalize(label)), Some(expected), "{label}");
        }
        assert_eq!(l.fund_column("复核分"), None);
    }

    #[test]
    fn indicator_columns_of_every_variant() {
        use IndicatorColumn::*;
        let l = Labels::builtin();
        let cases = [
            ("年度\n指标值", Target),
            ("年初目标值(A)", Target),
            ("指标值", Target),
            ("年初指标值", Target),
            ("调整指标值", TargetAdjusted),
            ("实际完成值(B)", Actual),
            ("全年实际值", Actual),
            ("完成值", Actual),
            ("年终完成值", Actual),
            ("指标权重(分)", Weight),
            ("参考分值", Weight),
            ("自评分", Score),
            ("指标得分(分)", Score),
            ("得分系数(%)", Coefficient),
            ("偏差原因\n分析及\n改进措施", Deviation),
            ("未完成原因和改进措施", Deviation),
            ("扣分原因和其他说明", Deviation),
            ("指标性质", Direction),
            ("度量单位", Unit),
            ("指标名称", Third),
            ("指标名称(三级指标)", Third),
        ];
        for (label, expected) in cases {
            assert_eq!(l.indicator_column(&normalize(label)), Some(expected), "{label}");
        }
        assert_eq!(l.indicator_column("复核分"), None);
        assert_eq!(l.indicator_column("是否核心指标"), None);
    }

    #[test]
    fn header_fields_match_with_units_and_colons() {
        let l = Labels::builtin();
        assert_eq!(l.header_fields.classify("预算部门名称"), Some(Role::DepartmentName));
        assert_eq!(l.header_fields.classify("预算部门名称:"), Some(Role::DepartmentName));
        assert_eq!(l.header_fields.classify(&normalize("实施单位（盖章）")), Some(Role::Implementer));
        assert_eq!(l.header_fields.classify("中央主管部门"), Some(Role::CentralSupervisor));
        assert!(l.fund_block.is("项目资金(万元)"));
        assert_eq!(l.header_fields.classify("预算部门名称是什么"), None);
    }

    #[test]
    fn fund_rows_and_lines() {
        let l = Labels::builtin();
        assert_eq!(l.fund_row(&normalize("其中：当年财政拨款")), Some(Some(FundSource::Appropriation)));
        assert_eq!(l.fund_row(&normalize("年度资金总额：")), Some(None));
        assert_eq!(l.fund_row("其中:中央、省、市补助"), Some(Some(FundSource::Appropriation)));
        assert_eq!(l.line(&normalize("1、公务用车购置和维护经费")), Some(Line::Vehicles));
        assert_eq!(l.line(&normalize("其中：公车购置")), Some(Line::VehiclePurchase));
        assert_eq!(l.line("公车运行维护"), Some(Line::VehicleOperation));
        assert_eq!(l.line(&normalize("2、运行维护经费")), Some(Line::OperationMaintenance));
        assert_eq!(l.line(&normalize("3、县级专项资金(一个专项一行)")), Some(Line::SpecialFunds));
    }
}
