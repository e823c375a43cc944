//! The typed model of a filing: what recognition builds and every rule reads. Every value keeps the address
//! of the cell or paragraph it came from; money is an exact decimal.

use compact_str::CompactString;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::grid::{Address, ReadNote};

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    /// What was read: text as written, or a number or rate with the text it came from.
    pub value: T,
    /// The cell or paragraph it was read from: where a finding about it points.
    pub at: Address,
}

impl<T> Sourced<T> {
    /// A value read at `at`.
    pub fn new(value: T, at: Address) -> Sourced<T> {
        Sourced { value, at }
    }
}

/// Text as the filer wrote it (line breaks and all). Inline up to 24 bytes, like a cell's: most values are
/// short, and each is copied from its cell.
pub type Text = Sourced<CompactString>;

/// A cell where a number belongs: its text as written, and the number when the text is one.
/// `value` is `None` for a blank cell and for text that is not a number (`7.50.`, `IO`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Number {
    /// The number: the cell's stored number, else its text parsed as one.
    pub value: Option<Decimal>,
    /// The cell's text as displayed, quoted in findings as the filer wrote it.
    pub text: CompactString,
}

/// A rate such as 执行率 or 控制率, in percent: `91.67%`, a bare ratio `1` (= 100%), or a number cell
/// formatted as a percentage. `decimals` is the precision the filer showed, for comparing after rounding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rate {
    /// The rate in percent (`91.67` for `91.67%` and for a ratio `0.9167`); `None` when blank or not a rate.
    pub percent: Option<Decimal>,
    /// Decimal places shown, counted in percent (`0.9167` shows 2): a recomputed rate is rounded to as many
    /// before it is compared.
    pub decimals: u32,
    /// The cell's text as displayed.
    pub text: CompactString,
}

/// A number and its cell: every amount (万元), head count, weight and score (分) of a form.
pub type NumberCell = Sourced<Number>;
/// A rate and its cell: 执行率, 控制率, 得分系数.
pub type RateCell = Sourced<Rate>;

/// The number in a cell, when the cell is there and holds one.
pub fn amount(cell: &Option<NumberCell>) -> Option<Decimal> {
    cell.as_ref().and_then(|c| c.value.value)
}

/// The whole filing: each form found, or absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Filing {
    /// The names of the filing's files, in the order given (the unreadable ones too).
    pub files: Vec<String>,
    /// 附件1 部门整体支出绩效评价基础数据表.
    pub basic_data: Option<BasicData>,
    /// 附件2 部门整体支出绩效自评表.
    pub department: Option<Evaluation>,
    /// 附件3 项目支出绩效自评表, one per first-level project.
    pub projects: Vec<Evaluation>,
    /// 附件4 部门整体支出绩效自评报告.
    pub department_report: Option<Report>,
    /// 附件5 项目支出绩效自评报告, one per project.
    pub project_reports: Vec<Report>,
    /// What recognition could not find, or found twice; and what the reader noticed.
    pub issues: Vec<StructureIssue>,
    /// The unit a form's title or a file name names (`XX局关于2021年度…`), for a filing that names it nowhere else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub titled_unit: Option<String>,
    /// The template family the forms follow, when one's signature was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<crate::template::Detected>,
}

/// One of the five forms of a filing, as Hunan's 附件 list numbers them; families that do not number their
/// forms call them by [`FormKind::short_name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// 附件1
    BasicData,
    /// 附件2
    Department,
    /// 附件3
    Project,
    /// 附件4
    DepartmentReport,
    /// 附件5
    ProjectReport,
}

