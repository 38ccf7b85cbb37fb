//! The same patient under different devices, run side by side: `counterpulse compare` and the
//! app's compare view call [`compare`], so their numbers are the same by construction.

use std::collections::VecDeque;

use crate::devices::{AssistMode, Deflation, Trigger};
use crate::metrics::{BeatMetrics, FIELDS, Summary, SummaryField, format_change, format_number};
use crate::model::{Params, Snapshot};
use crate::run::{RunResult, run_with_events};
use crate::scenario::Event;

/// Seconds of the end of each run kept as traces for the compare view.
pub const TRACE_TAIL_S: f64 = 3.0;

/// One trace sample of a compared run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TracePoint {
    /// Time since the start of the run (s).
    pub t_s: f64,
    /// Aortic-root pressure (mmHg).
    pub aortic_mmhg: f64,
    /// LV pressure (mmHg).
    pub lv_mmhg: f64,
    /// LV volume (mL).
    pub lv_volume_ml: f64,
}

/// One device's run.
#[derive(Debug, Clone)]
pub struct Column {
    /// The device.
    pub device: AssistMode,
    /// The device with its settings, e.g. "pump cp P8".
    pub label: String,
    /// Beats, summary and bookkeeping of the run.
    pub result: RunResult,
    /// The last [`TRACE_TAIL_S`] seconds of the run.
    pub tail: Vec<TracePoint>,
}

impl Column {
    /// The summary (None if the run had no complete beat).
    pub fn summary(&self) -> Option<&Summary> {
        self.result.summary.as_ref()
    }
}

/// Runs `params` once per device in `devices` (each with the balloon and pump settings of
/// `params`) for `seconds`.
pub fn compare(params: &Params, devices: &[AssistMode], seconds: f64) -> Vec<Column> {
    compare_observed(params, &[], devices, seconds, |_, _| {})
}

/// [`compare`] with the scenario's `events` in every run, calling `on_time(i, t_s)` after
/// every step of the `i`-th run (for a progress display).
pub fn compare_observed(
    params: &Params,
    events: &[Event],
    devices: &[AssistMode],
    seconds: f64,
    mut on_time: impl FnMut(usize, f64),
) -> Vec<Column> {
    devices
        .iter()
        .enumerate()
        .map(|(i, &device)| {
            let mut p = params.clone();
            p.assist.mode = device;
            let mut tail: VecDeque<TracePoint> = VecDeque::new();
            let result = run_with_events(p.clone(), events, seconds, |snap: &Snapshot| {
                on_time(i, snap.t_s);
                tail.push_back(TracePoint {
                    t_s: snap.t_s,
                    aortic_mmhg: snap.hemo.aortic_root_mmhg,
                    lv_mmhg: snap.hemo.lv_mmhg,
                    lv_volume_ml: snap.state.lv_volume_ml,
                });
                while tail.front().is_some_and(|f| f.t_s < snap.t_s - TRACE_TAIL_S) {
                    tail.pop_front();
                }
            });
            Column { device, label: device_label(&p), result, tail: tail.into() }
        })
        .collect()
}

/// The three devices of the full comparison, in column order.
pub const ALL_DEVICES: [AssistMode; 3] = [AssistMode::Off, AssistMode::Iabp, AssistMode::Pump];

/// The device with its settings, e.g. "pump cp P8" or "balloon 40 mL 1:2 (ECG trigger, ...)".
pub fn device_label(p: &Params) -> String {
    let a = &p.assist;
    match a.mode {
        AssistMode::Off => "no assist".to_owned(),
        AssistMode::Pump => format!("pump {} P{}", a.pump.class.name(), a.pump.p_level),
        AssistMode::Iabp => format!(
            "balloon {} mL 1:{} ({} trigger, inflate {:+} ms, deflate {:+} ms{})",
            a.iabp.balloon_ml,
            a.iabp.ratio,
            if a.iabp.trigger == Trigger::Ecg { "ECG" } else { "pressure" },
            a.iabp.inflate_offset_ms,
            a.iabp.deflate_offset_ms,
            if a.iabp.deflation == Deflation::RWave { ", R-wave deflation" } else { "" }
        ),
    }
}

/// One row of the comparison table, as `counterpulse compare` and the app's compare view
/// print it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The summary index.
    pub field: &'static SummaryField,
    /// Its value in each column ("n/a" where it does not apply).
    pub cells: Vec<String>,
    /// Each later column's difference from the first (no assist), signed; empty where either
    /// value is missing.
    pub changes: Vec<String>,
}

/// Each column's value as printed ("n/a" where missing) and each later column's signed
/// difference from the first (empty where either is missing).
fn cells_and_changes(values: &[Option<f64>]) -> (Vec<String>, Vec<String>) {
    let cells = values.iter().map(|v| v.map_or_else(|| "n/a".to_owned(), format_number)).collect();
    let changes = values[1..]
        .iter()
        .map(|v| match (values[0], *v) {
            (Some(x), Some(y)) => format_change(y - x),
            _ => String::new(),
        })
        .collect();
    (cells, changes)
}

/// Table rows: each summary field with its value per column and the differences from the
/// first column; a field that applies to no column (a balloon landmark without a balloon) is
/// left out.
pub fn rows(columns: &[Column]) -> Vec<Row> {
    FIELDS
        .iter()
        .filter_map(|field| {
            let values: Vec<Option<f64>> = columns.iter().map(|c| c.summary().and_then(|s| (field.get)(s))).collect();
            if values.iter().all(Option::is_none) {
                return None;
            }
            let (cells, changes) = cells_and_changes(&values);
            Some(Row { field, cells, changes })
        })
        .collect()
}

