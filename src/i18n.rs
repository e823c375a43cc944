//! The page's words in Chinese (first) and English.

use crate::display::{Bilingual, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// Every fixed text of the page.
pub struct Texts {
    pub title: &'static str,
    pub tagline: &'static str,
    pub privacy: &'static str,
    pub open: &'static str,
    pub drop: &'static str,
    pub formats: &'static str,
    pub sample: &'static str,
    pub profile: &'static str,
    pub profile_file: &'static str,
    pub profile_auto: &'static str,
    pub detected: &'static str,
    pub language: &'static str,
    pub checking: &'static str,
    pub findings: &'static str,
    pub filter_text: &'static str,
    pub all_forms: &'static str,
    pub no_findings: &'static str,
    pub score_card: &'static str,
    /// Said instead of the score table when no form has a score to recompute (a report alone).
    pub no_scores: &'static str,
    pub declared: &'static str,
    pub recomputed: &'static str,
    pub grade: &'static str,
    pub execution_rate: &'static str,
    pub found: &'static str,
    pub expected: &'static str,
    pub help: &'static str,
    pub explain: &'static str,
    pub close: &'static str,
    pub export_csv: &'static str,
    pub export_json: &'static str,
    pub export_xlsx: &'static str,
    pub print: &'static str,
    pub review_copy_note: &'static str,
    pub viewer: &'static str,
    pub cell_filter: &'static str,
    pub clear: &'static str,
    pub empty_hint: &'static str,
    pub worker_crashed: &'static str,
    pub files: &'static str,
    pub counts: &'static str,
    pub score_differences: &'static str,
    /// The brand's seal glyph beside the title.
    pub seal: &'static str,
    pub config_profile_missing: fn(&str) -> String,
    pub config_template_missing: fn(&str) -> String,
    pub exporter_failed: &'static str,
    pub building_review_copy: &'static str,
    pub download_review_copy: &'static str,
    /// `(chosen, most)`: more files chosen than one filing may have.
    pub too_many_files: fn(usize, usize) -> String,
    /// `(file, limit)`
    pub file_too_large: fn(&str, &str) -> String,
    pub file_unreadable: fn(&str) -> String,
    pub update_ready: &'static str,
    pub reload: &'static str,
    /// The sample filing's file name, as its addresses show it.
    pub sample_name: &'static str,
    pub sample_failed: &'static str,
    /// The findings exports' file names: `{stem}-{findings_file}.csv`.
    pub findings_file: &'static str,
    pub findings_csv_header: &'static str,
    pub what_is_checked: &'static str,
    pub offline_note: &'static str,
    /// Between a label and its value.
    pub colon: &'static str,
    /// Between the items of a list.
    pub list_separator: &'static str,
    /// A message with its detail after it: `(message, detail)`.
    pub with_detail: fn(&str, &str) -> String,
    pub back_to_batch: &'static str,
    pub batch_failed: &'static str,
}

pub const ZH: Texts = Texts {
    title: "自查 · 预算绩效自评检查",
    tagline: "检查部门整体和项目支出绩效自评材料中的计算、评分、指标和前后一致性问题",
    privacy: "文件只在本机浏览器中检查，不会上传到任何地方",
    open: "打开文件",
    drop: "把同一份材料的表格和报告文件拖到这里，或",
    formats: "支持 xlsx、xlsm、xls、et、ods、docx、doc、wps、XML 表格 2003 和网页（含 mht），可多选",
    sample: "用示例材料试一试",
    profile: "评分方案",
    profile_file: "其他方案文件…",
    profile_auto: "自动识别（按模板和地区）",
    detected: "识别依据",
    language: "English",
    checking: "正在检查",
    findings: "发现的问题",
    filter_text: "筛选：代码、规则或文字",
    all_forms: "全部表格",
    no_findings: "没有符合条件的问题。",
    score_card: "得分",
    no_scores: "材料中没有带分值的自评表，得分无从重算",
    declared: "自评",
    recomputed: "重算",
    grade: "等级",
    execution_rate: "执行率",
    found: "发现",
    expected: "应为",
    help: "修改",
    explain: "规则说明",
    close: "关闭",
    export_csv: "导出 CSV",
    export_json: "导出 JSON",
    export_xlsx: "审阅副本 xlsx",
    print: "打印",
    review_copy_note: "审阅副本是标注了问题的表格副本，仅供核对，不能代替原始材料。",
    viewer: "原文",
    cell_filter: "只看此单元格的问题",
    clear: "清除",
    empty_hint: "尚未打开材料。表格和报告可以分在几个文件里，一起打开即可。",
    worker_crashed: "检查时出错，已重新启动检查程序。请重试，或把文件另存为 xlsx / docx 后再检查。",
    files: "文件",
    counts: "问题",
    score_differences: "自评与重算不一致的得分",
    seal: "查",
    config_profile_missing: |path| format!("zicha-config.json 所列的方案文件 {path} 无法读取"),
    config_template_missing: |path| format!("zicha-config.json 所列的模板文件 {path} 无法读取"),
    exporter_failed: "无法启动审阅副本程序",
    building_review_copy: "生成审阅副本",
    download_review_copy: "下载审阅副本",
    too_many_files: |chosen, most| format!("一次选了 {chosen} 个文件，一份材料最多 {most} 个文件，超出检查上限"),
    file_too_large: |file, limit| format!("{file}：文件大于 {limit}，超出检查上限，请确认是否选错了文件"),
    file_unreadable: |file| format!("{file}：无法读取文件"),
    update_ready: "新版本已下载。",
    reload: "重新加载",
    sample_name: "示例-绩效自评.docx",
    sample_failed: "示例材料加载失败",
    findings_file: "问题清单",
    findings_csv_header: "级别,代码,规则,表格,问题,位置,发现,应为,修改建议",
    what_is_checked: "检查内容",
    offline_note: "。检查全程离线进行，关闭页面即清除。",
    colon: "：",
    list_separator: "、",
    with_detail: |message, detail| format!("{message}（{detail}）"),
    back_to_batch: "← 返回批量结果",
    batch_failed: "批量检查程序无法加载，请刷新页面后重试",
};

pub const EN: Texts = Texts {
    title: "zicha · performance self-evaluation checker",
    tagline: "Checks the arithmetic, scoring, indicators and consistency of 绩效自评 filings",
    privacy: "Files are checked in this browser only and never uploaded",
    open: "Open files",
    drop: "Drop the tables and reports of one filing here, or",
    formats: "xlsx, xlsm, xls, et, ods, docx, doc, wps, Excel 2003 XML and web pages (mht too); several at once",
    sample: "Try the sample filing",
    profile: "Profile",
    profile_file: "Other profile file…",
    profile_auto: "Detect (template and region)",
    detected: "Detected",
    language: "中文",
    checking: "Checking",
    findings: "Findings",
    filter_text: "Filter: code, rule or words",
    all_forms: "All forms",
    no_findings: "No findings match.",
    score_card: "Scores",
    no_scores: "No scored self-evaluation table in the filing: there is no score to recompute",
    declared: "declared",
    recomputed: "recomputed",
    grade: "grade",
    execution_rate: "execution",
    found: "found",
    expected: "expected",
    help: "fix",
    explain: "About this rule",
    close: "Close",
    export_csv: "Export CSV",
    export_json: "Export JSON",
    export_xlsx: "Review copy xlsx",
    print: "Print",
    review_copy_note: "The review copy is a copy of the tables with the findings marked, for checking only; it does not replace the filing.",
    viewer: "Document",
    cell_filter: "Findings on this cell only",
    clear: "Clear",
    empty_hint: "No filing open yet. Tables and reports may be in several files: open them together.",
    worker_crashed: "The check failed and was restarted. Try again, or save the file as xlsx / docx first.",
    files: "Files",
    counts: "Findings",
    score_differences: "Scores that differ from the recomputed ones",
    seal: "查",
    config_profile_missing: |path| format!("The profile file {path} listed in zicha-config.json cannot be read"),
    config_template_missing: |path| format!("The template file {path} listed in zicha-config.json cannot be read"),
    exporter_failed: "The review copy could not be started",
    building_review_copy: "Building the review copy",
    download_review_copy: "Download the review copy",
    too_many_files: |chosen, most| format!("{chosen} files chosen; a filing has at most {most}"),
    file_too_large: |file, limit| {
        format!("{file}: larger than {limit}, beyond the checker's limit; was it the right file?")
    },
    file_unreadable: |file| format!("{file}: cannot be read"),
    update_ready: "A new version is ready.",
    reload: "Reload",
    sample_name: "sample-filing.docx",
    sample_failed: "The sample filing could not be loaded",
    findings_file: "findings",
    findings_csv_header: "severity,code,rule,form,message,locations,found,expected,help",
    what_is_checked: "What is checked",
    offline_note: ". The check runs offline; closing the page forgets everything.",
    colon: ": ",
    list_separator: "; ",
    with_detail: |message, detail| format!("{message} ({detail})"),
    back_to_batch: "← Back to the batch",
    batch_failed: "The batch review could not be loaded; reload the page and try again",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub fn severity(lang: Lang, severity: Severity) -> &'static str {
    match (lang, severity) {
        (Lang::Zh, Severity::Error) => "强制",
        (Lang::Zh, Severity::Warning) => "提示",
        (Lang::Zh, Severity::Info) => "信息",
        (Lang::En, Severity::Error) => "error",
        (Lang::En, Severity::Warning) => "warning",
        (Lang::En, Severity::Info) => "info",
    }
}

/// The text in the chosen language, falling back to Chinese where no English exists.
pub fn pick(lang: Lang, text: &Bilingual) -> String {
    if lang == Lang::En && !text.en.is_empty() { text.en.clone() } else { text.zh.clone() }
}

/// The batch review's words.
pub struct BatchTexts {
    pub open_folder: &'static str,
    pub open_zip: &'static str,
    pub folder_hint: &'static str,
    pub title: &'static str,
    /// `已检查 {done} / {total} 份`
    pub progress: fn(usize, usize) -> String,
    /// `约剩 {seconds} 秒`
    pub left: fn(u64) -> String,
    pub cancel: &'static str,
    pub cancelled: &'static str,
    pub show: &'static str,
    pub show_all: &'static str,
    pub show_errors: &'static str,
    pub show_differs: &'static str,
    pub show_unreadable: &'static str,
    pub search: &'static str,
    pub export_summary_csv: &'static str,
    pub export_summary_xlsx: &'static str,
    pub export_findings_csv: &'static str,
    pub open_filing: &'static str,
    pub rules_chart: &'static str,
    pub scores_chart: &'static str,
    pub grades_chart: &'static str,
    /// `{n} 份材料`
    pub filings: fn(usize) -> String,
    /// `第 {from}–{to} 条，共 {total} 条`
    pub page_rows: fn(usize, usize, usize) -> String,
    pub pages: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub no_filings: &'static str,
    /// The summary's column headers, in `SUMMARY_HEADER` order.
    pub columns: [&'static str; 14],
    /// A summary line's status (通过, 有强制问题, 无法读取, as the summary writes it) in this language.
    pub status: fn(&str) -> &str,
    pub summary_csv_name: &'static str,
    pub summary_xlsx_name: &'static str,
    pub findings_csv_name: &'static str,
}

pub const BATCH_ZH: BatchTexts = BatchTexts {
    open_folder: "打开文件夹",
    open_zip: "打开压缩包",
    folder_hint: "财政部门批量审核：打开一个文件夹或 .zip 压缩包，每个子文件夹是一个单位的材料",
    title: "批量检查",
    progress: |done, total| format!("已检查 {done} / {total} 份"),
    left: |seconds| format!("约剩 {seconds} 秒"),
    cancel: "取消",
    cancelled: "已取消，未检查的材料不在表中",
    show: "显示",
    show_all: "全部材料",
    show_errors: "仅有强制问题的",
    show_differs: "自评总分与重算不符的",
    show_unreadable: "无法读取的",
    search: "按材料或单位查找",
    export_summary_csv: "导出汇总 CSV",
    export_summary_xlsx: "导出汇总 Excel",
    export_findings_csv: "导出全部问题 CSV",
    open_filing: "打开这份材料",
    rules_chart: "各规则触发的材料数",
    scores_chart: "重算总分分布",
    grades_chart: "等级分布",
    filings: |n| format!("{n} 份材料"),
    page_rows: |from, to, total| format!("第 {from}–{to} 条，共 {total} 条"),
    pages: "表格分页",
    previous_page: "上一页",
    next_page: "下一页",
    no_filings: "文件夹或压缩包中没有可检查的文件",
    // The summary's own header: the table reads as the exported CSV.
    columns: zicha_core::batch::SUMMARY_HEADER,
    status: |status| status,
    summary_csv_name: "检查汇总.csv",
    summary_xlsx_name: "检查汇总.xlsx",
    findings_csv_name: "全部问题.csv",
};

pub const BATCH_EN: BatchTexts = BatchTexts {
    open_folder: "Open a folder",
    open_zip: "Open a zip",
    folder_hint: "Bureau review: open a folder or a .zip; each subfolder is one unit's filing",
    title: "Batch check",
    progress: |done, total| format!("{done} of {total} checked"),
    left: |seconds| format!("about {seconds} s left"),
    cancel: "Cancel",
    cancelled: "Cancelled; filings not yet checked are not in the table",
    show: "Show",
    show_all: "All filings",
    show_errors: "With errors only",
    show_differs: "Declared total differs from recomputed",
    show_unreadable: "Unreadable",
    search: "Find by filing or unit",
    export_summary_csv: "Export summary CSV",
    export_summary_xlsx: "Export summary Excel",
    export_findings_csv: "Export all findings CSV",
    open_filing: "Open this filing",
    rules_chart: "Filings each rule fired in",
    scores_chart: "Recomputed totals",
    grades_chart: "Grades",
    filings: |n| format!("{n} filings"),
    page_rows: |from, to, total| format!("Rows {from}–{to} of {total}"),
    pages: "Table pages",
    previous_page: "Previous page",
    next_page: "Next page",
    no_filings: "The folder or zip holds no file to check",
    columns: [
        "Filing",
        "Unit",
        "Template",
        "Profile",
        "Declared",
        "Recomputed",
        "Grade",
        "Execution (%)",
        "Errors",
        "Warnings",
        "Info",
        "Status",
        "Top rules",
        "Note",
    ],
    status: |status| match status {
        zicha_core::batch::PASSED => "passed",
        zicha_core::batch::HAS_ERRORS => "has errors",
        zicha_core::batch::UNREADABLE => "unreadable",
        other => other,
    },
    summary_csv_name: "batch-summary.csv",
    summary_xlsx_name: "batch-summary.xlsx",
    findings_csv_name: "batch-findings.csv",
};

/// Words kept in Chinese whatever the page's language: the batch summary's reasons (its lines and exports are the
/// CLI's, in Chinese), the worker's failures given as the detail beside a translated message, and the errors of a
/// bureau's `zicha-config.json` (for the bureau's own administrator, like the configuration's documentation).
pub mod zh_only {
    pub const WORKER_UNAVAILABLE: &str = "无法启动检查程序（浏览器不支持 Web Worker？）";
    pub fn worker_error(what: &str) -> String {
        format!("检查程序出错：{what}")
    }
    pub const TIMED_OUT: &str = "检查超过 60 秒，已停止。文件可能过大或已损坏。";
    pub const FILE_UNREADABLE: &str = "无法读取文件，请重新选择";
    pub fn config_invalid(line: usize, why: &str) -> String {
        format!("zicha-config.json 有误（第 {line} 行）：{why}")
    }
    pub fn config_language(language: &str) -> String {
        format!("zicha-config.json：language 应为 zh 或 en，而不是 {language}")
    }
    pub fn config_default_profile(default: &str) -> String {
        format!("zicha-config.json：default_profile {default} 不在 profiles 之中")
    }
    pub fn config_relative_path(path: &str) -> String {
        format!("zicha-config.json：{path} 必须是应用目录内的相对路径（如 profiles/我局.json）")
    }
}

pub fn batch_texts(lang: Lang) -> &'static BatchTexts {
    match lang {
        Lang::Zh => &BATCH_ZH,
        Lang::En => &BATCH_EN,
    }
}

#[cfg(test)]
mod batch_tests {
    /// The Chinese column headers are the summary's own, so the table reads as the exported CSV.
    #[test]
    fn batch_columns_are_the_summary_header() {
        assert_eq!(super::BATCH_ZH.columns, zicha_core::batch::SUMMARY_HEADER);
    }
}

#[cfg(test)]
mod literal_tests {
    /// The page's code says nothing itself: every word it shows comes from this file, so the English page has
    /// no Chinese left in it (and the Chinese none in English). A literal that is data, not words (a form's
    /// number matched, a grade as the summary writes it), says so with a `// data` comment on its line. Tests
    /// and comments are not looked at; the worker's side (`worker.rs`) speaks the core's Chinese by design.
    #[test]
    fn the_page_has_no_chinese_literal_outside_i18n() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files: Vec<std::path::PathBuf> =
            ["app.rs", "batch_link.rs", "bridge.rs", "pool.rs", "config.rs", "state.rs", "batch.rs", "export.rs"]
                .iter()
                .map(|f| root.join(f))
                .collect();
        for entry in std::fs::read_dir(root.join("ui")).unwrap() {
            files.push(entry.unwrap().path());
        }
        let chinese =
            |c: char| matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
        let mut found = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                let trimmed = line.trim_start();
                if trimmed.starts_with("//") || line.contains("// data") {
                    continue;
                }
                // The odd pieces between quotes are the literals (no literal here holds an escaped quote).
                let literal = line.split('"').skip(1).step_by(2).any(|piece| piece.chars().any(chinese));
                if literal {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(found.is_empty(), "Chinese literals outside i18n.rs:\n{}", found.join("\n"));
    }
}
