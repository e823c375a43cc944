//! S001: a form the profile expects is absent.

use crate::check::{Context, Emit, Severity, finding, msg};
use crate::model::FormKind;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 方案要求的表格或报告（附件1 基础数据表、附件2 部门整体支出绩效自评表、附件3 项目支出绩效自评表、附件4/附件5
    /// 自评报告）是否都已找到。方案列为“必需”的缺失为强制错误，列为“应有”的缺失为提示。
    /// ## 为什么重要
    /// 缺表的材料无法审核；表格之间、表格与报告之间的核对也无从进行。
    /// ## 示例
    /// 只上传了自评表 xlsx，没有上传自评报告 docx：附件4、附件5 未找到。
    /// ## 依据
    /// 财预〔2020〕10号《项目支出绩效评价管理办法》；各地部门整体支出绩效自评通知所列附件。
    /// ## 如何修改
    /// 把同一份材料的所有文件（表格和报告）一起打开检查；确无此表的，在报告中说明原因。
    pub static RULE = {
        code: "S001",
        name: "缺少表格或报告",
        name_en: "missing form",
        severity: Error,
        help: "把同一份材料的所有文件一起打开检查；确无此表的，请在报告中说明。",
        help_en: "Open all files of the filing together; if the unit truly has no such form, say so in the report.",
        check: check,
    };
}

fn present(cx: &Context, form: FormKind) -> bool {
    let f = cx.filing;
    match form {
        FormKind::BasicData => f.basic_data.is_some(),
        FormKind::Department => f.department.is_some(),
        FormKind::Project => !f.projects.is_empty(),
        FormKind::DepartmentReport => f.department_report.is_some(),
        FormKind::ProjectReport => !f.project_reports.is_empty(),
    }
}

fn check(cx: &Context, out: &mut Emit) {
    let f = cx.filing;
    // What is missing is judged against what the filing is: a project's self-evaluation (one or more project
    // forms, a transfer-payment form, their reports) is complete without a department's forms.
    let department_filing = f.department.is_some() || f.basic_data.is_some() || f.department_report.is_some();
    let project_filing = !f.projects.is_empty() || !f.project_reports.is_empty();
    if !department_filing && project_filing {
        return;
    }
    // A report published alone (most published self-evaluations are prose) is read as it is: that its tables are
    // not with it is worth saying, not an error.
    let no_forms = f.basic_data.is_none() && f.department.is_none() && f.projects.is_empty();
    if no_forms && f.department_report.is_some() {
        out.push(
            finding(msg(
                "只有自评报告，未附自评表：报告中的数字无法与表格核对".to_string(),
                "a report alone, with no self-evaluation table: its numbers cannot be checked against tables".to_string(),
            ))
            .severity(Severity::Info),
        );
        return;
    }
    let required = cx.profile.required_forms.iter().map(|f| (f, Severity::Error));
    let expected = cx.profile.expected_forms.iter().map(|f| (f, Severity::Warning));
    // A profile that asks for no department form is one for projects' self-evaluations (the central one): its
    // project form is not asked of a department's, which files its own forms (Hebei's 部门整体 form and report).
    let for_projects = !cx.profile.required_forms.contains(&FormKind::Department);
    for (&form, severity) in required.chain(expected) {
        if present(cx, form) || form == FormKind::Project && department_filing && for_projects {
            continue;
        }
        let title = cx.filing.form_title(form);
        out.push(
            finding(msg(format!("未找到{title}"), format!("{title} not found")))
                .expected(title)
                .severity(severity),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, run, snapshot};
    use crate::profile::Profile;

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let mut parts = Parts::correct();
        parts.projects.clear();
        let found = one(run(&RULE, &parts.filing()), Severity::Error);
        assert!(found.message.zh.contains("附件3"));
        let mut parts = Parts::correct();
        parts.reports.clear();
        let findings = run(&RULE, &parts.filing());
        assert_eq!(findings.len(), 2);
        assert!(findings.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }

    /// A department's report alone is read as it is: no error for the tables not with it.
    #[test]
    fn a_report_alone_lacks_no_form() {
        let mut parts = Parts::correct();
        parts.basic.clear();
        parts.department.clear();
        parts.projects.clear();
        parts.reports.truncate(crate::check::testing::DEPARTMENT_REPORT.len());
        one(run(&RULE, &parts.filing()), Severity::Info);
    }

    /// Pingshan's (fixtures/real/hebei-pingshan-2023-xingzhengshenpi): a department's form and report, checked by a
    /// profile for projects' self-evaluations, are not asked for a project form; Hunan's asks a department for both.
    #[test]
    fn a_department_filing_is_asked_for_project_forms_only_by_a_profile_asking_for_both() {
        let mut parts = Parts::correct();
        parts.projects.clear();
        let central = Profile::builtin_by_id("central").expect("the central profile");
        assert!(crate::check::testing::run_with(&RULE, &parts.filing(), &central).is_empty());
        one(run(&RULE, &parts.filing()), Severity::Error);
    }

    /// A project's own self-evaluation (a lone project form, as most provinces file it) lacks nothing.
    #[test]
    fn a_lone_project_form_is_complete() {
        let mut parts = Parts::correct();
        parts.basic.clear();
        parts.department.clear();
        parts.reports.clear();
        assert_eq!(parts.filing().projects.len(), 2);
        assert!(run(&RULE, &parts.filing()).is_empty());
    }
}
