//! Sweeps: one scenario run over a grid of one or two varied settings, every cell exactly the
//! run `simulate` makes with those settings. `counterpulse sweep` prints or writes the grid;
//! the balloon's timing map is the grid of inflation against deflation offsets.
//!
//! Cells run in parallel on every core (scoped std threads taking cells in turn); each cell is
//! a run of its own with no shared state, so the result does not depend on the number of
//! threads or their order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use thiserror::Error;

use crate::DISCLAIMER;
use crate::compare::device_label;
use crate::metrics::{FIELDS, Summary};
use crate::model::Params;
use crate::run::{RunResult, run_with_events};
use crate::scenario::{
    Event, ParamSpec, Scenario, ScenarioError, check_events, check_range, clip, find, show, validate,
};

/// Most cells a sweep runs: a 20 × 20 map.
pub const MAX_CELLS: usize = 400;

/// Most varied settings at once.
pub const MAX_AXES: usize = 2;

/// A sweep that cannot run: every message names the option, its value and what is allowed.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SweepError {
    /// A range that is not `START:STOP:STEP` with numbers, or is empty or reversed.
    #[error("{option} '{}': {reason}", clip(.text))]
    Range {
        /// The option, e.g. `--inflate-offsets` or `--vary heart.hr_bpm`.
        option: String,
        /// The text given.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// `--vary` names no numeric parameter.
    #[error("--vary '{}': {reason}", clip(.text))]
    Key {
        /// The text given.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// Too many axes or cells, or none.
    #[error("{0}")]
    Grid(String),
    /// A cell whose settings are not a valid patient.
    #[error("cell {cell}: {error}")]
    Cell {
        /// The cell's settings, e.g. `inflate_offset_ms = -40, deflate_offset_ms = 80`.
        cell: String,
        /// Why it is invalid.
        error: ScenarioError,
    },
}

/// One varied setting.
#[derive(Debug, Clone)]
pub struct Axis {
    /// Its name in the output: `inflate_offset_ms`, `deflate_offset_ms`, or the parameter key.
    pub name: String,
    /// The registry entry it sets (its key, range and setter).
    pub spec: ParamSpec,
    /// The values, in increasing order.
    pub values: Vec<f64>,
}

impl Axis {
    /// The axis `option` describes with `text` (`START:STOP:STEP`) for registry `key`, named
    /// `name` in the output.
    pub fn parse(option: &str, name: &str, key: &str, text: &str) -> Result<Self, SweepError> {
        let bad = |reason: String| SweepError::Range { option: option.into(), text: text.into(), reason };
        let spec = find(key).ok_or_else(|| SweepError::Key {
            text: key.into(),
            reason: "not a numeric parameter; run `counterpulse params` for the list".into(),
        })?;
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let [start, stop, step] = parts[..] else {
            return Err(bad("must be START:STOP:STEP, e.g. -80:80:40".into()));
        };
        let number = |what: &str, t: &str| {
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(format!("{what} '{}' is not a number", clip(t))))
        };
        let (start, stop, step) = (number("START", start)?, number("STOP", stop)?, number("STEP", step)?);
        if step <= 0.0 {
            return Err(bad(format!("STEP must be above 0 (is {})", show(step))));
        }
        if stop < start {
            return Err(bad(format!("STOP {} is below START {}: the range is reversed", show(stop), show(start))));
        }
        let count = ((stop - start) / step + 1e-9).floor() + 1.0;
        if count > MAX_CELLS as f64 {
            return Err(bad(format!("{count} values; a sweep runs at most {MAX_CELLS} cells")));
        }
        // Rounded to a billionth so 0.1-steps read as written (0.3, not 0.30000000000000004).
        let values: Vec<f64> = (0..count as usize).map(|i| ((start + i as f64 * step) * 1e9).round() / 1e9).collect();
        // Each value as any input of this key is checked: whole where it must be, in range.
        for &v in &values {
            check_range(&spec, v).map_err(|e| bad(e.to_string()))?;
        }
        Ok(Self { name: name.into(), spec, values })
    }

    /// `--vary KEY=START:STOP:STEP`.
    pub fn parse_vary(text: &str) -> Result<Self, SweepError> {
        let (key, range) = text.split_once('=').ok_or_else(|| SweepError::Key {
            text: text.into(),
            reason: "must be KEY=START:STOP:STEP, e.g. heart.hr_bpm=60:120:20".into(),
        })?;
        let key = key.trim();
        Self::parse(&format!("--vary {}", clip(key)), key, key, range)
    }
}

