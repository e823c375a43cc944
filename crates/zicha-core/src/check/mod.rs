//! Phase 3, check: the typed model → findings, one rule at a time, under a profile.
//!
//! A rule is one file in `rules/`: its declaration (code, names, severity), its documentation (the text the web
//! app, `zicha explain` and `docs/rules.md` show), its check and its tests. Rules read the model, the
//! recomputed scores and the facts quoted in the prose; never the raw grid.

pub mod rules;
#[cfg(test)]
pub(crate) mod testing;

use std::borrow::Cow;

use serde::Serialize;

use crate::grid::Address;
use crate::model::{Evaluation, Filing, FormKind};
use crate::narrative::Fact;
use crate::profile::{Profile, RuleSetting};
use crate::score::ScoreCard;

/// How much a finding matters: the rule's default, unless the profile sets another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 强制: a mistake to correct; a filing with one does not pass (the batch summary's 有强制问题).
    Error,
    /// 提示: likely a mistake, to look at; it may have a reason.
    Warning,
    /// 信息: for the reader to know; nothing to correct as such.
    Info,
}

impl Severity {
    /// 强制 / 提示 / 信息.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "强制",
            Severity::Warning => "提示",
            Severity::Info => "信息",
        }
    }

    /// `error` / `warning` / `info`: the name in JSON and in a profile's `rules`.
    pub fn en(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A text in both languages of the app: written for the case, or a rule's fixed text (its help, most often)
/// borrowed rather than copied into every finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Msg {
    /// The Chinese text.
    pub zh: Cow<'static, str>,
    /// The same in English.
    pub en: Cow<'static, str>,
}

pub(crate) fn msg(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Msg {
    Msg { zh: zh.into(), en: en.into() }
}

/// A place a finding points at; in prose, the characters of the quoted number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// The cell or paragraph.
    pub at: Address,
    /// Character range within a paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<(usize, usize)>,
}

/// One case a rule found: what is wrong, where, what was found against what was expected, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's code (`A005`).
    pub code: &'static str,
    /// As reported: the profile's setting for the rule, else the rule's for the case, else its default.
    pub severity: Severity,
    /// What is wrong in this case, naming the form and the values.
    pub message: Msg,
    /// Where: the cells and paragraphs involved; findings are sorted by the first.
    pub locations: Vec<Location>,
    /// What was found, as shown to the user (`发现：…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// What it should be (`应为：…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// How to fix it: the rule's help, the same for every finding of the rule.
    pub help: Msg,
}

/// A finding under construction: a rule fills in what it knows, then pushes it.
pub(crate) struct Draft {
    message: Msg,
    locations: Vec<Location>,
    found: Option<String>,
    expected: Option<String>,
    severity: Option<Severity>,
}

impl Draft {
    pub(crate) fn at(mut self, at: &Address) -> Draft {
        self.locations.push(Location { at: at.clone(), span: None });
        self
    }

    pub(crate) fn at_all<'a>(mut self, at: impl IntoIterator<Item = &'a Address>) -> Draft {
        self.locations.extend(at.into_iter().map(|a| Location { at: a.clone(), span: None }));
        self
    }

    pub(crate) fn at_span(mut self, at: &Address, span: (usize, usize)) -> Draft {
        self.locations.push(Location { at: at.clone(), span: Some(span) });
        self
    }

    pub(crate) fn found(mut self, found: impl ToString) -> Draft {
        self.found = Some(found.to_string());
        self
    }

    pub(crate) fn expected(mut self, expected: impl ToString) -> Draft {
        self.expected = Some(expected.to_string());
        self
    }

    /// For rules whose severity depends on the case (a rounding-sized gap is a warning, a bigger one an error).
    pub(crate) fn severity(mut self, severity: Severity) -> Draft {
        self.severity = Some(severity);
        self
    }
}

pub(crate) fn finding(message: Msg) -> Draft {
    Draft { message, locations: Vec::new(), found: None, expected: None, severity: None }
}

