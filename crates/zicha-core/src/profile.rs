//! Profiles: what a finance bureau expects of a filing. Built-in ones ship with the app (`profiles/*.json`);
//! a bureau supplies its own JSON file without rebuilding anything. A bad profile is an error that names the
//! field, never a silent default.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::FormKind;

/// How a bureau scores filings and which rules it holds them to: one JSON file, built in (`profiles/*.json`)
/// or a bureau's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short identifier (`hunan`, `central`, a bureau's own).
    pub id: String,
    /// Name shown to users.
    pub name: String,
    /// The document the profile rests on, and what of it could not be found.
    #[serde(default)]
    pub basis: String,
    /// The provinces (or cities) whose filings it scores, for telling the profile from a filing.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Forms whose absence is an error (S001).
    #[serde(default)]
    pub required_forms: Vec<FormKind>,
    /// Forms whose absence is a warning (S001).
    #[serde(default)]
    pub expected_forms: Vec<FormKind>,
    /// 分值 of the execution rate row (预算执行率).
    #[serde(deserialize_with = "decimal")]
    pub execution_weight: Decimal,
    /// Expected weight of each first-level indicator, by name (`产出指标`: 30).
    #[serde(deserialize_with = "decimal_map")]
    pub first_level_weights: BTreeMap<String, Decimal>,
    /// The central template puts 成本指标 as a second level under 产出指标.
    #[serde(default)]
    pub cost_under_output: bool,
    /// How the execution row (预算执行率) is scored from its rate and 分值 (E003).
    pub execution_score: ExecutionScore,
    /// The score bands of qualitative indicators, by their stated achievement (P006).
    pub qualitative_bands: Bands,
    /// Whether the total is graded (优/良/中/差); some provinces do not grade (`可以不评级`).
    #[serde(default = "yes")]
    pub grades: bool,
    /// Execution rate (%) below which a shortfall must be explained (E004).
    #[serde(deserialize_with = "decimal")]
    pub execution_threshold: Decimal,
    /// Overshoot (%) over a target at which full marks need a word of explanation (P007).
    #[serde(deserialize_with = "decimal")]
    pub overshoot: Decimal,
    /// A total at or above this is looked at for inflation (P012).
    #[serde(deserialize_with = "decimal")]
    pub inflated_total: Decimal,
    /// Which 附件3 column a 附件1 预算数 is compared with (X002).
    pub basic_data_budget_column: BudgetColumn,
    /// Rule code → `off`, `error`, `warning` or `info`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
}

/// How the execution row's score follows from the rate; in JSON, `{"method": "proportional"}` or
/// `{"method": "interval", "step": 5, "points": 2}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExecutionScore {
    /// `min(执行率, 100%) × 分值`.
    Proportional,
    /// Full marks at 100%, minus `points` for every `step` percentage points below (`每低于5%扣2分`).
    Interval {
        /// Percentage points of one step below 100% (`5`).
        #[serde(deserialize_with = "decimal")]
        step: Decimal,
        /// Points taken off for each step, whole or begun (`2`).
        #[serde(deserialize_with = "decimal")]
        points: Decimal,
    },
}

/// Qualitative scoring bands as shares of the weight, in percent: 达成 ≥ `achieved`, 部分达成 ≥ `partial`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    /// The least share (%) of the weight for 达成: an achieved indicator scores from here up (`80`).
    #[serde(deserialize_with = "decimal")]
    pub achieved: Decimal,
    /// The least share (%) for 部分达成 (`60`); 未达成 scores below it.
    #[serde(deserialize_with = "decimal")]
    pub partial: Decimal,
}

/// A column of 附件3's fund block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetColumn {
    /// 年初预算数.
    InitialBudget,
    /// 全年预算数 (after the year's adjustments).
    FullYearBudget,
}

/// What a profile sets a rule to: off, or the severity of its every finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSetting {
    /// The rule does not run.
    Off,
    /// Every finding at [`Severity::Error`](crate::check::Severity::Error).
    Error,
    /// Every finding at [`Severity::Warning`](crate::check::Severity::Warning).
    Warning,
    /// Every finding at [`Severity::Info`](crate::check::Severity::Info).
    Info,
}

const HUNAN: &str = include_str!(concat!(env!("OUT_DIR"), "/profiles/hunan.json"));
const CENTRAL: &str = include_str!(concat!(env!("OUT_DIR"), "/profiles/central.json"));
/// Every built-in profile, the default (Hunan's, which the seed follows) first.
const BUILTIN: &[&str] = &[
    HUNAN,
    CENTRAL,
    include_str!(concat!(env!("OUT_DIR"), "/profiles/transfer.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/anhui.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/hebei.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/yunnan.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/shanghai.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/sichuan.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/sichuan-department.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/chongqing.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/ningxia.json")),
    include_str!(concat!(env!("OUT_DIR"), "/profiles/hubei.json")),
];
/// Province → names that place a filing there (the province, its cities and some counties).
const REGIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/profiles/regions.txt"));

