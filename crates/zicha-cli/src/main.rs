//! `zicha`: the command line of the checker. `main` only maps the outcome to an exit code:
//! 0 all went well, 1 the filing has errors, 2 a file could not be read.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zicha_core::InputFile;

#[derive(Parser)]
#[command(name = "zicha", version, about = "自查: 绩效自评 filing checker")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the recognised model of one filing (its files given together), every value with its address.
    Inspect {
        /// The files of one filing (xlsx, xlsm, xls, ods, docx).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect { files, format: Format::Json } => match inspect(&files) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("zicha: {message}");
                ExitCode::from(2)
            }
        },
    }
}

fn inspect(paths: &[PathBuf]) -> Result<String, String> {
    let files = load(paths)?;
    let filing = zicha_core::inspect(&files).map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&filing).map_err(|e| e.to_string())
}

/// Reads the files; each is named in addresses by its file name alone.
fn load(paths: &[PathBuf]) -> Result<Vec<InputFile>, String> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: 无法读取文件 ({e})", path.display()))?;
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            Ok(InputFile::new(name, bytes))
        })
        .collect()
}