impl FormKind {
    /// The form's full title, as Hunan's 附件 list numbers it (`附件2 部门整体支出绩效自评表`).
    pub fn label(self) -> &'static str {
        match self {
            FormKind::BasicData => "附件1 部门整体支出绩效评价基础数据表",
            FormKind::Department => "附件2 部门整体支出绩效自评表",
            FormKind::Project => "附件3 项目支出绩效自评表",
            FormKind::DepartmentReport => "附件4 部门整体支出绩效自评报告",
            FormKind::ProjectReport => "附件5 项目支出绩效自评报告",
        }
    }

    /// The full title without a number: `部门整体支出绩效自评表`.
    pub fn title(self) -> &'static str {
        self.label().split_once(' ').map_or("", |(_, title)| title)
    }

    /// A short name, for a family that does not number its forms: `部门整体自评表`.
    pub fn short_name(self) -> &'static str {
        match self {
            FormKind::BasicData => "基础数据表",
            FormKind::Department => "部门整体自评表",
            FormKind::Project => "项目自评表",
            FormKind::DepartmentReport => "部门整体自评报告",
            FormKind::ProjectReport => "项目自评报告",
        }
    }
}

/// 填表人 / 填报日期 / 联系电话 / 单位负责人签字: each present when its label was found (the text may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SignOff {
    /// 填表人: who filled the form in.
    pub filled_by: Option<Text>,
    /// 填报日期, as written (not parsed).
    pub date: Option<Text>,
    /// 联系电话.
    pub phone: Option<Text>,
    /// 单位负责人签字 / 单位负责人: the head of the unit, who signs the form.
    pub head_signature: Option<Text>,
}

/// 附件1 部门整体支出绩效评价基础数据表.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BasicData {
    /// Where the form begins (the first cell of its first row): where findings about the whole form point.
    pub at: Address,
    /// The title (`…部门整体支出绩效评价基础数据表`), from a cell or from a paragraph above the table.
    pub title: Option<Text>,
    /// 财政供养人员情况; `None` when its header (编制数 …) was not found (a [`Part::Staffing`] issue).
    pub staffing: Option<Staffing>,
    /// The three value columns of 经费控制情况, as labelled (`2022年决算数` …).
    pub columns: Option<SpendingColumns>,
    /// "三公"经费 and its parts.
    pub three_public: Option<SpendingLine>,
    /// 1、公务用车购置和维护经费: 公车购置 + 公车运行维护 (A006).
    pub vehicles: Option<SpendingLine>,
    /// 其中：公车购置.
    pub vehicle_purchase: Option<SpendingLine>,
    /// 公车运行维护.
    pub vehicle_operation: Option<SpendingLine>,
    /// 2、出国经费.
    pub overseas_travel: Option<SpendingLine>,
    /// 3、公务接待 (公务接待费).
    pub official_reception: Option<SpendingLine>,
    /// 项目支出 and its lines.
    pub project_spending: Option<SpendingLine>,
    /// 1、业务工作经费, a line of 项目支出.
    pub operational_work: Option<SpendingLine>,
    /// 2、运行维护经费, a line of 项目支出.
    pub operation_maintenance: Option<SpendingLine>,
    /// 县级专项资金 (the subtotal) and one line per special project below it.
    pub special_funds: Option<SpendingLine>,
    /// The rows under 县级专项资金, one per special project, labelled with its name: paired with the 附件3 tables
    /// by name and amounts ([`ProjectMatch`]).
    pub special_projects: Vec<SpendingLine>,
    /// 公用经费 and its 其中 rows (a subset, not exhaustive).
    pub public_funds: Option<SpendingLine>,
    /// The 其中 rows under 公用经费 (办公经费, 水费、电费、差旅费, …), as many as the form lists: their sum may fall
    /// short of 公用经费, never exceed it (A007).
    pub public_funds_items: Vec<SpendingLine>,
    /// 政府采购金额.
    pub procurement: Option<SpendingLine>,
    /// 部门基本支出预算调整 (older templates: 部门整体支出预算调整).
    pub budget_adjustment: Option<SpendingLine>,
    /// 楼堂馆所控制情况: its header row and the row of values under it.
    pub buildings: Option<Buildings>,
    /// 厉行节约保障措施: the text right of its label.
    pub frugality_measures: Option<Text>,
    /// 填表人 / 填报日期 / 联系电话 / 单位负责人签字 under the form.
    pub sign_off: SignOff,
}

/// 财政供养人员情况(人).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Staffing {
    /// 编制数
    pub authorized: Option<NumberCell>,
    /// 实际在职人数
    pub actual: Option<NumberCell>,
    /// 控制率
    pub control_rate: Option<RateCell>,
}