/// One rule: its identity, its documentation and its check.
pub struct Rule {
    /// `A005`: the category's letter and a number.
    pub code: &'static str,
    /// The rule's name in Chinese, as the report lists it.
    pub name: &'static str,
    /// The rule's name in English.
    pub name_en: &'static str,
    /// The default severity; a profile may set another, or turn the rule off.
    pub severity: Severity,
    /// Markdown: `## 检查内容`, `## 为什么重要`, `## 示例`, `## 依据`, `## 如何修改`.
    pub doc: &'static str,
    /// How to fix what the rule finds, in Chinese: the help of each of its findings.
    pub help: &'static str,
    /// The same in English.
    pub help_en: &'static str,
    pub(crate) check: fn(&Context, &mut Emit),
}

impl Rule {
    /// The rule's category, told by its code's first letter.
    pub fn category(&self) -> Category {
        Category::of(self.code).expect("rule codes start with a category letter")
    }

    /// `默认级别：强制（error）· 类别：表内计算`: the line under a rule's name wherever it is explained.
    pub fn summary(&self) -> String {
        format!("默认级别：{}（{}）· 类别：{}", self.severity.zh(), self.severity.en(), self.category().zh())
    }

    /// The documentation as Markdown: `## ` section headings, each followed by its text as one paragraph (the
    /// doc comment's wrapped lines joined without spaces, as Chinese text is).
    pub fn documentation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if line.starts_with("## ") {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(line);
                out.push_str("\n\n");
            } else {
                // Wrapped lines join without a space, unless Latin text or a sign meets the break.
                let ascii_edge =
                    out.ends_with(|c: char| c.is_ascii_graphic()) || line.starts_with(|c: char| c.is_ascii_graphic());
                if ascii_edge && !out.ends_with('\n') {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
        out
    }
}

/// Declares a rule: its doc comment becomes the documentation shown everywhere.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        pub static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            name_en: $name_en:literal,
            severity: $severity:ident,
            help: $help:literal,
            help_en: $help_en:literal,
            check: $check:path $(,)?
        };
    ) => {
        pub(crate) static $ident: $crate::check::Rule = $crate::check::Rule {
            code: $code,
            name: $name,
            name_en: $name_en,
            severity: $crate::check::Severity::$severity,
            doc: concat!($($doc, "\n"),*),
            help: $help,
            help_en: $help_en,
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

/// What a rule is about, told by its code's first letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Category {
    /// `S`: the forms and their parts found, complete and readable.
    Structure,
    /// `A`: sums and rates within a table.
    Arithmetic,
    /// `E`: budget execution (执行率, spending against the budget).
    Execution,
    /// `P`: scores against their weights and the scoring formulas.
    Scoring,
    /// `Q`: whether indicators are well formed and can be measured.
    Quality,
    /// `X`: forms and reports against one another.
    Cross,
    /// `T`: the words (names, personal data, report sections, years and dates).
    Text,
}

impl Category {
    /// The category of a rule code (`A005` → [`Category::Arithmetic`]); `None` for an unknown letter.
    pub fn of(code: &str) -> Option<Category> {
        Some(match code.chars().next()? {
            'S' => Category::Structure,
            'A' => Category::Arithmetic,
            'E' => Category::Execution,
            'P' => Category::Scoring,
            'Q' => Category::Quality,
            'X' => Category::Cross,
            'T' => Category::Text,
            _ => return None,
        })
    }

    /// The category's Chinese name (`表内计算`), as rules are listed under it.
    pub fn zh(self) -> &'static str {
        match self {
            Category::Structure => "结构与完整性",
            Category::Arithmetic => "表内计算",
            Category::Execution => "预算执行",
            Category::Scoring => "评分",
            Category::Quality => "指标质量",
            Category::Cross => "表间与报告一致性",
            Category::Text => "文字",
        }
    }

    /// The category's English name.
    pub fn en(self) -> &'static str {
        match self {
            Category::Structure => "structure and completeness",
            Category::Arithmetic => "arithmetic within a table",
            Category::Execution => "budget execution",
            Category::Scoring => "scoring",
            Category::Quality => "indicator quality",
            Category::Cross => "across forms and reports",
            Category::Text => "text",
        }
    }
}

