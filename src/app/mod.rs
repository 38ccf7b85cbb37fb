//! The teaching app: a bedside-monitor view of the simulation (bevy + egui).
//!
//! Plugins, one per file, each a function of the `App` alone (their settings are resources
//! inserted before them): [`sim_driver`] steps the physiology core in `FixedUpdate` and
//! records [`history`]; [`ui`] draws the monitor, PV loop, numerics, alarms and controls
//! from that history and sends changes back as messages; [`maps`] runs the timing and pump
//! maps in the background; [`export`] saves traces (CSV), the window (PNG) and a map (CSV); `screenshot` (native only) renders one picture at a given simulated
//! time and exits.
//!
//! Every frame runs the [`AppSystems`] in order: apply the UI's commands, step and record,
//! derive (baseline, comparison), draw the UI.

// Bevy hands systems their parameters (`Res`, `Query`, ...) by value.
#![allow(clippy::needless_pass_by_value)]

pub mod alarms;
pub mod export;
pub mod history;
pub mod maps;
#[cfg(not(target_arch = "wasm32"))]
mod screenshot;
pub mod sim_driver;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

use bevy::app::TaskPoolThreadAssignmentPolicy;
use bevy::prelude::*;
use bevy::window::WindowResolution;

pub use sim_driver::{Patient, SimCommand};
pub use ui::View;

/// The notice every surface carries.
pub const NOTICE: &str = "Educational simulator: not a medical device, not a controller";

/// What the app does each frame, in this order. The sets live in successive schedules, so the
/// order holds by construction: `RunFixedMainLoop` (before the fixed loop) → `FixedUpdate` →
/// `Update` → the egui pass in `PostUpdate`. A command sent by the UI in one frame is applied
/// before the next step, never after it.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSystems {
    /// Apply the UI's [`SimCommand`]s and the playback (speed, pause).
    ApplyCommands,
    /// Step the physiology and record what the monitor shows.
    Step,
    /// Results derived from the patient: the unassisted baseline, the device comparison.
    Derive,
    /// Lay out and draw the UI.
    Ui,
}

/// How the app starts.
#[derive(Resource, Debug, Clone)]
pub struct AppOptions {
    /// Patient and devices (validated).
    pub patient: Patient,
    /// Native only: save a PNG of the window at this simulated time (s), then exit.
    pub screenshot: Option<ScreenshotRequest>,
    /// Start with large fonts and high contrast.
    pub large: bool,
    /// Native only: run this many frames live, print the CPU time per frame, exit.
    pub report_frames: Option<u32>,
    /// A problem with how the app was asked to start (a bad link on the web), shown in the
    /// window until dismissed.
    pub problem: Option<String>,
    /// The view to open with (a lesson, the quiz, compare).
    pub view: View,
    /// The step (0-based) a lesson view opens on.
    pub lesson_step: usize,
}

/// A screenshot to take in screenshot mode.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct ScreenshotRequest {
    /// Where the PNG goes.
    pub path: std::path::PathBuf,
    /// Simulated time (s) shown in the picture.
    pub after_seconds: f64,
}

/// Window size the layout is designed for: a 1280×720 projector.
const WINDOW_SIZE: (u32, u32) = (1280, 720);

/// Opens the app window and runs until it is closed.
pub fn run(options: AppOptions) -> AppExit {
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(task_pools()).set(WindowPlugin {
        primary_window: Some(Window {
            title: format!("Counterpulse — {NOTICE}"),
            resolution: WindowResolution::new(WINDOW_SIZE.0, WINDOW_SIZE.1),
            // The web page's canvas; ignored natively.
            canvas: Some("#counterpulse".into()),
            fit_canvas_to_parent: true,
            prevent_default_event_handling: true,
            ..default()
        }),
        ..default()
    }));
    app.add_plugins(bevy_egui::EguiPlugin::default());
    egui_textures_before_asset_events(&mut app);
    app.add_systems(Startup, spawn_camera);
    app.insert_resource(options).add_plugins(plugin);
    app.run()
}