/// Beats a cardiac power reading averages: about what one thermodilution or Fick output
/// measurement in the catheter laboratory spans.
pub const CPO_READING_BEATS: usize = 5;

/// Mean arterial pressure (mmHg) below which time is counted as hypotension: the threshold
/// most definitions of haemodynamic compromise during high-risk PCI use.
pub const HYPOTENSION_MAP_MMHG: f64 = 60.0;

/// Seconds before an event averaged as its baseline (`EventFigures::baseline_cpo_w`).
const BASELINE_S: f64 = 10.0;

/// What one run did while the scenario's events ran (from the first one's start to the last
/// one's end), the figures high-risk PCI trials report (PROTECT II: O'Neill et al.,
/// Circulation 126:1717, 2012).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EventFigures {
    /// When the first event starts (s).
    pub start_s: f64,
    /// When the last event's changes are complete (s), or the end of the run.
    pub end_s: f64,
    /// Cardiac power output over the 10 s before the first event (W); None if it
    /// starts too early for a beat before it.
    pub baseline_cpo_w: Option<f64>,
    /// Lowest cardiac power output of any [`CPO_READING_BEATS`] consecutive beats ending in the
    /// window (W).
    pub cpo_nadir_w: f64,
    /// Time in the window spent in beats whose mean arterial pressure was below
    /// [`HYPOTENSION_MAP_MMHG`] (s).
    pub below_map_60_s: f64,
    /// Highest LV end-diastolic pressure of a beat in the window (mmHg).
    pub lvedp_peak_mmhg: f64,
}

impl EventFigures {
    /// The figures of `beats` for `events`; None without events or without a beat in the window.
    pub fn of(beats: &[BeatMetrics], events: &[Event]) -> Option<Self> {
        let start_s = events.iter().map(|e| e.at_s).reduce(f64::min)?;
        let last = beats.last()?;
        let run_end_s = last.start_s + last.rr_s;
        let end_s = events.iter().map(Event::end_s).fold(start_s, f64::max).min(run_end_s);
        let reading = |beats: &[BeatMetrics]| Summary::of_last_n(beats, CPO_READING_BEATS).map(|s| s.cardiac_power_w);
        // The beats of the baseline: started at most BASELINE_S before the event, ended before it.
        let first_before = beats.iter().position(|b| b.start_s >= start_s - BASELINE_S).unwrap_or(beats.len());
        let after_baseline = beats.iter().position(|b| b.start_s + b.rr_s > start_s).unwrap_or(beats.len());
        let baseline_cpo_w = (after_baseline > first_before)
            .then(|| Summary::of_last_n(&beats[..after_baseline], after_baseline - first_before))
            .flatten()
            .map(|s| s.cardiac_power_w);
        // Beats that overlap the window.
        let during = |b: &&BeatMetrics| b.start_s + b.rr_s > start_s && b.start_s < end_s;
        let last_in = beats.iter().rposition(|b| during(&b))?;
        let first_in = beats.iter().position(|b| during(&b))?;
        let cpo_nadir_w = (first_in..=last_in).filter_map(|i| reading(&beats[..=i])).fold(f64::INFINITY, f64::min);
        let window = &beats[first_in..=last_in];
        let below_map_60_s = window
            .iter()
            .filter(|b| b.map_mmhg < HYPOTENSION_MAP_MMHG)
            .map(|b| (b.start_s + b.rr_s).min(end_s) - b.start_s.max(start_s))
            .fold(0.0, |sum, s| sum + s);
        let lvedp_peak_mmhg = window.iter().map(|b| b.lvedp_mmhg).fold(f64::NEG_INFINITY, f64::max);
        Some(Self { start_s, end_s, baseline_cpo_w, cpo_nadir_w, below_map_60_s, lvedp_peak_mmhg })
    }
}

/// One row of the event table: label, unit and each column's value.
#[derive(Debug, Clone)]
pub struct EventRow {
    /// What the row shows.
    pub label: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Each column's value ("n/a" where it does not apply).
    pub cells: Vec<String>,
    /// Each later column's difference from the first; empty where either value is missing.
    pub changes: Vec<String>,
}

/// The event table of `columns` run with `events`: each run's figures side by side, and the
/// fall of cardiac power from the unassisted patient's baseline (the first column's), the
/// comparison PROTECT II reports (maximal decrease from baseline: −0.04 W with the 2.5-class
/// pump, −0.14 W with the balloon). Empty without events.
pub fn event_rows(columns: &[Column], events: &[Event]) -> Vec<EventRow> {
    let figures: Vec<Option<EventFigures>> =
        columns.iter().map(|c| EventFigures::of(&c.result.beats, events)).collect();
    if figures.iter().all(Option::is_none) {
        return Vec::new();
    }
    let unassisted_baseline = figures[0].and_then(|f| f.baseline_cpo_w);
    let column =
        |get: &dyn Fn(&EventFigures) -> Option<f64>| figures.iter().map(|f| f.as_ref().and_then(get)).collect();
    let rows: [(&'static str, &'static str, Vec<Option<f64>>); 5] = [
        ("CPO before the event", "W", column(&|f| f.baseline_cpo_w)),
        ("CPO nadir (5-beat reading)", "W", column(&|f| Some(f.cpo_nadir_w))),
        ("CPO nadir - unassisted baseline", "W", column(&|f| unassisted_baseline.map(|b| f.cpo_nadir_w - b))),
        ("Time with MAP < 60 mmHg", "s", column(&|f| Some(f.below_map_60_s))),
        ("Peak LVEDP", "mmHg", column(&|f| Some(f.lvedp_peak_mmhg))),
    ];
    rows.into_iter()
        .map(|(label, unit, values)| {
            let (cells, changes) = cells_and_changes(&values);
            EventRow { label, unit, cells, changes }
        })
        .collect()
}
