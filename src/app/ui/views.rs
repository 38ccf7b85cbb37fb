//! The bar under the banner: the views (monitor, lessons, quiz, compare, map) and the exports.

use bevy_egui::egui;
use egui::RichText;

use super::{UiData, View};
use crate::app::export::Export;

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    egui::Panel::top("views").resizable(false).show(root, |ui| {
        ui.horizontal(|ui| {
            let view = data.views.get();
            let lesson = data.lessons.lesson;
            let tabs = [
                (View::Monitor, "Monitor & controls", "Patient, device and playback controls."),
                (View::Lessons(lesson), "Lessons", "Guided lessons: predict, observe, explain."),
                (View::Quiz, "Quiz", "Spot the balloon timing error at 1:2."),
                (View::Compare, "Compare devices", "The same patient with no assist, the balloon and the pump."),
                (
                    View::Map,
                    "Timing map",
                    "Every balloon timing (or pump speed and blood volume) at once, coloured by what it does.",
                ),
            ];
            for (target, label, tip) in tabs {
                let selected = std::mem::discriminant(&view) == std::mem::discriminant(&target);
                if ui.selectable_label(selected, RichText::new(label).strong()).on_hover_text(tip).clicked() {
                    data.views.set(target);
                }
            }
            if ui
                .selectable_label(data.display.clinical, "Clinical context")
                .on_hover_text("What IABPs and micro-axial pumps are, indications, complications, evidence.")
                .clicked()
            {
                data.display.clinical = !data.display.clinical;
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Save picture (P)").on_hover_text("The window as PNG, with the notice.").clicked() {
                    data.exports.write(Export::Picture);
                }
                if ui
                    .button("Save traces (E)")
                    .on_hover_text("The traces on screen (24 s, or the frozen copy) as CSV, with the notice.")
                    .clicked()
                {
                    data.exports.write(Export::TracesCsv);
                }
                #[cfg(target_arch = "wasm32")]
                {
                    if ui
                        .button("Copy link")
                        .on_hover_text(
                            "Put this patient, device and view in the address bar and the clipboard, to share.",
                        )
                        .clicked()
                    {
                        data.display.copied_link = crate::app::web::copy_link(&data.patient, data.views.get());
                        data.display.export_message = data.display.copied_link.as_ref().map(|l| format!("Link: {l}"));
                    }
                }
                if let Some(message) = &data.display.export_message {
                    ui.label(RichText::new(message).small());
                }
            });
        });
    });
}
