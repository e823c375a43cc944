//! Template families as data: what each family of real forms calls its parts, where its weights live, how it
//! scores. One JSON file per family (`templates/*.json`, embedded; a bureau loads its own the same way), plus
//! `templates/common.json`, the label variants every family shares (the cross-family dictionary).
//!
//! Recognition reads every family at once: the label variants of all loaded families are compiled into one
//! `Vocabulary`, so a form is read whatever its family, and the family is then told from the filing (its
//! signature labels and titles, `detect`) to say which template it follows and which profile to score it by.
//! The parsers hold no label of their own: each asks the vocabulary what a normalised cell is ([`Role`]).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::FormKind;
use crate::text::normalize;

/// What a label means: one field, column, row or marker of a form. The vocabulary maps label variants to these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    // Where forms begin.
    /// A bare attachment number (`附件3`, `附件一`): a form may begin here; its content says which.
    Attachment,
    /// `…基础数据表`: the title of 附件1.
    TitleBasicData,
    /// 部门整体支出绩效自评表 / 部门整体绩效自评表 / 部门整体支出绩效评价表: a department form's title.
    TitleDepartment,
    /// 项目支出绩效自评表 / 绩效目标自评表 / 转移支付…绩效评价表: a project form's title.
    TitleProject,
    /// A first-level indicator only a department's framework has (`部门决策(25分)`): a form with no title
    /// that holds one is a department's.
    DepartmentFramework,
    /// 财政供养人员情况: a label only 附件1 has, which finds it without its title.
    AnchorStaffing,
    /// 经费控制情况: likewise, 附件1's other block.
    AnchorSpending,
    // Header fields.
    /// 预算部门名称 / 预算单位名称 / 部门(单位)名称: a department form's name field, which also finds the form.
    DepartmentName,
    /// 项目名称 / 项目支出名称 / 转移支付(项目)名称: a project form's name field, which also finds the form.
    ProjectName,
    /// 主管部门 / 项目主管部门 / 县级主管部门: the department the project is under.
    Supervisor,
    /// 实施单位 / 项目实施单位 / 资金使用单位: the unit that carries the project out.
    Implementer,
    /// 中央主管部门 of a transfer-payment form: a field to fill, not the unit that files.
    CentralSupervisor,
    /// A field for a seal (`实施单位(盖章)`).
    Stamp,
    /// A note of the amounts' unit (`单位：万元`): never a field's value.
    AmountUnit,
    /// The self-score written in the header (`自评总分(分)`, `自评得分`): the total when the table has none.
    HeaderTotal,
    /// A reviewer's score or column (`财政审核评分`, `复核分`): never read as the filer's, never summed.
    Reviewer,
    // The fund block.
    /// The fund block's own label (`年度预算申请`, `项目资金`, `资金情况`, `预算执行情况`): never a column.
    FundBlock,
    /// 年初预算数: a column of the fund block.
    FundInitialBudget,
    /// 全年预算数 / 全年(调整)预算数 / 调整后预算数 / 预算数(A).
    FundFullYearBudget,
    /// 全年执行数 / 执行数(B) / 预算执行数 / 实际支出.
    FundExecuted,
    /// 分值 / 权重 / 执行率权重: the execution row's weight.
    FundWeight,
    /// 执行率 / 预算执行率(B/A) / 执行进度.
    FundRate,
    /// 得分 / 自评分 / 执行率得分: the execution row's score.
    FundScore,
    /// 年度资金总额 / 资金总额 / 合计: the fund block's total row.
    FundTotal,
    /// 当年财政拨款 / 本年财政拨款 / 财政资金 / 中央补助: a row of appropriated funds.
    SourceAppropriation,
    /// 上年结转资金.
    SourceCarryOver,
    /// 其他资金 / 单位资金.
    SourceOther,
    /// 按收入性质分 / 按支出性质分: the department form's breakdown of its funds begins here.
    Breakdown,
    /// 一般公共预算: a part by income.
    PartGeneralBudget,
    /// 政府性基金(拨款): a part by income.
    PartGovernmentFunds,
    /// 纳入专户管理的非税收入拨款 (`*非税收入*`): a part by income.
    PartNonTax,
    /// 其他资金: a part by income.
    PartOtherFunds,
    /// 基本支出: a part by expense.
    PartBasic,
    /// 项目支出: a part by expense.
    PartProject,
    /// `其中`: the prefix of a part's label.
    Subitem,
    // Goals.
    /// 预期目标 / 年初绩效目标 / 年度绩效目标: the goal column of 年度总体目标.
    GoalExpected,
    /// 实际完成情况 / 全年目标实际完成情况 / 年度目标完成情况: the achievement column.
    GoalAchieved,
    // The indicator table.
    /// 一级指标: the first-level column (its cells `产出指标(30分)`).
    IndicatorFirst,
    /// 二级指标: the second-level column.
    IndicatorSecond,
    /// 三级指标 / 指标名称: the indicator's own column, the one every indicator header has.
    IndicatorThird,
    /// 年度指标值 / 年初指标值 / 目标值.
    IndicatorTarget,
    /// 调整指标值 (Chongqing's): where filled, it replaces the 年初指标值.
    IndicatorTargetAdjusted,
    /// 实际完成值 / 全年完成值 / 实际值 / 年终完成值.
    IndicatorActual,
    /// 指标性质 / 计算符号 / 符号: the sign (`≥`, `≤`, `=`) in a column of its own, apart from the value.
    IndicatorDirection,
    /// 度量单位 / 计量单位: the unit in a column of its own, apart from the value.
    IndicatorUnit,
    /// 分值 / 权重 / 指标权重 / 参考分值: the indicator's weight.
    IndicatorWeight,
    /// 得分 / 指标得分 / 自评分: the indicator's score.
    IndicatorScore,
    /// 得分系数(%): each score is this share of the weight.
    IndicatorCoefficient,
    /// 偏差原因分析及改进措施 / 未完成原因及拟采取的改进措施 / 说明.
    IndicatorDeviation,
    /// 是否核心指标 (`*核心指标*`): a column of the indicator table that is recognised and not read.
    IndicatorCore,
    /// A template's unfilled row (`指标1：`, `……`): not an indicator.
    IndicatorPlaceholder,
    /// A row among a form's last that is no indicator (`其他需要说明事项 | 无`, above the 总分 row).
    FormOtherMatters,
    /// 总分 / 合计 / 总计: the indicator table's total row (a short first cell).
    TotalRow,
    /// A printed note under a form (`备注`, `说明`, `注:`).
    Note,
    // Sign-off.
    /// 填表人.
    SignFilledBy,
    /// 填报日期 (also the date line of a report's cover).
    SignDate,
    /// 联系电话.
    SignPhone,
    /// 单位负责人签字 / 单位负责人.
    SignHead,
    // The basic-data form (Hunan 附件1).
    /// 编制数: the first label of 财政供养人员情况, which finds its header.
    StaffAuthorized,
    /// 实际在职人数 / 在职人数.
    StaffActual,
    /// 控制率 (在职人员控制率).
    StaffRate,
    /// A 决算 column of 经费控制情况 (`2022年决算数`, `2023年决算数`): of two, the earlier year's is the previous year's.
    SpendFinal,
    /// 预算数: 经费控制情况's budget column (`2023年预算数`).
    SpendBudget,
    /// 年初预算: a column told apart from 预算数 (the longer pattern wins), and not read.
    SpendInitial,
    /// 上年 / 上一年: a 决算 column of the previous year, where the columns name no years.
    SpendPrevious,
    /// 公用经费: the rows under it are its 其中 items.
    LinePublicFunds,
    /// 政府采购 (政府采购金额).
    LineProcurement,
    /// 预算调整 (部门基本支出预算调整, 部门整体支出预算调整).
    LineAdjustment,
    /// "三公"经费.
    LineThreePublic,
    /// 公务用车购置和维护经费 / 购置及运行.
    LineVehicles,
    /// 公车购置.
    LineVehiclePurchase,
    /// 公车运行维护 / 车辆运行.
    LineVehicleOperation,
    /// 出国经费.
    LineOverseas,
    /// 公务接待.
    LineReception,
    /// 项目支出.
    LineProjectSpending,
    /// 业务工作经费.
    LineOperationalWork,
    /// 运行维护经费.
    LineOperationMaintenance,
    /// 专项资金 (`县级专项资金(一个专项一行)`): the rows under it are special projects.
    LineSpecialFunds,
    /// 批复规模: the first label of 楼堂馆所控制情况, which finds its header.
    Buildings,
    /// 实际规模.
    BuildActualArea,
    /// 规模控制率.
    BuildAreaRate,
    /// 预算投资.
    BuildBudgetInvestment,
    /// 实际投资.
    BuildActualInvestment,
    /// 投资概算控制率 / 投资控制率.
    BuildInvestmentRate,
    /// 楼堂馆所: the row that ends 经费控制情况's lines.
    BuildingsEnd,
    /// 厉行节约(保障措施): its text is right of it.
    Frugality,
    // Reports.
    /// `附件4` on a short line: a department report begins here.
    ReportMarkerDepartment,
    /// `附件5` on a short line: a project report begins here.
    ReportMarkerProject,
    /// 报告 / 自评结果 / 自评情况 / 情况说明: a word every report title holds, which tells it from a form's title.
    ReportWord,
    /// 整体支出绩效 / 部门整体绩效: words that make a report title a department report's.
    ReportTitleDepartment,
    /// 项目支出绩效 / 绩效自评报告 / 转移支付…绩效: words that make a report title a project report's.
    ReportTitleProject,
    /// 部门(单位)名称 / 单位名称 / 评价单位 / 填报单位 on a report's cover: the unit's name follows.
    ReportUnit,
    /// A section title of the outlines (`部门(单位)基本情况`, `存在的问题`, `下一步改进措施`): after `1、` it makes a
    /// first-level heading, where a report numbers its sections in Arabic numerals.
    ReportSection,
    /// A field of a report's cover (`评价方式:部门(单位)绩效自评`): a report begins at its cover.
    ReportCover,
    /// A first section heading that opens a report without a title (`一、绩效自评工作开展情况`).
    ReportOpening,
    /// The sentence that introduces a report's body (`现将绩效评价情况报告如下`, `项目绩效自评结果综述如下`): a
    /// report without a title begins there.
    ReportPreamble,
    /// What follows the unit that made a report in that sentence (`对2022年度…开展了…`, `开展并完成了…`): the
    /// words before it name the unit, where nothing else does.
    ReportBy,
    /// The line that heads a report's table of contents (`目录`): the lines under it are not its sections.
    ReportContents,
    /// A template's instruction left in a report (`摘要(2000字以内)`): the part it asks for was not written.
    ReportInstruction,
    /// A title that is an official letter's (`关于上报…的报告`): the short line under it is whom it is sent to
    /// (its 主送机关, `临夏州退役军人事务局`), not the unit that files.
    ReportLetter,
    /// The last word of a place's name (`市`, `县`): a unit's name may end so (the county that files), but a
    /// sentence's subject that does is the place, not the unit that writes.
    PlaceSuffix,
    /// The last word of a unit's name (`局`, `中心`): tells a unit in a title from other words before a year.
    UnitSuffix,
    /// Words that end as a unit's name does but name none (`城乡` in `广西城乡居民…`, not a 乡): more specific
    /// than the suffix they end in, they outweigh it.
    NotAUnit,
}