/// The header cells of 经费控制情况's value columns, as written: they name the years the amounts are of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpendingColumns {
    /// The earlier 决算 column (`2022年决算数`, `上年决算数`); `None` where the form has one 决算 column only.
    pub previous_final: Option<Text>,
    /// The 预算数 column (`2023年预算数`).
    pub budget: Option<Text>,
    /// The later 决算 column (`2023年决算数`): this year's final accounts.
    pub final_account: Option<Text>,
}

/// One row of 经费控制情况: previous year's final, this year's budget, this year's final (万元).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpendingLine {
    /// The row's label as written (`1、公务用车购置和维护经费`; a special project's name).
    pub label: Text,
    /// 上年决算数 (万元), in the column [`SpendingColumns::previous_final`] heads.
    pub previous_final: Option<NumberCell>,
    /// 本年预算数 (万元).
    pub budget: Option<NumberCell>,
    /// 本年决算数 (万元).
    pub final_account: Option<NumberCell>,
}

/// 楼堂馆所控制情况 (当年完工项目).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Buildings {
    /// 批复规模: the approved size of the buildings completed in the year.
    pub approved_area: Option<NumberCell>,
    /// 实际规模.
    pub actual_area: Option<NumberCell>,
    /// 规模控制率, as declared.
    pub area_control_rate: Option<RateCell>,
    /// 预算投资 (万元).
    pub budgeted_investment: Option<NumberCell>,
    /// 实际投资 (万元).
    pub actual_investment: Option<NumberCell>,
    /// 投资概算控制率, as declared.
    pub investment_control_rate: Option<RateCell>,
}

/// 附件2 (the department) or 附件3 (one project): the two forms share their shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// [`FormKind::Department`] or [`FormKind::Project`].
    pub kind: FormKind,
    /// Where the form begins (the first cell of its first row): where findings about the whole form point.
    pub at: Address,
    /// The title (`2023年度项目支出绩效自评表`), from a cell or from a paragraph above the table.
    pub title: Option<Text>,
    /// 预算部门名称 (附件2) or 项目支出名称 (附件3).
    pub name: Option<Text>,
    /// 主管部门 (附件3).
    pub supervisor: Option<Text>,
    /// 实施单位 (附件3).
    pub implementer: Option<Text>,
    /// 中央主管部门 (a transfer-payment form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub central_supervisor: Option<Text>,
    /// The fund block; `None` when no header with two of 年初预算数 / 全年预算数 / 全年执行数 was found.
    pub funds: Option<FundBlock>,
    /// Totals and their sources written down a column outside the fund block, each amount beside its label.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listed_funds: Vec<FundList>,
    /// 年度总体目标; `None` when its header (预期目标 | 实际完成情况), or a row under it, was not found.
    pub goals: Option<Goals>,
    /// The first-level indicators (一级指标) in order, each once however many rows its merged cell spans.
    pub first_levels: Vec<FirstLevel>,
    /// The third-level indicator rows in order; template rows left as printed (`指标1：`, `-`) are not among them.
    pub indicators: Vec<Indicator>,
    /// The 总分 row; or, where the table has none, the self-score in the header (`自评总分(分)`).
    pub total: Option<TotalRow>,
    /// 填表人 / 填报日期 / 联系电话 / 单位负责人签字 under the form.
    pub sign_off: SignOff,
    /// Which columns the form's indicator table has: rules about weights and scores judge only forms that
    /// have them (a transfer-payment form has neither).
    pub layout: Layout,
    /// Weights a printed note under the form sets (`注:1.一级指标分值统一设置为:产出指标50分、效益指标30分…`),
    /// by name as the note writes it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub noted_weights: Vec<NotedWeight>,
}

/// A weight a form's printed note sets for a first-level indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotedWeight {
    /// The first level's name as the form labels it, weight taken off (`产出指标`).
    pub name: String,
    /// The weight the note sets (分).
    pub weight: Decimal,
    /// The note's cell or paragraph.
    pub at: Address,
}

