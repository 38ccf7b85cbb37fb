//! `counterpulse`: the command line (and, with the `gui` feature, the teaching app).
//!
//! Educational simulator: not a medical device, not a controller.

mod cli;

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let Some(command) = args.command else {
        // The desktop app arrives with the `gui` feature's implementation; until then, help.
        let mut cmd = <cli::Cli as clap::CommandFactory>::command();
        let _ = cmd.print_help();
        return ExitCode::SUCCESS;
    };
    match cli::execute(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}
