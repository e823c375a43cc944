//! S008: 填表人 / 填报日期 / 单位负责人签字 left empty.

use crate::check::{Context, Emit, finding, msg};
use crate::model::{FormKind, SignOff, Text};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1、附件2 表尾的“填表人”“填报日期”“单位负责人签字”是否填写。
    /// ## 为什么重要
    /// 签字和日期表明材料经过单位审核；缺少时材料不完整，公开或报送前应补齐。
    /// ## 示例
    /// 表尾写着“单位负责人签字：”，后面空白。
    /// ## 依据
    /// 各地绩效自评通知的表尾要求（实践）。
    /// ## 如何修改
    /// 补填填表人、填报日期，并由单位负责人签字。
    pub static RULE = {
        code: "S008",
        name: "表尾签字信息未填",
        name_en: "sign-off fields empty",
        severity: Info,
        help: "补填填表人、填报日期，并由单位负责人签字。",
        help_en: "Fill in who filled the form and when, and have the head of the unit sign.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let forms: [(&str, Option<&SignOff>); 2] = [
        (cx.filing.form_label(FormKind::BasicData), cx.filing.basic_data.as_ref().map(|b| &b.sign_off)),
        (cx.filing.form_label(FormKind::Department), cx.filing.department.as_ref().map(|d| &d.sign_off)),
    ];
    for (form, sign_off) in forms {
        let Some(sign_off) = sign_off else { continue };
        let fields: [(&str, &Option<Text>); 3] =
            [("填表人", &sign_off.filled_by), ("填报日期", &sign_off.date), ("单位负责人签字", &sign_off.head_signature)];
        for (label, field) in fields {
            if let Some(text) = field
                && text.value.trim().is_empty()
            {
                out.push(finding(msg(format!("{form}的“{label}”未填"), format!("{form}: {label} is empty"))).at(&text.at));
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
        let filing = Parts::correct().edit("单位负责人签字：李四", "单位负责人签字：").filing();
        assert!(one(run(&RULE, &filing), Severity::Info).message.zh.contains("单位负责人签字"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