// A set of roles is a `u128`.
const _: () = assert!(Role::COUNT <= 128);

impl Role {
    const COUNT: usize = Role::NotAUnit as usize + 1;

    /// The role's bit in a set of roles (a `u128`: there are fewer than 128 roles, a constant assertion says so).
    pub(crate) fn bit(self) -> u128 {
        1 << (self as u32)
    }
}

/// How a pattern matches a normalised cell. Written in the data as `X` (the label X: the cell is X, give or
/// take a trailing colon or a bracketed unit after it), `=X` (exactly X), `X*` (starts with X), `*X` (ends with
/// X), `*X*` (holds X).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Contains,
    Suffix,
    Prefix,
    Label,
    Exact,
}

#[derive(Clone, Debug)]
struct Pattern {
    text: Box<str>,
    kind: Kind,
    role: Role,
    /// Which signature pattern this is, in a group of signatures ([`Signatures`]); 0 elsewhere.
    tag: u16,
}

impl Pattern {
    fn parse(raw: &str, role: Role) -> Result<Pattern, String> {
        let (kind, body) = if let Some(b) = raw.strip_prefix('=') {
            (Kind::Exact, b)
        } else if let Some(b) = raw.strip_prefix('*').and_then(|b| b.strip_suffix('*')) {
            (Kind::Contains, b)
        } else if let Some(b) = raw.strip_suffix('*') {
            (Kind::Prefix, b)
        } else if let Some(b) = raw.strip_prefix('*') {
            (Kind::Suffix, b)
        } else {
            (Kind::Label, raw)
        };
        let text: Box<str> = normalize(body).into();
        if text.is_empty() {
            return Err(format!("“{raw}”是空的标签"));
        }
        Ok(Pattern { text, kind, role, tag: 0 })
    }

