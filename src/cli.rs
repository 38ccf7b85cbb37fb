//! The headless command line: `simulate`, `compare`, `sweep`, `presets`, `params`, `validate`.
//!
//! Exit codes: 0 success, 2 bad input (unknown preset or key, value out of range, malformed
//! TOML, bad duration), 1 anything else (e.g. the CSV file cannot be written).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use counterpulse::DISCLAIMER;
use counterpulse::compare::{self, ALL_DEVICES};
use counterpulse::devices::{AssistMode, Warning};
use counterpulse::metrics::{FIELDS, SUMMARY_BEATS, Summary, SummaryField, format_number};
use counterpulse::model::{CHANNELS, Snapshot};
use counterpulse::run::{DEFAULT_SECONDS, RunResult, SECONDS_RANGE, run, run_with_events};
use counterpulse::scenario::{
    Event, PRESETS, Preset, SHORT_NAMES, Scenario, ScenarioError, choices, clip, parse_number, registry,
    resolve_with_events, short_assignment, show, source_of,
};
use counterpulse::sweep::{self, Axis};
use counterpulse::validate;

/// Command-line interface.
#[derive(Debug, Parser)]
// The app's options belong to the app: given with a subcommand they would be silently ignored
// (`counterpulse --hr 120 simulate`), so clap refuses the mix.
#[command(
    name = "counterpulse",
    version,
    about = "Educational simulator of cardiac counterpulsation (IABP) and continuous-flow assist.",
    after_help = DISCLAIMER,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; without a subcommand the teaching app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The app's patient and device (same options as `simulate`).
    #[command(flatten)]
    pub patient: PatientArgs,
    /// The app's display and screenshot mode.
    #[command(flatten)]
    pub app: AppArgs,
}

/// Options of the app (no subcommand).
#[derive(Debug, Args)]
pub struct AppArgs {
    /// Render the app at `--after-seconds` of simulated time, save this PNG and exit.
    #[arg(long, value_name = "FILE.png")]
    pub screenshot: Option<PathBuf>,
    /// Simulated time (s) shown in the screenshot.
    #[arg(
        long = "after-seconds",
        value_name = "S",
        default_value = "20",
        allow_hyphen_values = true,
        requires = "screenshot"
    )]
    pub after_seconds: String,
    /// Start with large fonts and high contrast (projectors).
    #[arg(long)]
    pub large: bool,
    /// Open on this view: monitor, lesson-1 to lesson-12 (the lesson's first step, with its
    /// patient; lesson-10.4 opens step 4), quiz (with a first question) or compare.
    #[arg(long, value_name = "VIEW", default_value = "monitor", allow_hyphen_values = true)]
    pub view: String,
    /// Run this many frames live at 1×, print the CPU time per frame (simulation + interface)
    /// and exit.
    #[arg(
        long = "report-frames",
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=100_000),
        conflicts_with = "screenshot"
    )]
    pub report_frames: Option<u32>,
}

impl AppArgs {
    /// Simulated time of the screenshot (s), within the same range as `--seconds`.
    #[cfg(feature = "gui")]
    pub fn after_seconds(&self) -> Result<f64, Failure> {
        Ok(parse_seconds("--after-seconds", &self.after_seconds)?)
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario headless and print the metrics of the last beats.
    Simulate(SimulateArgs),
    /// Run the same patient without and with the chosen assist; print both and the difference.
    Compare(CompareArgs),
    /// Run the patient over a grid of one or two varied settings (the balloon's timing map,
    /// or any numeric parameter); print one index per cell, or every index as JSON or CSV.
    Sweep(SweepArgs),
    /// List the built-in presets.
    Presets {
        /// Print docs/MODEL.md's table of what each preset produces instead (every summary
        /// index, 60 s runs, the average of the last beats).
        #[arg(long)]
        markdown: bool,
    },
    /// List every parameter with unit, value in a preset, and allowed range.
    Params {
        /// Show values of this preset.
        #[arg(long, default_value = "normal", allow_hyphen_values = true)]
        preset: String,
        /// Print docs/MODEL.md's parameter table instead (every preset's values and sources).
        #[arg(long, conflicts_with = "preset")]
        markdown: bool,
    },
    /// Print the validation table of docs/MODEL.md: reference ranges, textbook signatures and
    /// literature figures next to what Counterpulse produces.
    Validate,
}

/// The patient and device: options shared by `simulate`, `compare` and the app.
#[derive(Debug, Args)]
pub struct PatientArgs {
    /// Built-in preset (see `counterpulse presets`); default `normal`, or the file's `preset`.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub preset: Option<String>,
    /// Scenario file (TOML) with a base `preset` and parameter overrides.
    #[arg(long, value_name = "FILE.toml")]
    pub scenario: Option<PathBuf>,
    /// Override one parameter, e.g. `--set heart.lv.ees_mmhg_per_ml=0.8` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE", allow_hyphen_values = true)]
    pub sets: Vec<String>,
    /// A change during the run (repeatable), e.g. `--event at_s=60,duration_s=30,ramp_s=5,hr=120`:
    /// when it starts, optionally how long it lasts and how long numbers take to change, and
    /// the keys it sets (parameter keys or short names; `rhythm=af`).
    #[arg(long = "event", value_name = "at_s=S[,duration_s=S][,ramp_s=S],KEY=VALUE...", allow_hyphen_values = true)]
    pub events: Vec<String>,
    /// The shorthand flags (`--hr`, `--assist`, `--p-level`, ...), one per flag row of
    /// `scenario::SHORT_NAMES`.
    #[command(flatten)]
    pub shorthand: ShortFlags,
}

/// Patient, device and the headless run's length and output format.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// Patient and device.
    #[command(flatten)]
    pub patient: PatientArgs,
    /// Simulated time (s).
    #[arg(long, default_value_t = DEFAULT_SECONDS.to_string(), value_name = "S", allow_hyphen_values = true)]
    pub seconds: String,
    /// Print one JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
}

