//! Test support for rules: a small, correct filing written as text grids and paragraphs, which each rule's
//! tests break in one place to see the rule fire, and leave alone to see it stay silent.

use std::cell::RefCell;

use crate::check::{Context, Derived, Emit, Finding, Rule, Severity};
use crate::grid::Document;
use crate::model::Filing;
use crate::profile::Profile;
use crate::testing::{sheet, word};

pub(crate) const BASIC: &str = r#"
    附件1 | | |
    财政供养人员情况(人) | 编制数 | 2023年实际在职人数 | 控制率
    ^ | 12 | 11 | 91.67%
    经费控制情况(万元) | 2022年决算数 | 2023年预算数 | 2023年决算数
    "三公"经费 | 5 | 4.1 | 4
    1、公务用车购置和维护经费 | 1 | 0 | 0
    其中：公车购置 | 0 | 0 | 0
    公车运行维护 | 1 | 0 | 0
    2、出国经费 | 0 | 0 | 0
    3、公务接待 | 4 | 4.1 | 4
    项目支出： | | |
    1、业务工作经费 | | |
    2、运行维护经费 | | |
    3、县级专项资金(一个专项一行) | 30 | 20 | 20
    甲项目 | 20 | 12 | 12
    乙项目 | 10 | 8 | 8
    公用经费 | 10 | 20 | 20
    其中：办公经费 | 2 | 3 | 3
    水费、电费、差旅费 | 3 | 3 | 2
    政府采购金额 | 5 | 6 | 6
    部门基本支出预算调整 | | 0 | 0
    厉行节约保障措施 | 严格控制支出
    填表人：张三    填报日期：2024.3.1    联系电话：0730-1234567   单位负责人签字：李四
"#;

