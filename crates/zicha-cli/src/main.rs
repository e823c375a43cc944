//! `zicha`: the command line of the checker. `main` only maps the outcome to an exit code:
//! 0 no errors, 1 errors found, 2 a file could not be read.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command line prints: it is its output

mod batch;
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zicha_core::profile::Profile;

/// A check makes and frees tens of thousands of small strings and vectors; with glibc's allocator a check took
/// 5–20% longer than with mimalloc, timed in turns, the more so when the machine was busy (measured: `git log -p BENCHMARKS.md`). The
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
        /// `auto` (told from each filing: its template family and province), a built-in profile (`zicha
        /// profiles` lists them) or a profile JSON file.
        #[arg(long, default_value = "auto")]
        profile: String,
        /// A bureau's own template family (JSON, see docs/templates.md), added to the built-in ones; repeatable.
        #[arg(long, value_name = "FILE")]
        template: Vec<PathBuf>,
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
    /// List the built-in profiles and template families.
    Profiles,
    /// Score the checker on a corpus of real filings with answer keys (fixtures/real).
    Corpus {
        #[arg(default_value = "fixtures/real")]
        dir: PathBuf,
        /// Fail (exit 1) when the score is worse than this bar (JSON).
        #[arg(long, value_name = "FILE")]
        bar: Option<PathBuf>,
        /// Check every case under this profile instead of the detected one.
        #[arg(long)]
        profile: Option<String>,
        /// List each missed mistake and false error.
        #[arg(long, short)]
        verbose: bool,
    },
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
    // A reader panic on a malformed file is caught and reported as that file being unreadable, in the file's
    // own message: nothing of it reaches stderr. Any other panic is printed as usual.
    zicha_core::read::quiet_reader_panics();
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
        Command::Check { paths, profile, template, format, each_file, summary_csv, summary_xlsx, jobs } => {
            let options = zicha_core::Options {
                templates: template.iter().map(|p| load_template(p)).collect::<Result<_, _>>()?,
                profile: if profile == "auto" { None } else { Some(load_profile(&profile)?) },
            };
            let filings = batch::collect(&paths, each_file)?;
            if filings.is_empty() {
                return Err("没有找到可检查的文件（xlsx、xlsm、xls、ods、docx）".into());
            }
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
            let outcomes = batch::check_all(&filings, &options, jobs);
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
        Command::Profiles => {
            println!("方案 (profiles):");
            for p in Profile::builtin() {
                println!("  {:<20} {}\n  {:<20} 依据：{}", p.id, p.name, "", p.basis);
            }
            println!("\n模板 (template families):");
            for t in zicha_core::template::Template::builtin().iter().filter(|t| t.id != "common") {
                let profile = t.profile.as_deref().unwrap_or("—");
                println!("  {:<20} {}（方案 {profile}）\n  {:<20} 依据：{}", t.id, t.name, "", t.basis);
            }
            Ok(0)
        }
        Command::Corpus { dir, bar, profile, verbose } => {
            let profile = profile.map(|p| load_profile(&p)).transpose()?;
            let bar = bar.map(|b| corpus::load_bar(&b)).transpose()?;
            let (report, meets) = corpus::run(&dir, profile.as_ref(), bar.as_ref(), verbose)?;
            print!("{report}");
            Ok(if meets { 0 } else { 1 })
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

/// A bureau's template family file.
fn load_template(path: &std::path::Path) -> Result<zicha_core::template::Template, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("模板 {}：无法读取文件（{e}）", path.display()))?;
    zicha_core::template::Template::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `hunan`, `central`, or a path to a bureau's JSON profile.
fn load_profile(name: &str) -> Result<Profile, String> {
    if let Some(profile) = Profile::builtin_by_id(name) {
        return Ok(profile);
    }
    let text = std::fs::read_to_string(name)
        .map_err(|e| format!("方案 {name}：既不是内置方案（zicha profiles 列出全部），也无法读取文件（{e}）"))?;
    Profile::from_json(&text).map_err(|e| format!("{name}: {e}"))
}