/// One cell of the grid: the axes' values and the summary of its run.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// One value per axis, in axis order.
    pub values: Vec<f64>,
    /// The summary of the run (None if it completed no beat).
    pub summary: Option<Summary>,
    /// True if every state stayed finite.
    pub finite: bool,
}

impl Cell {
    /// The cell with axis `values` whose run gave `result`.
    pub fn from_result(values: Vec<f64>, result: &RunResult) -> Self {
        Self { values, summary: result.summary, finite: result.finite }
    }
}

/// Checks the axes of a sweep.
pub fn check_axes(axes: &[Axis]) -> Result<(), SweepError> {
    if axes.is_empty() {
        return Err(SweepError::Grid(
            "nothing to sweep: give --inflate-offsets, --deflate-offsets or --vary KEY=START:STOP:STEP".into(),
        ));
    }
    if axes.len() > MAX_AXES {
        return Err(SweepError::Grid(format!("{} axes; a sweep varies at most {MAX_AXES} settings", axes.len())));
    }
    if axes.len() == 2 && axes[0].spec.key == axes[1].spec.key {
        return Err(SweepError::Grid(format!("{} is varied twice", axes[0].spec.key)));
    }
    let cells: usize = axes.iter().map(|a| a.values.len()).product();
    if cells > MAX_CELLS {
        let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
        return Err(SweepError::Grid(format!(
            "{} = {cells} cells; a sweep runs at most {MAX_CELLS}",
            sizes.join(" × ")
        )));
    }
    Ok(())
}

/// Every cell's axis values, the first axis outermost.
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |cells, axis| {
        cells.iter().flat_map(|c| axis.values.iter().map(move |v| [c.as_slice(), &[*v]].concat())).collect()
    })
}

/// A cell's settings as messages name them, e.g. `inflate_offset_ms = -40, deflate_offset_ms = 80`.
pub fn describe(axes: &[Axis], values: &[f64]) -> String {
    axes.iter().zip(values).map(|(a, v)| format!("{} = {}", a.name, show(*v))).collect::<Vec<_>>().join(", ")
}

/// The parameters of the cell with `values` (one per axis), validated with the scenario's
/// events as every input is.
pub fn cell_params(scenario: &Scenario, axes: &[Axis], values: &[f64]) -> Result<Params, SweepError> {
    let mut params = scenario.params.clone();
    for (axis, &v) in axes.iter().zip(values) {
        (axis.spec.set)(&mut params, v);
    }
    validate(&params)
        .and_then(|()| check_events(&params, &scenario.events))
        .map_err(|error| SweepError::Cell { cell: describe(axes, values), error })?;
    Ok(params)
}

/// The CSV head of a sweep: the notice, the scenario and its events, the column names (the
/// axes, then every summary index).
pub fn csv_head(scenario: &Scenario, axes: &[Axis]) -> String {
    let mut columns: Vec<&str> = axes.iter().map(|a| a.name.as_str()).collect();
    columns.extend(FIELDS.iter().map(|f| f.key));
    format!(
        "# {DISCLAIMER}\n# scenario: {} with {}\n{}{}\n",
        scenario.preset,
        device_label(&scenario.params),
        Event::csv_comment_lines(&scenario.events),
        columns.join(",")
    )
}

