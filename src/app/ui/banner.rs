//! The permanent notice: this is a teaching toy, not a medical device or controller.

use bevy_egui::egui;

use super::{UiData, theme};
use crate::app::NOTICE;

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    let frame = egui::Frame::new().fill(theme::NOTICE_BG).inner_margin(egui::Margin::symmetric(10, 4));
    egui::Panel::top("notice").frame(frame).resizable(false).show(root, |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(format!("⚠ {NOTICE}.")).strong().size(16.0).color(egui::Color32::WHITE));
            // The second sentence makes way for the large-font display on a 1280-wide screen.
            if !data.display.large {
                ui.label(
                    egui::RichText::new("It talks to no hardware. Numbers are from a lumped model, not a patient.")
                        .size(13.0)
                        .color(egui::Color32::from_rgb(255, 230, 190)),
                );
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let preset = &data.patient.preset;
                ui.label(
                    egui::RichText::new(format!("Counterpulse · {preset} · t = {:.1} s", data.history.now_s()))
                        .size(13.0)
                        .color(egui::Color32::WHITE),
                );
            });
        });
    });
    if let Some(problem) = data.display.problem.clone() {
        let frame = egui::Frame::new().fill(theme::ALARM).inner_margin(egui::Margin::symmetric(10, 4));
        egui::Panel::top("problem").frame(frame).resizable(false).show(root, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(problem).color(egui::Color32::WHITE));
                if ui.button("Dismiss").clicked() {
                    data.display.problem = None;
                }
            });
        });
    }
}
