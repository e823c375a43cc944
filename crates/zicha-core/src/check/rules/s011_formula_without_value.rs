//! S011: formula cells whose results the file does not hold.

use crate::check::{Context, Emit, finding, msg};
use crate::grid::ReadNote;
use crate::model::StructureIssue;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 单元格里有公式，但文件没有保存公式的计算结果（由不计算公式的工具生成或导出）。这些单元格读出来是空的。
    /// ## 为什么重要
    /// 合计、执行率、得分常用公式计算；没有结果时，这些数字既无法核对，公开后读者也看不到。
    /// ## 示例
    /// 年度资金总额一格是“=SUM(D6:D8)”，但文件中没有它的值。
    /// ## 依据
    /// 实践。
    /// ## 如何修改
    /// 用 Excel、WPS 或 LibreOffice 打开文件，重新计算后保存，再检查。
    pub static RULE = {
        code: "S011",
        name: "公式没有计算结果",
        name_en: "formula without a cached value",
        severity: Error,
        help: "用 Excel、WPS 或 LibreOffice 打开文件，重新计算后保存，再检查。",
        help_en: "Open the file in Excel, WPS or LibreOffice, recalculate, save, and check again.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for issue in &cx.filing.issues {
        if let StructureIssue::Read(ReadNote::FormulaWithoutValue { at, formula }) = issue {
            out.push(
                finding(msg(format!("公式 ={formula} 没有保存计算结果"), format!("formula ={formula} has no saved result")))
                    .at(at)
                    .found(format!("={formula}")),
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
        filing.issues.push(StructureIssue::Read(ReadNote::FormulaWithoutValue { at, formula: "SUM(D6:D8)".into() }));
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
