//! Screenshot mode (native only): once the UI has been laid out, save the primary window
//! as a PNG and exit. The driver has already run the simulation to the requested instant
//! and paused it. The PNG is the same as the app's picture export: the notice and the numbers
//! panel ride along as text chunks (see [`super::export::capture_window`]).

use bevy::prelude::*;

use super::ScreenshotRequest;
use super::export::capture_window;
use super::sim_driver::FrameCpu;
use super::ui::Readout;

/// Frames to let egui lay out (grids and panels settle over a few passes) before capturing.
const SETTLE_FRAMES: u32 = 12;
/// Give up if no capture has arrived after this many further frames.
const MAX_WAIT_FRAMES: u32 = 600;

#[derive(Resource)]
struct Plan {
    request: ScreenshotRequest,
    frame: u32,
}

pub(super) fn plugin(app: &mut App, request: ScreenshotRequest) {
    // In `Last`, after the UI pass, so that the picture and its numbers are of the same frame.
    app.insert_resource(Plan { request, frame: 0 }).add_systems(Last, take_screenshot);
}

fn take_screenshot(
    mut commands: Commands,
    mut plan: ResMut<Plan>,
    readout: Res<Readout>,
    mut exit: MessageWriter<AppExit>,
) {
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

/// Frame-cost report (native only): run live at 1× for `frames` frames, print the smoothed
/// CPU time per frame of the simulation and of the interface, and exit.
pub(super) fn report_plugin(app: &mut App, frames: u32) {
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