/// Where a rule writes its findings.
pub(crate) struct Emit {
    rule: &'static Rule,
    forced: Option<Severity>,
    findings: Vec<Finding>,
}

impl Emit {
    pub(crate) fn push(&mut self, draft: Draft) {
        let severity = self.forced.or(draft.severity).unwrap_or(self.rule.severity);
        let help = msg(self.rule.help, self.rule.help_en);
        self.findings.push(Finding {
            code: self.rule.code,
            severity,
            message: draft.message,
            locations: draft.locations,
            found: draft.found,
            expected: draft.expected,
            help,
        });
    }
}

/// Everything a rule may read.
pub struct Context<'a> {
    pub(crate) filing: &'a Filing,
    pub(crate) profile: &'a Profile,
    pub(crate) scores: &'a ScoreCard,
    pub(crate) facts: &'a [Fact],
    /// 附件1's project lines paired with the 附件3 tables ([`Filing::project_matches`]), computed once.
    pub(crate) project_matches: &'a [crate::model::ProjectMatch],
    /// Every text of the filing joined, made the first time a rule asks (two rules search it).
    all_text: std::cell::OnceCell<rules::AllText<'a>>,
}

/// What the rules read beside the filing, derived from it once per check before any rule runs: the recomputed
/// scores, the numbers the prose quotes, and 附件1's projects paired with their 附件3. The one way a check's
/// context is made ([`Derived::of`], then [`Context::new`]), by the check and by the rules' tests alike.
pub struct Derived {
    /// Every score recomputed beside the declared one ([`crate::score::score`]).
    pub scores: ScoreCard,
    pub(crate) facts: Vec<Fact>,
    pub(crate) project_matches: Vec<crate::model::ProjectMatch>,
}

impl Derived {
    /// Scores the filing under the profile and reads its prose's numbers.
    pub fn of(filing: &Filing, profile: &Profile) -> Derived {
        Derived {
            scores: crate::score::score(filing, profile),
            facts: crate::narrative::facts(filing),
            project_matches: filing.project_matches(),
        }
    }
}

impl<'a> Context<'a> {
    /// The rules' view of one filing under one profile.
    pub fn new(filing: &'a Filing, profile: &'a Profile, derived: &'a Derived) -> Context<'a> {
        Context {
            filing,
            profile,
            scores: &derived.scores,
            facts: &derived.facts,
            project_matches: &derived.project_matches,
            all_text: std::cell::OnceCell::new(),
        }
    }

    pub(crate) fn all_text(&self) -> &rules::AllText<'a> {
        self.all_text.get_or_init(|| rules::AllText::of(self.filing))
    }

    /// The department's form then each project's, with a name for messages (`附件2`, `附件3「项目名」`).
    pub fn evaluations(&self) -> impl Iterator<Item = (FormName<'_>, &Evaluation)> {
        self.filing.department.iter().chain(&self.filing.projects).map(|form| (FormName::new(self.filing, form), form))
    }
}

/// A form's name in messages, as its family calls it (`附件2`, `附件3「项目名」`; `项目自评表「项目名」` where the
/// family does not number its forms), written only when a message is: most rules find nothing in most forms.
#[derive(Clone, Copy)]
pub struct FormName<'a> {
    label: &'a str,
    form: &'a Evaluation,
}

impl<'a> FormName<'a> {
    /// The name of `form` in `filing`, numbered as the filing's family numbers its forms.
    pub fn new(filing: &'a Filing, form: &'a Evaluation) -> FormName<'a> {
        FormName { label: filing.form_label(form.kind), form }
    }
}

