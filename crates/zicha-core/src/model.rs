//! The typed model of a filing: what recognition builds and every rule reads. Every value keeps the address
//! of the cell or paragraph it came from; money is an exact decimal.

use compact_str::CompactString;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::grid::{Address, ReadNote};

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub at: Address,
}

impl<T> Sourced<T> {
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
    pub value: Option<Decimal>,
    pub text: CompactString,
}

/// A rate such as 执行率 or 控制率, in percent: `91.67%`, a bare ratio `1` (= 100%), or a number cell
/// formatted as a percentage. `decimals` is the precision the filer showed, for comparing after rounding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub percent: Option<Decimal>,
    pub decimals: u32,
    pub text: CompactString,
}

pub type NumberCell = Sourced<Number>;
pub type RateCell = Sourced<Rate>;

/// The number in a cell, when the cell is there and holds one.
pub fn amount(cell: &Option<NumberCell>) -> Option<Decimal> {
    cell.as_ref().and_then(|c| c.value.value)
}

/// The whole filing: each form found, or absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Filing {
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
    pub filled_by: Option<Text>,
    pub date: Option<Text>,
    pub phone: Option<Text>,
    pub head_signature: Option<Text>,
}

/// 附件1 部门整体支出绩效评价基础数据表.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BasicData {
    pub at: Address,
    pub title: Option<Text>,
    pub staffing: Option<Staffing>,
    /// The three value columns of 经费控制情况, as labelled (`2022年决算数` …).
    pub columns: Option<SpendingColumns>,
    /// "三公"经费 and its parts.
    pub three_public: Option<SpendingLine>,
    pub vehicles: Option<SpendingLine>,
    pub vehicle_purchase: Option<SpendingLine>,
    pub vehicle_operation: Option<SpendingLine>,
    pub overseas_travel: Option<SpendingLine>,
    pub official_reception: Option<SpendingLine>,
    /// 项目支出 and its lines.
    pub project_spending: Option<SpendingLine>,
    pub operational_work: Option<SpendingLine>,
    pub operation_maintenance: Option<SpendingLine>,
    /// 县级专项资金 (the subtotal) and one line per special project below it.
    pub special_funds: Option<SpendingLine>,
    pub special_projects: Vec<SpendingLine>,
    /// 公用经费 and its 其中 rows (a subset, not exhaustive).
    pub public_funds: Option<SpendingLine>,
    pub public_funds_items: Vec<SpendingLine>,
    pub procurement: Option<SpendingLine>,
    /// 部门基本支出预算调整 (older templates: 部门整体支出预算调整).
    pub budget_adjustment: Option<SpendingLine>,
    pub buildings: Option<Buildings>,
    pub frugality_measures: Option<Text>,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpendingColumns {
    pub previous_final: Option<Text>,
    pub budget: Option<Text>,
    pub final_account: Option<Text>,
}

/// One row of 经费控制情况: previous year's final, this year's budget, this year's final (万元).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpendingLine {
    pub label: Text,
    pub previous_final: Option<NumberCell>,
    pub budget: Option<NumberCell>,
    pub final_account: Option<NumberCell>,
}

/// 楼堂馆所控制情况 (当年完工项目).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Buildings {
    pub approved_area: Option<NumberCell>,
    pub actual_area: Option<NumberCell>,
    pub area_control_rate: Option<RateCell>,
    pub budgeted_investment: Option<NumberCell>,
    pub actual_investment: Option<NumberCell>,
    pub investment_control_rate: Option<RateCell>,
}

/// 附件2 (the department) or 附件3 (one project): the two forms share their shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub kind: FormKind,
    pub at: Address,
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
    pub funds: Option<FundBlock>,
    pub goals: Option<Goals>,
    pub first_levels: Vec<FirstLevel>,
    pub indicators: Vec<Indicator>,
    pub total: Option<TotalRow>,
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
    pub name: String,
    pub weight: Decimal,
    pub at: Address,
}

/// The columns an evaluation form's tables have, as found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// A 分值 / 权重 column in the indicator table.
    pub weight_column: bool,
    /// A 得分 column in the indicator table.
    pub score_column: bool,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundRow {
    pub label: Text,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FundPartKind {
    GeneralBudget,
    GovernmentFunds,
    NonTaxRevenue,
    OtherFunds,
    BasicExpenditure,
    ProjectExpenditure,
}

/// A part of a breakdown, its amount often written inside the label cell (`其中:基本支出:148.66`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundPart {
    pub kind: FundPartKind,
    pub label: Text,
    pub amount: Option<NumberCell>,
}

/// 年度总体目标: 预期目标 and 实际完成情况.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Goals {
    pub expected: Option<Text>,
    pub achieved: Option<Text>,
}

/// A first-level indicator as labelled: `产出指标(30分)` → name 产出指标, weight 30.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FirstLevel {
    pub label: Text,
    pub name: String,
    pub weight: Option<NumberCell>,
}

/// One third-level indicator row, with its first- and second-level labels carried down from merged cells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub row: Address,
    /// Index into [`Evaluation::first_levels`].
    pub first_level: Option<usize>,
    pub second_level: Option<Text>,
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
    /// The target and the actual read as measures ([`crate::measure::parse`]), once at recognition: scoring and
    /// several rules need them. `None` where the column is missing.
    #[serde(skip)]
    pub measures: Measures,
}

/// An indicator's target and actual as measures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    pub target: Option<crate::measure::Value>,
    pub actual: Option<crate::measure::Value>,
}

impl Measures {
    pub fn of(target: Option<&Text>, actual: Option<&Text>) -> Measures {
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
    pub label: Text,
    pub weight: Option<NumberCell>,
    pub score: Option<NumberCell>,
}

/// 附件4 or 附件5: a prose report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub kind: FormKind,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub heading: Text,
    /// 1 for `一、…`, 2 for `（一）…` / `1、…` / `(1)…`.
    pub level: u8,
    pub paragraphs: Vec<Text>,
}

/// Something recognition could not find, found twice, or could not read: the S rules report these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StructureIssue {
    MissingForm {
        form: FormKind,
    },
    DuplicateForm {
        form: FormKind,
        at: Address,
        first: Address,
    },
    /// A block or field of a form that was not found (`预算部门名称`, `绩效指标`, …).
    MissingPart {
        form: FormKind,
        at: Address,
        part: Part,
    },
    /// A table or sheet region that is none of the forms.
    UnrecognisedTable {
        at: Address,
    },
    Read(ReadNote),
}

/// A part of a form that recognition looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    DepartmentName,
    ProjectName,
    Supervisor,
    Funds,
    FundTotal,
    Goals,
    Indicators,
    Total,
    Staffing,
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
    NameAndAmount,
    Name,
    Amount,
}

/// A 附件1 special project line (index into [`BasicData::special_projects`]) and its 附件3 (index into
/// [`Filing::projects`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectMatch {
    pub line: usize,
    pub project: usize,
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

    /// The unit the filing is by: the department form's unit, else a project form's implementing or supervising
    /// unit, else a report's (its cover, the line under its title, or the title itself), else the one a form's
    /// title or a file name names.
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
