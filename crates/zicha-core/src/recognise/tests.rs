//! Recognition on small text grids: layouts the seed fixtures do not cover, and what recognition reports
//! when it cannot find something.

use crate::model::Part;
use crate::model::{FormKind, StructureIssue};
use crate::recognise::recognise;
use crate::testing::{sheet, word, workbook};

/// The correct filing's 附件2 (`check::testing`), which the rules' tests break: one copy for every test.
use crate::check::testing::DEPARTMENT;

/// The parts recognition reports missing, in order.
fn missing_parts(filing: &crate::model::Filing) -> Vec<Part> {
    filing
        .issues
        .iter()
        .filter_map(|i| match i {
            StructureIssue::MissingPart { part, .. } => Some(*part),
            _ => None,
        })
        .collect()
}

#[test]
fn a_department_form_on_one_sheet() {
    let text = DEPARTMENT.replace(
        "^ | ^ | 质量指标 | 培训合格率 | ≥95% | 98% | 10 | 10 |",
        "^ | ^ | ^ | 培训合格率 | ≥95% | 93% | 10 | 9 | 一个班次未达标",
    );
    let filing = recognise(&workbook(vec![sheet("a.xlsx", "Sheet1", &text)]));
    let form = filing.department.expect("附件2 found");
    assert_eq!(form.name.as_ref().unwrap().value, "某某局");
    assert_eq!(form.name.unwrap().at.to_string(), "[a.xlsx]Sheet1!B2");
    let total = form.funds.as_ref().unwrap().total.as_ref().unwrap();
    assert_eq!(total.executed.as_ref().unwrap().value.value.unwrap().to_string(), "120");
    assert_eq!(total.executed.as_ref().unwrap().at.to_string(), "[a.xlsx]Sheet1!E4");
    assert_eq!(total.rate.as_ref().unwrap().value.percent.unwrap().to_string(), "100");
    let funds = form.funds.as_ref().unwrap();
    let amounts: Vec<String> = funds
        .by_income
        .iter()
        .chain(&funds.by_expense)
        .map(|p| p.amount.as_ref().unwrap().value.text.to_string())
        .collect();
    assert_eq!(amounts, ["120", "", "100", "20"]);
    assert_eq!(form.goals.as_ref().unwrap().achieved.as_ref().unwrap().value, "全年培训1200人次，覆盖10个乡镇");
    assert_eq!(form.first_levels.len(), 4);
    assert_eq!(form.first_levels[0].weight.as_ref().unwrap().value.value.unwrap().to_string(), "30");
    assert_eq!(form.indicators.len(), 6);
    // The merged first- and second-level labels are carried down with the address of the label itself.
    let second_row = &form.indicators[1];
    assert_eq!(second_row.first_level, Some(0));
    assert_eq!(second_row.second_level.as_ref().unwrap().at.to_string(), "[a.xlsx]Sheet1!C11");
    assert_eq!(second_row.deviation.as_ref().unwrap().value, "一个班次未达标");
    let total = form.total.unwrap();
    assert_eq!(total.weight.unwrap().value.text, "100");
    assert_eq!(total.score.unwrap().value.text, "100");
}

#[test]
fn missing_forms_and_parts_are_issues_not_failures() {
    let filing = recognise(&workbook(vec![sheet("a.xlsx", "Sheet1", "随便写的表格 | 1 | 2\n另一行 | 3 | 4")]));
    let missing: Vec<FormKind> = filing
        .issues
        .iter()
        .filter_map(|i| match i {
            StructureIssue::MissingForm { form } => Some(*form),
            _ => None,
        })
        .collect();
    assert_eq!(missing.len(), 5);
    assert!(filing.issues.iter().any(|i| matches!(i, StructureIssue::UnrecognisedTable { .. })));

    let bare = "项目支出名称 | 某项目\n绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分";
    let filing = recognise(&workbook(vec![sheet("b.xlsx", "项目", bare)]));
    assert_eq!(filing.projects.len(), 1);
    let parts = missing_parts(&filing);
    assert!(
        parts.contains(&Part::Supervisor) && parts.contains(&Part::Indicators) && parts.contains(&Part::Total),
        "{parts:?}"
    );
}

