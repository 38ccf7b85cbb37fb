//! Monitor colours and the large-font / high-contrast display.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui::Color32;

use super::Display;

/// ECG: green, as on bedside monitors.
pub const ECG: Color32 = Color32::from_rgb(80, 230, 110);
/// Arterial (aortic) pressure: red.
pub const ARTERIAL: Color32 = Color32::from_rgb(255, 80, 80);
/// Left-ventricular pressure: white-ish, so it stands apart from the arterial line.
pub const LV: Color32 = Color32::from_rgb(230, 230, 230);
/// Left-atrial pressure (≈ PCWP): yellow.
pub const LA: Color32 = Color32::from_rgb(250, 220, 70);
/// Device traces (balloon volume, pump flow): cyan.
pub const DEVICE: Color32 = Color32::from_rgb(70, 210, 250);
/// The pump in the compare view (the balloon keeps the device colour): violet.
pub const PUMP: Color32 = Color32::from_rgb(200, 130, 255);
/// The unassisted comparison (ghost loop, "without assist" numbers): grey.
pub const GHOST: Color32 = Color32::from_rgb(150, 150, 150);
/// Balloon landmarks on the aortic trace.
pub const LANDMARK: Color32 = Color32::from_rgb(255, 170, 60);
/// A lesson's key numbers, and their rows in the numbers panel.
pub const HIGHLIGHT: Color32 = Color32::from_rgb(255, 235, 120);
/// A right answer.
pub const RIGHT: Color32 = Color32::from_rgb(120, 230, 120);
/// A wrong answer.
pub const WRONG: Color32 = Color32::from_rgb(255, 190, 120);
/// Alarm background.
pub const ALARM: Color32 = Color32::from_rgb(190, 20, 20);
/// The notice banner's background.
pub const NOTICE_BG: Color32 = Color32::from_rgb(120, 70, 0);

/// The app's one font: a subset of DejaVu Sans Condensed (see `assets/fonts/README.md`), for every
/// text style, so the web page downloads 100 kB of font instead of egui's 0.78 MB.
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansCondensed-subset.ttf");

/// egui's font definitions with [`FONT`] as both the proportional and the monospace face.
fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::empty();
    fonts.font_data.insert("dejavu".into(), std::sync::Arc::new(egui::FontData::from_static(FONT)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.insert(family, vec!["dejavu".into()]);
    }
    fonts
}

/// Gives the primary egui context its font before its first pass (egui has none built in).
pub(super) fn install_font(mut contexts: EguiContexts, mut done: Local<bool>) {
    if *done {
        return;
    }
    if let Ok(ctx) = contexts.ctx_mut() {
        ctx.set_fonts(font_definitions());
        *done = true;
    }
}

/// A plot that stays where it is drawn: no zoom, drag, scroll or reset (a monitor, not an
/// explorer; a stray click in class must not move the axes).
pub fn still_plot<'a>(id: impl egui::AsId) -> egui_plot::Plot<'a> {
    egui_plot::Plot::new(id).allow_zoom(false).allow_drag(false).allow_scroll(false).allow_double_click_reset(false)
}

/// Trace width (points) for the current display.
pub fn trace_width(display: &Display) -> f32 {
    if display.large { 2.6 } else { 1.6 }
}

/// Applies zoom and visuals when the display setting changes.
pub(super) fn apply_display(mut contexts: EguiContexts, display: Res<Display>, mut applied: Local<Option<bool>>) {
    if *applied == Some(display.large) {
        return;
    }
    let Ok(ctx) = contexts.ctx_mut() else { return };
    let mut visuals = egui::Visuals::dark();
    visuals.panel_fill = Color32::from_rgb(12, 12, 14);
    visuals.extreme_bg_color = Color32::BLACK;
    if display.large {
        visuals.override_text_color = Some(Color32::WHITE);
        visuals.widgets.noninteractive.fg_stroke.color = Color32::WHITE;
    }
    ctx.set_visuals(visuals);
    ctx.set_zoom_factor(if display.large { 1.2 } else { 1.0 });
    *applied = Some(display.large);
}
