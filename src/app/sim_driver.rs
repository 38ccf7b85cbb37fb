//! Runs the physiology core inside the app: steps the simulation in `FixedUpdate`, records
//! what the monitor shows into [`History`], and applies the changes the UI asks for.
//!
//! Data flow is one way: UI to [`SimCommand`] messages to this driver to [`History`] to UI.
//! Speed and pause act on `Time<Virtual>`, which paces `FixedUpdate`.

use bevy::platform::time::Instant;
use bevy::prelude::*;

use super::history::{History, Sample};
use super::{AppSystems, ScreenshotRequest};
use crate::devices::AssistMode;
use crate::metrics::{BeatRecorder, Summary};
use crate::model::{Params, Simulation};
use crate::scenario::{self, Event, Preset, Scenario, Timeline};

/// Simulated time per `FixedUpdate` tick at 1× (s): 100 Hz keeps the sweep smooth.
const TICK_S: f64 = 0.01;
/// Slowest and fastest simulation speed (× real time).
pub const SPEED_RANGE: (f64, f64) = (0.1, 4.0);
/// Seconds the unassisted comparison run lasts: long enough to settle (tests show < 0.5 mmHg
/// beat-to-beat change after 30 s from rest; 20 s from rest is within ~1 mmHg).
const BASELINE_S: f64 = 20.0;
/// Real seconds a setting must stay put before the unassisted comparison is recomputed, so
/// dragging a slider does not rerun it every frame.
const BASELINE_SETTLE_S: f32 = 0.3;
/// The longest a single-beat step may run (s): longer than the slowest allowed RR (2 s).
const MAX_BEAT_S: f64 = 3.0;

/// The patient and devices in use, as the UI last applied them, and the scenario's events.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Patient {
    /// The preset the patient started from.
    pub preset: String,
    /// Every parameter in use (validated): the values the controls show, before events.
    pub params: Params,
    /// Changes over time from the scenario (a link, a lesson step), played from the start of
    /// the run.
    pub events: Vec<Event>,
}

impl Patient {
    /// A patient without events.
    pub fn new(preset: impl Into<String>, params: Params) -> Self {
        Self { preset: preset.into(), params, events: Vec::new() }
    }

    /// The patient of a resolved scenario, with its events.
    pub fn from_scenario(scenario: Scenario) -> Self {
        Self { preset: scenario.preset, params: scenario.params, events: scenario.events }
    }
}

/// The running simulation, its beat detector and the events it plays.
#[derive(Resource, Debug, Clone)]
pub struct Driver {
    /// The physiology core.
    pub sim: Simulation,
    recorder: BeatRecorder,
    timeline: Timeline,
}

impl Driver {
    fn new(patient: &Patient) -> Self {
        Self {
            sim: Simulation::new(patient.params.clone()),
            recorder: BeatRecorder::new(),
            timeline: Timeline::new(patient.params.clone(), patient.events.clone()),
        }
    }

    /// New settings from the controls, with the events still playing on top of them.
    fn apply(&mut self, patient: &Patient, history: &mut History) {
        self.timeline = Timeline::new(patient.params.clone(), patient.events.clone());
        let running = self.timeline.params_at(self.sim.time_s());
        history.running = Some(running.clone());
        self.sim.set_params(running);
    }

    /// Steps until simulated time reaches `t_s` (or, with `stop_at_r_wave`, until the next R
    /// wave), recording every step into `history`.
    fn advance(&mut self, history: &mut History, t_s: f64, stop_at_r_wave: bool) {
        let half_step = 0.5 * self.sim.dt_s();
        while self.sim.time_s() + half_step < t_s {
            if let Some(p) = self.timeline.due(self.sim.time_s()) {
                history.running = Some(p.clone());
                self.sim.set_params(p);
            }
            let (events, snap, beat) = self.recorder.step(&mut self.sim);
            history.push_sample(Sample::from(&snap));
            if let Some(beat) = beat {
                history.push_beat(beat);
                history.set_warnings(self.sim.warnings());
            }
            if stop_at_r_wave && events.new_cycle {
                break;
            }
        }
    }
}

/// Playback: speed and pause (applied to `Time<Virtual>`).
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Playback {
    /// Simulated seconds per real second.
    pub speed: f64,
    /// True while the simulation is paused.
    pub paused: bool,
}

impl Default for Playback {
    fn default() -> Self {
        Self { speed: 1.0, paused: false }
    }
}

/// The same patient without assist, for the ghost PV loop and "without assist" numbers.
#[derive(Resource, Debug, Clone, Default)]
pub struct Baseline {
    /// The last complete LV pressure–volume loop: (volume mL, pressure mmHg).
    pub pv_loop: Vec<[f64; 2]>,
    /// Its summary.
    pub summary: Option<Summary>,
    /// The parameters it was computed for (assist off); None until the first run.
    computed_for: Option<Params>,
}