impl ScenarioArgs {
    /// Resolves the patient and the run length.
    fn resolve(&self) -> Result<(Scenario, f64), Failure> {
        Ok((self.patient.resolve()?, parse_seconds("--seconds", &self.seconds)?))
    }
}

impl PatientArgs {
    /// Resolves preset, file and overrides (shorthand flags last) into a validated scenario.
    pub fn resolve(&self) -> Result<Scenario, Failure> {
        let file_text = match &self.scenario {
            Some(path) => Some((path.display().to_string(), read_scenario(path)?)),
            None => None,
        };
        let mut sets = self.sets.clone();
        for (name, value) in &self.shorthand.0 {
            // Every flag is a row of SHORT_NAMES, so it always has an assignment.
            sets.extend(short_assignment(name, value));
        }
        Ok(resolve_with_events(
            self.preset.as_deref(),
            file_text.as_ref().map(|(l, t)| (l.as_str(), t.as_str())),
            &sets,
            &self.events,
        )?)
    }
}

/// The shorthand flags given, as (name, value) in the order of `scenario::SHORT_NAMES`. Built
/// with clap's builder from that table (help from the registry), so a flag is declared once.
#[derive(Debug, Clone, Default)]
pub struct ShortFlags(pub Vec<(&'static str, String)>);

impl clap::FromArgMatches for ShortFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = Self::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for short in SHORT_NAMES.iter().filter(|s| s.flag) {
            if let Some(value) = matches.get_one::<String>(short.name) {
                self.0.retain(|(name, _)| *name != short.name);
                self.0.push((short.name, value.clone()));
            }
        }
        Ok(())
    }
}

impl clap::Args for ShortFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        SHORT_NAMES.iter().filter(|s| s.flag).fold(cmd, |cmd, short| {
            cmd.arg(
                clap::Arg::new(short.name)
                    .long(short.name)
                    .value_name(short.value_name())
                    .help(short.help())
                    // A value starting with '-' reaches the registry, which names the range.
                    .allow_hyphen_values(true),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// Largest scenario file read (bytes). A scenario is a few hundred bytes of TOML; the cap
/// keeps `--scenario /dev/zero` from reading until memory runs out.
const MAX_SCENARIO_BYTES: u64 = 1 << 20;

/// Reads a scenario file: a small regular file. A FIFO would block forever and a device would
/// never end, so anything else is refused before it is opened.
fn read_scenario(path: &Path) -> Result<String, Failure> {
    use std::io::Read as _;
    let bad = |why: String| Failure { code: 2, error: anyhow::anyhow!("--scenario {}: {why}", shown(path)) };
    let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot read the file: {e}")))?;
    if !meta.is_file() {
        return Err(bad("not a regular file; a scenario is a small TOML file".into()));
    }
    let too_big = |n: u64| bad(format!("{n} bytes; a scenario file holds at most {MAX_SCENARIO_BYTES} bytes"));
    if meta.len() > MAX_SCENARIO_BYTES {
        return Err(too_big(meta.len()));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SCENARIO_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| bad(format!("cannot read the file: {e}")))?;
    if text.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(too_big(text.len() as u64));
    }
    Ok(text)
}

/// A path as a message shows it (a very long one is cut).
fn shown(path: &Path) -> String {
    clip(&path.display().to_string())
}

/// Options of `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Patient, device and output options.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Write the time series (≥ 200 Hz) to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

/// Options of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Patient, device and output options; the device must not be `off`.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
}

/// Options of `sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Patient, device and output options; every cell is the run `simulate` makes with them.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Balloon inflation offsets to sweep (ms), e.g. `-80:80:40`.
    #[arg(long = "inflate-offsets", value_name = "START:STOP:STEP", allow_hyphen_values = true)]
    pub inflate_offsets: Option<String>,
    /// Balloon deflation offsets to sweep (ms), e.g. `-80:80:40`.
    #[arg(long = "deflate-offsets", value_name = "START:STOP:STEP", allow_hyphen_values = true)]
    pub deflate_offsets: Option<String>,
    /// Any numeric parameter to sweep (repeatable; two axes at most in all), e.g.
    /// `--vary heart.hr_bpm=60:120:20`.
    #[arg(long = "vary", value_name = "KEY=START:STOP:STEP", allow_hyphen_values = true)]
    pub vary: Vec<String>,
    /// The summary index the table shows (a key of `simulate --json`'s summary).
    #[arg(long, value_name = "KEY", default_value = "evr")]
    pub show: String,
    /// Write every cell (its settings and every summary index) to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
}

