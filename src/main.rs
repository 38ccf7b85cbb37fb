//! `counterpulse`: the teaching app (no subcommand, with the `gui` feature) and the
//! headless command line (`simulate`, `compare`, `presets`, `params`, `validate`).
//!
//! Educational simulator: not a medical device, not a controller.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser as _;
    use std::process::ExitCode;

    use std::io::Write as _;

    let args = cli::Cli::parse();
    let result = match args.command {
        Some(command) => cli::execute(command),
        None => open_app(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // Not `eprintln!`: it panics when stderr cannot be written (`2>/dev/full`).
            let _ = writeln!(std::io::stderr(), "error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

/// Opens the teaching app for the patient on the command line.
#[cfg(all(not(target_arch = "wasm32"), feature = "gui"))]
fn open_app(args: &cli::Cli) -> Result<(), cli::Failure> {
    use counterpulse::app::{AppOptions, Patient, ScreenshotRequest, View, run};

    let scenario = args.patient.resolve()?;
    let (view, lesson_step) =
        View::parse(&args.app.view).map_err(|e| cli::Failure { code: 2, error: anyhow::anyhow!("--view: {e}") })?;
    let screenshot = match &args.app.screenshot {
        Some(path) => Some(ScreenshotRequest { path: path.clone(), after_seconds: args.app.after_seconds()? }),
        None => None,
    };
    // The app draws through X11 (natively; XWayland on Wayland desktops). Without a display
    // winit would panic; say what to do instead.
    if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none() {
        return Err(cli::Failure {
            code: 1,
            error: anyhow::anyhow!(
                "no X11 display to open the app on (DISPLAY is not set). Run it on a desktop, under \
                 `xvfb-run` for screenshots, or use the command line: `counterpulse simulate --help`"
            ),
        });
    }
    let patient = Patient::from_scenario(scenario);
    let options = AppOptions {
        patient,
        screenshot,
        large: args.app.large,
        report_frames: args.app.report_frames,
        problem: None,
        view,
        lesson_step,
    };
    match run(options) {
        bevy::app::AppExit::Success => Ok(()),
        bevy::app::AppExit::Error(code) => {
            Err(cli::Failure { code: code.get(), error: anyhow::anyhow!("the app exited with an error") })
        }
    }
}

/// Without the `gui` feature there is no app. Bare `counterpulse` shows the commands; the
/// app's options are checked (a bad preset is still a bad preset) and then refused, so that
/// `--screenshot x.png` does not succeed without writing a file.
#[cfg(all(not(target_arch = "wasm32"), not(feature = "gui")))]
fn open_app(args: &cli::Cli) -> Result<(), cli::Failure> {
    use std::io::Write as _;

    if std::env::args_os().len() > 1 {
        args.patient.resolve()?;
        return Err(cli::Failure {
            code: 2,
            error: anyhow::anyhow!(
                "this build has no app (it was built without the `gui` feature), so the app's options \
                 do nothing and nothing was written; use `counterpulse simulate` (see --help)"
            ),
        });
    }
    let mut cmd = <cli::Cli as clap::CommandFactory>::command();
    let _ = cmd.print_help();
    let _ = writeln!(std::io::stderr(), "\n(this build has no app: it was built without the `gui` feature)");
    Ok(())
}

/// On the web the page's URL query chooses the patient (`?preset=...&assist=...`).
#[cfg(all(target_arch = "wasm32", feature = "gui"))]
fn main() {
    use counterpulse::app::{AppOptions, run, web};

    let (patient, (view, lesson_step), problem) = web::patient_from_url();
    run(AppOptions { patient, screenshot: None, large: false, report_frames: None, problem, view, lesson_step });
}

#[cfg(all(target_arch = "wasm32", not(feature = "gui")))]
fn main() {}
