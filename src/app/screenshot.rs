//! Screenshot mode (native only): once the UI has been laid out, save the primary window
//! as a PNG and exit. The driver has already run the simulation to the requested instant
//! and paused it. The PNG is the same as the app's picture export: the notice and the numbers
//! panel ride along as text chunks (see [`super::export::capture_window`]).

use bevy::prelude::*;

use super::ScreenshotRequest;
use super::export::capture_window;
use super::maps::Maps;
use super::sim_driver::FrameCpu;
use super::ui::{Comparison, Readout};

/// Frames to let egui lay out (grids and panels settle over a few passes) before capturing.
const SETTLE_FRAMES: u32 = 12;
/// Give up if no capture has arrived after this many further frames.
const MAX_WAIT_FRAMES: u32 = 600;

#[derive(Resource)]
struct Plan {
    request: ScreenshotRequest,
    frame: u32,
    /// Frames spent waiting for background work (the compare view's runs, a map's cells).
    waited: u32,
}

/// Takes the picture the [`ScreenshotRequest`] resource asks for.
pub(super) fn plugin(app: &mut App) {
    let request = app.world().resource::<ScreenshotRequest>().clone();
    // In `Last`, after the UI pass, so that the picture and its numbers are of the same frame.
    app.insert_resource(Plan { request, frame: 0, waited: 0 }).add_systems(Last, take_screenshot);
}

fn take_screenshot(
    mut commands: Commands,
    mut plan: ResMut<Plan>,
    readout: Res<Readout>,
    comparison: Option<Res<Comparison>>,
    maps: Option<Res<Maps>>,
    mut exit: MessageWriter<AppExit>,
) {
    // The compare view's runs and a map's cells go on in the background: the settling frames
    // count once they are done, so the picture shows their numbers.
    let running = comparison.is_some_and(|c| c.is_running()) || maps.is_some_and(|m| m.is_running());
    if running && plan.waited < MAX_WAIT_FRAMES {
        plan.waited += 1;
        return;
    }
    plan.frame += 1;
    if plan.frame == SETTLE_FRAMES {
        let path = plan.request.path.clone();
        capture_window(&mut commands, readout.clone(), move |png, world| {
            let written = png.and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
            let cpu = world.resource::<FrameCpu>();
            let exit = match written {
                Ok(()) => {
                    eprintln!(
                        "screenshot saved to {} (CPU per frame: simulation {:.0} µs while paused, interface {:.0} µs)",
                        path.display(),
                        cpu.sim_us,
                        cpu.ui_us
                    );
                    AppExit::Success
                }
                Err(e) => {
                    eprintln!("error: could not save the screenshot {}: {e}", path.display());
                    AppExit::error()
                }
            };
            world.write_message(exit);
        });
    } else if plan.frame > SETTLE_FRAMES + MAX_WAIT_FRAMES {
        eprintln!("error: no screenshot was captured for {}", plan.request.path.display());
        exit.write(AppExit::error());
    }
}

/// Frames to run for the frame-cost report.
#[derive(Resource, Debug, Clone, Copy)]
pub(super) struct ReportFrames(pub u32);

/// Frame-cost report (native only): run live at 1× for [`ReportFrames`] frames, print the
/// smoothed CPU time per frame of the simulation and of the interface, and exit.
pub(super) fn report_plugin(app: &mut App) {
    let frames = app.world().resource::<ReportFrames>().0;
    app.add_systems(Last, move |cpu: Res<FrameCpu>, mut exit: MessageWriter<AppExit>, mut seen: Local<u32>| {
        *seen += 1;
        if *seen == frames {
            println!(
                "frame cost over {frames} frames at 1×: simulation {:.0} µs + interface {:.0} µs = {:.2} ms per frame",
                cpu.sim_us,
                cpu.ui_us,
                (cpu.sim_us + cpu.ui_us) / 1000.0
            );
            exit.write(AppExit::Success);
        }
    });
}
