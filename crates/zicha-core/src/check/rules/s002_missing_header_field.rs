//! S002: a header field of 附件2 / 附件3 is empty.

use crate::check::{Context, Emit, finding, msg};
use crate::model::{FormKind, Text};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件2 的“预算部门名称”，附件3 的“项目支出名称”“主管部门”“实施单位”是否填写。
    /// ## 为什么重要
    /// 这些字段确定表格属于哪个单位、哪个项目；为空时无法与基础数据表、报告对应，公开后也无法辨认。
    /// ## 示例
    /// 附件3 中“实施单位”一栏空白。
    /// ## 依据
    /// 财预〔2020〕10号附件《项目支出绩效自评表》表头项目。
    /// ## 如何修改
    /// 填写完整的单位全称和项目名称（与预算批复一致）。
    pub static RULE = {
        code: "S002",
        name: "表头字段未填",
        name_en: "missing header field",
        severity: Error,
        help: "填写单位全称和项目名称，与预算批复保持一致。",
        help_en: "Fill in the unit's full name and the project name as in the budget approval.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let fields: Vec<(&str, &Option<Text>)> = if form.kind == FormKind::Department {
            vec![("预算部门名称", &form.name)]
        } else {
            vec![
                ("项目名称", &form.name),
                ("主管部门", &form.supervisor),
                ("实施单位", &form.implementer),
                ("中央主管部门", &form.central_supervisor),
            ]
        };
        for (label, field) in fields {
            // A field whose label was not found at all is S009's; here the label is there and its value blank.
            let Some(text) = field else { continue };
            if text.value.trim().is_empty() {
                out.push(
                    finding(msg(format!("{form_name}的“{label}”为空"), format!("{form_name}: {label} is empty")))
                        .at(&text.at),
                );
            }
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
        let filing = Parts::correct().edit("实施单位 | 某某局", "实施单位 | ").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert!(found.message.zh.contains("实施单位"), "{}", found.message.zh);
        assert_eq!(found.locations[0].at.to_string(), "[t.xlsx]附件3-1!H3");
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
