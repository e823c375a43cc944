//! S009: a block or field of a form that recognition did not find, or a table that is none of the forms.

use crate::check::{Context, Emit, Severity, finding, msg};
use crate::model::StructureIssue;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 识别到的表格中，是否缺少应有的栏目：表头字段（预算部门名称、项目支出名称等）、资金情况、年度总体目标、
    /// 绩效指标、总分行、财政供养人员情况、经费控制情况。也列出不属于任何一张表的表格（信息）。
    /// ## 为什么重要
    /// 缺少栏目时，依赖它的核对无法进行；通常是模板被改动或栏目名称写法特殊。
    /// ## 示例
    /// 附件3 中没有“年度总体目标”栏目。
    /// ## 依据
    /// 财预〔2020〕10号附件《项目支出绩效自评表》；部门整体支出绩效自评表模板。
    /// ## 如何修改
    /// 使用财政部门下发的模板，补齐缺少的栏目；栏目名称请保持模板原文。
    pub static RULE = {
        code: "S009",
        name: "表格栏目缺失",
        name_en: "part of a form not found",
        severity: Warning,
        help: "使用财政部门下发的模板，补齐缺少的栏目，栏目名称保持模板原文。",
        help_en: "Use the template issued by the finance bureau and keep its labels as they are.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for issue in &cx.filing.issues {
        match issue {
            StructureIssue::MissingPart { form, at, part } => out.push(
                finding(msg(
                    format!("{}中未找到“{part}”", cx.filing.form_label(*form)),
                    format!("{}: {part} not found", cx.filing.form_label(*form)),
                ))
                    .at(at)
                    .expected(part),
            ),
            StructureIssue::UnrecognisedTable { at } => out.push(
                finding(msg("这张表格不属于任何一张自评表，未检查", "this table is none of the forms and was not checked"))
                    .at(at)
                    .severity(Severity::Info),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("年度总体目标 | 预期目标 | | | 实际完成情况", "").filing();
        let findings = run(&RULE, &filing);
        assert!(findings.iter().any(|f| f.message.zh.contains("年度总体目标")), "{findings:#?}");
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