impl std::fmt::Display for FormName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.form.name.as_ref().map(|n| n.value.trim()).filter(|n| !n.is_empty()) {
            Some(name) if self.form.kind == FormKind::Project => write!(f, "{}「{name}」", self.label),
            _ => f.write_str(self.label),
        }
    }
}

/// The rule with a code (`A005`), if there is one.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.code == code)
}

/// Runs every rule the profile leaves on; findings sorted by location, then code, without duplicates.
pub fn run(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules::ALL {
        findings.append(&mut run_rule(context, rule));
    }
    sort_findings(&mut findings);
    findings
}

/// One rule's findings, at the severity the profile sets (none when it turns the rule off), unsorted.
pub fn run_rule(context: &Context, rule: &'static Rule) -> Vec<Finding> {
    let forced = match context.profile.rules.get(rule.code) {
        Some(RuleSetting::Off) => return Vec::new(),
        Some(RuleSetting::Error) => Some(Severity::Error),
        Some(RuleSetting::Warning) => Some(Severity::Warning),
        Some(RuleSetting::Info) => Some(Severity::Info),
        None => None,
    };
    let mut emit = Emit { rule, forced, findings: Vec::new() };
    (rule.check)(context, &mut emit);
    emit.findings
}

pub(crate) fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (a.locations.first(), a.code, &a.message.zh).cmp(&(b.locations.first(), b.code, &b.message.zh))
    });
    findings.dedup_by(|a, b| a.code == b.code && a.locations == b.locations && a.message == b.message);
}

/// The rule reference in Markdown (`docs/rules.md`), generated from the rules themselves.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# 规则一览 · Rule reference\n\n<!-- Generated by `zicha rules --markdown` from the rule files; a test keeps it current. -->\n\n",
    );
    out.push_str("| 代码 | 规则 | Rule | 级别 |\n|---|---|---|---|\n");
    for rule in rules::ALL {
        out.push_str(&format!(
            "| [{0}](#{1}) | {2} | {3} | {4} |\n",
            rule.code,
            rule.code.to_lowercase(),
            rule.name,
            rule.name_en,
            rule.severity.zh()
        ));
    }
    for rule in rules::ALL {
        out.push_str(&format!(
            "\n## {}\n\n**{}** · {} · {}\n\n{}\n",
            rule.code,
            rule.name,
            rule.name_en,
            rule.summary(),
            rule.documentation().replace("## ", "### ")
        ));
    }
    out.push_str(&templates_and_profiles_markdown());
    out
}

/// The template families and profiles the rules are read with: which forms zicha knows and how each scores.
fn templates_and_profiles_markdown() -> String {
    let escape = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "\n## 模板 · Template families\n\nThe forms zicha reads (`crates/zicha-core/templates/`, docs/templates.md). A filing's family is \
         told by its signature labels; the family names the profile it is scored by.\n\n| id | 模板 | 方案 | 依据 |\n|---|---|---|---|\n",
    );
    for t in crate::template::Template::builtin().iter().filter(|t| !t.signature.is_empty()) {
        let profile = t.profile.as_deref().unwrap_or("—");
        out.push_str(&format!("| `{}` | {} | `{profile}` | {} |\n", t.id, escape(&t.name), escape(&t.basis)));
    }
    out.push_str(
        "\n## 方案 · Profiles\n\nHow a filing is scored (`crates/zicha-core/profiles/`, docs/profiles.md): told from the filing's \
         family and province unless the user chooses one.\n\n| id | 方案 | 地区 | 等级 | 依据 |\n|---|---|---|---|---|\n",
    );
    for p in crate::profile::Profile::builtin() {
        let regions = if p.regions.is_empty() { "—".to_string() } else { p.regions.join("、") };
        let grades = if p.grades { "优/良/中/差" } else { "不评级" };
        out.push_str(&format!("| `{}` | {} | {regions} | {grades} | {} |\n", p.id, escape(&p.name), escape(&p.basis)));
    }
    out
}
