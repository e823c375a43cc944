//! Template families as data: what each family of real forms calls its parts, where its weights live, how it
//! scores. One JSON file per family (`templates/*.json`, embedded; a bureau loads its own the same way), plus
//! `templates/common.json`, the label variants every family shares (the cross-family dictionary).
//!
//! Recognition reads every family at once: the label variants of all loaded families are compiled into one
//! [`Vocabulary`], so a form is read whatever its family, and the family is then told from the filing (its
//! signature labels and titles, [`detect`]) to say which template it follows and which profile to score it by.
//! The parsers hold no label of their own: each asks the vocabulary what a normalised cell is ([`Role`]).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::normalize;

/// What a label means: one field, column, row or marker of a form. The vocabulary maps label variants to these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    // Where forms begin.
    /// A bare attachment number (`附件3`, `附件一`): a form may begin here; its content says which.
    Attachment,
    TitleBasicData,
    TitleDepartment,
    TitleProject,
    /// A first-level indicator only a department's framework has (`部门决策(25分)`): a form with no title
    /// that holds one is a department's.
    DepartmentFramework,
    AnchorStaffing,
    AnchorSpending,
    // Header fields.
    DepartmentName,
    ProjectName,
    Supervisor,
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
    FundBlock,
    FundInitialBudget,
    FundFullYearBudget,
    FundExecuted,
    FundWeight,
    FundRate,
    FundScore,
    FundTotal,
    SourceAppropriation,
    SourceCarryOver,
    SourceOther,
    Breakdown,
    PartGeneralBudget,
    PartGovernmentFunds,
    PartNonTax,
    PartOtherFunds,
    PartBasic,
    PartProject,
    /// `其中`: the prefix of a part's label.
    Subitem,
    // Goals.
    GoalExpected,
    GoalAchieved,
    // The indicator table.
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
    /// A template's unfilled row (`指标1：`, `……`): not an indicator.
    IndicatorPlaceholder,
    TotalRow,
    /// A printed note under a form (`备注`, `说明`, `注:`).
    Note,
    // Sign-off.
    SignFilledBy,
    SignDate,
    SignPhone,
    SignHead,
    // The basic-data form (Hunan 附件1).
    StaffAuthorized,
    StaffActual,
    StaffRate,
    SpendFinal,
    SpendBudget,
    SpendInitial,
    SpendPrevious,
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
    Buildings,
    BuildActualArea,
    BuildAreaRate,
    BuildBudgetInvestment,
    BuildActualInvestment,
    BuildInvestmentRate,
    BuildingsEnd,
    Frugality,
    // Reports.
    ReportMarkerDepartment,
    ReportMarkerProject,
    ReportWord,
    ReportTitleDepartment,
    ReportTitleProject,
    ReportUnit,
    ReportSection,
    /// A field of a report's cover (`评价方式:部门(单位)绩效自评`): a report begins at its cover.
    ReportCover,
    /// A first section heading that opens a report without a title (`一、绩效自评工作开展情况`).
    ReportOpening,
    /// The last word of a unit's name (`局`, `中心`): tells a unit in a title from other words before a year.
    UnitSuffix,
}

impl Role {
    const COUNT: usize = Role::UnitSuffix as usize + 1;
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
        Ok(Pattern { text, kind, role })
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
/// specific pattern it matches, whatever family the pattern comes from.
#[derive(Clone, Debug)]
pub struct Group {
    patterns: Vec<Pattern>,
    /// The last byte of each pattern's first character, for patterns anchored at the cell's start.
    anchored: [bool; 256],
    /// Likewise for patterns found anywhere in the cell.
    anywhere: [bool; 256],
    /// Likewise for every pattern, wherever it is anchored: for [`Group::holds`].
    any: [bool; 256],
    shortest: usize,
}

impl Group {
    fn new(patterns: Vec<Pattern>) -> Group {
        let mut group = Group {
            patterns: Vec::new(),
            anchored: [false; 256],
            anywhere: [false; 256],
            any: [false; 256],
            shortest: usize::MAX,
        };
        for p in &patterns {
            let first = p.text.chars().next().map_or(0, char::len_utf8);
            let end = p.text.as_bytes()[first - 1];
            group.any[usize::from(end)] = true;
            if matches!(p.kind, Kind::Contains | Kind::Suffix) {
                group.anywhere[usize::from(end)] = true;
            } else {
                group.anchored[usize::from(end)] = true;
            }
            group.shortest = group.shortest.min(p.text.len());
        }
        group.patterns = patterns;
        group
    }