/// The columns an evaluation form's tables have, as found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// A 分值 / 权重 column in the indicator table.
    pub weight_column: bool,
    /// A 得分 column in the indicator table.
    pub score_column: bool,
    /// A 实际完成值 column in the indicator table (a score sheet, Sichuan's 得分表, has none).
    pub actual_column: bool,
    /// 得分系数(%): each score is the coefficient times the weight.
    pub coefficient_column: bool,
    /// First- and second-level columns (a flat list has neither).
    pub levels: bool,
    /// The fund block has a 分值 or 得分 column.
    pub fund_points: bool,
}

impl Layout {
    /// The form gives points at all: weights or scores somewhere.
    pub fn has_points(&self) -> bool {
        self.weight_column || self.score_column || self.fund_points
    }
}

/// The fund block: 年度预算申请 / 项目资金 (万元) and its rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundBlock {
    /// The block's label cell (`年度预算申请(万元)`, `项目资金(万元)`), when found.
    pub label: Option<Text>,
    /// 年度资金总额.
    pub total: Option<FundRow>,
    /// 当年财政拨款, 上年结转资金, 其他资金 (附件3).
    pub sources: Vec<FundRow>,
    /// 按收入性质分 (附件2): 一般公共预算, 政府性基金拨款, 纳入专户管理的非税收入拨款, 其他资金.
    pub by_income: Vec<FundPart>,
    /// 按支出性质分 (附件2): 基本支出, 项目支出.
    pub by_expense: Vec<FundPart>,
}

/// A total and its sources written down a column, each amount in the cell beside its label, as the national
/// health checklists list them among their indicators (`年度预算资金总额: | 1084.25`, `其中:中央补助 | 668.00`,
/// `市级资金 | 343.00`, `本级资金(包括结转结余) | 73.25`): one list per total, several lists one after another
/// where a programme's funds follow the whole's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundList {
    /// What the list is of: the line above its total, where it names one (`计划生育家庭特别扶助制度补助资金(万元)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// `年度预算资金总额` and its amount.
    pub total: ListedAmount,
    /// The sources listed under it, in order.
    pub sources: Vec<ListedAmount>,
}

/// One line of a [`FundList`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListedAmount {
    /// The label as written (`其中:中央补助`).
    pub label: Text,
    /// The label as lines of different lists are matched by: normalised, `其中:` and a closing colon taken off
    /// (`中央补助`).
    pub key: String,
    /// The amount in the cell right of the label, as written.
    pub amount: NumberCell,
}

/// Which source of funds a row under 年度资金总额 is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FundSource {
    /// 当年财政拨款 / 本年财政拨款 / 财政资金 / 中央补助.
    Appropriation,
    /// 上年结转资金.
    CarryOver,
    /// 其他资金 / 单位资金.
    Other,
}

/// A row of the fund block, 年度资金总额 or one source of funds: amounts in 万元, as declared.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundRow {
    /// The row's label as written (`其中：当年财政拨款`); empty for the unlabelled total of a one-row block.
    pub label: Text,
    /// The source of funds; `None` for the 年度资金总额 row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<FundSource>,
    /// 年初预算数.
    pub initial_budget: Option<NumberCell>,
    /// 全年预算数 (调整后预算数, 预算数(A)).
    pub full_year_budget: Option<NumberCell>,
    /// 全年执行数 (执行数(B)).
    pub executed: Option<NumberCell>,
    /// 分值.
    pub weight: Option<NumberCell>,
    /// 执行率.
    pub rate: Option<RateCell>,
    /// 得分.
    pub score: Option<NumberCell>,
}

/// A part of 附件2's breakdown of its funds: by income (按收入性质分) or by expense (按支出性质分).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FundPartKind {
    /// 一般公共预算 (by income).
    GeneralBudget,
    /// 政府性基金拨款 (by income).
    GovernmentFunds,
    /// 纳入专户管理的非税收入拨款 (by income).
    NonTaxRevenue,
    /// 其他资金 (by income).
    OtherFunds,
    /// 基本支出 (by expense).
    BasicExpenditure,
    /// 项目支出 (by expense).
    ProjectExpenditure,
}

