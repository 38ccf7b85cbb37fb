//! The monitor UI, drawn with egui from recorded history. Panels, one file each:
//! [`banner`] (the notice), [`controls`] (patient, devices, playback), [`numerics`] (big
//! numbers and alarms), [`pv_loop`], [`monitor`] (sweeping traces), [`help`] (shortcuts).
//!
//! The UI never touches the simulation: it reads [`History`], [`Patient`], [`Baseline`]
//! and sends [`SimCommand`]s.

mod banner;
mod controls;
mod help;
mod monitor;
mod numerics;
mod pv_loop;
pub mod theme;

use bevy::ecs::system::SystemParam;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

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

pub(super) fn plugin(app: &mut App, large: bool, problem: Option<String>) {
    app.insert_resource(Display { large, problem, ..default() })
        .add_systems(EguiPrimaryContextPass, layout)
        .add_systems(Update, theme::apply_display);
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
}

fn layout(mut contexts: EguiContexts, mut data: UiData) -> Result {
    let started = Instant::now();
    let ctx = contexts.ctx_mut()?.clone();
    help::shortcuts(&ctx, &mut data);
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.viewport_rect()),
    );
    banner::show(&mut root, &mut data);
    controls::show(&mut root, &mut data);
    numerics::show(&mut root, &data);
    monitor::show(&mut root, &mut data);
    help::window(&ctx, &mut data);
    data.cpu.add_ui(started.elapsed().as_secs_f64() * 1e6);
    Ok(())
}