    fn matches(&self, norm: &str) -> bool {
        let p = &*self.text;
        match self.kind {
            Kind::Exact => norm == p,
            Kind::Prefix => norm.starts_with(p),
            Kind::Suffix => norm.ends_with(p),
            Kind::Contains => crate::text::Has::has(norm, p),
            Kind::Label => {
                let bare = norm.trim_end_matches(':');
                bare == p || (bare.starts_with(p) && bare[p.len()..].starts_with('('))
            }
        }
    }

    /// A longer pattern says more than a shorter one (`执行率得分` over `执行率`); at equal length an exact or
    /// label match over a prefix, a prefix over a substring.
    fn specificity(&self) -> (usize, Kind) {
        (self.text.len(), self.kind)
    }
}

/// A set of roles asked about together (the columns of a fund header): one pass over a cell names the most
/// specific pattern it matches, whatever family the pattern comes from. Patterns are indexed by their first
/// character, so a cell is walked once, character by character, and a pattern is compared only where its first
/// character stands (where it may: at the start for a label or a prefix, anywhere for a substring or suffix).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    patterns: Vec<Pattern>,
    /// First character → the patterns starting with it (a range of `order`).
    by_first: rustc_hash::FxHashMap<char, (u16, u16)>,
    /// Indices into `patterns`, grouped by first character.
    order: Vec<u16>,
    /// ASCII characters some pattern starts with: most cells are numbers, looked up without hashing.
    ascii_first: u128,
    /// The low twelve bits of every other first character, as a set: most characters of a text start no
    /// pattern, and are passed over on one bit test instead of a hash lookup.
    other_first: Box<[u64; 64]>,
    /// Some pattern can match past a cell's first character (a substring or suffix pattern).
    unanchored: bool,
    /// Likewise for every pattern, wherever it is anchored: for [`Group::holds`].
    any: [bool; 256],
    shortest: usize,
    /// The roles the group holds, one bit each.
    mask: u128,
}

