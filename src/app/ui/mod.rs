//! The monitor UI, drawn with egui from recorded history. Panels, one file each:
//! [`banner`] (the notice), [`views`] (the view tabs and exports), [`controls`] (patient,
//! devices, playback), [`lessons`], [`quiz`], [`compare`] (the three devices side by side),
//! `map` (the balloon's timing map and the pump's map),
//! [`numerics`] (big numbers and alarms), [`pv_loop`], [`monitor`] (sweeping traces),
//! [`help`] (shortcuts), [`clinical`] (the clinical context page).
//!
//! The UI never touches the simulation: it reads [`History`], [`Patient`], [`Baseline`]
//! and sends [`SimCommand`]s.

mod banner;
mod clinical;
pub mod compare;
mod controls;
mod help;
pub mod lessons;
mod map;
mod monitor;
mod numerics;
pub use compare::{COMPARE_SECONDS, Comparison};
pub use numerics::{Readout, ReadoutNumber};
mod pv_loop;
pub mod quiz;
pub mod theme;
mod views;

use bevy::ecs::system::SystemParam;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::AppSystems;
use super::export::Export;
use super::history::History;
use super::sim_driver::{Baseline, FrameCpu, Patient, Playback, SimCommand, SimError};

/// Display settings (not physiology).
#[derive(Resource, Debug, Clone)]
pub struct Display {
    /// Seconds across the monitor (sweep speed).
    pub sweep_s: f64,
    /// A copy of the history frozen on screen (the simulation goes on).
    pub frozen: Option<History>,
    /// Label the balloon landmarks on the aortic trace.
    pub landmarks: bool,
    /// Large fonts, thick traces, high contrast (projector).
    pub large: bool,
    /// Show the help window.
    pub help: bool,
    /// A start-up problem (a bad link), shown under the banner until dismissed.
    pub problem: Option<String>,
    /// The last link written by "copy link" (web).
    pub copied_link: Option<String>,
    /// What the last export did (a path, a download, or an error).
    pub export_message: Option<String>,
    /// Show the clinical context window.
    pub clinical: bool,
}

/// The app's views, a bevy state: the left panel's content (the monitor stays in the centre,
/// except in compare). Systems that only matter in one view run `in_state` of it.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Patient, device and playback controls.
    #[default]
    Monitor,
    /// The guided lessons (the open lesson, 0-based).
    Lessons(usize),
    /// The spot-the-timing-error quiz.
    Quiz,
    /// No assist, balloon and pump side by side.
    Compare,
    /// The balloon's timing map or the pump's map of the patient.
    Map,
}

impl View {
    /// Names accepted by `--view` and `?view=`.
    pub fn names() -> String {
        format!(
            "monitor, lesson-1 to lesson-{} (lesson-N.S opens step S), quiz, compare, map",
            crate::lessons::SOURCES.len()
        )
    }

    /// The view called `name` and the lesson step it opens (0-based; 0 unless the name is
    /// `lesson-N.S`, step S of lesson N).
    pub fn parse(name: &str) -> Result<(Self, usize), String> {
        let Some((lesson, step)) = name.split_once('.') else { return Ok((Self::from_name(name)?, 0)) };
        let view = Self::from_name(lesson)?;
        let steps = match view {
            Self::Lessons(i) => crate::lessons::lessons().map_err(|e| e.to_string())?[i].steps.len(),
            _ => return Err(format!("view '{name}': only a lesson has steps ({})", Self::names())),
        };
        match step.parse::<usize>() {
            Ok(s) if (1..=steps).contains(&s) => Ok((view, s - 1)),
            _ => Err(format!("view '{name}': {lesson} has steps 1 to {steps}")),
        }
    }

    /// The view called `name` (see [`View::names`]).
    pub fn from_name(name: &str) -> Result<Self, String> {
        let lesson = name.strip_prefix("lesson-").and_then(|n| n.parse::<usize>().ok());
        match (name, lesson) {
            ("monitor", _) => Ok(Self::Monitor),
            ("quiz", _) => Ok(Self::Quiz),
            ("compare", _) => Ok(Self::Compare),
            ("map", _) => Ok(Self::Map),
            (_, Some(n)) if (1..=crate::lessons::SOURCES.len()).contains(&n) => Ok(Self::Lessons(n - 1)),
            _ => Err(format!("view '{name}' is not one of: {}", Self::names())),
        }
    }