/// bevy's thread pools, with half the cores (at least two, at most four) for background
/// computation instead of a quarter (at least one): a timing map's 49 runs, the only long
/// background job, took 0.5-0.65 s instead of 0.65-1.0 s in the dev build on a 2-core machine
/// (0.3-0.45 s with this crate at opt-level 3), and the monitor still draws between them (the
/// OS shares the cores with the main thread).
fn task_pools() -> TaskPoolPlugin {
    let async_compute = TaskPoolThreadAssignmentPolicy {
        min_threads: 2,
        max_threads: 4,
        percent: 0.5,
        on_thread_spawn: None,
        on_thread_destroy: None,
    };
    TaskPoolPlugin { task_pool_options: TaskPoolOptions { async_compute, ..default() } }
}

/// Everything except the window and renderer, so headless tests can use it with
/// `MinimalPlugins` (and `StatesPlugin`). Reads the [`AppOptions`] resource.
pub fn plugin(app: &mut App) {
    let mut options = app.world().get_resource::<AppOptions>().cloned().expect("insert AppOptions before app::plugin");
    // A lesson or the quiz starts on its own patient, before the driver runs anything.
    match options.view {
        View::Lessons(i) => {
            if let Some(patient) = ui::lessons::step_patient(i, options.lesson_step) {
                options.patient = patient;
            }
        }
        View::Quiz => {
            // Screenshot mode draws from a fixed seed, so its picture is reproducible.
            let seed = if options.screenshot.is_some() { 1 } else { ui::quiz::session_seed() };
            let mut quiz = ui::quiz::Quiz::new(seed);
            options.patient = quiz.ask(seed, &options.patient, 0.0).0;
            app.insert_resource(quiz);
        }
        View::Monitor | View::Compare | View::Map => {}
    }
    app.insert_resource(options.patient.clone())
        .insert_resource(ui::Display { large: options.large, problem: options.problem.clone(), ..default() })
        .insert_state(options.view);
    if let Some(request) = &options.screenshot {
        app.insert_resource(request.clone());
    }
    app.add_plugins((sim_driver::plugin, ui::plugin, maps::plugin, export::plugin));
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web::plugin);
    #[cfg(not(target_arch = "wasm32"))]
    {
        if options.screenshot.is_some() {
            app.add_plugins(screenshot::plugin);
        }
        if let Some(frames) = options.report_frames {
            app.insert_resource(screenshot::ReportFrames(frames)).add_plugins(screenshot::report_plugin);
        }
    }
}

/// Work-around for a frame-late font atlas in bevy_egui 0.42 (still so in 0.43.1, which needs
/// bevy 0.20): `update_egui_textures_system` writes egui's new glyphs into the atlas `Image` in
/// `PostUpdate` with no ordering against bevy_asset's `AssetEventSystems`, which announce
/// changed images to the renderer. When it runs after them, the change is announced (and
/// uploaded) a frame late, while that frame's text already uses the new glyphs: every glyph is
/// blank in the frame it first appears (a new atlas leaves all text blank for a frame). At
/// 60 fps nobody sees it; on the web page under software WebGL (5-20 fps) a quarter of the
/// page loads showed digits missing in screenshots. It is the bug bevy fixed for its own text
/// in bevyengine/bevy#17729 and #23190 (text systems before `AssetEventSystems`); bevy_egui
/// has no such ordering. Tested by `tests/app_headless.rs` (the order) and by
/// `.ci/panel_check.py` on pictures from the web page and Xvfb (what students see).
pub fn egui_textures_before_asset_events(app: &mut App) {
    app.configure_sets(
        PostUpdate,
        bevy_egui::EguiPostUpdateSet::PostProcessOutput.before(bevy::asset::AssetEventSystems),
    );
}

fn spawn_camera(mut commands: Commands) {
    // egui draws into the primary window through a camera.
    commands.spawn(Camera2d);
}
