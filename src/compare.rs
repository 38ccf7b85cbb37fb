//! The same patient under different devices, run side by side: `counterpulse compare` and the
//! app's compare view call [`compare`], so their numbers are the same by construction.

use std::collections::VecDeque;

use crate::devices::{AssistMode, Deflation, Trigger};
use crate::metrics::{FIELDS, Summary, SummaryField, format_change, format_number};
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
            let cells = values.iter().map(|v| v.map_or_else(|| "n/a".to_owned(), format_number)).collect();
            let changes = values[1..]
                .iter()
                .map(|v| match (values[0], *v) {
                    (Some(x), Some(y)) => format_change(y - x),
                    _ => String::new(),
                })
                .collect();
            Some(Row { field, cells, changes })
        })
        .collect()
}