/// An error and the exit code it maps to.
pub struct Failure {
    /// 2 for bad input, 1 otherwise.
    pub code: u8,
    /// The error.
    pub error: anyhow::Error,
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Self { code: 2, error: e.into() }
    }
}

impl From<counterpulse::sweep::SweepError> for Failure {
    fn from(e: counterpulse::sweep::SweepError) -> Self {
        Self { code: 2, error: e.into() }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self { code: 1, error }
    }
}

/// Runs a subcommand, writing its output to stdout.
pub fn execute(command: Command) -> Result<(), Failure> {
    match command {
        Command::Simulate(args) => simulate(&args),
        Command::Compare(args) => compare(&args.scenario),
        Command::Sweep(args) => sweep(&args),
        Command::Presets { markdown: true } => print(&presets_markdown()?),
        Command::Presets { markdown: false } => {
            let mut out = String::new();
            for p in PRESETS {
                let _ = writeln!(out, "{:<20} {}", p.name, p.description());
            }
            let _ = writeln!(out, "\n{DISCLAIMER}");
            print(&out)
        }
        Command::Validate => {
            let rows = validate::rows()?;
            print(&format!("{DISCLAIMER}\n\n{}", validate::markdown(&rows)))
        }
        Command::Params { markdown: true, .. } => print(&params_markdown()?),
        Command::Params { preset, .. } => {
            let params = Preset::by_name(&preset)?.params()?;
            let mut out = format!("{:<52} {:>10}  {:<12} {:<20} meaning\n", "key", preset, "unit", "allowed");
            for s in registry() {
                let _ = writeln!(
                    out,
                    "{:<52} {:>10}  {:<12} {:<20} {}",
                    s.key,
                    format_value((s.get)(&params)),
                    s.unit,
                    format!("{} to {}", format_value(s.min), format_value(s.max)),
                    s.doc
                );
            }
            for c in choices() {
                let _ = writeln!(
                    out,
                    "{:<52} {:>10}  {:<12} {:<20} {}",
                    c.key,
                    (c.get)(&params),
                    "",
                    c.options.join(" | "),
                    c.doc
                );
            }
            let _ = writeln!(out, "\n{DISCLAIMER}");
            print(&out)
        }
    }
}

fn simulate(args: &SimulateArgs) -> Result<(), Failure> {
    let (scenario, seconds) = args.scenario.resolve()?;
    let mut csv = match &args.csv {
        Some(path) => Some(CsvWriter::create(path, &scenario, args.scenario.patient.scenario.as_deref())?),
        None => None,
    };
    let mut csv_error = None;
    let mut progress = Progress::new(seconds, scenario.params.solver.dt_ms, 1);
    let result = run_with_events(scenario.params.clone(), &scenario.events, seconds, |snap| {
        progress.tick(snap.t_s);
        if let Some(w) = csv.as_mut()
            && csv_error.is_none()
            && let Err(e) = w.sample(snap)
        {
            csv_error = Some(e);
        }
    });
    progress.finish();
    if let Some(e) = csv_error {
        return Err(e.into());
    }
    if let Some(w) = csv {
        w.finish()?;
    }
    check_finite(&scenario, &result)?;
    if args.scenario.json {
        print(&json_report(&scenario, seconds, &result).map_err(anyhow::Error::from)?)
    } else {
        print(&table(&scenario, seconds, &result))
    }
}