impl Group {
    fn new(patterns: Vec<Pattern>) -> Group {
        let mut order: Vec<u16> = (0..patterns.len() as u16).collect();
        let first = |i: &u16| patterns[usize::from(*i)].text.chars().next().unwrap_or_default();
        order.sort_by_key(first);
        let mut by_first = rustc_hash::FxHashMap::default();
        let mut start = 0;
        while start < order.len() {
            let c = first(&order[start]);
            let end = start + order[start..].iter().take_while(|i| first(i) == c).count();
            by_first.insert(c, (start as u16, end as u16));
            start = end;
        }
        let mut any = [false; 256];
        let mut ascii_first = 0u128;
        let mut other_first = Box::new([0u64; 64]);
        for p in &patterns {
            let c = p.text.chars().next().unwrap_or_default();
            any[usize::from(p.text.as_bytes()[c.len_utf8() - 1])] = true;
            if c.is_ascii() {
                ascii_first |= 1 << (c as u32);
            } else {
                let key = (c as u32 & 0xFFF) as usize;
                other_first[key / 64] |= 1 << (key % 64);
            }
        }
        let unanchored = patterns.iter().any(|p| matches!(p.kind, Kind::Contains | Kind::Suffix));
        let shortest = patterns.iter().map(|p| p.text.len()).min().unwrap_or(usize::MAX);
        let mask = patterns.iter().fold(0, |m, p| m | p.role.bit());
        Group { patterns, by_first, order, ascii_first, other_first, unanchored, any, shortest, mask }
    }

    /// The roles the group holds, one bit each ([`Role::bit`]).
    pub(crate) fn mask(&self) -> u128 {
        self.mask
    }

    /// Every role some pattern of the group matches in `norm`, one bit each: asked once of a row's cells, it
    /// tells which groups are worth asking at all.
    pub(crate) fn roles(&self, norm: &str) -> u128 {
        let mut found = 0;
        let mut each = |p: &Pattern| found |= p.role.bit();
        self.walk(norm, &mut each);
        if norm.len() <= LABEL_BYTES && norm.contains('(') {
            let bare = without_brackets(norm);
            self.walk(&bare, &mut each);
        }
        found
    }