    /// The role of the most specific pattern `norm` matches. A label's brackets hold its unit or formula
    /// (`执行率(全年执行数/全年预算数)`, `全年(调整)预算数`): the label is read without them first, so the words of a
    /// formula do not outweigh the label's own.
    pub fn classify(&self, norm: &str) -> Option<Role> {
        if norm.contains('(') {
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
        if norm.len() < self.shortest {
            return None;
        }
        let bytes = norm.as_bytes();
        let first_end = norm.chars().next().map_or(0, char::len_utf8) - 1;
        let anchored = self.anchored[usize::from(bytes[first_end])];
        // A cell none of whose bytes can end a pattern's first character holds no pattern: most cells.
        if !anchored && !bytes.iter().any(|&b| self.anywhere[usize::from(b)]) {
            return None;
        }
        self.patterns.iter().filter(|p| p.matches(norm)).max_by_key(|p| p.specificity()).map(|p| p.role)
    }

    pub fn is(&self, norm: &str) -> bool {
        self.classify(norm).is_some()
    }

    /// Whether some pattern's text occurs anywhere in `text`, however the pattern is anchored.
    pub fn holds(&self, text: &str) -> bool {
        text.len() >= self.shortest
            && text.bytes().any(|b| self.any[usize::from(b)])
            && self.patterns.iter().any(|p| crate::text::Has::has(text, &p.text))
    }

    /// Where some pattern of the group first occurs in `norm`, with its length and role (for reading several
    /// keys off one line, as a sign-off line holds them).
    pub fn find_at(&self, norm: &str, from: usize) -> Option<(usize, usize, Role)> {
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
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
    /// Role → label variants, in the pattern syntax of [`Kind`].
    #[serde(default)]
    pub labels: BTreeMap<Role, Vec<String>>,
    /// The first-level indicators its framework uses, weights as printed where the family prints them.
    #[serde(default)]
    pub framework: Vec<String>,
    /// Where its weights live.
    #[serde(default)]
    pub weights: Vec<WeightPlace>,
    /// What the family does that the code must know and a reader should too.
    #[serde(default)]
    pub notes: Vec<String>,
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
    include_str!("../templates/common.json"),
    include_str!("../templates/n1.json"),
    include_str!("../templates/hunan.json"),
    include_str!("../templates/n2-transfer.json"),
    include_str!("../templates/n2-transfer-2024.json"),
    include_str!("../templates/hunan-county.json"),
    include_str!("../templates/sichuan-2023.json"),
    include_str!("../templates/sichuan-link.json"),
    include_str!("../templates/sichuan-dept-score.json"),
    include_str!("../templates/chongqing-dept.json"),
    include_str!("../templates/hubei-county.json"),
    include_str!("../templates/hubei-college.json"),
    include_str!("../templates/ningxia.json"),
];

impl Template {
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
pub struct Vocabulary {
    by_role: Vec<Vec<Pattern>>,
}

impl Vocabulary {
    pub fn new(templates: &[Template]) -> Vocabulary {
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
    pub fn builtin() -> &'static Vocabulary {
        static BUILT: OnceLock<Vocabulary> = OnceLock::new();
        BUILT.get_or_init(|| Vocabulary::new(Template::builtin()))
    }

    /// The roles asked about together, compiled into one matcher.
    pub fn group(&self, roles: &[Role]) -> Group {
        Group::new(roles.iter().flat_map(|r| self.by_role[*r as usize].iter().cloned()).collect())
    }

    /// The label variants of a role, normalised, as the data gives them.
    pub fn words(&self, role: Role) -> impl Iterator<Item = &str> {
        self.by_role[role as usize].iter().map(|p| &*p.text)
    }
}

/// Which family a filing follows, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detected {
    pub id: String,
    pub name: String,
    /// The signature labels found (`得分系数(%)`), for the user: 按……识别.
    pub evidence: Vec<String>,
}

/// The family whose signature the texts match best: a derived family with two or more of its patterns found,
/// else a base family with one, else any family with one; among equals, the one with the most patterns found,
/// then with the longest. `None` when no family's signature is there.
pub fn detect<'a>(templates: &[Template], texts: impl Iterator<Item = &'a str> + Clone) -> Option<Detected> {
    struct Scored<'t> {
        found: usize,
        length: usize,
        template: &'t Template,
        evidence: Vec<String>,
    }
    let mut scored: Vec<Scored> = Vec::new();
    for template in templates.iter().filter(|t| !t.signature.is_empty()) {
        let patterns: Vec<Pattern> =
            template.signature.iter().filter_map(|raw| Pattern::parse(raw, Role::Attachment).ok()).collect();
        let evidence: Vec<String> =
            patterns.iter().filter(|p| texts.clone().any(|t| p.matches(t))).map(|p| p.text.to_string()).collect();
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
    })
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
