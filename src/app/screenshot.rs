//! Screenshot mode (native only): once the UI has been laid out, save the primary window
//! as a PNG and exit. The driver has already run the simulation to the requested instant
//! and paused it.

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

use super::ScreenshotRequest;
use super::sim_driver::FrameCpu;

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
    app.insert_resource(Plan { request, frame: 0 }).add_systems(Update, take_screenshot);
}

fn take_screenshot(mut commands: Commands, mut plan: ResMut<Plan>, mut exit: MessageWriter<AppExit>) {
    plan.frame += 1;
    if plan.frame == SETTLE_FRAMES {
        let path = plan.request.path.clone();
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>, cpu: Res<FrameCpu>, mut exit: MessageWriter<AppExit>| {
                save_to_disk(path.clone())(captured);
                eprintln!(
                    "screenshot saved to {} (CPU per frame: simulation {:.0} µs while paused, interface {:.0} µs)",
                    path.display(),
                    cpu.sim_us,
                    cpu.ui_us
                );
                exit.write(AppExit::Success);
            },
        );
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