    /// Calls `hit` with every pattern `norm` matches.
    fn walk<'g>(&'g self, norm: &str, hit: &mut dyn FnMut(&'g Pattern)) {
        if norm.len() < self.shortest {
            return;
        }
        for (at, c) in norm.char_indices() {
            if at > 0 && !self.unanchored || norm.len() - at < self.shortest {
                break;
            }
            if c.is_ascii() {
                if self.ascii_first & (1 << (c as u32)) == 0 {
                    continue;
                }
            } else {
                let key = (c as u32 & 0xFFF) as usize;
                if self.other_first[key / 64] & (1 << (key % 64)) == 0 {
                    continue;
                }
            }
            let Some(&(start, end)) = self.by_first.get(&c) else { continue };
            for &i in &self.order[usize::from(start)..usize::from(end)] {
                let p = &self.patterns[usize::from(i)];
                let matched = if at == 0 {
                    p.matches(norm)
                } else {
                    let rest = &norm[at..];
                    match p.kind {
                        Kind::Contains => rest.starts_with(&*p.text),
                        Kind::Suffix => rest == &*p.text,
                        _ => false,
                    }
                };
                if matched {
                    hit(p);
                }
            }
        }
    }

    /// The role of the most specific pattern `norm` matches. A label's brackets hold its unit or formula
    /// (`执行率(全年执行数/全年预算数)`, `全年(调整)预算数`): the label is read without them first, so the words of a
    /// formula do not outweigh the label's own.
    pub(crate) fn classify(&self, norm: &str) -> Option<Role> {
        if norm.len() < self.shortest {
            return None;
        }
        // Only a label's brackets are worth taking off: a sentence's are not a label's unit.
        if norm.len() <= LABEL_BYTES && norm.contains('(') {
            let bare = without_brackets(norm);
            if !bare.is_empty()
                && let Some(role) = self.classify_text(&bare)
            {
                return Some(role);
            }
        }
        self.classify_text(norm)
    }

    fn classify_text(&self, norm: &str) -> Option<Role> {
        let mut best: Option<&Pattern> = None;
        self.walk(norm, &mut |p| {
            if best.is_none_or(|b| p.specificity() > b.specificity()) {
                best = Some(p);
            }
        });
        best.map(|p| p.role)
    }

    pub(crate) fn is(&self, norm: &str) -> bool {
        self.classify(norm).is_some()
    }

    /// Whether some pattern's text occurs anywhere in `text`, however the pattern is anchored.
    pub(crate) fn holds(&self, text: &str) -> bool {
        text.len() >= self.shortest
            && text.bytes().any(|b| self.any[usize::from(b)])
            && self.patterns.iter().any(|p| crate::text::Has::has(text, &p.text))
    }

    /// Where some pattern of the group first occurs in `norm`, with its length and role (for reading several
    /// keys off one line, as a sign-off line holds them).
    pub(crate) fn find_at(&self, norm: &str, from: usize) -> Option<(usize, usize, Role)> {
        let rest = norm.get(from..)?;
        if !self.holds(rest) {
            return None;
        }
        self.patterns
            .iter()
            .filter_map(|p| rest.find(&*p.text).map(|i| (from + i, p.text.len(), p.role)))
            .min_by_key(|&(at, len, _)| (at, usize::MAX - len))
    }
}

/// The longest a label is, in bytes (48 characters of Chinese): longer texts are sentences.
pub(crate) const LABEL_BYTES: usize = 48 * 3;

/// `执行率(全年执行数/全年预算数)` → `执行率`; an unclosed bracket runs to the end.
fn without_brackets(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    let mut depth = 0usize;
    for c in norm.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where a family's weights are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightPlace {
    /// A 分值 / 权重 column beside each indicator.
    Column,
    /// Inside the level labels: `产出指标(50分)`.
    Labels,
    /// 得分系数(%) × 指标权重(分).
    Coefficient,
    /// The form has no points at all (transfer-payment forms).
    None,
}