/// A setting the UI could not apply (cross-field validation), shown until the next change.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct SimError(pub Option<String>);

/// Wall-clock CPU time spent per frame, smoothed, for the help panel and the frame report.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameCpu {
    /// Simulation stepping (µs per frame).
    pub sim_us: f64,
    /// Building the UI (µs per frame).
    pub ui_us: f64,
    /// Frames measured.
    pub frames: u64,
    sim_this_frame_us: f64,
}

impl FrameCpu {
    /// Adds UI time of this frame.
    pub fn add_ui(&mut self, us: f64) {
        self.ui_us += self.smoothing() * (us - self.ui_us);
    }

    /// Weight of a new frame in the running averages: settle fast, then average ~20 frames.
    fn smoothing(&self) -> f64 {
        if self.frames < 10 { 0.5 } else { 0.05 }
    }
}

/// What the UI asks the driver to do.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum SimCommand {
    /// Use these parameters from now on (the state carries on).
    Apply(Box<Params>),
    /// Start over with a built-in preset.
    LoadPreset(String),
    /// Start over from rest with this patient (validated first): a lesson step or a link.
    Load(Box<Patient>),
    /// Start the current patient over from rest.
    Reset,
    /// Start an event now: its `--event` words without `at_s` (e.g.
    /// `duration_s=20,rhythm=vf`), checked against the events already playing.
    StartEvent(String),
    /// Drop every event: the patient returns to the controls' settings at once.
    ClearEvents,
    /// Pause and advance exactly one beat (to the next R wave).
    StepBeat,
    /// Set the speed (× real time).
    SetSpeed(f64),
    /// Pause or resume.
    SetPaused(bool),
}

/// Adds the driver for the [`Patient`] resource (validated parameters, inserted first). With a
/// [`ScreenshotRequest`] resource, the simulation is first run to its time and paused.
/// Needs only `MinimalPlugins`.
pub fn plugin(app: &mut App) {
    let patient = app.world().get_resource::<Patient>().cloned().expect("insert the Patient before sim_driver::plugin");
    let start_at_s = app.world().get_resource::<ScreenshotRequest>().map(|r| r.after_seconds);
    let mut driver = Driver::new(&patient);
    let mut history = History::default();
    let mut playback = Playback::default();
    if let Some(t) = start_at_s {
        // Screenshot mode: the picture shows exactly this instant.
        driver.advance(&mut history, t, false);
        playback.paused = true;
    }
    app.insert_resource(driver)
        .insert_resource(history)
        .insert_resource(playback)
        .init_resource::<Baseline>()
        .init_resource::<SimError>()
        .init_resource::<FrameCpu>()
        .insert_resource(Time::<Fixed>::from_seconds(TICK_S))
        .add_message::<SimCommand>()
        .add_systems(Startup, apply_playback)
        .add_systems(First, roll_frame_cpu)
        .configure_sets(
            RunFixedMainLoop,
            AppSystems::ApplyCommands.in_set(RunFixedMainLoopSystems::BeforeFixedMainLoop),
        )
        .add_systems(RunFixedMainLoop, (handle_commands, apply_playback).chain().in_set(AppSystems::ApplyCommands))
        .add_systems(FixedUpdate, step_simulation.in_set(AppSystems::Step))
        .add_systems(Update, refresh_baseline.in_set(AppSystems::Derive));
}

fn step_simulation(
    time: Res<Time<Fixed>>,
    playback: Res<Playback>,
    mut driver: ResMut<Driver>,
    mut history: ResMut<History>,
    mut cpu: ResMut<FrameCpu>,
) {
    // Virtual time stops at the next frame; a pause (or a single-beat step) applied just
    // before this frame's steps holds from now.
    if playback.paused {
        return;
    }
    let started = Instant::now();
    let target = driver.sim.time_s() + time.delta_secs_f64();
    driver.advance(&mut history, target, false);
    cpu.sim_this_frame_us += started.elapsed().as_secs_f64() * 1e6;
}

fn roll_frame_cpu(mut cpu: ResMut<FrameCpu>) {
    let this = std::mem::take(&mut cpu.sim_this_frame_us);
    cpu.sim_us += cpu.smoothing() * (this - cpu.sim_us);
    cpu.frames += 1;
}

