//! T003: numbered sections a report must have, missing.

use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 自评报告是否有它所依提纲规定的各部分，各部分是否有内容。提纲来自模板数据（`templates/*.json` 的
    /// `outlines`）：湖南附件4（部门（单位）基本情况……其他需要说明的情况），财预〔2020〕10号项目报告提纲（湖南附件5同），
    /// 转移支付资金绩效自评报告提纲（绩效目标分解下达情况……偏离绩效目标的原因和下一步改进措施……），四川部门整体报告提纲。
    /// 报告的标题与哪份提纲的章节对上两节以上，就按哪份检查；都对不上的，至少应有“存在的问题及改进措施”。
    /// ## 为什么重要
    /// 缺少的部分往往正是审核要看的内容（问题、改进措施、公开情况）。
    /// ## 示例
    /// 附件4 没有“下一步改进措施”一节；转移支付自评报告的“三、偏离绩效目标的原因和下一步改进措施”只有标题。
    /// ## 依据
    /// 部门整体支出绩效自评报告、项目支出绩效自评报告参考提纲。
    /// ## 如何修改
    /// 按提纲补写缺少的部分；确无内容的写“无”。
    pub static RULE = {
        code: "T003",
        name: "报告缺少部分内容",
        name_en: "report sections missing",
        severity: Warning,
        help: "按提纲补写缺少的部分；确无内容的写“无”。",
        help_en: "Add the missing parts of the outline; write 无 where there is nothing to say.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for report in cx.filing.department_report.iter().chain(&cx.filing.project_reports) {
        let Some(fit) = &report.outline else { continue };
        let fallback = cx.filing.form_title(report.kind);
        let title = report.title.as_ref().map_or(fallback.as_str(), |t| t.value.as_str());
        if !fit.missing.is_empty() {
            let missing = fit.missing.join("、");
            out.push(
                finding(msg(
                    format!("{title}缺少：{missing}（按{}）", fit.name),
                    format!("{title} lacks: {} (by {})", fit.missing.join(", "), fit.name),
                ))
                .at(report.title.as_ref().map_or(&report.at, |t| &t.at))
                .expected(missing),
            );
        }
        for instruction in &report.instructions {
            let said = instruction.value.trim();
            out.push(
                finding(msg(
                    format!("{title}中“{said}”是模板的填写说明，该部分没有填写"),
                    format!("{title}: '{said}' is the template's instruction; the part it asks for is not written"),
                ))
                .at(&instruction.at),
            );
        }
        for heading in &fit.empty {
            let heading_text = heading.value.trim();
            out.push(
                finding(msg(
                    format!("{title}中“{heading_text}”只有标题，下面没有内容（确无内容的应写“无”）"),
                    format!("{title}: '{heading_text}' is a heading with nothing under it (write 无 if there is nothing)"),
                ))
                .at(&heading.at),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    /// A transfer-payment report in the outline's five sections (a real one's layout, numbers left out).
    const TRANSFER: &[&str] = &[
        "某县道路工程项目2020年度绩效自评报告",
        "一、绩效目标分解下达情况",
        "安排资金700万元。",
        "二、绩效目标完成情况分析",
        "已拨付700万元。",
        "三、偏离绩效目标的原因和下一步改进措施",
        "工期滞后，下一步加快进度。",
        "四、绩效自评结果拟应用和公开情况",
        "按规定公开。",
        "五、其他需要说明的问题",
    ];

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("八、下一步改进措施", "八、其他").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("下一步改进措施"));
    }

    #[test]
    fn a_transfer_report_by_its_own_outline() {
        assert!(run(&RULE, &report_filing(TRANSFER)).is_empty(), "the optional 五 may be empty");
        let mut empty = TRANSFER.to_vec();
        empty.remove(6);
        let finding = one(run(&RULE, &report_filing(&empty)), Severity::Warning);
        assert!(finding.message.zh.contains("“三、偏离绩效目标的原因和下一步改进措施”只有标题"), "{finding:?}");
        let mut missing = TRANSFER.to_vec();
        missing.drain(5..7);
        let finding = one(run(&RULE, &report_filing(&missing)), Severity::Warning);
        assert!(finding.message.zh.contains("缺少：偏离绩效目标的原因和下一步改进措施（按转移支付"), "{finding:?}");
    }

    #[test]
    fn a_template_instruction_left_in_and_a_table_of_contents() {
        let report = [
            "某办公室2023年部门整体支出绩效自评报告",
            "目录",
            "一、摘要",
            "二、部门概况",
            "附件4问卷调查报告",
            "某办公室2023年度部门整体支出绩效自评报告",
            "摘要(2000字以内)",
            "一、部门概况",
            "编制39名。",
            "二、存在的问题",
            "无。",
        ];
        let filing = report_filing(&report);
        assert_eq!(filing.department_report.as_ref().map(|r| r.sections.len()), Some(2), "the contents are not sections");
        let finding = one(run(&RULE, &filing), Severity::Warning);
        assert!(finding.message.zh.contains("“摘要(2000字以内)”是模板的填写说明"), "{finding:?}");
        let fixed = report.map(|p| p.replace("摘要(2000字以内)", "本部门2023年自评得分95分。"));
        let fixed: Vec<&str> = fixed.iter().map(String::as_str).collect();
        assert!(run(&RULE, &report_filing(&fixed)).is_empty());
    }

    #[test]
    fn a_report_of_no_known_outline_needs_its_problems() {
        let report = ["某单位2023年度绩效自评报告", "一、项目概况", "资金10万元。", "二、绩效情况", "已完成。"];
        let finding = one(run(&RULE, &report_filing(&report)), Severity::Warning);
        assert!(finding.message.zh.contains("缺少：存在的问题及改进措施"), "{finding:?}");
        let fixed = [&report[..], &["三、存在的问题", "进度偏慢。"]].concat();
        assert!(run(&RULE, &report_filing(&fixed)).is_empty());
    }

    #[test]
    fn silent() {
        let findings = run(&RULE, &Parts::correct().filing());
        assert!(findings.is_empty(), "{findings:#?}");
    }
}