/// One template family, as its data file says.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Short identifier (`n1`, `sichuan-2023`).
    pub id: String,
    /// Name shown to users: `财预〔2020〕10号 项目支出绩效自评表`.
    pub name: String,
    /// The document the layout rests on, or what is known of it.
    #[serde(default)]
    pub basis: String,
    /// Provinces (or cities) where it is used: `四川省`.
    #[serde(default)]
    pub regions: Vec<String>,
    /// The built-in or bureau profile its filings are scored by, unless the region says otherwise.
    #[serde(default)]
    pub profile: Option<String>,
    /// Patterns only this family's forms hold (titles, distinctive columns): how a filing is told to be one.
    #[serde(default)]
    pub signature: Vec<String>,
    /// A family others derive from (财预〔2020〕10号's): told only where no derived family shows two of its
    /// signature patterns, since the derived ones keep most of its labels.
    #[serde(default)]
    pub base: bool,
    /// Role → label variants, in the pattern syntax of `Kind` (docs/templates.md).
    #[serde(default)]
    pub labels: BTreeMap<Role, Vec<String>>,
    /// The first-level indicators its framework uses, weights as printed where the family prints them.
    #[serde(default)]
    pub framework: Vec<String>,
    /// The parts its forms do not have (a score sheet's fund block and goals): not reported as missing.
    #[serde(default)]
    pub absent: Vec<crate::model::Part>,
    /// Where its weights live.
    #[serde(default)]
    pub weights: Vec<WeightPlace>,
    /// The outlines its prose reports follow (部门整体 / 项目 / 转移支付 自评报告提纲).
    #[serde(default)]
    pub outlines: Vec<Outline>,
    /// The numbers the family gives its forms (Hunan's `附件1` … `附件5`), by which findings are grouped and
    /// messages name them; forms of a family without numbers are named by what they are (`项目自评表`).
    #[serde(default)]
    pub numbers: BTreeMap<FormKind, String>,
    /// What the family does that the code must know and a reader should too.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A report outline as a family prints it: the sections a report of that kind must have, in order.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// Shown to users: `中央对地方转移支付绩效自评报告提纲`.
    pub name: String,
    /// The report kinds it is for: `department_report`, `project_report`.
    pub reports: Vec<OutlineReport>,
    /// The sections, in the order the outline prints them.
    pub sections: Vec<OutlineSection>,
    /// The least every report must hold, used where a report follows none of the outlines (two of an
    /// outline's sections found are needed to say a report follows it).
    #[serde(default)]
    pub least: bool,
}

/// A report kind an outline is for, as written in its `reports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutlineReport {
    /// 部门整体支出绩效自评报告 (附件4).
    DepartmentReport,
    /// 项目支出绩效自评报告 (附件5), a transfer payment's included.
    ProjectReport,
}

/// One section of an outline: its name as printed, and the words any of which a heading of it contains.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineSection {
    /// The section's name as the outline prints it (`部门(单位)基本情况`): what findings call it.
    pub name: String,
    /// Words a heading of the section holds, any one enough (`基本情况`).
    pub words: Vec<String>,
    /// Reports often leave it out (其他需要说明的问题): neither its absence nor an empty heading is reported.
    #[serde(default)]
    pub optional: bool,
}

/// A template file that cannot be used, with what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "模板文件有误：{}", self.0)
    }
}

impl std::error::Error for TemplateError {}

/// The built-in families, in the order they are listed (common first).
const BUILTIN: &[&str] = &[
    include_str!(concat!(env!("OUT_DIR"), "/templates/common.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/n1.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/hunan.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/n2-transfer.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/n2-transfer-2024.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/hunan-county.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/sichuan-2023.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/sichuan-link.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/sichuan-dept-score.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/chongqing-dept.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/hubei-county.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/hubei-college.json")),
    include_str!(concat!(env!("OUT_DIR"), "/templates/ningxia.json")),
];