/// The axes `args` asks for, in the order inflation, deflation, `--vary`.
fn sweep_axes(args: &SweepArgs, scenario: &Scenario) -> Result<Vec<Axis>, Failure> {
    let mut axes = Vec::new();
    let offsets = [
        ("--inflate-offsets", "inflate_offset_ms", "assist.iabp.inflate_offset_ms", &args.inflate_offsets),
        ("--deflate-offsets", "deflate_offset_ms", "assist.iabp.deflate_offset_ms", &args.deflate_offsets),
    ];
    for (option, name, key, text) in offsets {
        if let Some(text) = text {
            if scenario.params.assist.mode != AssistMode::Iabp {
                return Err(Failure {
                    code: 2,
                    error: anyhow::anyhow!("{option}: the balloon's timing needs the balloon (--assist iabp)"),
                });
            }
            axes.push(Axis::parse(option, name, key, text)?);
        }
    }
    for text in &args.vary {
        axes.push(Axis::parse_vary(text)?);
    }
    Ok(axes)
}

fn sweep(args: &SweepArgs) -> Result<(), Failure> {
    let (scenario, seconds) = args.scenario.resolve()?;
    let shown_field = SummaryField::find(&args.show).ok_or_else(|| Failure {
        code: 2,
        error: anyhow::anyhow!(
            "--show '{}': not a summary index; one of: {}",
            clip(&args.show),
            FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
        ),
    })?;
    let axes = sweep_axes(args, &scenario)?;
    sweep::check_axes(&axes)?;
    // Checked before anything runs: a bad file name costs no simulation.
    let csv = match &args.csv {
        Some(path) => {
            Some(CsvWriter::open(path, args.scenario.patient.scenario.as_deref(), &sweep::csv_head(&scenario, &axes))?)
        }
        None => None,
    };
    let cell_count: usize = axes.iter().map(|a| a.values.len()).product();
    let mut progress = Progress::new(seconds, scenario.params.solver.dt_ms, cell_count);
    let cells = sweep::run(&scenario, &axes, seconds, |done| progress.tick(done as f64 * seconds))?;
    progress.finish();
    if let Some(bad) = cells.iter().find(|c| !c.finite) {
        return Err(Failure {
            code: 1,
            error: anyhow::anyhow!(
                "the simulation became numerically unstable at {}; lower solver.dt_ms (now {} ms)",
                sweep::describe(&axes, &bad.values),
                scenario.params.solver.dt_ms
            ),
        });
    }
    if let Some(mut w) = csv {
        for c in &cells {
            writeln!(w.out, "{}", sweep::csv_row(c)).with_context(|| w.context())?;
        }
        w.finish()?;
    }
    if args.scenario.json {
        let doc = serde_json::json!({
            "disclaimer": DISCLAIMER,
            "scenario": scenario_json(&scenario, seconds),
            "summary_beats": SUMMARY_BEATS,
            "axes": axes.iter().map(|a| serde_json::json!({"name": a.name, "key": a.spec.key, "values": a.values})).collect::<Vec<_>>(),
            "cells": cells.iter().map(|c| {
                let mut cell = serde_json::Map::new();
                for (a, v) in axes.iter().zip(&c.values) {
                    cell.insert(a.name.clone(), serde_json::json!(v));
                }
                cell.insert("summary".into(), serde_json::json!(c.summary));
                serde_json::Value::Object(cell)
            }).collect::<Vec<_>>(),
        });
        return print(&(serde_json::to_string_pretty(&doc).map_err(anyhow::Error::from)? + "\n"));
    }
    print(&sweep_table(&scenario, seconds, &axes, &cells, shown_field))
}

