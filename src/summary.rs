//! What the page shows of a recognised filing: plain data, built and tested natively.

use zicha_core::model::{Filing, FormKind, StructureIssue};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub lines: Vec<String>,
}

pub fn summarise(filing: &Filing) -> Summary {
    let mut lines = Vec::new();
    let found =
        |kind: FormKind, present: bool| format!("{}：{}", kind.label(), if present { "已识别" } else { "未找到" });
    lines.push(found(FormKind::BasicData, filing.basic_data.is_some()));
    lines.push(found(FormKind::Department, filing.department.is_some()));
    lines.push(format!("{}：{} 张", FormKind::Project.label(), filing.projects.len()));
    lines.push(found(FormKind::DepartmentReport, filing.department_report.is_some()));
    lines.push(format!("{}：{} 份", FormKind::ProjectReport.label(), filing.project_reports.len()));
    let indicators: usize = filing.department.iter().chain(&filing.projects).map(|form| form.indicators.len()).sum();
    lines.push(format!("绩效指标：共 {indicators} 条"));
    let unread = filing.issues.iter().filter(|i| matches!(i, StructureIssue::Read(_))).count();
    if unread > 0 {
        lines.push(format!("公式未保存计算结果的单元格：{unread} 个"));
    }
    Summary { lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_filing_says_what_is_missing() {
        let summary = summarise(&Filing::default());
        assert_eq!(summary.lines[0], "附件1 部门整体支出绩效评价基础数据表：未找到");
        assert_eq!(summary.lines[2], "附件3 项目支出绩效自评表：0 张");
        assert_eq!(summary.lines[5], "绩效指标：共 0 条");
    }
}
