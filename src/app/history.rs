//! What the monitor shows: a ring buffer of recent samples and beats, filled by the
//! simulation driver and only read by the UI (one-way data flow).

use std::collections::VecDeque;

use bevy::prelude::*;

use crate::devices::Warning;
use crate::metrics::{BeatMetrics, Summary};
use crate::model::{Params, Snapshot};

/// Seconds of waveform kept: the longest sweep (10 s) plus room for a frozen screen.
const HISTORY_S: f64 = 24.0;
/// Beats kept for numerics, landmarks and PV-loop trails.
const BEATS_KEPT: usize = 40;
/// Beats the monitor numerics average over (a bedside monitor averages a few beats).
const NUMERICS_BEATS: usize = 8;

/// One recorded instant of the traces the monitor draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Simulated time (s).
    pub t_s: f64,
    /// Synthetic ECG (mV).
    pub ecg_mv: f64,
    /// Aortic-root pressure (mmHg): the arterial line.
    pub aortic_mmhg: f64,
    /// Left-ventricular pressure (mmHg).
    pub lv_mmhg: f64,
    /// Left-atrial pressure (mmHg).
    pub la_mmhg: f64,
    /// Left-ventricular volume (mL).
    pub lv_volume_ml: f64,
    /// Balloon volume (mL).
    pub balloon_ml: f64,
    /// Pump flow (L/min).
    pub pump_l_min: f64,
}

impl From<&Snapshot> for Sample {
    fn from(s: &Snapshot) -> Self {
        Self {
            t_s: s.t_s,
            ecg_mv: s.ecg_mv,
            aortic_mmhg: s.hemo.aortic_root_mmhg,
            lv_mmhg: s.hemo.lv_mmhg,
            la_mmhg: s.hemo.la_mmhg,
            lv_volume_ml: s.state.lv_volume_ml,
            balloon_ml: s.hemo.balloon_ml,
            pump_l_min: s.hemo.pump_ml_per_s * 0.06,
        }
    }
}

/// Recent samples and beats of the running simulation.
#[derive(Resource, Debug, Clone, Default)]
pub struct History {
    samples: VecDeque<Sample>,
    /// Oldest first; a plain `Vec` so readers get a slice (it holds only [`BEATS_KEPT`]).
    beats: Vec<BeatMetrics>,
    /// Summary of the last [`NUMERICS_BEATS`] beats, refreshed at every beat.
    pub summary: Option<Summary>,
    /// What the devices wanted the user to know at the last beat.
    pub warnings: Vec<Warning>,
    /// The parameters the model runs with when a scenario event has changed them from the
    /// patient's own (None: the patient's), so the PV loop's ESPVR and EDPVR and the
    /// no-assist comparison follow an event.
    pub running: Option<Params>,
}

impl History {
    /// Appends a sample, dropping those older than [`HISTORY_S`].
    pub fn push_sample(&mut self, sample: Sample) {
        self.samples.push_back(sample);
        while self.samples.front().is_some_and(|s| s.t_s < sample.t_s - HISTORY_S) {
            self.samples.pop_front();
        }
    }

    /// Appends a finished beat and refreshes the summary.
    pub fn push_beat(&mut self, beat: BeatMetrics) {
        self.beats.push(beat);
        if self.beats.len() > BEATS_KEPT {
            self.beats.remove(0);
        }
        self.summary = Summary::of_last_n(&self.beats, NUMERICS_BEATS);
    }

    /// Replaces the devices' warnings (read at each beat).
    pub fn set_warnings(&mut self, warnings: Vec<Warning>) {
        self.warnings = warnings;
    }

    /// Forgets everything (a new patient).
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// Samples, oldest first.
    pub fn samples(&self) -> &VecDeque<Sample> {
        &self.samples
    }

    /// Finished beats, oldest first.
    pub fn beats(&self) -> &[BeatMetrics] {
        &self.beats
    }

    /// Time (s) of the newest sample.
    pub fn now_s(&self) -> f64 {
        self.samples.back().map_or(0.0, |s| s.t_s)
    }

    /// Samples with `from_s <= t <= to_s`, found by bisection (samples are in time order).
    pub fn samples_between(&self, from_s: f64, to_s: f64) -> impl Iterator<Item = &Sample> {
        let start = self.samples.partition_point(|s| s.t_s < from_s);
        let end = self.samples.partition_point(|s| s.t_s <= to_s);
        self.samples.range(start..end.max(start))
    }

    /// The newest sample at or before `t_s`.
    pub fn sample_at(&self, t_s: f64) -> Option<&Sample> {
        let i = self.samples.partition_point(|s| s.t_s <= t_s);
        i.checked_sub(1).and_then(|i| self.samples.get(i))
    }
}