/// A part of a breakdown, its amount often written inside the label cell (`其中:基本支出:148.66`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundPart {
    /// Which part, and so which breakdown it belongs to.
    pub kind: FundPartKind,
    /// The label cell as written, the amount too where it is inside (`其中:基本支出:148.66`).
    pub label: Text,
    /// The amount (万元): from inside the label, or the number in the cell right of it; a blank number at the
    /// label when there is neither.
    pub amount: Option<NumberCell>,
}

/// 年度总体目标: 预期目标 and 实际完成情况.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Goals {
    /// 预期目标 (年初绩效目标, 年度绩效目标, …); a goal over several rows is joined, a line per row.
    pub expected: Option<Text>,
    /// 实际完成情况 (全年目标实际完成情况, …); joined likewise.
    pub achieved: Option<Text>,
}

/// A first-level indicator as labelled: `产出指标(30分)` → name 产出指标, weight 30.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FirstLevel {
    /// The label cell as written (`产出指标(30分)`).
    pub label: Text,
    /// The label without its weight (`产出指标`): the name a profile's first-level weights are keyed by.
    pub name: String,
    /// The weight in the label (`(30分)`), or in the cell right of it; `None` where neither gives one.
    pub weight: Option<NumberCell>,
}

/// One third-level indicator row, with its first- and second-level labels carried down from merged cells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// The indicator's row (its first cell): where findings about the row as a whole point.
    pub row: Address,
    /// Index into [`Evaluation::first_levels`].
    pub first_level: Option<usize>,
    /// 二级指标 (`数量指标`), carried down from a merged cell or one written once for several rows.
    pub second_level: Option<Text>,
    /// 三级指标 / 指标名称 (`培训人次`).
    pub name: Option<Text>,
    /// 年度指标值.
    pub target: Option<Text>,
    /// 实际完成值.
    pub actual: Option<Text>,
    /// 指标性质 (`≥`, `≤`, `=`), when the layout has its own column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Text>,
    /// 度量单位, when the layout has its own column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// 分值.
    pub weight: Option<NumberCell>,
    /// 得分.
    pub score: Option<NumberCell>,
    /// 得分系数(%), where the layout scores by coefficient × weight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coefficient: Option<RateCell>,
    /// 偏差原因分析及改进措施.
    pub deviation: Option<Text>,
    /// The target and the actual read as measures (`measure::parse`), once at recognition: scoring and
    /// several rules need them. `None` where the column is missing.
    #[serde(skip)]
    pub measures: Measures,
}

/// An indicator's target and actual as measures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    /// 年度指标值 as a measure (`≥95%`: at least 95, in %); `None` where the row has none (no column, or blank).
    pub target: Option<crate::measure::Value>,
    /// 实际完成值 as a measure; `None` where the row has none.
    pub actual: Option<crate::measure::Value>,
}

impl Measures {
    /// Reads a target and an actual each written in one cell (`≥95%`, `98%`).
    pub(crate) fn of(target: Option<&Text>, actual: Option<&Text>) -> Measures {
        let parse = |t: Option<&Text>| t.map(|t| crate::measure::parse(&t.value));
        Measures { target: parse(target), actual: parse(actual) }
    }

    /// Where the target is split over 指标性质 (`≥`), 指标值 (`95`) and 度量单位 (`%`): each value read as one
    /// text, the sign before the target and the unit after a bare number.
    pub(crate) fn of_split(
        target: Option<&Text>,
        actual: Option<&Text>,
        direction: Option<&Text>,
        unit: Option<&Text>,
    ) -> Measures {
        let unit = unit.map(|u| u.value.trim()).filter(|u| !u.is_empty() && *u != "/" && *u != "-");
        let sign =
            direction.map(|d| d.value.trim()).filter(|d| d.chars().all(|c| "=＝﹦≥≤><≧≦".contains(c)) && !d.is_empty());
        let join = |t: Option<&Text>, sign: Option<&str>| {
            t.map(|t| {
                let value = t.value.trim();
                let bare = crate::text::parse_decimal(value).is_some() && !value.ends_with('%');
                let mut text = String::new();
                if let Some(sign) = sign.filter(|_| !value.starts_with(['≥', '≤', '=', '>', '<'])) {
                    text.push_str(sign);
                }
                text.push_str(value);
                if let Some(unit) = unit.filter(|_| bare) {
                    text.push_str(unit);
                }
                crate::measure::parse(&text)
            })
        };
        Measures { target: join(target, sign), actual: join(actual, None) }
    }
}