/// One CSV row of a sweep (no line end): the cell's axis values, then every summary index
/// (empty where it does not apply).
pub fn csv_row(cell: &Cell) -> String {
    let mut row: Vec<String> = cell.values.iter().map(|v| format!("{v}")).collect();
    row.extend(
        FIELDS.iter().map(|f| cell.summary.as_ref().and_then(|s| (f.get)(s)).map_or(String::new(), |v| format!("{v}"))),
    );
    row.join(",")
}

/// Runs every cell of `axes` on `scenario` for `seconds`, on all cores, calling `on_done(n)`
/// on the calling thread as the n-th cell finishes. Every cell is checked before any runs.
pub fn run(
    scenario: &Scenario,
    axes: &[Axis],
    seconds: f64,
    mut on_done: impl FnMut(usize),
) -> Result<Vec<Cell>, SweepError> {
    check_axes(axes)?;
    let cells = grid(axes);
    let params = cells.iter().map(|v| cell_params(scenario, axes, v)).collect::<Result<Vec<_>, _>>()?;
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(cells.len());
    let mut results: Vec<Option<Cell>> = vec![None; cells.len()];
    std::thread::scope(|scope| {
        let (done, finished) = mpsc::channel();
        for _ in 0..threads {
            let (done, next, params, cells, events) = (done.clone(), &next, &params, &cells, &scenario.events);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = params.get(i) else { break };
                    let result = run_with_events(p.clone(), events, seconds, |_| {});
                    if done.send((i, Cell::from_result(cells[i].clone(), &result))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        for (n, (i, cell)) in finished.iter().enumerate() {
            results[i] = Some(cell);
            on_done(n + 1);
        }
    });
    // Every index was sent once: the threads take each index exactly once.
    Ok(cells
        .into_iter()
        .zip(results)
        .map(|(values, r)| r.unwrap_or(Cell { values, summary: None, finite: false }))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_read_as_written() {
        let a = Axis::parse("--vary", "k", "heart.lv.ees_mmhg_per_ml", "0.2:0.6:0.1").unwrap();
        assert_eq!(a.values, [0.2, 0.3, 0.4, 0.5, 0.6]);
        let a = Axis::parse("--inflate-offsets", "inflate_offset_ms", "assist.iabp.inflate_offset_ms", "-80:80:40")
            .unwrap();
        assert_eq!(a.values, [-80.0, -40.0, 0.0, 40.0, 80.0]);
        assert_eq!(Axis::parse("--vary", "k", "heart.hr_bpm", "60:60:10").unwrap().values, [60.0]);
    }

    #[test]
    fn the_grid_runs_the_first_axis_outermost() {
        let spec = |key| find(key).unwrap();
        let a = Axis { name: "a".into(), spec: spec("heart.hr_bpm"), values: vec![1.0, 2.0] };
        let b = Axis { name: "b".into(), spec: spec("blood.total_volume_ml"), values: vec![10.0, 20.0, 30.0] };
        assert_eq!(grid(&[a, b]), [[1.0, 10.0], [1.0, 20.0], [1.0, 30.0], [2.0, 10.0], [2.0, 20.0], [2.0, 30.0]]);
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        let err =
            |t: &str| Axis::parse("--vary heart.hr_bpm", "heart.hr_bpm", "heart.hr_bpm", t).unwrap_err().to_string();
        assert!(err("120:60:10").contains("reversed"), "{}", err("120:60:10"));
        assert!(err("60:120:0").contains("STEP must be above 0"));
        assert!(err("60:120").contains("START:STOP:STEP"));
        assert!(err("60:x:10").contains("STOP 'x' is not a number"));
        assert!(err("20:120:10").contains("heart.hr_bpm = 20 is out of range; allowed 30 to 160"));
        assert!(err("30:160:0.1").contains("at most 400 cells"));
        let e = Axis::parse_vary("heart.rhythm=1:2:1").unwrap_err().to_string();
        assert!(e.contains("not a numeric parameter"), "{e}");
        let e = Axis::parse_vary("assist.pump.p_level=1:8:0.5").unwrap_err().to_string();
        assert!(e.contains("assist.pump.p_level = 1.5 must be a whole number from 0 to 9"), "{e}");
    }
}