fn yes() -> bool {
    true
}

/// A profile that cannot be used, with what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError(pub String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "配置文件有误：{}", self.0)
    }
}

impl std::error::Error for ProfileError {}

impl Profile {
    /// The built-in profiles: Hunan (the default, as the seed follows it) and the central 财预〔2020〕10号 one.
    pub fn builtin() -> Vec<Profile> {
        BUILTIN.iter().map(|json| Profile::from_json(json).expect("built-in profiles are valid")).collect()
    }

    /// The built-in profile with an id (`central`), if there is one.
    pub fn builtin_by_id(id: &str) -> Option<Profile> {
        Profile::builtin().into_iter().find(|p| p.id == id)
    }

    /// Hunan's profile, the default.
    pub fn hunan() -> Profile {
        Profile::from_json(HUNAN).expect("the Hunan profile is valid")
    }

    /// Reads and validates a profile (weights summing to 100, bands in order, rule codes that exist); the
    /// error names what to fix.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_json::from_str(text)
            .map_err(|e| ProfileError(format!("第 {} 行第 {} 列：{e}", e.line(), e.column())))?;
        profile.validate()?;
        Ok(profile)
    }

    fn validate(&self) -> Result<(), ProfileError> {
        // No first-level weights: the split is the department's own (Sichuan's 绩效指标(90分)).
        let total = self.execution_weight + self.first_level_weights.values().copied().sum::<Decimal>();
        if !self.first_level_weights.is_empty() && total != Decimal::ONE_HUNDRED {
            return Err(ProfileError(format!("execution_weight 与 first_level_weights 之和应为 100，现为 {total}")));
        }
        if self.qualitative_bands.partial > self.qualitative_bands.achieved
            || self.qualitative_bands.achieved > Decimal::ONE_HUNDRED
        {
            return Err(ProfileError("qualitative_bands 应满足 partial ≤ achieved ≤ 100".into()));
        }
        if let ExecutionScore::Interval { step, .. } = &self.execution_score
            && *step <= Decimal::ZERO
        {
            return Err(ProfileError("execution_score 的 step 应大于 0".into()));
        }
        if let Some(code) = self.rules.keys().find(|code| crate::check::rule(code).is_none()) {
            return Err(ProfileError(format!("rules 中的规则代码 {code} 不存在（zicha rules 列出全部规则）")));
        }
        Ok(())
    }

    /// The weight expected for a first-level indicator name, if the profile names it.
    pub(crate) fn first_level_weight(&self, name: &str) -> Option<Decimal> {
        self.first_level_weights.get(name).copied()
    }
}

/// The profile a filing is scored by when the user names none, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The profile chosen.
    pub profile: Profile,
    /// The province the filing names, if any.
    pub region: Option<String>,
    /// For the user: `按“四川省 部门预算项目支出绩效自评表”识别（…）；地区：四川省；方案：…`, or `表式与“…”相同（…）`
    /// when the family is another province's.
    pub reason: String,
}

/// The provinces and the names that place a filing in each (`profiles/regions.txt`).
struct Regions {
    provinces: Vec<(String, Vec<String>)>,
    /// Every province's names by their first character: (province, its name's place in the list or `None` for
    /// the province's own name, the name). A text is passed over once, looking up each of its characters here,
    /// where searching it for each of 500 names was a twentieth of a filing's check in the browser.
    by_first: BTreeMap<char, Vec<(usize, Option<usize>, String)>>,
}

impl Regions {
    fn get() -> &'static Regions {
        static REGIONS_TABLE: std::sync::OnceLock<Regions> = std::sync::OnceLock::new();
        REGIONS_TABLE.get_or_init(|| {
            let provinces: Vec<(String, Vec<String>)> = REGIONS
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(':'))
                .map(|(province, names)| {
                    (province.trim().to_string(), names.split_whitespace().map(String::from).collect())
                })
                .collect();
            let mut by_first: BTreeMap<char, Vec<(usize, Option<usize>, String)>> = BTreeMap::new();
            for (p, (province, names)) in provinces.iter().enumerate() {
                let words =
                    std::iter::once((None, province)).chain(names.iter().enumerate().map(|(n, w)| (Some(n), w)));
                for (n, word) in words {
                    if let Some(first) = word.chars().next() {
                        by_first.entry(first).or_default().push((p, n, word.clone()));
                    }
                }
            }
            Regions { provinces, by_first }
        })
    }

    /// For each province, what `text` holds of it: its own name (`Some(None)`), else the first of its names in
    /// the list that it holds (`Some(Some(n))`), else nothing.
    fn found_in(&self, text: &str, found: &mut [Option<Option<usize>>]) {
        found.fill(None);
        for (at, c) in text.char_indices() {
            for (p, n, word) in self.by_first.get(&c).into_iter().flatten() {
                let better = match found[*p] {
                    None => true,
                    Some(None) => false,
                    Some(Some(m)) => n.is_none_or(|n| n < m),
                };
                if better && text[at..].starts_with(word.as_str()) {
                    found[*p] = Some(*n);
                }
            }
        }
    }
}