/// 总分: the weight total (often blank) and the score total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TotalRow {
    /// The label cell (`总分`, `合计`; `自评总分(分)` when the total is the header's).
    pub label: Text,
    /// The weight total (分值), often left blank.
    pub weight: Option<NumberCell>,
    /// The score total (得分): the self-score the form declares.
    pub score: Option<NumberCell>,
}

/// 附件4 or 附件5: a prose report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// [`FormKind::DepartmentReport`] or [`FormKind::ProjectReport`].
    pub kind: FormKind,
    /// The report's first paragraph (its `附件4` / `附件5` line, its title or its cover): where findings about it
    /// point.
    pub at: Address,
    /// The title as written, its lines joined.
    pub title: Option<Text>,
    /// 部门(单位)名称 on the cover.
    pub unit: Option<Text>,
    /// The date on the cover.
    pub date: Option<Text>,
    /// The year its cover says it evaluates (`评价年度:2024`).
    pub year: Option<Text>,
    /// Numbered sections in order; text before the first heading is in `preamble`.
    pub preamble: Vec<Text>,
    /// The sections in order, each heading with the paragraphs under it (a `（一）` heading is a section of its own).
    pub sections: Vec<Section>,
    /// The outline it follows (the one whose sections its headings hold most of), and what of it is missing.
    pub outline: Option<OutlineFit>,
    /// A template's instructions left in it (`摘要(2000字以内)`): parts asked for and not written.
    pub instructions: Vec<Text>,
}

/// How a report holds to its outline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutlineFit {
    /// The outline's name (`中央对地方转移支付绩效自评报告提纲`).
    pub name: String,
    /// Required sections no heading names.
    pub missing: Vec<String>,
    /// Headings of required sections with nothing under them.
    pub empty: Vec<Text>,
}

/// A numbered heading of a report and the paragraphs under it, up to the next heading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading as written (`一、部门(单位)基本情况`).
    pub heading: Text,
    /// 1 for `一、…`, 2 for `（一）…` / `1、…` / `(1)…`.
    pub level: u8,
    /// The paragraphs under the heading, up to the next heading.
    pub paragraphs: Vec<Text>,
}

/// Something recognition could not find, found twice, or could not read: the S rules report these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StructureIssue {
    /// A form not found at all (S001; the profile says which are required and which expected).
    MissingForm {
        /// The form not found.
        form: FormKind,
    },
    /// A form found again where a filing has one (附件1, 附件2, 附件4): the first is read, the other not (S010).
    DuplicateForm {
        /// The form found twice.
        form: FormKind,
        /// Where the one not read begins.
        at: Address,
        /// Where the one read begins.
        first: Address,
    },
    /// A block or field of a form that was not found (`预算部门名称`, `绩效指标`, …).
    MissingPart {
        /// The form the part is missing from.
        form: FormKind,
        /// Where that form begins.
        at: Address,
        /// The part not found.
        part: Part,
    },
    /// A table or sheet region that is none of the forms.
    UnrecognisedTable {
        /// The table's first cell, or the first cell of the rows that are no form.
        at: Address,
    },
    /// What a reader noticed (a formula without its value, an unreadable file, far cells): S011–S013.
    Read(ReadNote),
}

/// A part of a form that recognition looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// 预算部门名称 (附件2).
    DepartmentName,
    /// 项目名称 / 项目支出名称 (附件3).
    ProjectName,
    /// 主管部门 and 实施单位, both missing (附件3).
    Supervisor,
    /// The fund block: no header with two of 年初预算数 / 全年预算数 / 全年执行数.
    Funds,
    /// The fund block's 年度资金总额 row.
    FundTotal,
    /// 年度总体目标 (预期目标 | 实际完成情况) not found.
    Goals,
    /// 绩效指标: no indicator rows.
    Indicators,
    /// 总分, on a form that gives points: no total row and no 自评总分 in the header.
    Total,
    /// 财政供养人员情况 (附件1).
    Staffing,
    /// 经费控制情况's header (附件1).
    Spending,
}

