//! S007: a special project of 附件1 without its 附件3, or a 附件3 whose project 附件1 does not list.

use crate::check::{Context, Emit, finding, msg};
use crate::check::rules::amount;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1“县级专项资金”下列出的每个专项，是否都有对应的附件3 项目支出绩效自评表；反过来，每张附件3 的项目是否
    /// 在附件1 中列出。按名称相似和金额一致两种方式配对。
    /// ## 为什么重要
    /// 一个一级项目一张自评表：漏表意味着有专项资金没有自评；多出的表说明基础数据表漏列了项目。
    /// ## 示例
    /// 附件1 列了 3 个专项，只找到 2 张附件3。
    /// ## 依据
    /// 附件3 表注：“一个一级项目支出一张表”；财预〔2020〕10号：单位自评覆盖全部项目支出。
    /// ## 如何修改
    /// 为缺表的专项补填附件3，或在附件1 中补列该项目。
    pub static RULE = {
        code: "S007",
        name: "专项与项目自评表不对应",
        name_en: "project without its table",
        severity: Warning,
        help: "为缺表的专项补填附件3，或在附件1 中补列该项目。",
        help_en: "Add the missing 附件3, or list the project in 附件1.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(basic) = &cx.filing.basic_data else { return };
    if cx.filing.projects.is_empty() {
        return; // S001 reports the missing 附件3 altogether.
    }
    let matches = cx.project_matches;
    for (index, line) in basic.special_projects.iter().enumerate() {
        let has_money = amount(&line.budget).is_some_and(|d| !d.is_zero()) || amount(&line.final_account).is_some_and(|d| !d.is_zero());
        if has_money && !matches.iter().any(|m| m.line == index) {
            let name = crate::text::one_line(&line.label.value);
            out.push(
                finding(msg(format!("附件1 的专项“{name}”没有对应的附件3"), format!("special project {name} of 附件1 has no 附件3")))
                    .at(&line.label.at),
            );
        }
    }
    if basic.special_projects.is_empty() {
        return;
    }
    for (index, project) in cx.filing.projects.iter().enumerate() {
        if !matches.iter().any(|m| m.project == index) {
            let name = project.name.as_ref().map_or("", |n| n.value.trim());
            out.push(
                finding(msg(format!("附件3「{name}」的项目不在附件1 的专项中"), format!("project {name} is not listed in 附件1")))
                    .at(project.name.as_ref().map_or(&project.at, |n| &n.at)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, project, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let mut parts = Parts::correct();
        parts.projects.pop();
        let findings = run(&RULE, &parts.filing());
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].message.zh.contains("乙项目"));
        let mut parts = Parts::correct();
        parts.projects.push(project("丙项目", "3"));
        let findings = run(&RULE, &parts.filing());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        // A project under another name but with the same amounts is still its table (X003 reports the name).
        let filing = Parts::correct().edit("项目支出名称 | 甲项目", "项目支出名称 | 另一个名字").filing();
        assert!(run(&RULE, &filing).is_empty());
    }
}