/// The table of `sweep`: one index per cell, a column per value of the second axis.
fn sweep_table(
    scenario: &Scenario,
    seconds: f64,
    axes: &[Axis],
    cells: &[sweep::Cell],
    field: &SummaryField,
) -> String {
    let dt_ms = scenario.params.solver.dt_ms;
    let mut out = heading(scenario, &format!("{seconds:.0} s per cell, step {dt_ms} ms, {} cells", cells.len()));
    let unit = if field.unit.is_empty() { String::new() } else { format!(" ({})", field.unit) };
    let _ = writeln!(out, "{}{unit}, average of the last {SUMMARY_BEATS} beats of each cell:\n", field.label);
    let value = |c: &sweep::Cell| {
        c.summary.as_ref().and_then(|s| (field.get)(s)).map_or_else(|| "n/a".to_owned(), format_number)
    };
    let width = axes[0].name.len().max(8);
    // An axis value as written (the range's values are rounded to a billionth).
    let at = |v: f64| format!("{v}");
    match axes {
        [a] => {
            let _ = writeln!(out, "  {:>width$} {:>12}", a.name, field.key);
            for c in cells {
                let _ = writeln!(out, "  {:>width$} {:>12}", at(c.values[0]), value(c));
            }
        }
        [a, b] => {
            let _ = writeln!(out, "  rows: {}; columns: {}", a.name, b.name);
            let mut head = format!("  {:>width$}", "");
            for v in &b.values {
                let _ = write!(head, " {:>9}", at(*v));
            }
            let _ = writeln!(out, "{head}");
            for row in cells.chunks(b.values.len()) {
                let mut line = format!("  {:>width$}", at(row[0].values[0]));
                for c in row {
                    let _ = write!(line, " {:>9}", value(c));
                }
                let _ = writeln!(out, "{line}");
            }
        }
        _ => {}
    }
    out
}

fn check_finite(scenario: &Scenario, result: &RunResult) -> Result<(), Failure> {
    if result.finite {
        return Ok(());
    }
    Err(Failure {
        code: 1,
        error: anyhow::anyhow!(
            "the simulation became numerically unstable; lower solver.dt_ms (now {} ms)",
            scenario.params.solver.dt_ms
        ),
    })
}

fn compare(args: &ScenarioArgs) -> Result<(), Failure> {
    let (scenario, seconds) = args.resolve()?;
    // Without a device: no assist, the balloon and the pump (each with its settings from the
    // scenario), as in the app's compare view; with one: without vs with it.
    let devices: Vec<AssistMode> = match scenario.params.assist.mode {
        AssistMode::Off => ALL_DEVICES.to_vec(),
        device => vec![AssistMode::Off, device],
    };
    let mut progress = Progress::new(seconds, scenario.params.solver.dt_ms, devices.len());
    let columns = compare::compare_observed(&scenario.params, &scenario.events, &devices, seconds, |i, t_s| {
        progress.tick(i as f64 * seconds + t_s);
    });
    progress.finish();
    for c in &columns {
        let mut s = scenario.clone();
        s.params.assist.mode = c.device;
        check_finite(&s, &c.result)?;
    }
    let summaries: Vec<Summary> = columns.iter().filter_map(|c| c.summary().copied()).collect();
    if summaries.len() < columns.len() {
        // The run was valid but too short to hold a complete beat at this rate.
        let rr_s = 60.0 / scenario.params.heart.hr_bpm;
        return Err(Failure {
            code: 2,
            error: anyhow::anyhow!(
                "--seconds {}: no complete beat to compare in {} s at {} bpm (one beat every {:.1} s); \
                 simulate for longer, e.g. --seconds {}",
                show(seconds),
                show(seconds),
                scenario.params.heart.hr_bpm,
                rr_s,
                (10.0 * rr_s).ceil().max(DEFAULT_SECONDS)
            ),
        });
    }
    if args.json {
        let doc = compare_json(&scenario, seconds, &columns, &summaries).map_err(anyhow::Error::from)?;
        return print(&(serde_json::to_string_pretty(&doc).map_err(anyhow::Error::from)? + "\n"));
    }
    let mut out = format!("{DISCLAIMER}\n\n");
    let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
    let _ = writeln!(
        out,
        "Scenario: {} | {:.0} s simulated, step {} ms | {}\nAverages over the last {} beats:\n",
        scenario.preset,
        seconds,
        scenario.params.solver.dt_ms,
        labels.join(" vs "),
        summaries[0].beats
    );
    out += &event_lines(&scenario);
    let heads: &[&str] = match columns.len() {
        2 => &["without", "with", "change"],
        _ => &["none", "balloon", "pump", "balloon-none", "pump-none"],
    };
    let width = SummaryField::label_width();
    let mut head = format!("  {:<width$}", "");
    for h in heads {
        let _ = write!(head, " {h:>12}");
    }
    let _ = writeln!(out, "{head}  unit");
    for row in compare::rows(&columns) {
        out += &compare_line(row.field.label, &row.cells, &row.changes, row.field.unit, width);
    }
    let event_rows = compare::event_rows(&columns, &scenario.events);
    if !event_rows.is_empty() {
        let _ = writeln!(
            out,
            "\nDuring the events (from the first one's start to the last one's end; CPO read over {} beats):",
            compare::CPO_READING_BEATS
        );
        for row in event_rows {
            out += &compare_line(row.label, &row.cells, &row.changes, row.unit, width);
        }
    }
    out += &warning_lines(&all_warnings(columns.iter().map(|c| &c.result)));
    print(&out)
}