#[test]
fn a_form_found_twice_is_reported_and_the_first_kept() {
    let filing = recognise(&workbook(vec![
        sheet("a.xlsx", "附件2", DEPARTMENT),
        sheet("a.xlsx", "附件2 (2)", &DEPARTMENT.replace("某某局", "另一个局")),
    ]));
    assert_eq!(filing.department.unwrap().name.unwrap().value, "某某局");
    assert!(
        filing.issues.iter().any(|i| matches!(i, StructureIssue::DuplicateForm { form: FormKind::Department, .. }))
    );
}

#[test]
fn a_word_table_split_over_a_page_continues_its_form() {
    let (head, tail) = DEPARTMENT.split_at(DEPARTMENT.find("    ^ | 效益指标").unwrap());
    let tail = tail.replacen("^ | 效益指标", " | 效益指标", 1).replacen("    ^ | 满意度", "     | 满意度", 1).replacen(
        "    ^ | 成本指标",
        "     | 成本指标",
        1,
    );
    let document = word(
        "a.docx",
        &[
            Ok("附件2"),
            Err(head),
            Ok(""),
            Err(&tail),
            Ok("填表人：张三    填报日期：2024.3.1    联系电话：   单位负责人签字："),
        ],
    );
    let filing = recognise(&document);
    let form = filing.department.expect("附件2 found");
    assert_eq!(form.indicators.len(), 6);
    assert_eq!(form.indicators[4].name.as_ref().unwrap().at.to_string(), "[a.docx]表2!D2");
    assert_eq!(form.total.unwrap().score.unwrap().at.to_string(), "[a.docx]表2!H4");
    assert_eq!(form.sign_off.filled_by.unwrap().value, "张三");
    assert!(!filing.issues.iter().any(|i| matches!(i, StructureIssue::UnrecognisedTable { .. })));
}

#[test]
fn a_lone_total_is_the_score_total() {
    let text = DEPARTMENT.replace("总分 | < | < | < | < | < | 100 | 100 |", "总分 | < | < | < | < | < | 97 | |");
    let filing = recognise(&workbook(vec![sheet("a.xlsx", "Sheet1", &text)]));
    let total = filing.department.unwrap().total.unwrap();
    assert!(total.weight.is_none());
    assert_eq!(total.score.unwrap().at.to_string(), "[a.xlsx]Sheet1!G17");
}

#[test]
fn reports_are_split_by_their_attachment_lines() {
    let document = word(
        "r.docx",
        &[
            Ok("附件4"),
            Ok("2023年度某某局整体支出绩效自评报告"),
            Ok("部门(单位)名称：某某局"),
            Ok("2024年3月1日"),
            Ok("一、部门(单位)基本情况"),
            Ok("（一）主要职能。"),
            Ok("负责全市某某工作。"),
            Ok("二、一般公共预算支出情况"),
            Ok("基本支出100万元。"),
            Ok("附件5"),
            Ok("2023年度某项目"),
            Ok("项目支出绩效自评报告"),
            Ok("一、项目支出基本情况"),
            Ok("项目资金20万元。"),
        ],
    );
    let filing = recognise(&document);
    let report = filing.department_report.expect("附件4 found");
    assert_eq!(report.unit.unwrap().value, "某某局");
    assert_eq!(report.date.unwrap().value, "2024年3月1日");
    let headings: Vec<(&str, u8)> = report.sections.iter().map(|s| (s.heading.value.as_str(), s.level)).collect();
    assert_eq!(headings, [("一、部门(单位)基本情况", 1), ("（一）主要职能。", 2), ("二、一般公共预算支出情况", 1)]);
    assert_eq!(report.sections[2].paragraphs[0].at.to_string(), "[r.docx]段9");
    assert_eq!(filing.project_reports.len(), 1);
    assert_eq!(filing.project_reports[0].title.as_ref().unwrap().value, "2023年度某项目项目支出绩效自评报告");
}