    /// The name [`View::from_name`] reads back.
    pub fn name(self) -> String {
        match self {
            Self::Monitor => "monitor".into(),
            Self::Lessons(i) => format!("lesson-{}", i + 1),
            Self::Quiz => "quiz".into(),
            Self::Compare => "compare".into(),
            Self::Map => "map".into(),
        }
    }
}

impl Default for Display {
    fn default() -> Self {
        Self {
            sweep_s: 6.0,
            frozen: None,
            landmarks: true,
            large: false,
            help: false,
            problem: None,
            copied_link: None,
            export_message: None,
            clinical: false,
        }
    }
}

impl Display {
    /// Freezes the monitor on a copy of `history`, or unfreezes it.
    pub fn toggle_freeze(&mut self, history: &History) {
        self.frozen = match self.frozen {
            Some(_) => None,
            None => Some(history.clone()),
        };
    }
}

/// Sweep speeds offered (s across the screen).
pub const SWEEPS_S: [f64; 3] = [4.0, 6.0, 10.0];

/// The UI. Display settings and the first view come from the `Display` resource and the
/// `View` state if they were inserted before (the app's options), else their defaults.
pub(super) fn plugin(app: &mut App) {
    if app.world().get_resource::<State<View>>().is_none() {
        app.init_state::<View>();
    }
    app.init_resource::<Display>()
        .init_resource::<Readout>()
        .add_systems(EguiPrimaryContextPass, layout.in_set(AppSystems::Ui))
        .add_systems(Update, theme::apply_display)
        .add_systems(
            PreUpdate,
            theme::install_font
                .after(bevy_egui::EguiPreUpdateSet::InitContexts)
                .before(bevy_egui::EguiPreUpdateSet::BeginPass),
        );
    lessons::plugin(app);
    quiz::plugin(app);
    compare::plugin(app);
}

/// The view: the current state, or the one the UI chose earlier in this frame (it takes
/// effect at the next state transition, so the layout reads it from here).
#[derive(SystemParam)]
struct Views<'w> {
    current: Res<'w, State<View>>,
    next: ResMut<'w, NextState<View>>,
}

impl Views<'_> {
    fn get(&self) -> View {
        match &*self.next {
            NextState::Pending(view) | NextState::PendingIfNeq(view) => *view,
            NextState::Unchanged => *self.current.get(),
        }
    }

    fn set(&mut self, view: View) {
        self.next.set(view);
    }
}

/// Everything the layout reads or writes.
#[derive(SystemParam)]
struct UiData<'w> {
    history: Res<'w, History>,
    patient: Res<'w, Patient>,
    baseline: Res<'w, Baseline>,
    playback: Res<'w, Playback>,
    error: Res<'w, SimError>,
    display: ResMut<'w, Display>,
    cpu: ResMut<'w, FrameCpu>,
    commands: MessageWriter<'w, SimCommand>,
    exports: MessageWriter<'w, Export>,
    lessons: ResMut<'w, lessons::LessonProgress>,
    quiz: ResMut<'w, quiz::Quiz>,
    comparison: ResMut<'w, compare::Comparison>,
    maps: ResMut<'w, crate::app::maps::Maps>,
    real_time: Res<'w, Time<Real>>,
    readout: ResMut<'w, Readout>,
    views: Views<'w>,
}

fn layout(mut contexts: EguiContexts, mut data: UiData) -> Result {
    let started = Instant::now();
    let ctx = contexts.ctx_mut()?.clone();
    data.quiz.sync(&data.patient.params, data.history.now_s());
    help::shortcuts(&ctx, &mut data);
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.viewport_rect()),
    );
    banner::show(&mut root, &mut data);
    views::show(&mut root, &mut data);
    let view = data.views.get();
    match view {
        View::Monitor => controls::show(&mut root, &mut data),
        View::Lessons(_) => lessons::show(&mut root, &mut data),
        View::Quiz => quiz::show(&mut root, &mut data),
        View::Compare => compare::panel(&mut root, &mut data),
        View::Map => map::show(&mut root, &mut data),
    }
    if view == View::Compare {
        *data.readout = Readout::default();
        compare::show(&mut root, &mut data);
    } else {
        *data.readout = numerics::show(&mut root, &data);
        monitor::show(&mut root, &mut data);
    }
    help::window(&ctx, &mut data);
    clinical::window(&ctx, &mut data);
    data.cpu.add_ui(started.elapsed().as_secs_f64() * 1e6);
    Ok(())
}