pub(crate) const DEPARTMENT: &str = r#"
    2023年度部门整体支出绩效自评表
    预算部门名称 | 某某局 | < | < | < | < | < | < | <
    年度预算申请(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    ^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10
    ^ | 按收入性质分: | | | 按支出性质分:
    ^ | 其中:一般公共预算:120 | | | 其中:基本支出:100
    ^ | 政府性基金拨款: | | | 项目支出:20
    年度总体目标 | 预期目标 | | | 实际完成情况
    ^ | 完成全年培训任务，覆盖全部乡镇 | | | 全年培训1200人次，覆盖10个乡镇
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    ^ | 产出指标(30分) | 数量指标 | 培训人次 | ≥1000人次 | 1100人次 | 10 | 10 |
    ^ | ^ | 质量指标 | 培训合格率 | ≥95% | 98% | 10 | 10 |
    ^ | ^ | 时效指标 | 完成时间 | 2023年12月底前 | 2023年11月完成 | 10 | 10 |
    ^ | 效益指标(30分) | 社会效益指标 | 覆盖乡镇数 | 10个 | 10个 | 30 | 30 |
    ^ | 满意度指标(10分) | 服务对象满意度指标 | 学员满意度 | ≥90% | 95% | 10 | 10 |
    ^ | 成本指标(20分) | 经济成本指标 | 培训成本 | ≤120万元 | 120万元 | 20 | 20 |
    总分 | < | < | < | < | < | 100 | 100 |
    填表人：张三    填报日期：2024.3.1    联系电话：0730-1234567   单位负责人签字：李四
"#;

/// A 附件3 for a project with the given name and amount (万元).
pub(crate) fn project(name: &str, amount: &str) -> String {
    format!(
        r#"
    2023年度项目支出绩效自评表
    项目支出名称 | {name} | < | < | < | < | < | < | <
    主管部门 | 某某局 | < | < | < | < | 实施单位 | 某某局 | <
    项目资金(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    ^ | 年度资金总额 | {amount} | {amount} | {amount} | 10 | 100% | 10
    ^ | 其中：当年财政拨款 | {amount} | {amount} | {amount} | | |
    ^ | 上年结转资金 | | | | | |
    ^ | 其他资金 | | | | | |
    年度总体目标 | 预期目标 | | | 实际完成情况
    ^ | 完成{name}建设 | | | {name}于2023年10月建成
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    ^ | 产出指标(30分) | 数量指标 | 建设点位 | 5个 | 5个 | 30 | 30 |
    ^ | 效益指标(30分) | 社会效益指标 | 受益人数 | ≥500人 | 550人 | 30 | 30 |
    ^ | 满意度指标(10分) | 服务对象满意度指标 | 群众满意度 | ≥90% | 92% | 10 | 10 |
    ^ | 成本指标(20分) | 经济成本指标 | 项目成本 | 控制在{amount}万元内 | {amount}万元 | 20 | 20 |
    总分 | < | < | < | < | < | 100 | 100 |
"#
    )
}

pub(crate) const DEPARTMENT_REPORT: &[&str] = &[
    "附件4",
    "2023年度某某局整体支出绩效自评报告",
    "一、部门(单位)基本情况",
    "2023年编制数12名，年末在职11人。",
    "二、一般公共预算支出情况",
    "（一）基本支出情况",
    "基本支出100万元，其中人员经费80万元，占基本支出的80%；公用经费20万元，占基本支出的20%。",
    "（二）项目支出情况",
    "项目支出20万元，其中甲项目12万元，乙项目8万元。",
    "三、政府性基金预算支出情况",
    "无。",
    "四、国有资本经营预算支出情况",
    "无。",
    "五、社会保险基金预算支出情况",
    "无。",
    "六、部门整体支出绩效情况",
    "我局整体支出涉及一般公共预算支出120万元，自评得分100分。满意度通过发放问卷调查取得，有效问卷200份。",
    "七、存在的问题及原因分析",
    "暂无。",
    "八、下一步改进措施",
    "继续加强预算管理。",
    "九、部门整体支出绩效自评结果拟应用和公开情况",
    "将按规定公开。",
    "十、其他需要说明的情况",
    "无。",
];

pub(crate) fn project_report(name: &str, amount: &str) -> Vec<String> {
    [
        "附件5".to_string(),
        format!("2023年度{name}项目支出绩效自评报告"),
        "一、项目支出基本情况".into(),
        format!("{name}资金{amount}万元，全部用于点位建设。"),
        "二、绩效评价工作情况".into(),
        "对照指标逐项核实。".into(),
        "三、主要绩效及评价结论".into(),
        "五个点位全部建成。".into(),
        "四、绩效评价指标分析".into(),
        format!("项目资金支出{amount}万元。"),
        "五、主要经验及做法、存在的问题及原因分析".into(),
        "个别点位进度偏慢。".into(),
        "六、有关建议".into(),
        "提前做好规划。".into(),
        "七、其他需要说明的问题".into(),
        "无。".into(),
    ]
    .to_vec()
}

/// The sheets and report paragraphs of the correct filing; tests edit them before building.
pub(crate) struct Parts {
    pub basic: String,
    pub department: String,
    pub projects: Vec<String>,
    pub reports: Vec<String>,
}

impl Parts {
    pub(crate) fn correct() -> Parts {
        let mut reports: Vec<String> = DEPARTMENT_REPORT.iter().map(|s| s.to_string()).collect();
        reports.extend(project_report("甲项目", "12"));
        reports.extend(project_report("乙项目", "8"));
        Parts {
            basic: BASIC.to_string(),
            department: DEPARTMENT.to_string(),
            projects: vec![project("甲项目", "12"), project("乙项目", "8")],
            reports,
        }
    }

    /// Replaces text in every part (panics when it is nowhere: a test that edits nothing proves nothing).
    pub(crate) fn edit(mut self, from: &str, to: &str) -> Parts {
        let mut hit = false;
        for part in std::iter::once(&mut self.basic)
            .chain(std::iter::once(&mut self.department))
            .chain(&mut self.projects)
            .chain(&mut self.reports)
        {
            if part.contains(from) {
                *part = part.replacen(from, to, 1);
                hit = true;
                break;
            }
        }
        assert!(hit, "{from:?} is not in the test filing");
        self
    }

    pub(crate) fn filing(&self) -> Filing {
        let mut grids = vec![sheet("t.xlsx", "附件1", &self.basic), sheet("t.xlsx", "附件2", &self.department)];
        grids.extend(self.projects.iter().enumerate().map(|(i, p)| sheet("t.xlsx", &format!("附件3-{}", i + 1), p)));
        let report_refs: Vec<Result<&str, &str>> = self.reports.iter().map(|p| Ok(p.as_str())).collect();
        let word = word("r.docx", &report_refs);
        let files = vec!["t.xlsx".into(), "r.docx".into()];
        let document =
            Document { files, grids, paragraphs: word.paragraphs, bodies: word.bodies, ..Document::default() };
        crate::recognise::recognise(&document)
    }
}

/// Pengshui's 2024 checklist (fixtures/real/chongqing-pengshui-2024-jisheng), its first rows as filed: the
/// national 计划生育服务 transfer checklist, no points, its funds listed among the indicators. The
/// second programme's 市级资金 136.00 makes its list add up to more than its total, and the programmes'
/// 市级资金 to more than the whole's 343.00.
pub(crate) const PENGSHUI_CHECKLIST: &str = r#"
    彭水自治县2024年度中央对地方转移支付计划生育服务项目绩效自评表 | < | < | < | < | < | < | <
    指标名称 | < | < | 指标解释 | 记录 | < | 未完成原因及改进措施 | 需提供的支撑材料
    一级指标 | 二级指标 | 三级指标 | ^ | 自评内容 | 完成情况 | ^ | ^
    名称 | 名称 | 名称 | ^ | ^ | ^ | ^ | ^
    项目预算管理 | 资金投入 | 预算编制科学性 | 项目预算编制符合国家政策要求,依据充分,标准明确,与年度工作匹配,与项目内容匹配 | 项目资金测算标准(文字描述) | 已按要求完成预算 | | 1.2024年度项目资金预算测算相关材料。\n2.反映计划生育项目资金支出的数据(截图或表),以及其他可反映项目资金实际支出情况的相关材料,不可"以拨代支"。
    ^ | ^ | ^ | ^ | 项目资金测算依据(文字描述) | 按相关要求完成 | | ^
    ^ | ^ | 预算资金安排 | 2024年度计划生育转移支付资金预算安排情况。 | 计划生育转移支付资金合计(万元) | | |
    ^ | ^ | ^ | ^ | 年度预算资金总额): | 1084.25 | |
    ^ | ^ | ^ | ^ | 其中:中央补助 | 668.00 | |
    ^ | ^ | ^ | ^ | 市级资金 | 343.00 | |
    ^ | ^ | ^ | ^ | 本级资金(包括结转结余) | 73.25 | |
    ^ | ^ | ^ | ^ | 其中: | | |
    ^ | ^ | ^ | ^ | 农村部分计划生育家庭奖励扶助制度补助资金(万元) | | |
    ^ | ^ | ^ | ^ | 年度预算资金总额: | 763.00 | |
    ^ | ^ | ^ | ^ | 其中:中央补助 | 502.00 | |
    ^ | ^ | ^ | ^ | 市级资金 | 208.00 | |
    ^ | ^ | ^ | ^ | 本级资金(包括结转结余) | 53.00 | |
    ^ | ^ | ^ | ^ | 其中: | | |
    ^ | ^ | ^ | ^ | 计划生育家庭特别扶助制度补助资金(万元) | | |
    ^ | ^ | ^ | ^ | 年度预算资金总额: | 321.25 | |
    ^ | ^ | ^ | ^ | 其中:中央补助 | 166.00 | |
    ^ | ^ | ^ | ^ | 市级资金 | 136.00 | |
    ^ | ^ | ^ | ^ | 本级资金(包括结转结余) | 20.25 | |
    ^ | ^ | ^ | ^ | 其中: | | |
    ^ | ^ | ^ | ^ | 2023年绩效调整资金(万元) | | |
    ^ | ^ | ^ | ^ | 年度预算资金总额: | | |
"#;

/// [`PENGSHUI_CHECKLIST`] as a filing, `edit` made (the first occurrence of its first text replaced).
pub(crate) fn pengshui_checklist(edit: (&str, &str)) -> Filing {
    let text = PENGSHUI_CHECKLIST.replacen(edit.0, edit.1, 1);
    crate::recognise::recognise(&crate::testing::workbook(vec![sheet("t.xlsx", "计划生育服务项目绩效自评表", &text)]))
}

/// A filing that is one Word report alone, its paragraphs as given.
pub(crate) fn report_filing(paragraphs: &[&str]) -> Filing {
    let refs: Vec<Result<&str, &str>> = paragraphs.iter().map(|p| Ok(*p)).collect();
    let word = word("r.docx", &refs);
    let document = Document {
        files: vec!["r.docx".into()],
        paragraphs: word.paragraphs,
        bodies: word.bodies,
        ..Document::default()
    };
    crate::recognise::recognise(&document)
}

/// The findings of one rule on a filing, under the Hunan profile.
pub(crate) fn run(rule: &'static Rule, filing: &Filing) -> Vec<Finding> {
    run_with(rule, filing, &Profile::hunan())
}

pub(crate) fn run_with(rule: &'static Rule, filing: &Filing, profile: &Profile) -> Vec<Finding> {
    let derived = Derived::of(filing, profile);
    let context = Context::new(filing, profile, &derived);
    let mut emit = Emit { rule, forced: None, findings: Vec::new() };
    (rule.check)(&context, &mut emit);
    FIRED.with(|fired| {
        if let Some(fired) = fired.borrow_mut().as_mut() {
            fired.extend(emit.findings.iter().cloned());
        }
    });
    emit.findings
}

thread_local! {
    /// While a firing test's [`Snapshot`] lives: every finding its runs returned.
    static FIRED: RefCell<Option<Vec<Finding>>> = const { RefCell::new(None) };
}

/// Pins what a rule's firing test makes the user read. From here to the end of the test, every finding that
/// [`run`] returns is kept; when the test ends without failing, each must keep the messages' conventions
/// ([`conventions`]) and all of them, rendered as the report renders them ([`crate::report::render_finding`]),
/// must equal the rule's snapshot, `rules/snapshots/<code>.snap`. A changed message fails the test until the
/// snapshot is reviewed and accepted (`cargo insta review`, or `INSTA_UPDATE=always` and a look at the diff).
#[must_use = "the snapshot is compared when this guard is dropped, at the end of the test"]
pub(crate) struct Snapshot {
    rule: &'static Rule,
}

pub(crate) fn snapshot(rule: &'static Rule) -> Snapshot {
    FIRED.with(|fired| *fired.borrow_mut() = Some(Vec::new()));
    Snapshot { rule }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let fired = FIRED.with(|fired| fired.borrow_mut().take()).unwrap_or_default();
        if std::thread::panicking() {
            return; // the test has failed already: its own message says why
        }
        let code = self.rule.code;
        assert!(!fired.is_empty(), "{code}: its firing test fired nothing");
        let broken: Vec<(String, Vec<String>)> = fired
            .iter()
            .map(|f| (f.message.zh.to_string(), conventions(f)))
            .filter(|(_, broken)| !broken.is_empty())
            .collect();
        assert!(broken.is_empty(), "{code}: messages that break the conventions: {broken:#?}");
        let rendered: Vec<String> = fired.iter().map(crate::report::render_finding).collect();
        insta::with_settings!({
            snapshot_path => "rules/snapshots",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("{code} {}: the findings of its firing test, as the report shows them", self.rule.name),
        }, {
            insta::assert_snapshot!(code.to_lowercase(), rendered.join("\n"));
        });
    }
}

