//! S012: a file of the filing that could not be read, while the others were.

use crate::check::{Context, Emit, finding, msg};
use crate::grid::ReadNote;
use crate::model::StructureIssue;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 一份材料有多个文件，其中某个文件无法读取（损坏、加密、格式不支持或超出检查上限）；其余文件照常检查，
    /// 这个文件里的表格和报告没有检查。
    /// ## 为什么重要
    /// 没有读到的文件里的错误都不会被发现，与其他文件的核对（报告与表格是否一致）也缺了一方；检查结果
    /// 看似完整，其实少了一部分。
    /// ## 示例
    /// 附件2.xlsx 与 自评报告.docx 一起检查，自评报告.docx 只下载了一半。
    /// ## 依据
    /// 实践。
    /// ## 如何修改
    /// 按提示处理该文件（重新保存、取消密码或另存为 xlsx / docx），再与其他文件一起检查。
    pub static RULE = {
        code: "S012",
        name: "文件无法读取",
        name_en: "file not read",
        severity: Error,
        help: "按提示处理该文件（重新保存、取消密码或另存为 xlsx / docx），再与其他文件一起检查。",
        help_en: "Fix the file as the message says (save it again, remove its password, or save as xlsx / docx), then check it with the others.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for issue in &cx.filing.issues {
        if let StructureIssue::Read(ReadNote::Unreadable { file, message }) = issue {
            out.push(
                finding(msg(format!("未检查：{message}"), format!("not checked: {message}"))).found(file.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let mut filing = Parts::correct().filing();
        let (file, message) = ("报告.docx".to_string(), "报告.docx: 文件已损坏或不完整".to_string());
        filing.issues.push(StructureIssue::Read(ReadNote::Unreadable { file, message }));
        assert_eq!(one(run(&RULE, &filing), Severity::Error).found.as_deref(), Some("报告.docx"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