fn handle_commands(
    mut commands: MessageReader<SimCommand>,
    mut patient: ResMut<Patient>,
    mut driver: ResMut<Driver>,
    mut history: ResMut<History>,
    mut playback: ResMut<Playback>,
    mut error: ResMut<SimError>,
) {
    for command in commands.read() {
        match command {
            SimCommand::Apply(params) => {
                match scenario::validate(params).and_then(|()| scenario::check_events(params, &patient.events)) {
                    Ok(()) => {
                        patient.params = (**params).clone();
                        driver.apply(&patient, &mut history);
                        error.0 = None;
                    }
                    Err(e) => error.0 = Some(e.to_string()),
                }
            }
            SimCommand::LoadPreset(name) => match Preset::by_name(name).and_then(|p| p.params()) {
                Ok(params) => {
                    *patient = Patient::new(name.clone(), params);
                    restart(&patient, &mut driver, &mut history);
                    error.0 = None;
                }
                Err(e) => error.0 = Some(e.to_string()),
            },
            SimCommand::Load(new) => {
                match scenario::validate(&new.params).and_then(|()| scenario::check_events(&new.params, &new.events)) {
                    Ok(()) => {
                        *patient = (**new).clone();
                        restart(&patient, &mut driver, &mut history);
                        error.0 = None;
                    }
                    Err(e) => error.0 = Some(e.to_string()),
                }
            }
            SimCommand::Reset => restart(&patient, &mut driver, &mut history),
            SimCommand::StartEvent(words) => {
                let mut events = patient.events.clone();
                // Whole milliseconds: the event list reads back as written in the CSV and a link.
                let text = format!("at_s={:.3},{words}", driver.sim.time_s());
                let added = scenario::parse_event_words(events.len(), &text).and_then(|event| {
                    events.push(event);
                    scenario::check_events(&patient.params, &events)
                });
                match added {
                    Ok(()) => {
                        patient.events = events;
                        driver.apply(&patient, &mut history);
                        error.0 = None;
                    }
                    Err(e) => error.0 = Some(e.to_string()),
                }
            }
            SimCommand::ClearEvents => {
                patient.events.clear();
                driver.apply(&patient, &mut history);
                error.0 = None;
            }
            SimCommand::StepBeat => {
                playback.paused = true;
                let until = driver.sim.time_s() + MAX_BEAT_S;
                driver.advance(&mut history, until, true);
            }
            SimCommand::SetSpeed(speed) => playback.speed = speed.clamp(SPEED_RANGE.0, SPEED_RANGE.1),
            SimCommand::SetPaused(paused) => playback.paused = *paused,
        }
    }
}

fn restart(patient: &Patient, driver: &mut Driver, history: &mut History) {
    *driver = Driver::new(patient);
    history.clear();
}

fn apply_playback(playback: Res<Playback>, mut time: ResMut<Time<Virtual>>) {
    if !playback.is_changed() {
        return;
    }
    time.set_relative_speed_f64(playback.speed);
    match (playback.paused, time.is_paused()) {
        (true, false) => time.pause(),
        (false, true) => time.unpause(),
        _ => {}
    }
}

/// Recomputes the unassisted comparison once the patient's settings have been still for a
/// moment: the patient as the model runs it now (an event's fibrillation, say), without the
/// device. Device settings do not change it; a ramping event recomputes it at most every
/// [`BASELINE_SETTLE_S`].
fn refresh_baseline(
    patient: Res<Patient>,
    history: Res<History>,
    real: Res<Time<Real>>,
    mut baseline: ResMut<Baseline>,
    mut changed_at: Local<f32>,
    mut computed_at: Local<f32>,
) {
    let mut unassisted = history.running.clone().unwrap_or_else(|| patient.params.clone());
    unassisted.assist.mode = AssistMode::Off;
    if baseline.computed_for.as_ref() == Some(&unassisted) {
        return;
    }
    let now = real.elapsed_secs();
    if patient.is_changed() {
        *changed_at = now;
    }
    let first = baseline.computed_for.is_none();
    if !first && (now - *changed_at < BASELINE_SETTLE_S || now - *computed_at < BASELINE_SETTLE_S) {
        return;
    }
    *baseline = compute_baseline(unassisted);
    *computed_at = now;
}

/// Runs `params` (assist off) for [`BASELINE_S`] and keeps its last loop and summary.
fn compute_baseline(params: Params) -> Baseline {
    let mut samples: Vec<(f64, [f64; 2])> = Vec::new();
    let result = crate::run::run(params.clone(), BASELINE_S, |s| {
        if s.t_s > BASELINE_S - 4.0 {
            samples.push((s.t_s, [s.state.lv_volume_ml, s.hemo.lv_mmhg]));
        }
    });
    let pv_loop = match result.beats.last() {
        Some(last) => samples
            .iter()
            .filter(|(t, _)| *t >= last.start_s && *t <= last.start_s + last.rr_s)
            .map(|(_, p)| *p)
            .collect(),
        None => Vec::new(),
    };
    Baseline { pv_loop, summary: result.summary, computed_for: Some(params) }
}