/// The parsers hold no label of their own: every Chinese word they match comes from the template data
/// (`templates/*.json`). Their code outside tests has no string literal with a CJK character in it (characters
/// of numbering and dates, `'一'` or `'年'`, are syntax, not labels, and are `char`s).
#[test]
fn parsers_hold_no_label_of_their_own() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/recognise");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "tests.rs" {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let code = source.split("#[cfg(test)]\nmod tests").next().unwrap();
        for (number, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap();
            let mut in_string = false;
            let mut literal = String::new();
            for c in line.chars() {
                match (c, in_string) {
                    ('"', false) => in_string = true,
                    ('"', true) => {
                        if literal.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                            offenders.push(format!("{name}:{}: \"{literal}\"", number + 1));
                        }
                        literal.clear();
                        in_string = false;
                    }
                    (c, true) => literal.push(c),
                    _ => {}
                }
            }
        }
    }
    assert!(offenders.is_empty(), "labels belong in templates/*.json:\n{}", offenders.join("\n"));
}

/// Chongqing's department form names what it evaluates as a project (`项目名称：…整体监控`): one department form,
/// not a department form and a project form.
#[test]
fn a_department_form_naming_a_project_is_one_form() {
    let text = "2024年度部门整体绩效自评表\n\
                项目名称: | 某某县科学技术协会整体监控 | 项目编码: | 5002 | 自评总分: | 99.68\n\
                项目主管部门: | 705-某某县科学技术协会 | 财政归口处室: | | 部门联系人: | 张三\n\
                | 年初预算数 | 全年(调整)预算数 | 全年执行数 | 执行率 | 执行率权重 | 执行率得分\n\
                年度总金额 | 100 | 100 | 100 | 100 | 10 | 10";
    let filing = recognise(&workbook(vec![sheet("c.xlsx", "部门", text)]));
    assert!(filing.projects.is_empty(), "{:?}", filing.projects.iter().map(|p| &p.name).collect::<Vec<_>>());
    let department = filing.department.as_ref().expect("the department form");
    assert_eq!(department.name.as_ref().map(|n| n.value.as_str()), Some("705-某某县科学技术协会"));
    assert_eq!(filing.unit().as_deref(), Some("705-某某县科学技术协会"));
}

/// Sichuan's transfer form names its filer as a unit (`单位名称`, a department form's anchor elsewhere), under
/// the form's title (fixtures/real/sichuan-suiningjingkai-2021-liangpinyixie): one project form, the unit its
/// implementer, and no total recomputed on a form without points.
#[test]
fn a_transfer_form_naming_its_unit_is_one_project_form() {
    let text = "2021年中央对地方专项转移支付区域绩效目标自评表 | < | < | < | <\n\
                单位名称 | 某某市场监督管理局 | < | 联系人及电话 | 张三\n\
                年度目标完成情况 | 预期目标 | < | 目标实际完成情况 | <\n\
                ^ | 完成抽检工作 | < | 完成抽检148个批次 | <\n\
                一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值\n\
                产出指标 | 数量指标 | 药品抽验品种 | ≥3 | 4\n\
                ^ | 质量指标 | 不合格产品处置率 | 不适用 | ";
    let filing = recognise(&workbook(vec![sheet("s.xlsx", "区域绩效目标自评表", text)]));
    assert!(filing.department.is_none(), "{:?}", filing.department.as_ref().map(|d| &d.at));
    let [project] = filing.projects.as_slice() else { panic!("one project form: {:?}", filing.projects.len()) };
    assert_eq!(project.implementer.as_ref().map(|n| n.value.as_str()), Some("某某市场监督管理局"));
    assert_eq!(project.indicators.len(), 2);
    let card = crate::score::score(
        &filing,
        &crate::profile::Profile::builtin_by_id("transfer").expect("the transfer profile"),
    );
    assert_eq!(card.forms[0].recomputed_total, None);
}

