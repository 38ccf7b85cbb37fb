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
pub fn run_with_events(params: Params, events: &[Event], seconds: f64, on_sample: impl FnMut(&Snapshot)) -> RunResult {
    let mut run = Run::new(params, events);
    run.advance(seconds, usize::MAX, on_sample);
    run.finish()
}

/// A run in progress, advanced in slices: what a front end with no threads (the web page)
/// uses to keep its frames short. Slices give exactly the run [`run_with_events`] gives.
#[derive(Debug, Clone)]
pub struct Run {
    timeline: Timeline,
    sim: Simulation,
    recorder: BeatRecorder,
    beats: Vec<BeatMetrics>,
    initial_total_ml: f64,
    initial_ml: f64,
    min_volume_ml: f64,
    finite: bool,
    warnings: Vec<Warning>,
}

impl Run {
    /// A run of `params` from rest, with `events` (checked beforehand).
    pub fn new(params: Params, events: &[Event]) -> Self {
        let timeline = Timeline::new(params.clone(), events.to_vec());
        let initial_total_ml = params.blood.total_volume_ml;
        let sim = Simulation::new(params);
        let initial_ml = sim.state().blood_volume_ml();
        Self {
            timeline,
            sim,
            recorder: BeatRecorder::new(),
            beats: Vec::new(),
            initial_total_ml,
            initial_ml,
            min_volume_ml: f64::INFINITY,
            finite: true,
            warnings: Vec::new(),
        }
    }

    /// Simulated time (s).
    pub fn time_s(&self) -> f64 {
        self.sim.time_s()
    }

    /// True once the run has reached `seconds` or stopped at a non-finite state.
    pub fn is_done(&self, seconds: f64) -> bool {
        !self.finite || self.sim.time_s() + 0.5 * self.sim.dt_s() >= seconds
    }

    /// Takes at most `max_steps` steps towards `seconds`, calling `on_sample` after each.
    pub fn advance(&mut self, seconds: f64, max_steps: usize, mut on_sample: impl FnMut(&Snapshot)) {
        let mut steps = 0;
        while steps < max_steps && !self.is_done(seconds) {
            steps += 1;
            if let Some(p) = self.timeline.due(self.sim.time_s()) {
                self.sim.set_params(p);
            }
            let (_, snap, beat) = self.recorder.step(&mut self.sim);
            self.min_volume_ml = self.min_volume_ml.min(snap.state.min_volume_ml());
            if !snap.state.to_vector().iter().all(|x| x.is_finite()) {
                self.finite = false;
                break;
            }
            if beat.is_some() {
                for w in self.sim.warnings() {
                    if !self.warnings.contains(&w) {
                        self.warnings.push(w);
                    }
                }
            }
            self.beats.extend(beat);
            on_sample(&snap);
        }
    }

    /// The result of the run so far.
    pub fn finish(self) -> RunResult {
        RunResult {
            summary: Summary::of_last(&self.beats),
            beats: self.beats,
            conservation: Conservation {
                initial_blood_volume_ml: self.initial_ml,
                final_blood_volume_ml: self.sim.state().blood_volume_ml(),
                events_added_ml: self.sim.params().blood.total_volume_ml - self.initial_total_ml,
            },
            min_volume_ml: self.min_volume_ml,
            finite: self.finite,
            warnings: self.warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Preset, parse_event_words};

    /// A run taken in slices (the web page's way) is exactly the run taken at once.
    #[test]
    fn slices_give_the_same_run() {
        let mut params = Preset::by_name("cardiogenic-shock").and_then(|p| p.params()).unwrap();
        params.assist.mode = crate::devices::AssistMode::Iabp;
        let events = vec![parse_event_words(0, "at_s=3,duration_s=2,rhythm=vf").unwrap()];
        let whole = run_with_events(params.clone(), &events, 8.0, |_| {});
        let mut sliced = Run::new(params, &events);
        let mut slices = 0;
        while !sliced.is_done(8.0) {
            sliced.advance(8.0, 37, |_| {});
            slices += 1;
        }
        assert!(slices > 100, "{slices} slices");
        assert_eq!(sliced.finish(), whole);
    }
}