impl Template {
    /// Reads a family from its JSON, checking every pattern and outline; the error says where and what to fix.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        let template: Template = serde_json::from_str(text)
            .map_err(|e| TemplateError(format!("第 {} 行第 {} 列：{e}", e.line(), e.column())))?;
        if template.id.trim().is_empty() {
            return Err(TemplateError("id 不能为空".into()));
        }
        for (role, patterns) in &template.labels {
            for raw in patterns {
                Pattern::parse(raw, *role).map_err(|e| TemplateError(format!("labels.{role:?}：{e}")))?;
            }
        }
        for raw in &template.signature {
            Pattern::parse(raw, Role::Attachment).map_err(|e| TemplateError(format!("signature：{e}")))?;
        }
        for outline in &template.outlines {
            if outline.reports.is_empty() || outline.sections.is_empty() {
                return Err(TemplateError(format!("outlines.{}：reports 与 sections 不能为空", outline.name)));
            }
            if let Some(section) = outline.sections.iter().find(|s| s.words.iter().all(|w| w.trim().is_empty())) {
                return Err(TemplateError(format!("outlines.{}.{}：words 不能为空", outline.name, section.name)));
            }
        }
        Ok(template)
    }

    /// The built-in families: `common` (the shared dictionary) and one per family.
    pub fn builtin() -> &'static [Template] {
        static BUILT: OnceLock<Vec<Template>> = OnceLock::new();
        BUILT.get_or_init(|| {
            BUILTIN.iter().map(|json| Template::from_json(json).expect("built-in templates are valid")).collect()
        })
    }
}

/// Every label variant of a set of families, compiled for matching.
pub(crate) struct Vocabulary {
    by_role: Vec<Vec<Pattern>>,
}

impl Vocabulary {
    pub(crate) fn new(templates: &[Template]) -> Vocabulary {
        let mut by_role = vec![Vec::new(); Role::COUNT];
        for template in templates {
            for (role, patterns) in &template.labels {
                for raw in patterns {
                    if let Ok(p) = Pattern::parse(raw, *role)
                        && !by_role[*role as usize].iter().any(|q: &Pattern| q.text == p.text && q.kind == p.kind)
                    {
                        by_role[*role as usize].push(p);
                    }
                }
            }
        }
        Vocabulary { by_role }
    }

    /// The built-in families' vocabulary, compiled once.
    pub(crate) fn builtin() -> &'static Vocabulary {
        static BUILT: OnceLock<Vocabulary> = OnceLock::new();
        BUILT.get_or_init(|| Vocabulary::new(Template::builtin()))
    }

    /// Every pattern of every role, compiled into one matcher.
    pub(crate) fn everything(&self) -> Group {
        Group::new(self.by_role.iter().flatten().cloned().collect())
    }

    /// The roles asked about together, compiled into one matcher.
    pub(crate) fn group(&self, roles: &[Role]) -> Group {
        Group::new(roles.iter().flat_map(|r| self.by_role[*r as usize].iter().cloned()).collect())
    }

    /// The label variants of a role, normalised, as the data gives them.
    pub(crate) fn words(&self, role: Role) -> impl Iterator<Item = &str> {
        self.by_role[role as usize].iter().map(|p| &*p.text)
    }
}

/// Which family a filing follows, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detected {
    /// The family's [`Template::id`] (`sichuan-2023`).
    pub id: String,
    /// The family's name, as shown to users ([`Template::name`]).
    pub name: String,
    /// The signature labels found (`得分系数(%)`), for the user: 按……识别.
    pub evidence: Vec<String>,
    /// The family's form numbers (`Template::numbers`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub numbers: BTreeMap<FormKind, String>,
    /// The first-level indicators of its framework (`Template::framework`), for the rules that judge a form's
    /// levels by its family.
    #[serde(skip)]
    pub framework: Vec<String>,
    /// The parts its forms do not have (`Template::absent`).
    #[serde(skip)]
    pub absent: Vec<crate::model::Part>,
}