impl Part {
    /// The part as a user knows it.
    pub fn label(self) -> &'static str {
        match self {
            Part::DepartmentName => "预算部门名称",
            Part::ProjectName => "项目名称",
            Part::Supervisor => "主管部门 / 实施单位",
            Part::Funds => "资金情况（年初预算数 / 全年预算数 / 全年执行数）",
            Part::FundTotal => "年度资金总额",
            Part::Goals => "年度总体目标（预期目标 / 实际完成情况）",
            Part::Indicators => "绩效指标",
            Part::Total => "总分",
            Part::Staffing => "财政供养人员情况",
            Part::Spending => "经费控制情况",
        }
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// How a 附件1 special project line was paired with its 附件3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// Names alike, and amounts equal (预算数 = 年初 or 全年预算数, 决算数 = 全年执行数).
    NameAndAmount,
    /// Names alike; the amounts differ.
    Name,
    /// Amounts equal; the names differ (X003 reports the two names).
    Amount,
}

/// A 附件1 special project line (index into [`BasicData::special_projects`]) and its 附件3 (index into
/// [`Filing::projects`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectMatch {
    /// Index into [`BasicData::special_projects`].
    pub line: usize,
    /// Index into [`Filing::projects`].
    pub project: usize,
    /// How the two were paired.
    pub by: MatchedBy,
}

impl SpendingLine {
    fn amounts_match(&self, project: &Evaluation) -> bool {
        let n = amount;
        let Some(total) = project.funds.as_ref().and_then(|f| f.total.as_ref()) else { return false };
        let budget = n(&self.budget);
        let budget_ok =
            budget.is_some() && (budget == n(&total.initial_budget) || budget == n(&total.full_year_budget));
        let final_ok = n(&self.final_account).is_some() && n(&self.final_account) == n(&total.executed);
        budget_ok && final_ok
    }
}

impl Filing {
    /// Pairs 附件1's special project lines with the 附件3 tables: first by name and amounts, then by name, then by
    /// amounts alone (`预算数` = 年初 or 全年预算数, and `决算数` = 全年执行数). Each side pairs at most once.
    pub(crate) fn project_matches(&self) -> Vec<ProjectMatch> {
        let Some(basic) = &self.basic_data else { return Vec::new() };
        // Each name is folded once: a filing of n projects compares up to n² pairs.
        let fold = |name: Option<&Text>| name.map(|n| crate::text::FoldedName::new(&n.value));
        let project_names: Vec<_> = self.projects.iter().map(|p| fold(p.name.as_ref())).collect();
        let line_names: Vec<_> = basic.special_projects.iter().map(|l| fold(Some(&l.label))).collect();
        let mut matches: Vec<ProjectMatch> = Vec::new();
        for by in [MatchedBy::NameAndAmount, MatchedBy::Name, MatchedBy::Amount] {
            for (line_index, line) in basic.special_projects.iter().enumerate() {
                if matches.iter().any(|m| m.line == line_index) {
                    continue;
                }
                let found = self.projects.iter().enumerate().find(|(p, project)| {
                    if matches.iter().any(|m| m.project == *p) {
                        return false;
                    }
                    let named = || {
                        let (project, line) = (&project_names[*p], &line_names[line_index]);
                        project.as_ref().zip(line.as_ref()).is_some_and(|(a, b)| a.alike(b))
                    };
                    match by {
                        MatchedBy::NameAndAmount => line.amounts_match(project) && named(),
                        MatchedBy::Name => named(),
                        MatchedBy::Amount => line.amounts_match(project),
                    }
                });
                if let Some((project, _)) = found {
                    matches.push(ProjectMatch { line: line_index, project, by });
                }
            }
        }
        matches.sort_by_key(|m| m.line);
        matches
    }
}

impl SignOff {
    /// The fields found, in form order: 填表人, 填报日期, 联系电话, 单位负责人签字.
    pub fn fields(&self) -> impl Iterator<Item = &Text> {
        [&self.filled_by, &self.date, &self.phone, &self.head_signature].into_iter().flatten()
    }
}

