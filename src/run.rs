//! Running a scenario for a fixed time and collecting its beats: what the CLI, the tests and
//! the benchmark share.

use serde::Serialize;

use crate::devices::Warning;
use crate::metrics::{BeatMetrics, BeatRecorder, Summary};
use crate::model::{Params, Simulation, Snapshot};
use crate::scenario::{Event, Timeline};

/// The default run length (s): the command line's `--seconds`, the compare view and the
/// validation table.
pub const DEFAULT_SECONDS: f64 = 60.0;

/// Shortest and longest run accepted (s).
pub const SECONDS_RANGE: (f64, f64) = (1.0, 36_000.0);

/// Blood volume at the start and the end of a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Conservation {
    /// Total blood volume at t = 0 (mL).
    pub initial_blood_volume_ml: f64,
    /// Total blood volume at the end (mL).
    pub final_blood_volume_ml: f64,
    /// Blood the scenario's events added (a transfusion) or removed (a bleed) on purpose (mL);
    /// the rest of any difference is numerical drift.
    #[serde(skip_serializing_if = "is_zero")]
    pub events_added_ml: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

/// Result of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    /// Every completed beat.
    pub beats: Vec<BeatMetrics>,
    /// Average of the last beats.
    pub summary: Option<Summary>,
    /// Blood volume bookkeeping.
    pub conservation: Conservation,
    /// Smallest compartment volume seen at any step (mL).
    pub min_volume_ml: f64,
    /// True if every state stayed finite.
    pub finite: bool,
    /// Every warning a device raised during the run, in the order first raised.
    pub warnings: Vec<Warning>,
}

/// Simulates `params` for `seconds`, calling `on_sample` after every step.
pub fn run(params: Params, seconds: f64, on_sample: impl FnMut(&Snapshot)) -> RunResult {
    run_with_events(params, &[], seconds, on_sample)
}

/// [`run`] with a timeline of events changing the parameters as it goes (checked beforehand
/// by `scenario::check_events`).
pub fn run_with_events(
    params: Params,
    events: &[Event],
    seconds: f64,
    mut on_sample: impl FnMut(&Snapshot),
) -> RunResult {
    let mut timeline = Timeline::new(params.clone(), events.to_vec());
    let initial_total_ml = params.blood.total_volume_ml;
    let mut sim = Simulation::new(params);
    let initial = sim.state().blood_volume_ml();
    let mut recorder = BeatRecorder::new();
    let mut beats = Vec::new();
    let mut min_volume_ml = f64::INFINITY;
    let mut finite = true;
    let mut warnings = Vec::new();
    let dt = sim.dt_s();
    while sim.time_s() + 0.5 * dt < seconds {
        if let Some(p) = timeline.due(sim.time_s()) {
            sim.set_params(p);
        }
        let (_, snap, beat) = recorder.step(&mut sim);
        min_volume_ml = min_volume_ml.min(snap.state.min_volume_ml());
        if !snap.state.to_vector().iter().all(|x| x.is_finite()) {
            finite = false;
            break;
        }
        if beat.is_some() {
            for w in sim.warnings() {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
        }
        beats.extend(beat);
        on_sample(&snap);
    }
    RunResult {
        summary: Summary::of_last(&beats),
        beats,
        conservation: Conservation {
            initial_blood_volume_ml: initial,
            final_blood_volume_ml: sim.state().blood_volume_ml(),
            events_added_ml: sim.params().blood.total_volume_ml - initial_total_ml,
        },
        min_volume_ml,
        finite,
        warnings,
    }
}