/// What every finding's message keeps to, as clippy's lint messages do; the list of what this one breaks.
///
/// - Both languages are written, on one line, without white space at either end or a full stop at the end
///   (the message is a clause the UI puts beside its place and its fix).
/// - Where the finding has an expected value, the Chinese message names it, and the value found too: each of
///   their numbers is a number of the message (`≤ 100%` asks for 100), a value without digits is in it whole.
/// - The Chinese message uses Chinese punctuation (no ASCII comma, semicolon or colon after a Chinese
///   character); the English one no Chinese sentence punctuation.
pub(crate) fn conventions(finding: &Finding) -> Vec<String> {
    let mut broken = Vec::new();
    let (zh, en) = (finding.message.zh.as_ref(), finding.message.en.as_ref());
    for (language, text) in [("zh", zh), ("en", en)] {
        if text.is_empty() {
            broken.push(format!("no {language} message"));
        }
        if text.trim() != text || text.contains('\n') {
            broken.push(format!("the {language} message has white space at an end or a line break"));
        }
        if text.ends_with(['。', '.', '；', ';']) && !text.ends_with("...") {
            broken.push(format!("the {language} message ends with a full stop"));
        }
    }
    if let Some(expected) = &finding.expected {
        let in_message = numbers(zh);
        for (what, value) in [("expected value", Some(expected)), ("value found", finding.found.as_ref())] {
            let Some(value) = value else { continue };
            let named = match numbers(value) {
                wanted if wanted.is_empty() => zh.contains(value.as_str()),
                wanted => wanted.iter().all(|n| in_message.contains(n)),
            };
            if !named {
                broken.push(format!("the {what} {value:?} is not named in the message"));
            }
        }
    }
    let chinese = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut previous = ' ';
    for c in zh.chars() {
        if [',', ';', ':'].contains(&c) && chinese(previous) {
            broken.push(format!("ASCII {c:?} after a Chinese character in the Chinese message"));
        }
        previous = c;
    }
    if en.contains(['，', '。', '；']) {
        broken.push("Chinese sentence punctuation in the English message".into());
    }
    broken
}