impl Filing {
    /// The texts that say where a filing is from and whose it is: titles, unit and project names, the
    /// supervising and implementing units, the reports' titles and cover units, and the file names.
    pub(crate) fn place_texts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.files.iter().map(String::as_str).collect();
        if let Some(basic) = &self.basic_data {
            out.extend(basic.title.iter().map(|t| t.value.as_str()));
        }
        for form in self.department.iter().chain(&self.projects) {
            let fields = form.title.iter().chain(&form.name).chain(&form.supervisor).chain(&form.implementer);
            out.extend(fields.map(|t| t.value.as_str()));
        }
        for report in self.department_report.iter().chain(&self.project_reports) {
            out.extend(report.title.iter().chain(&report.unit).map(|t| t.value.as_str()));
            // A report's opening names its place more often than its title does.
            out.extend(report.paragraphs().take(6).map(|t| t.value.as_str()));
        }
        out
    }

    /// What the filing's family calls a form: its number where it numbers them (`附件2`), else its short name
    /// (`部门整体自评表`).
    pub fn form_label(&self, kind: FormKind) -> &str {
        self.template.as_ref().and_then(|t| t.numbers.get(&kind)).map_or(kind.short_name(), String::as_str)
    }

    /// A form's full title, with the family's number where it has one: `附件2 部门整体支出绩效自评表`.
    pub fn form_title(&self, kind: FormKind) -> String {
        match self.template.as_ref().and_then(|t| t.numbers.get(&kind)) {
            Some(number) => format!("{number} {}", kind.title()),
            None => kind.title().to_string(),
        }
    }

    /// The unit the filing is by: the department form's unit, else a project form's implementing or supervising
    /// unit, else a report's (its cover, the line under its title, or the title itself), else the one a form's
    /// title or a file name names.
    pub fn unit(&self) -> Option<String> {
        let field = |t: &Option<Text>| t.as_ref().map(|t| t.value.trim().to_string()).filter(|v| !v.is_empty());
        self.department
            .as_ref()
            .and_then(|d| field(&d.name))
            // A project form is filed by the unit that carries the project out, under its supervisor.
            .or_else(|| self.projects.iter().find_map(|p| field(&p.implementer).or_else(|| field(&p.supervisor))))
            .or_else(|| self.department_report.iter().chain(&self.project_reports).find_map(|r| field(&r.unit)))
            .or_else(|| self.titled_unit.clone())
    }
}

impl Filing {
    /// Every piece of text the filing holds, tables and reports, with its address: what the text rules read.
    pub fn texts(&self) -> Vec<&Text> {
        let mut out: Vec<&Text> = Vec::new();
        if let Some(basic) = &self.basic_data {
            out.extend(basic.title.iter().chain(&basic.frugality_measures));
            out.extend(basic.special_projects.iter().map(|l| &l.label));
            out.extend(basic.sign_off.fields());
        }
        for form in self.department.iter().chain(&self.projects) {
            out.extend(form.title.iter().chain(&form.name).chain(&form.supervisor).chain(&form.implementer));
            if let Some(goals) = &form.goals {
                out.extend(goals.expected.iter().chain(&goals.achieved));
            }
            out.extend(form.first_levels.iter().map(|l| &l.label));
            for i in &form.indicators {
                out.extend(i.second_level.iter().chain(&i.name).chain(&i.target).chain(&i.actual).chain(&i.deviation));
            }
            out.extend(form.sign_off.fields());
        }
        for report in self.department_report.iter().chain(&self.project_reports) {
            out.extend(report.title.iter().chain(&report.unit).chain(&report.date).chain(&report.preamble));
            for section in &report.sections {
                out.push(&section.heading);
                out.extend(&section.paragraphs);
            }
        }
        out
    }
}

impl Report {
    /// The paragraphs of the section whose heading contains `word` (the first such section).
    pub fn section(&self, word: &str) -> Option<&Section> {
        self.sections.iter().find(|s| crate::text::normalize(&s.heading.value).contains(word))
    }

    /// Every paragraph of the report in order, headings included.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Text> {
        self.preamble.iter().chain(self.sections.iter().flat_map(|s| std::iter::once(&s.heading).chain(&s.paragraphs)))
    }
}
