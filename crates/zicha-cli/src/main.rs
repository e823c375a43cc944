//! `zicha`: the command line of the checker. `main` only maps the outcome to an exit code:
//! 0 no errors, 1 errors found, 2 a file could not be read.

mod batch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zicha_core::profile::Profile;

/// A check makes and frees tens of thousands of small strings and vectors; with glibc's allocator a check took
/// 5–20% longer than with mimalloc, timed in turns, the more so when the machine was busy (BENCHMARKS.md). The
/// price is memory mimalloc keeps: a 500-filing batch peaks at 60–63 MB instead of 35–37 MB. (The web app keeps the
/// wasm target's allocator.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "zicha", version, about = "自查：预算绩效自评材料检查 (checks 绩效自评 filings)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check filings: files (together one filing) or folders (each folder's files one filing).
    Check {
        /// Files of one filing, or folders to search recursively (see --each-file).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// A built-in profile (`hunan`, `central`) or a profile JSON file.
        #[arg(long, default_value = "hunan")]
        profile: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check every file as a filing of its own instead of grouping by folder.
        #[arg(long)]
        each_file: bool,
        /// Write a one-row-per-filing summary as CSV.
        #[arg(long, value_name = "FILE")]
        summary_csv: Option<PathBuf>,
        /// Write the same summary as an xlsx workbook.
        #[arg(long, value_name = "FILE")]
        summary_xlsx: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Print the recognised model of one filing (its files given together), every value with its address.
    Inspect {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = InspectFormat::Json)]
        format: InspectFormat,
    },
    /// Explain a rule: what it checks, why, an example, its basis, how to fix.
    Explain { code: String },
    /// List every rule.
    Rules {
        /// The full reference in Markdown (docs/rules.md).
        #[arg(long)]
        markdown: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum InspectFormat {
    Json,
}

fn main() -> ExitCode {
    // A reader panic on a malformed file is caught and reported as that file being unreadable; say so in one
    // line instead of a backtrace.
    std::panic::set_hook(Box::new(|info| eprintln!("zicha: 读取文件时遇到内部错误，已按无法读取处理（{info}）")));
    match run(Cli::parse()) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("zicha: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Check { paths, profile, format, each_file, summary_csv, summary_xlsx, jobs } => {
            let profile = load_profile(&profile)?;
            let filings = batch::collect(&paths, each_file)?;
            if filings.is_empty() {
                return Err("没有找到可检查的文件（xlsx、xlsm、xls、ods、docx）".into());
            }
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
            let outcomes = batch::check_all(&filings, &profile, jobs);
            let stdout = match format {
                Format::Text => batch::text(&outcomes),
                Format::Json => batch::json(&outcomes),
                Format::Csv => batch::csv(&outcomes),
            };
            print!("{stdout}");
            if let Some(path) = summary_csv {
                std::fs::write(&path, batch::summary_csv(&outcomes)).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            if let Some(path) = summary_xlsx {
                std::fs::write(&path, batch::summary_xlsx(&outcomes)?)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            Ok(batch::exit_code(&outcomes))
        }
        Command::Inspect { files, format: InspectFormat::Json } => {
            let inputs = batch::load(&files)?;
            let filing = zicha_core::inspect(&inputs).map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string_pretty(&filing).map_err(|e| e.to_string())?);
            Ok(0)
        }
        Command::Explain { code } => {
            let code = code.to_uppercase();
            let rule =
                zicha_core::check::rule(&code).ok_or_else(|| format!("没有规则 {code}（zicha rules 列出全部规则）"))?;
            println!("{} {} · {}\n{}\n\n{}", rule.code, rule.name, rule.name_en, rule.summary(), rule.documentation());
            Ok(0)
        }
        Command::Rules { markdown } => {
            if markdown {
                print!("{}", zicha_core::check::rules_markdown());
            } else {
                for rule in zicha_core::check::rules::ALL {
                    println!("{}  {:<4}  {}  ({})", rule.code, rule.severity.zh(), rule.name, rule.name_en);
                }
            }
            Ok(0)
        }
    }
}

/// `hunan`, `central`, or a path to a bureau's JSON profile.
fn load_profile(name: &str) -> Result<Profile, String> {
    if let Some(profile) = Profile::builtin_by_id(name) {
        return Ok(profile);
    }
    let text = std::fs::read_to_string(name)
        .map_err(|e| format!("方案 {name}：既不是内置方案（hunan、central），也无法读取文件（{e}）"))?;
    Profile::from_json(&text).map_err(|e| format!("{name}: {e}"))
}