/// The province a filing is from: the one whose names its titles, unit names and file names hold most (a
/// province named in full counts three times).
pub(crate) fn region_of<'a>(texts: impl Iterator<Item = &'a str>) -> Option<(String, String)> {
    let regions = Regions::get();
    let count = regions.provinces.len();
    // What each text holds of each province, then the provinces' scores, in the list's order.
    let mut found = vec![None; count];
    let mut score = vec![0usize; count];
    let mut evidence: Vec<Option<&str>> = vec![None; count];
    for text in texts {
        regions.found_in(text, &mut found);
        for (p, held) in found.iter().enumerate() {
            let (province, names) = &regions.provinces[p];
            match held {
                Some(None) => {
                    score[p] += 3;
                    evidence[p] = Some(province);
                }
                Some(Some(n)) => {
                    score[p] += 1;
                    evidence[p].get_or_insert(&names[*n]);
                }
                None => {}
            }
        }
    }
    let mut best: Option<usize> = None;
    for p in 0..count {
        if score[p] > 0 && best.is_none_or(|b| score[p] > score[b]) {
            best = Some(p);
        }
    }
    best.map(|p| (regions.provinces[p].0.clone(), evidence[p].unwrap_or_default().to_string()))
}

/// Chooses the profile for a filing: a family of its own region scores by its own profile (Sichuan's form by
/// Sichuan's); a family without points by the transfer profile; a national family by the profile of the
/// province the filing names, or by the family's; with nothing to go on, the default.
pub fn detect(filing: &crate::model::Filing) -> Detection {
    let templates = crate::template::Template::builtin();
    let family = filing.template.as_ref().and_then(|d| templates.iter().find(|t| t.id == d.id));
    let region = region_of(filing.place_texts().into_iter());
    let profiles = Profile::builtin();
    let by_id = |id: &str| profiles.iter().find(|p| p.id == id).cloned();
    let regional = region.as_ref().and_then(|(r, _)| profiles.iter().find(|p| p.regions.contains(r)).cloned());
    let national_family = family.is_some_and(|f| f.regions.is_empty() || f.regions.len() > 1);
    // A family of one region, found in a filing that names another (Sichuan's framework in a Hainan filing),
    // says how the form is laid out, not how the filing's own province scores it.
    let foreign_family =
        !national_family && family.is_some_and(|f| region.as_ref().is_some_and(|(r, _)| !f.regions.contains(r)));
    let chosen = match family {
        Some(_) if foreign_family => regional.clone(),
        Some(f) if !national_family => f.profile.as_deref().and_then(by_id),
        Some(f) if f.weights.contains(&crate::template::WeightPlace::None) => f.profile.as_deref().and_then(by_id),
        Some(f) => regional.clone().or_else(|| f.profile.as_deref().and_then(by_id)),
        None => regional.clone(),
    }
    // Nothing to go on: Hunan's (the seed's) for a Hunan filing or one that names no province, the national one
    // for any other province.
    .unwrap_or_else(|| match &region {
        // A Hunan filing of no family the data knows: Hunan's profile, the seed's.
        Some((r, _)) if r == "湖南省" => Profile::hunan(),
        _ => by_id("central").unwrap_or_else(Profile::hunan),
    });
    let mut reason = Vec::new();
    if let (Some(d), Some(f)) = (&filing.template, family) {
        let evidence: Vec<String> = d.evidence.iter().take(3).map(|e| format!("“{e}”")).collect();
        // A family of another province's (Hubei's form in a Yunnan filing) names how the form is laid out: said
        // so, lest its filer read that the filing was taken for another province's.
        reason.push(if foreign_family {
            format!("表式与“{}”相同（见{}）", f.name, evidence.join(""))
        } else {
            format!("按“{}”识别（见{}）", f.name, evidence.join(""))
        });
    }
    if let Some((region, evidence)) = &region {
        reason.push(format!("地区：{region}（见“{evidence}”）"));
    }
    reason.push(format!("方案：{}", chosen.name));
    Detection { profile: chosen, region: region.map(|(r, _)| r), reason: reason.join("；") }
}

