//! The LV pressure–volume loop: the current beat, a fading trail of recent beats, the
//! end-systolic and end-diastolic pressure–volume relations, and the unassisted loop of the
//! same patient as a grey ghost.

use bevy_egui::egui;
use egui_plot::{Line, LineStyle, PlotPoints};

use super::{UiData, theme};
use crate::model::ChamberParams;

/// Previous beats drawn as a fading trail.
const TRAIL_BEATS: usize = 5;

pub(super) fn show(ui: &mut egui::Ui, data: &UiData) {
    let history = data.display.frozen.as_ref().unwrap_or(&data.history);
    let lv: &ChamberParams = history.running.as_ref().map_or(&data.patient.params.heart.lv, |p| &p.heart.lv);
    let width = super::theme::trace_width(&data.display);
    ui.label(egui::RichText::new("LV pressure–volume loop").strong())
        .on_hover_text("Pressure against volume for each beat: width = stroke volume, area = stroke work. Grey: the same patient without assist.");
    // The last complete beats, newest first, and the beat in progress after them.
    let recent: Vec<_> = history.beats().iter().rev().take(TRAIL_BEATS).copied().collect();
    let loop_points = |from: f64, to: f64| -> Vec<[f64; 2]> {
        history.samples_between(from, to).map(|s| [s.lv_volume_ml, s.lv_mmhg]).collect()
    };
    let now = history.now_s();
    // Scales from the loops on screen (and the ghost), so the picture fits them.
    let oldest = recent.last().map_or(now - 1.0, |b| b.start_s);
    let on_screen = || history.samples_between(oldest, now).map(|s| [s.lv_volume_ml, s.lv_mmhg]);
    let ghost = data.baseline.pv_loop.iter().copied();
    let v_max = on_screen().chain(ghost.clone()).map(|p| p[0]).fold(100.0f64, f64::max) * 1.1;
    let p_max = on_screen().chain(ghost).map(|p| p[1]).fold(60.0f64, f64::max) * 1.1;
    theme::still_plot("pv_loop")
        .height(ui.available_height().max(150.0))
        .x_axis_label("LV volume (mL)")
        .y_axis_label("LV pressure (mmHg)")
        .include_x(0.0)
        .include_x(v_max)
        .include_y(0.0)
        .include_y(p_max)
        .show(ui, |plot| {
            // ESPVR up to the loop's pressure range, EDPVR over the filling range.
            let espvr_v = (lv.v0_ml + p_max / lv.ees_mmhg_per_ml).min(v_max);
            plot.line(
                Line::new(
                    "ESPVR",
                    PlotPoints::from(vec![[lv.v0_ml, lv.espvr_mmhg(lv.v0_ml)], [espvr_v, lv.espvr_mmhg(espvr_v)]]),
                )
                .color(theme::GHOST)
                .style(LineStyle::dashed_loose()),
            );
            let edpvr: Vec<[f64; 2]> = (0..=60)
                .map(|i| lv.v0_ml + (v_max - lv.v0_ml) * f64::from(i) / 60.0)
                .map(|v| [v, lv.edpvr_mmhg(v)])
                .take_while(|p| p[1] <= p_max)
                .collect();
            plot.line(Line::new("EDPVR", PlotPoints::from(edpvr)).color(theme::GHOST).style(LineStyle::dotted_loose()));
            if data.patient.params.assist.mode != crate::devices::AssistMode::Off && !data.baseline.pv_loop.is_empty() {
                plot.line(
                    Line::new("no assist", PlotPoints::from(data.baseline.pv_loop.clone()))
                        .color(theme::GHOST)
                        .width(width),
                );
            }
            // Trail: oldest faintest; then the beat in progress, bright.
            for (i, beat) in recent.iter().enumerate().rev() {
                let strength = 0.75 - 0.13 * i as f32;
                let points = loop_points(beat.start_s, beat.start_s + beat.rr_s);
                plot.line(
                    Line::new("", PlotPoints::from(points))
                        .color(theme::LV.gamma_multiply(strength))
                        .width(width * 0.8),
                );
            }
            let current_from = recent.first().map_or(now - 1.0, |b| b.start_s + b.rr_s);
            plot.line(
                Line::new("LV now", PlotPoints::from(loop_points(current_from, now)))
                    .color(theme::LV)
                    .width(width * 1.3),
            );
        });
}
