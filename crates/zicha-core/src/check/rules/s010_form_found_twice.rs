//! S010: the same form found twice.

use crate::check::{Context, Emit, finding, msg};
use crate::model::StructureIssue;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1、附件2、附件4 每份材料只应有一张（份）；找到第二张时报告，并只检查第一张。
    /// ## 为什么重要
    /// 重复的表通常是旧稿未删或两个版本混在一起，可能导致审核看到的不是最终数据。
    /// ## 示例
    /// 工作簿里有“附件2”和“附件2 (2)”两张工作表，都是部门整体支出绩效自评表。
    /// ## 依据
    /// 实践。
    /// ## 如何修改
    /// 删除旧稿或重复的表，只保留最终版本。
    pub static RULE = {
        code: "S010",
        name: "表格重复",
        name_en: "form found twice",
        severity: Warning,
        help: "删除旧稿或重复的表，只保留最终版本。",
        help_en: "Delete old drafts or duplicates; keep only the final version.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for issue in &cx.filing.issues {
        if let StructureIssue::DuplicateForm { form, at, first } = issue {
            out.push(
                finding(msg(
                    format!("{}出现了两次，只检查了第一张", cx.filing.form_title(*form)),
                    format!("{} appears twice; only the first was checked", cx.filing.form_title(*form)),
                ))
                .at(at)
                .at(first),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{DEPARTMENT, Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let mut parts = Parts::correct();
        parts.projects.push(DEPARTMENT.to_string());
        one(run(&RULE, &parts.filing()), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