/// One line of the `compare` table: the label, each column's value and each change, the unit.
fn compare_line(label: &str, cells: &[String], changes: &[String], unit: &str, width: usize) -> String {
    let mut line = format!("  {label:<width$}");
    for cell in cells.iter().chain(changes) {
        let _ = write!(line, " {cell:>12}");
    }
    format!("{}\n", format!("{line}  {unit}").trim_end())
}

/// The JSON of `compare`: `columns` (device, label, summary and difference from the first
/// column), plus `without`/`with`/`difference` when one device is compared.
fn compare_json(
    scenario: &Scenario,
    seconds: f64,
    columns: &[compare::Column],
    summaries: &[Summary],
) -> serde_json::Result<serde_json::Value> {
    let values = summaries.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
    let difference = |with: &serde_json::Value| {
        let mut diff = serde_json::Map::new();
        for (k, va) in values[0].as_object().into_iter().flatten() {
            let d = match (va.as_f64(), with[k].as_f64()) {
                (Some(x), Some(y)) => serde_json::json!(y - x),
                _ => serde_json::Value::Null,
            };
            diff.insert(k.clone(), d);
        }
        serde_json::Value::Object(diff)
    };
    let column_docs: Vec<serde_json::Value> = columns
        .iter()
        .zip(&values)
        .map(|(c, v)| {
            serde_json::json!({
                "device": c.device.name(),
                "label": c.label,
                "summary": v,
                "difference": difference(v),
                "event_figures": compare::EventFigures::of(&c.result.beats, &scenario.events),
                "warnings": c.result.warnings,
            })
        })
        .collect();
    let mut doc = serde_json::json!({
        "disclaimer": DISCLAIMER,
        "scenario": scenario_json(scenario, seconds),
        "summary_beats": SUMMARY_BEATS,
        "columns": column_docs,
        "warnings": all_warnings(columns.iter().map(|c| &c.result)),
    });
    if let [without, with] = &values[..] {
        doc["without"] = without.clone();
        doc["with"] = with.clone();
        doc["difference"] = difference(with);
    }
    Ok(doc)
}

/// The warnings of several runs, each once, in the order first raised.
fn all_warnings<'a>(results: impl Iterator<Item = &'a RunResult>) -> Vec<Warning> {
    let mut all: Vec<Warning> = Vec::new();
    for w in results.flat_map(|r| &r.warnings) {
        if !all.contains(w) {
            all.push(*w);
        }
    }
    all
}

/// Lines naming each warning, for the tables.
fn warning_lines(warnings: &[Warning]) -> String {
    warnings.iter().map(|w| format!("\nWarning ({}): {}\n", w.code, w.message)).collect()
}

/// A simulated duration given to `flag`, within [`SECONDS_RANGE`].
fn parse_seconds(flag: &str, text: &str) -> Result<f64, ScenarioError> {
    let (min, max) = SECONDS_RANGE;
    let v = parse_number(flag, text, SECONDS_RANGE, "s")?;
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(ScenarioError::Duration { flag: flag.into(), value: v, min, max })
    }
}

/// Writes `text` to stdout. Output that cannot be written (a full disk, `> /dev/full`) is a
/// failure; a reader that stopped early (`| head`) is not.
fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure { code: 1, error: anyhow::anyhow!("cannot write to standard output: {e}") }),
    }
}

fn format_value(v: f64) -> String {
    if v != 0.0 && (v.abs() < 0.01 || v.abs() >= 1e5) { format!("{v:e}") } else { format!("{v}") }
}

/// The `scenario` object of the JSON outputs; `events` only when there are some.
fn scenario_json(scenario: &Scenario, seconds: f64) -> serde_json::Value {
    let mut doc = serde_json::json!({
        "preset": scenario.preset,
        "seconds": seconds,
        "dt_ms": scenario.params.solver.dt_ms,
        "params": scenario.params,
    });
    if !scenario.events.is_empty() {
        doc["events"] = serde_json::json!(scenario.events);
    }
    doc
}

/// The lines naming a scenario's events, for the tables.
fn event_lines(scenario: &Scenario) -> String {
    scenario.events.iter().enumerate().map(|(i, e)| format!("Event {}: {}\n", i + 1, e.describe())).collect()
}

