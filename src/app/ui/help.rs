//! Keyboard shortcuts and the help window that lists them.

use bevy_egui::egui;
use egui::Key;

use super::{SWEEPS_S, UiData, View, quiz};
use crate::app::export::Export;
use crate::app::sim_driver::{SPEED_RANGE, SimCommand};
use crate::devices::AssistMode;

/// (keys, what they do), shown in the help window.
const SHORTCUTS: [(&str, &str); 15] = [
    ("Space", "pause / resume"),
    ("B", "step one beat (pauses)"),
    ("F", "freeze / unfreeze the monitor (the simulation goes on)"),
    ("0 / 1 / 2", "assist off / balloon / continuous-flow pump (not in the quiz)"),
    ("1 to 5", "quiz: answer (correct, early/late inflation, early/late deflation)"),
    ("N", "quiz: new question"),
    ("+ / -", "simulation faster / slower"),
    ("S", "next sweep speed"),
    ("L", "balloon landmarks on / off"),
    ("R", "restart this patient from rest"),
    ("C", "large fonts, high contrast"),
    ("E", "save the traces on screen as CSV"),
    ("P", "save a picture of the window (PNG)"),
    ("H or F1", "this help"),
    ("Esc", "close this help"),
];

pub(super) fn shortcuts(ctx: &egui::Context, data: &mut UiData) {
    // egui may run a second pass in the same frame; act on keys once.
    if ctx.current_pass_index() != 0 || ctx.egui_wants_keyboard_input() {
        return;
    }
    let pressed = |k: Key| ctx.input(|i| i.key_pressed(k));
    let mut params = data.patient.params.clone();
    if pressed(Key::Space) {
        data.commands.write(SimCommand::SetPaused(!data.playback.paused));
    }
    if pressed(Key::B) {
        data.commands.write(SimCommand::StepBeat);
    }
    if pressed(Key::F) {
        data.display.toggle_freeze(&data.history);
    }
    if data.views.get() == View::Quiz {
        // In the quiz the digits answer and N asks; the device stays the quiz's balloon.
        for (i, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5].into_iter().enumerate() {
            if pressed(key) && quiz::can_answer(data) {
                quiz::answer(data, i);
            }
        }
        if pressed(Key::N) {
            quiz::new_question(data);
        }
    } else {
        for (key, mode) in [(Key::Num0, AssistMode::Off), (Key::Num1, AssistMode::Iabp), (Key::Num2, AssistMode::Pump)]
        {
            if pressed(key) {
                params.assist.mode = mode;
            }
        }
    }
    let speed = data.playback.speed;
    if pressed(Key::Plus) || pressed(Key::Equals) {
        data.commands.write(SimCommand::SetSpeed((speed * 2.0).min(SPEED_RANGE.1)));
    }
    if pressed(Key::Minus) {
        data.commands.write(SimCommand::SetSpeed((speed / 2.0).max(SPEED_RANGE.0)));
    }
    if pressed(Key::S) {
        let i = SWEEPS_S.iter().position(|s| *s == data.display.sweep_s).unwrap_or(0);
        data.display.sweep_s = SWEEPS_S[(i + 1) % SWEEPS_S.len()];
    }
    if pressed(Key::L) {
        data.display.landmarks = !data.display.landmarks;
    }
    if pressed(Key::R) {
        data.commands.write(SimCommand::Reset);
    }
    if pressed(Key::C) {
        data.display.large = !data.display.large;
    }
    if pressed(Key::E) {
        data.exports.write(Export::TracesCsv);
    }
    if pressed(Key::P) {
        data.exports.write(Export::Picture);
    }
    if pressed(Key::H) || pressed(Key::F1) {
        data.display.help = !data.display.help;
    }
    if pressed(Key::Escape) {
        data.display.help = false;
    }
    if params != data.patient.params {
        data.commands.write(SimCommand::Apply(Box::new(params)));
    }
}

pub(super) fn window(ctx: &egui::Context, data: &mut UiData) {
    let mut open = data.display.help;
    egui::Window::new("Help: keyboard and display").open(&mut open).collapsible(false).show(ctx, |ui| {
        egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.strong(keys);
                ui.label(what);
                ui.end_row();
            }
        });
        ui.separator();
        ui.label(
            "Traces sweep left to right like a bedside monitor; hover any trace to read every trace at \
             that instant. Landmarks: PSP unassisted systolic, DN dicrotic notch, PDP peak diastolic \
             augmentation, BAEDP balloon-assisted end-diastolic, PAEDP unassisted end-diastolic, APSP \
             assisted systolic.",
        );
        ui.separator();
        ui.label(format!("CPU per frame: simulation {:.0} µs, interface {:.0} µs.", data.cpu.sim_us, data.cpu.ui_us));
        ui.label(format!("{}. Counterpulse {}.", crate::app::NOTICE, env!("CARGO_PKG_VERSION")));
    });
    data.display.help = open;
}
