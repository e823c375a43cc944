//! T003: numbered sections a report must have, missing.

use crate::check::{Context, Emit, finding, msg};
use crate::model::{FormKind, Report};
use crate::text::normalize;

crate::declare_rule! {
    /// ## 检查内容
    /// 自评报告是否有模板规定的各部分。附件4：部门（单位）基本情况，一般公共预算支出情况，政府性基金预算支出情况，
    /// 国有资本经营预算支出情况，社会保险基金预算支出情况，部门整体支出绩效情况，存在的问题及原因分析，下一步改进措施，
    /// 自评结果拟应用和公开情况，其他需要说明的情况。附件5：项目支出基本情况，绩效评价工作情况，主要绩效及评价结论，
    /// 绩效评价指标分析，主要经验及做法与存在的问题，有关建议，其他需要说明的问题。
    /// ## 为什么重要
    /// 缺少的部分往往正是审核要看的内容（问题、改进措施、公开情况）。
    /// ## 示例
    /// 附件4 没有“下一步改进措施”一节。
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

/// Each required section: the words any of which its heading contains.
const DEPARTMENT: &[(&str, &[&str])] = &[
    ("部门(单位)基本情况", &["基本情况"]),
    ("一般公共预算支出情况", &["一般公共预算"]),
    ("政府性基金预算支出情况", &["政府性基金"]),
    ("国有资本经营预算支出情况", &["国有资本"]),
    ("社会保险基金预算支出情况", &["社会保险基金"]),
    ("部门整体支出绩效情况", &["整体支出绩效情况", "绩效情况"]),
    ("存在的问题及原因分析", &["存在的问题", "存在问题"]),
    ("下一步改进措施", &["改进措施"]),
    ("自评结果拟应用和公开情况", &["公开"]),
    ("其他需要说明的情况", &["其他需要说明", "其他说明"]),
];

const PROJECT: &[(&str, &[&str])] = &[
    ("项目支出基本情况", &["基本情况"]),
    ("绩效评价工作情况", &["评价工作"]),
    ("主要绩效及评价结论", &["主要绩效", "评价结论"]),
    ("绩效评价指标分析", &["指标分析"]),
    ("主要经验及做法、存在的问题", &["存在的问题", "存在问题", "经验"]),
    ("有关建议", &["建议"]),
    ("其他需要说明的问题", &["其他需要说明", "其他说明"]),
];

fn missing(report: &Report) -> Vec<&'static str> {
    let headings: Vec<_> = report.sections.iter().map(|s| normalize(&s.heading.value)).collect();
    let required = if report.kind == FormKind::DepartmentReport { DEPARTMENT } else { PROJECT };
    required
        .iter()
        .filter(|(_, words)| !headings.iter().any(|h| words.iter().any(|w| h.contains(w))))
        .map(|(name, _)| *name)
        .collect()
}

fn check(cx: &Context, out: &mut Emit) {
    for report in cx.filing.department_report.iter().chain(&cx.filing.project_reports) {
        let missing = missing(report);
        if missing.is_empty() {
            continue;
        }
        let title = report.title.as_ref().map_or(report.kind.label(), |t| t.value.as_str());
        out.push(
            finding(msg(
                format!("{title}缺少：{}", missing.join("、")),
                format!("{title} lacks: {}", missing.join(", ")),
            ))
            .at(report.title.as_ref().map_or(&report.at, |t| &t.at))
            .expected(missing.join("、")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run};

    #[test]
    fn fires() {
        let filing = Parts::correct().edit("八、下一步改进措施", "八、其他").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("下一步改进措施"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
