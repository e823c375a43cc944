//! S013: cells far right of the table they are in, kept apart and not checked.

use crate::check::{Context, Emit, finding, msg};
use crate::grid::ReadNote;
use crate::model::StructureIssue;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 工作表或表格中，有单元格远在本行其他内容右侧（相隔 256 列以上，如 XFD 列）。这些单元格单独保存，
    /// 不参与识别和核对，也不在表格视图中显示。
    /// ## 为什么重要
    /// 远处的单元格多是误输入、复制残留或格式残留；如果其中确有数据，它不会被检查。把它们按表格铺开会让
    /// 一个小文件占用数 GB 内存。
    /// ## 示例
    /// 3000 行中每行 A 列有项目名称，XFD 列还有一个“1”。
    /// ## 依据
    /// 实践。
    /// ## 如何修改
    /// 在 Excel 或 WPS 中按 Ctrl+End 找到这些单元格，删除后保存，再检查；若其中有数据，移到表格内。
    pub static RULE = {
        code: "S013",
        name: "远离表格的单元格",
        name_en: "cells far from the table",
        severity: Warning,
        help: "按 Ctrl+End 找到这些单元格，删除后保存再检查；若其中有数据，移到表格内。",
        help_en: "Find them with Ctrl+End and delete them, or move their data into the table; then check again.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for issue in &cx.filing.issues {
        if let StructureIssue::Read(ReadNote::FarCells { at, count }) = issue {
            out.push(
                finding(msg(
                    format!("表格右侧远处有 {count} 个单元格，未显示也未检查"),
                    format!("{count} cells far right of the table: not shown and not checked"),
                ))
                .at(at),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};
    use crate::grid::Address;

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let mut filing = Parts::correct().filing();
        let at = Address::paragraph("t.xlsx", 1);
        filing.issues.push(StructureIssue::Read(ReadNote::FarCells { at, count: 3000 }));
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("3000 个单元格"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