/// The numbers written in a text (`≤ 1,200.5万元` → `1200.5`).
fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut number = String::new();
    for c in text.chars().chain([' ']) {
        match c {
            '0'..='9' | '.' => number.push(c),
            ',' if !number.is_empty() => {}
            _ if !number.is_empty() => found.push(std::mem::take(&mut number).trim_end_matches('.').to_string()),
            _ => {}
        }
    }
    found
}

/// Asserts exactly one finding of the given severity and returns it.
pub(crate) fn one(findings: Vec<Finding>, severity: Severity) -> Finding {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = findings.into_iter().next().unwrap();
    assert_eq!(finding.severity, severity, "{finding:#?}");
    finding
}

/// The conventions' check finds what it says it finds (else every rule's snapshot would pass it unread).
#[test]
fn the_conventions_catch_a_message_that_breaks_them() {
    let finding = |zh: &'static str, en: &'static str, found: Option<&str>, expected: Option<&str>| Finding {
        code: "A005",
        severity: Severity::Error,
        message: crate::check::msg(zh, en),
        locations: Vec::new(),
        found: found.map(String::from),
        expected: expected.map(String::from),
        help: crate::check::msg("", ""),
    };
    assert!(
        conventions(&finding("总分为 96，应为 100", "the total is 96, not 100", Some("96"), Some("100"))).is_empty()
    );
    let broken = conventions(&finding("总分有误,请核对。", "总分有误。", Some("96"), Some("≤ 100")));
    assert_eq!(broken.len(), 6, "{broken:#?}");
}