/// Pengshui's checklist (fixtures/real/): the header's `名称 | 名称 | 名称` row is no indicator; an indicator's
/// several 自评内容 lines under its merged name are one indicator, its actual the first filled; the funds listed
/// among them are read as lists, the whole's and each programme's.
#[test]
fn a_checklist_reads_one_indicator_per_merged_name_and_its_listed_funds() {
    let filing = crate::check::testing::pengshui_checklist(("", ""));
    let form = &filing.projects[0];
    let names: Vec<&str> = form.indicators.iter().filter_map(|i| i.name.as_ref()).map(|n| n.value.as_str()).collect();
    assert_eq!(names, ["预算编制科学性", "预算资金安排"]);
    assert_eq!(form.first_levels.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["项目预算管理"]);
    assert_eq!(form.indicators[0].actual.as_ref().map(|a| a.value.as_str()), Some("已按要求完成预算"));
    assert_eq!(form.indicators[1].actual.as_ref().map(|a| a.value.as_str()), Some("1084.25"));
    let lists: Vec<(&str, Vec<&str>)> = form
        .listed_funds
        .iter()
        .map(|l| (l.total.amount.value.text.as_str(), l.sources.iter().map(|s| s.key.as_str()).collect()))
        .collect();
    let sources = vec!["中央补助", "市级资金", "本级资金(包括结转结余)"];
    assert_eq!(lists, [("1084.25", sources.clone()), ("763.00", sources.clone()), ("321.25", sources)]);
    assert_eq!(
        form.listed_funds[1].name.as_ref().map(|n| n.value.as_str()),
        Some("农村部分计划生育家庭奖励扶助制度补助资金(万元)")
    );
}

/// A family's data says which parts its forms do not have: Sichuan's score sheet (fixtures/real/
/// sichuan-dazhou-undated-dept-score) has indicators and scores only, and lacks no fund block or goals.
#[test]
fn parts_a_family_does_not_have_are_not_missing() {
    let text = "一级指标 | 二级指标 | 三级指标 | 得分\n\
                部门决策(25分) | 目标任务(15分) | 相关性(5分) |\n\
                综合管理(30分) | 中期评估(2分) | 执行中期评估(2分) |\n\
                部门绩效情况(45分) | 履职成效(20分) | 部门特性指标 |";
    let filing = recognise(&workbook(vec![sheet("d.xlsx", "部门整体", text)]));
    assert_eq!(filing.template.as_ref().map(|t| t.id.as_str()), Some("sichuan-dept-score"));
    let missing = missing_parts(&filing);
    assert!(!missing.iter().any(|p| matches!(p, Part::Funds | Part::Goals)), "{missing:?}");
    // What the family's forms have is still asked for.
    assert!(missing.contains(&Part::Total), "{missing:?}");
}

/// Yunnan's forms (fixtures/real/yunnan-yongde-2022-yingyang) hold a row for other matters above the total: it is
/// no indicator, and the total below it is still read.
#[test]
fn the_row_for_other_matters_is_no_indicator() {
    let text = "项目支出绩效自评表 | < | < | < | < | <\n\
                项目名称 | 某某专项资金 | < | < | < | <\n\
                一级指标 | 二级指标 | 三级指标 | 实际完成值 | 分值 | 得分\n\
                产出指标 | 数量指标 | 受益学生人数 | 1000人 | 90 | 90\n\
                其他需要说明事项 | 无 | < | < | < | <\n\
                总分 | < | < | < | 90 | 90";
    let filing = recognise(&workbook(vec![sheet("y.xlsx", "项目", text)]));
    let [project] = filing.projects.as_slice() else { panic!("one project form") };
    assert_eq!(project.indicators.len(), 1, "{:?}", project.indicators.iter().map(|i| &i.name).collect::<Vec<_>>());
    assert_eq!(project.first_levels.len(), 1);
    assert!(project.total.is_some());
}