/// The JSON document of `simulate --json`.
pub fn json_report(scenario: &Scenario, seconds: f64, result: &RunResult) -> serde_json::Result<String> {
    let doc = serde_json::json!({
        "disclaimer": DISCLAIMER,
        "scenario": scenario_json(scenario, seconds),
        "summary_beats": SUMMARY_BEATS,
        "summary": result.summary,
        "beats": result.beats,
        "conservation": result.conservation,
        "warnings": result.warnings,
    });
    serde_json::to_string_pretty(&doc).map(|s| s + "\n")
}

/// The head of a table: the notice, the patient with its device and `run` (how long, what
/// step), and the events.
fn heading(scenario: &Scenario, run: &str) -> String {
    let label = compare::device_label(&scenario.params);
    format!("{DISCLAIMER}\n\nScenario: {} with {label} | {run}\n{}", scenario.preset, event_lines(scenario))
}

fn table(scenario: &Scenario, seconds: f64, result: &RunResult) -> String {
    let dt_ms = scenario.params.solver.dt_ms;
    let mut out =
        heading(scenario, &format!("{seconds:.0} s simulated, step {dt_ms} ms, {} beats", result.beats.len()));
    let Some(s) = result.summary else {
        out.push_str("No complete beat: simulate for longer (--seconds).\n");
        return out;
    };
    let _ = writeln!(out, "Averages over the last {} beats:\n", s.beats);
    // The rows of `compare` and the app's compare view: every index of `metrics::FIELDS`
    // that applies to this run.
    let width = SummaryField::label_width();
    for field in &FIELDS {
        if let Some(v) = (field.get)(&s) {
            let line = format!("  {:<width$} {:>12}  {}", field.label, format_number(v), field.unit);
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    let c = result.conservation;
    let _ = writeln!(
        out,
        "\nBlood volume: {:.3} mL at start, {:.3} mL at end.",
        c.initial_blood_volume_ml, c.final_blood_volume_ml
    );
    out + &warning_lines(&result.warnings)
}

/// Streams the time series to a CSV file at ≥ 200 Hz. A regular file is written beside its
/// target under a temporary name and renamed on success, so an existing file is never
/// truncated by a run that fails, and no half-written file is left behind.
struct CsvWriter {
    out: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
    /// The temporary file while writing, if the target is (or will be) a regular file.
    partial: Option<PathBuf>,
    every: usize,
    count: usize,
}

impl CsvWriter {
    /// The time series of `run`: the notice, its events and the channels' names, then a row
    /// every few steps.
    fn create(path: &Path, run: &Scenario, scenario: Option<&Path>) -> Result<Self, Failure> {
        let header: Vec<&str> = CHANNELS.iter().map(|c| c.name).collect();
        let events = Event::csv_comment_lines(&run.events);
        let mut writer = Self::open(path, scenario, &format!("# {DISCLAIMER}\n{events}{}\n", header.join(",")))?;
        // Every k-th step, with k·dt ≤ 5 ms, so the rate is at least 200 Hz.
        writer.every = ((5.0 / run.params.solver.dt_ms).floor() as usize).max(1);
        Ok(writer)
    }

    /// A CSV file at `path` (never the `scenario` input) starting with `head`.
    fn open(path: &Path, scenario: Option<&Path>, head: &str) -> Result<Self, Failure> {
        let bad = |why: String| Failure { code: 2, error: anyhow::anyhow!("--csv {}: {why}", shown(path)) };
        if let Some(input) = scenario
            && same_file(path, input)
        {
            return Err(bad(format!(
                "is the scenario file given to --scenario ({}); choose another file",
                shown(input)
            )));
        }
        let existing = std::fs::metadata(path).ok();
        if existing.as_ref().is_some_and(std::fs::Metadata::is_dir) {
            return Err(bad("is a directory; give a file name".into()));
        }
        // A device or FIFO (`/dev/stdout`, a pipe) is written directly; it cannot be renamed onto.
        let direct = existing.is_some_and(|m| !m.is_file());
        let (file, partial) = if direct {
            (std::fs::OpenOptions::new().write(true).open(path), None)
        } else {
            let name = path.file_name().map_or_else(|| "counterpulse.csv".into(), |n| n.to_string_lossy().into_owned());
            let temp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
            (std::fs::OpenOptions::new().write(true).create_new(true).open(&temp), Some(temp))
        };
        let file = file.map_err(|e| bad(format!("cannot create the file: {e}")))?;
        let mut writer =
            Self { out: std::io::BufWriter::new(file), path: path.to_path_buf(), partial, every: 1, count: 0 };
        write!(writer.out, "{head}").with_context(|| writer.context())?;
        Ok(writer)
    }

    fn context(&self) -> String {
        format!("writing {}", self.path.display())
    }

    fn sample(&mut self, s: &Snapshot) -> anyhow::Result<()> {
        self.count += 1;
        if !self.count.is_multiple_of(self.every) {
            return Ok(());
        }
        for (i, c) in CHANNELS.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(self.out, "{sep}{:.*}", c.decimals, (c.read)(s)).with_context(|| self.context())?;
        }
        writeln!(self.out).with_context(|| self.context())
    }

    /// Flushes the file and puts it in place.
    fn finish(mut self) -> anyhow::Result<()> {
        self.out.flush().with_context(|| self.context())?;
        if let Some(temp) = self.partial.take() {
            std::fs::rename(&temp, &self.path).with_context(|| self.context())?;
        }
        Ok(())
    }
}

impl Drop for CsvWriter {
    /// A run that failed leaves no partial file.
    fn drop(&mut self) {
        if let Some(temp) = &self.partial {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// True if `a` and `b` name the same existing file (also through links).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt as _;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}

/// A progress bar on stderr for runs long enough to look hung (about a second or more), with
/// the time left; nothing when stderr is not a terminal, so pipes and files get no extra text.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    /// Simulated seconds between updates of the bar.
    step_s: f64,
    next_s: f64,
}

impl Progress {
    /// Steps of integration below which no bar is shown (well under a second).
    const QUIET_STEPS: f64 = 1e6;

    /// A bar for `runs` runs of `seconds` each at step `dt_ms`.
    fn new(seconds: f64, dt_ms: f64, runs: usize) -> Self {
        use std::io::IsTerminal as _;
        let total_s = seconds * runs as f64;
        let show = std::io::stderr().is_terminal() && total_s / (dt_ms / 1000.0) >= Self::QUIET_STEPS;
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::new(total_s.ceil() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "simulating {bar:30} {pos}/{len} s simulated, {elapsed} elapsed, about {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Self { bar, step_s: (total_s / 200.0).max(1.0), next_s: 0.0 }
    }

    /// Reports `done_s` simulated seconds.
    fn tick(&mut self, done_s: f64) {
        if let Some(bar) = &self.bar
            && done_s >= self.next_s
        {
            bar.set_position(done_s as u64);
            self.next_s = done_s + self.step_s;
        }
    }

    /// Removes the bar.
    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The head of a Markdown table with a column per preset between `before` and `after`.
fn preset_table_head(before: &[&str], after: &[&str]) -> String {
    let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
    let columns = [before, &names, after].concat();
    format!("| {} |\n|{}\n", columns.join(" | "), "---|".repeat(columns.len()))
}

/// The table of docs/MODEL.md that says what each preset produces: every summary index (the
/// rows of `simulate` and `compare`) for each preset, run for the default time.
fn presets_markdown() -> Result<String, Failure> {
    let mut summaries = Vec::new();
    for p in PRESETS {
        let result = run(p.params()?, DEFAULT_SECONDS, |_| {});
        summaries.push(result.summary.ok_or_else(|| anyhow::anyhow!("preset {} completed no beat", p.name))?);
    }
    let mut out = preset_table_head(&["index", "unit"], &[]);
    for field in &FIELDS {
        let values: Vec<Option<f64>> = summaries.iter().map(|s| (field.get)(s)).collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        let _ = write!(out, "| {} | {} |", field.label, field.unit);
        for v in values {
            let _ = write!(out, " {} |", v.map_or_else(|| "n/a".to_owned(), format_number));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{DEFAULT_SECONDS} s runs at each preset's step, the average of the last {SUMMARY_BEATS} beats."
    );
    Ok(out)
}

/// The parameter table of docs/MODEL.md: every parameter with unit, value in each preset,
/// allowed range, meaning and source.
fn params_markdown() -> Result<String, Failure> {
    let presets = PRESETS.iter().map(|p| p.params()).collect::<Result<Vec<_>, _>>()?;
    let mut out = preset_table_head(&["key", "unit"], &["allowed", "meaning", "source"]);
    for s in registry() {
        let _ = write!(out, "| `{}` | {} |", s.key, s.unit);
        for p in &presets {
            let _ = write!(out, " {} |", format_value((s.get)(p)));
        }
        let _ =
            writeln!(out, " {} to {} | {} | {} |", format_value(s.min), format_value(s.max), s.doc, source_of(s.key));
    }
    for c in choices() {
        let _ = write!(out, "| `{}` | |", c.key);
        for p in &presets {
            let _ = write!(out, " {} |", (c.get)(p));
        }
        let _ = writeln!(out, " {} | {} | {} |", c.options.join(" \\| "), c.doc, source_of(c.key));
    }
    Ok(out)
}