/// The family whose signature the texts match best: a derived family with two or more of its patterns found,
/// else a base family with one, else any family with one; among equals, the one with the most patterns found,
/// then with the longest. `None` when no family's signature is there.
pub(crate) fn detect<'a>(templates: &[Template], texts: impl Iterator<Item = &'a str>) -> Option<Detected> {
    // The built-in families' signatures are compiled once; a bureau's own set on each call.
    static BUILT: OnceLock<Signatures> = OnceLock::new();
    let owned;
    let signatures = if std::ptr::eq(templates, Template::builtin()) {
        BUILT.get_or_init(|| Signatures::new(Template::builtin()))
    } else {
        owned = Signatures::new(templates);
        &owned
    };
    // Every signature pattern found in any text, each once.
    let mut found = vec![false; signatures.owners.len()];
    for text in texts {
        signatures.group.walk(text, &mut |p| found[usize::from(p.tag)] = true);
    }
    struct Scored<'t> {
        found: usize,
        length: usize,
        template: &'t Template,
        evidence: Vec<String>,
    }
    let mut scored: Vec<Scored> = Vec::new();
    for (index, template) in templates.iter().enumerate() {
        let evidence: Vec<String> = signatures
            .owners
            .iter()
            .zip(&found)
            .filter(|((owner, _), found)| *owner == index && **found)
            .map(|((_, text), _)| text.clone())
            .collect();
        if !evidence.is_empty() {
            let length = evidence.iter().map(|e| e.chars().count()).sum();
            scored.push(Scored { found: evidence.len(), length, template, evidence });
        }
    }
    let best = |keep: &dyn Fn(&Scored) -> bool| scored.iter().filter(|s| keep(s)).max_by_key(|s| (s.found, s.length));
    let chosen = best(&|s| !s.template.base && s.found >= 2)
        .or_else(|| best(&|s| s.template.base))
        .or_else(|| best(&|_| true))?;
    Some(Detected {
        id: chosen.template.id.clone(),
        name: chosen.template.name.clone(),
        evidence: chosen.evidence.clone(),
        numbers: chosen.template.numbers.clone(),
        framework: chosen.template.framework.clone(),
        absent: chosen.template.absent.clone(),
    })
}

/// Every family's signature patterns in one matcher, each tagged with its place in `owners`.
struct Signatures {
    group: Group,
    /// Per tag: the family (index into the templates) and the pattern's text.
    owners: Vec<(usize, String)>,
}

impl Signatures {
    fn new(templates: &[Template]) -> Signatures {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (index, template) in templates.iter().enumerate() {
            for raw in &template.signature {
                let Ok(mut pattern) = Pattern::parse(raw, Role::Attachment) else { continue };
                pattern.tag = owners.len() as u16;
                owners.push((index, pattern.text.to_string()));
                patterns.push(pattern);
            }
        }
        Signatures { group: Group::new(patterns), owners }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_load() {
        let ids: Vec<&str> = Template::builtin().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids[0], "common");
        assert!(ids.len() >= 10, "{ids:?}");
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "ids are unique");
    }

    #[test]
    fn the_most_specific_pattern_wins() {
        let v = Vocabulary::builtin();
        let g = v.group(&[Role::FundRate, Role::FundScore, Role::FundWeight, Role::Reviewer]);
        assert_eq!(g.classify("执行率"), Some(Role::FundRate));
        assert_eq!(g.classify(&normalize("执行率得分(分)")), Some(Role::FundScore));
        assert_eq!(g.classify(&normalize("执行率权重")), Some(Role::FundWeight));
        assert_eq!(g.classify("复核分"), Some(Role::Reviewer));
        assert_eq!(g.classify("预算执行情况说明"), None);
    }

    /// The example in docs/templates.md is a valid family, and its labels join the built-in ones.
    #[test]
    fn the_documented_example_loads() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/templates.md")).unwrap();
        let start = doc.find("```json").unwrap() + "```json".len();
        let end = start + doc[start..].find("```").unwrap();
        let example = Template::from_json(&doc[start..end]).unwrap();
        assert_eq!(example.id, "example-bureau");
        let all: Vec<Template> = Template::builtin().iter().cloned().chain([example]).collect();
        let v = Vocabulary::new(&all);
        let fields = v.group(&[Role::Implementer, Role::Supervisor]);
        assert_eq!(fields.classify("项目承办单位"), Some(Role::Implementer));
        assert_eq!(Vocabulary::builtin().group(&[Role::Implementer]).classify("项目承办单位"), None);
        let detected = detect(&all, ["某市项目支出绩效自评表（2024年度）", "项目承办单位"].into_iter()).unwrap();
        assert_eq!(detected.id, "example-bureau");
    }

    #[test]
    fn bad_templates_say_what_is_wrong() {
        let err = |t: &str| Template::from_json(t).unwrap_err().to_string();
        assert!(err("{").contains("第 1 行"));
        assert!(err(r#"{"id": "x", "name": "x", "labels": {"no_such_role": ["a"]}}"#).contains("no_such_role"));
        assert!(err(r#"{"id": "x", "name": "x", "labels": {"fund_rate": ["="]}}"#).contains("空的标签"));
        assert!(err(r#"{"id": "", "name": "x"}"#).contains("id"));
        assert!(err(r#"{"id": "x", "name": "x", "colour": 1}"#).contains("colour"));
    }
}