/// Weights and thresholds may be written as JSON numbers (`30`) or strings (`"30"`); both are exact.
fn decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let value = NumberOrText::deserialize(deserializer)?;
    value.to_decimal().map_err(serde::de::Error::custom)
}

fn decimal_map<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, Decimal>, D::Error> {
    let map = BTreeMap::<String, NumberOrText>::deserialize(deserializer)?;
    map.into_iter().map(|(k, v)| v.to_decimal().map(|d| (k, d)).map_err(serde::de::Error::custom)).collect()
}

#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrText {
    Number(serde_json::Number),
    Text(String),
}

impl NumberOrText {
    fn to_decimal(&self) -> Result<Decimal, String> {
        let text = match self {
            NumberOrText::Number(n) => n.to_string(),
            NumberOrText::Text(t) => t.clone(),
        };
        text.parse::<Decimal>().map_err(|_| format!("{text} 不是数字"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The province search as written first: every name of every province looked for in every text.
    fn region_by_searching_each_name(texts: &[&str]) -> Option<(String, String)> {
        let mut best: Option<(usize, &str, &str)> = None;
        for (province, names) in &Regions::get().provinces {
            let (mut score, mut evidence) = (0, "");
            for text in texts {
                if text.contains(province.as_str()) {
                    score += 3;
                    evidence = province;
                } else if let Some(name) = names.iter().find(|n| text.contains(n.as_str())) {
                    score += 1;
                    if evidence.is_empty() {
                        evidence = name;
                    }
                }
            }
            if score > 0 && best.is_none_or(|(s, _, _)| score > s) {
                best = Some((score, province, evidence));
            }
        }
        best.map(|(_, p, e)| (p.to_string(), e.to_string()))
    }

    #[test]
    fn the_region_is_what_searching_every_name_finds() {
        let filings: [&[&str]; 7] = [
            &[],
            &["2023年度项目支出绩效自评表"],
            &["湖南省财政厅", "长沙县农业农村局"],
            &["株洲市", "成都市武侯区", "成都市锦江区"],
            &["黑龙江省哈尔滨市道里区卫生健康局", "四川", "四川省"],
            &["道里区", "湘西州泸溪县", "湘西"],
            &["资阳市雁江区", "资兴市", "湖南资兴"],
        ];
        for texts in filings {
            assert_eq!(region_of(texts.iter().copied()), region_by_searching_each_name(texts), "{texts:?}");
        }
    }

    #[test]
    fn builtin_profiles_load() {
        let profiles = Profile::builtin();
        let ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids[..2], ["hunan", "central"]);
        assert!(ids.len() >= 10, "{ids:?}");
        assert!(profiles.iter().all(|p| !p.basis.is_empty()), "every profile cites its basis");
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
        // Every template family names a profile that exists.
        for template in crate::template::Template::builtin() {
            if let Some(id) = &template.profile {
                assert!(Profile::builtin_by_id(id).is_some(), "{}: profile {id}", template.id);
            }
        }
        let hunan = Profile::hunan();
        assert_eq!(hunan.first_level_weight("成本指标"), Some(Decimal::from(20)));
        assert_eq!(Profile::builtin_by_id("central").unwrap().first_level_weight("产出指标"), Some(Decimal::from(50)));
    }

    /// The example in docs/profiles.md is a valid profile.
    #[test]
    fn the_documented_example_loads() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/profiles.md")).unwrap();
        let start = doc.find("```json").unwrap() + "```json".len();
        let end = start + doc[start..].find("```").unwrap();
        let profile = Profile::from_json(&doc[start..end]).unwrap();
        assert_eq!(profile.rules.get("S008"), Some(&RuleSetting::Off));
        assert_eq!(
            profile.execution_score,
            ExecutionScore::Interval { step: Decimal::from(5), points: Decimal::from(2) }
        );
    }

    #[test]
    fn bad_profiles_say_what_is_wrong() {
        // The file as written (the embedded copy is compacted).
        const HUNAN: &str = include_str!("../profiles/hunan.json");
        let err = |text: &str| Profile::from_json(text).unwrap_err().to_string();
        assert!(err("{").contains("第 1 行"));
        let weights = HUNAN.replace("\"成本指标\": 20", "\"成本指标\": 25");
        assert!(err(&weights).contains("之和应为 100，现为 105"), "{}", err(&weights));
        let unknown = HUNAN.replace("\"rules\": {}", "\"rules\": {\"Z999\": \"off\"}");
        assert!(err(&unknown).contains("Z999"));
        let typo = HUNAN.replace("\"overshoot\"", "\"overshot\"");
        assert!(err(&typo).contains("overshot"), "{}", err(&typo));
        let text_weight = HUNAN.replace("\"execution_weight\": 10", "\"execution_weight\": \"10\"");
        assert!(Profile::from_json(&text_weight).is_ok());
    }
}
