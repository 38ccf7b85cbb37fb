//! The map view: a heat map of the patient's balloon timing (inflation against deflation
//! offset, the four timing errors on its four sides) or pump support (P-level against blood
//! volume, suction outlined), coloured by a chosen index, beside the live monitor. A click on
//! a cell loads its setting on the monitor; the cells come from [`crate::app::maps`].

use std::f32::consts::FRAC_PI_2;

use bevy_egui::egui;
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, StrokeKind, Vec2, pos2, vec2};

use super::UiData;
use crate::app::export::Export;
use crate::app::maps::MapRun;
use crate::app::sim_driver::SimCommand;
use crate::maps::{MAP_SECONDS, MapIndex, MapKind};
use crate::metrics::Summary;

/// Width of the panel (points): the map beside a monitor still wide enough to read.
pub const WIDTH: f32 = 540.0;
/// Room for the y axis (rotated title, region labels, tick labels) and the x axis (points).
const LEFT: f32 = 62.0;
const BOTTOM: f32 = 52.0;
/// Outline of a cell with suction.
const SUCTION: Color32 = Color32::from_rgb(255, 60, 60);

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    egui::Panel::left("map").resizable(false).exact_size(WIDTH).show(root, |ui| {
        ui.set_max_width(WIDTH - 16.0);
        ui.horizontal(|ui| {
            for kind in MapKind::ALL {
                let selected = data.maps.kind == kind;
                if ui.selectable_label(selected, RichText::new(kind.title()).strong()).clicked() {
                    data.maps.kind = kind;
                }
            }
        });
        let kind = data.maps.kind;
        let slot = kind as usize;
        let shown = data.maps.shown_index();
        ui.horizontal(|ui| {
            ui.label("Colour by");
            egui::ComboBox::from_id_salt("map-index").selected_text(shown.label).width(360.0).show_ui(ui, |ui| {
                for (i, index) in kind.indices().iter().enumerate() {
                    ui.selectable_value(&mut data.maps.index[slot], i, index.label).on_hover_text(index.meaning);
                }
            });
        });
        let index = data.maps.shown_index();
        ui.label(RichText::new(format!("{} Brighter is better.", index.meaning)).small());
        if let Some(error) = &data.maps.error {
            ui.colored_label(super::theme::WRONG, format!("No map for this patient: {error}"));
            return;
        }
        let Some(map) = data.maps.map.as_ref() else { return };
        status(ui, map);
        let hidden = data.quiz.is_open();
        let height = (ui.available_height() - 92.0).clamp(220.0, 470.0);
        let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
        let geometry = Geometry::new(rect, map);
        let (values, range) = values(map, index);
        draw(ui.painter(), &geometry, map, index, &values, range);
        if !hidden {
            marker(ui.painter(), &geometry, map, &data.patient.params);
        }
        let hovered = response.hover_pos().and_then(|p| geometry.cell_at(p));
        if let Some(i) = hovered
            && let Some(cell) = &map.cells[i]
        {
            let response = response.clone().on_hover_ui_at_pointer(|ui| tooltip(ui, map, i, cell.summary.as_ref()));
            if response.clicked() && !hidden && cell.summary.is_some() {
                data.commands.write(SimCommand::Apply(Box::new(map.load(&data.patient.params, i))));
            }
        }
        legend(ui, map, index, range);
        ui.horizontal(|ui| {
            let complete = map.is_complete();
            if ui
                .add_enabled(complete, egui::Button::new("Save map (CSV)"))
                .on_hover_text("Every cell with every index, the notice and the scenario.")
                .clicked()
            {
                data.exports.write(Export::MapCsv);
            }
            if ui
                .add_enabled(complete, egui::Button::new("Save map picture (PNG)"))
                .on_hover_text("The window with the map, as PNG with the notice.")
                .clicked()
            {
                data.exports.write(Export::MapPicture);
            }
        });
        let note = match (kind, hidden) {
            (_, true) => "The monitor's setting is not marked, and cells do not load, while a quiz question is open.",
            (MapKind::BalloonTiming, false) => {
                "Left of the ideal (0) the balloon inflates before the valve shuts, right of it after the notch; \
                 low, it deflates early, high, it is still full as the heart ejects. No single index shows all \
                 four errors; oxygen demand (PVA) rises with each. Hover a cell for every index. Ring: the \
                 monitor's setting."
            }
            (MapKind::Pump, false) => {
                "Flow rises with speed until the ventricle runs empty: there, at low volumes and high P-levels, \
                 the inlet sucks (red outline). Ring: the monitor's setting."
            }
        };
        ui.label(RichText::new(note).small());
    });
}

/// Progress while cells run; what the map is once complete.
fn status(ui: &mut egui::Ui, map: &MapRun) {
    let total = map.cells.len();
    let device = match map.kind {
        MapKind::BalloonTiming => format!("balloon 1:{}", map.scenario.params.assist.iabp.ratio),
        MapKind::Pump => format!("pump {}", map.scenario.params.assist.pump.class.name()),
    };
    match map.took_s {
        Some(took) => {
            ui.label(
                RichText::new(format!(
                    "{} with {device}: {total} runs of {MAP_SECONDS:.0} s from rest (no events), computed in \
                     {took:.1} s. Click a cell to load it on the monitor.",
                    map.scenario.preset
                ))
                .small(),
            );
        }
        None => {
            let done = map.done();
            ui.add(
                egui::ProgressBar::new(done as f32 / total as f32).text(format!(
                    "{} with {device}: {done} of {total} runs of {MAP_SECONDS:.0} s",
                    map.scenario.preset
                )),
            );
        }
    }
}

/// Where the cells are.
struct Geometry {
    grid: Rect,
    nx: usize,
    ny: usize,
}

impl Geometry {
    fn new(rect: Rect, map: &MapRun) -> Self {
        let grid = Rect::from_min_max(
            pos2(rect.left() + LEFT, rect.top() + 4.0),
            pos2(rect.right() - 4.0, rect.bottom() - BOTTOM),
        );
        Self { grid, nx: map.axes[0].values.len(), ny: map.axes[1].values.len() }
    }

    fn cell_size(&self) -> Vec2 {
        vec2(self.grid.width() / self.nx as f32, self.grid.height() / self.ny as f32)
    }

    /// The rect of column `ix`, row `iy` (row 0 at the bottom).
    fn cell(&self, ix: usize, iy: usize) -> Rect {
        let s = self.cell_size();
        let min = pos2(self.grid.left() + ix as f32 * s.x, self.grid.bottom() - (iy + 1) as f32 * s.y);
        Rect::from_min_size(min, s)
    }

    /// The cell (in grid order, x outermost) under `p`.
    fn cell_at(&self, p: Pos2) -> Option<usize> {
        if !self.grid.contains(p) {
            return None;
        }
        let s = self.cell_size();
        let ix = (((p.x - self.grid.left()) / s.x) as usize).min(self.nx - 1);
        let iy = (((self.grid.bottom() - p.y) / s.y) as usize).min(self.ny - 1);
        Some(ix * self.ny + iy)
    }

    /// The point of axis values `(x, y)`, between cell centres as the values lie between the
    /// axis values, clamped to the grid.
    fn point(&self, map: &MapRun, x: f64, y: f64) -> Pos2 {
        let s = self.cell_size();
        let along = |values: &[f64], v: f64| {
            let step = if values.len() > 1 { values[1] - values[0] } else { 1.0 };
            ((v - values[0]) / step) as f32
        };
        let (fx, fy) = (along(&map.axes[0].values, x), along(&map.axes[1].values, y));
        let fx = fx.clamp(-0.4, self.nx as f32 - 0.6);
        let fy = fy.clamp(-0.4, self.ny as f32 - 0.6);
        pos2(self.grid.left() + (fx + 0.5) * s.x, self.grid.bottom() - (fy + 0.5) * s.y)
    }
}

/// The value of `index` in each finished cell, and their range.
fn values(map: &MapRun, index: &MapIndex) -> (Vec<Option<f64>>, Option<(f64, f64)>) {
    let values: Vec<Option<f64>> =
        map.cells.iter().map(|c| c.as_ref().and_then(|c| c.summary.as_ref()).and_then(|s| (index.get)(s))).collect();
    let range = values.iter().flatten().fold(None, |r: Option<(f64, f64)>, &v| match r {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    });
    (values, range)
}

/// 0 (worst) to 1 (best) within the map's range.
fn goodness(v: f64, (lo, hi): (f64, f64), index: &MapIndex) -> f32 {
    let t = if hi - lo > 1e-12 { ((v - lo) / (hi - lo)) as f32 } else { 0.5 };
    if index.higher_is_better { t } else { 1.0 - t }
}

/// Viridis (perceptually uniform, readable with colour-blindness and in greyscale), 0 to 1.
fn viridis(t: f32) -> Color32 {
    const STOPS: [[u8; 3]; 9] = [
        [68, 1, 84],
        [71, 44, 122],
        [59, 81, 139],
        [44, 113, 142],
        [33, 144, 141],
        [39, 173, 129],
        [92, 200, 99],
        [170, 220, 50],
        [253, 231, 37],
    ];
    let x = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f32;
    let mix = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    Color32::from_rgb(mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]))
}

fn format_value(v: f64, index: &MapIndex) -> String {
    format!("{v:.*}", index.decimals)
}

/// An axis value as its tick shows it (offsets signed).
fn tick(map: &MapRun, v: f64) -> String {
    match map.kind {
        MapKind::BalloonTiming if v > 0.0 => format!("+{v:.0}"),
        _ => format!("{v:.0}"),
    }
}

fn draw(
    painter: &egui::Painter,
    g: &Geometry,
    map: &MapRun,
    index: &MapIndex,
    values: &[Option<f64>],
    range: Option<(f64, f64)>,
) {
    let font = FontId::proportional(13.0);
    let text = Color32::from_gray(220);
    // Fills, then the ideal lines, then the values, so the lines never cross a number.
    let mut labels = Vec::new();
    for ix in 0..g.nx {
        for iy in 0..g.ny {
            let i = ix * g.ny + iy;
            let rect = g.cell(ix, iy).shrink(1.0);
            let (fill, label, ink) = match (&map.cells[i], values[i], range) {
                (None, _, _) => (Color32::from_gray(45), "…".to_owned(), text),
                (Some(_), Some(v), Some(r)) => {
                    let t = goodness(v, r, index);
                    (viridis(t), format_value(v, index), if t > 0.55 { Color32::BLACK } else { Color32::WHITE })
                }
                (Some(_), _, _) => (Color32::from_gray(70), "n/a".to_owned(), text),
            };
            painter.rect_filled(rect, 2.0, fill);
            let suction = map.cells[i].as_ref().and_then(|c| c.summary.as_ref()).is_some_and(|s| s.suction > 0.0);
            labels.push((rect, label, ink, fill, map.kind == MapKind::Pump && suction));
        }
    }
    if map.kind == MapKind::BalloonTiming {
        ideal_lines(painter, g, map);
    }
    for (rect, label, ink, fill, suction) in labels {
        let galley = painter.layout_no_wrap(label, font.clone(), ink);
        let backing = Rect::from_center_size(rect.center(), galley.size() + vec2(6.0, 2.0));
        painter.rect_filled(backing, 3.0, fill);
        painter.galley(backing.center() - galley.size() / 2.0, galley, ink);
        if suction {
            painter.rect_stroke(rect, 2.0, Stroke::new(3.0, SUCTION), StrokeKind::Inside);
        }
    }
    // Ticks.
    for (ix, v) in map.axes[0].values.iter().enumerate() {
        let x = g.cell(ix, 0).center().x;
        painter.text(pos2(x, g.grid.bottom() + 3.0), Align2::CENTER_TOP, tick(map, *v), font.clone(), text);
    }
    for (iy, v) in map.axes[1].values.iter().enumerate() {
        let y = g.cell(0, iy).center().y;
        painter.text(pos2(g.grid.left() - 4.0, y), Align2::RIGHT_CENTER, tick(map, *v), font.clone(), text);
    }
    let (x_title, y_title) = match map.kind {
        MapKind::BalloonTiming => ("inflation offset from the ideal (ms)", "deflation offset (ms)"),
        MapKind::Pump => ("pump speed (P-level)", "blood volume (mL)"),
    };
    let bottom = g.grid.bottom();
    painter.text(pos2(g.grid.center().x, bottom + 36.0), Align2::CENTER_TOP, x_title, font.clone(), text);
    vertical(painter, pos2(g.grid.left() - LEFT + 2.0, g.grid.center().y), y_title, &font, text);
    if map.kind == MapKind::BalloonTiming {
        regions(painter, g, map, &font);
    }
}

/// Text turned a quarter anticlockwise, its left edge at `at.x`, centred on `at.y`.
fn vertical(painter: &egui::Painter, at: Pos2, text: &str, font: &FontId, color: Color32) {
    let galley = painter.layout_no_wrap(text.to_owned(), font.clone(), color);
    let size = galley.size();
    let pos = pos2(at.x, at.y + size.x / 2.0);
    painter.add(egui::epaint::TextShape::new(pos, galley, color).with_angle(-FRAC_PI_2));
}

/// The ideal lines: offset 0 on each axis.
fn ideal_lines(painter: &egui::Painter, g: &Geometry, map: &MapRun) {
    let zero = g.point(map, 0.0, 0.0);
    let stroke = Stroke::new(1.5, Color32::from_rgba_unmultiplied(255, 255, 255, 170));
    let (top, bottom, left, right) = (g.grid.top(), g.grid.bottom(), g.grid.left(), g.grid.right());
    painter.extend(egui::Shape::dashed_line(&[pos2(zero.x, top), pos2(zero.x, bottom)], stroke, 6.0, 4.0));
    painter.extend(egui::Shape::dashed_line(&[pos2(left, zero.y), pos2(right, zero.y)], stroke, 6.0, 4.0));
}

/// The four timing errors, one on each half-axis.
fn regions(painter: &egui::Painter, g: &Geometry, map: &MapRun, font: &FontId) {
    let zero = g.point(map, 0.0, 0.0);
    let color = super::theme::LANDMARK;
    let y = g.grid.bottom() + 19.0;
    painter.text(pos2((g.grid.left() + zero.x) / 2.0, y), Align2::CENTER_TOP, "← early inflation", font.clone(), color);
    painter.text(pos2((zero.x + g.grid.right()) / 2.0, y), Align2::CENTER_TOP, "late inflation →", font.clone(), color);
    let x = g.grid.left() - LEFT + 20.0;
    vertical(painter, pos2(x, (zero.y + g.grid.bottom()) / 2.0), "← early deflation", font, color);
    vertical(painter, pos2(x, (g.grid.top() + zero.y) / 2.0), "late deflation →", font, color);
}

/// A ring at the monitor's setting.
fn marker(painter: &egui::Painter, g: &Geometry, map: &MapRun, params: &crate::model::Params) {
    let x = (map.axes[0].spec.get)(params);
    let y = (map.axes[1].spec.get)(params);
    let at = g.point(map, x, y);
    let r = g.cell_size().min_elem() * 0.42;
    painter.circle_stroke(at, r + 1.5, Stroke::new(1.5, Color32::BLACK));
    painter.circle_stroke(at, r, Stroke::new(2.5, Color32::WHITE));
}

fn tooltip(ui: &mut egui::Ui, map: &MapRun, i: usize, summary: Option<&Summary>) {
    let Some(cell) = &map.cells[i] else { return };
    let settings: Vec<String> =
        map.axes.iter().zip(&cell.values).map(|(a, v)| format!("{} {}", a.name, tick(map, *v))).collect();
    ui.strong(settings.join(", "));
    let Some(s) = summary else {
        ui.label("No completed beat in this run.");
        return;
    };
    for index in map.kind.indices() {
        if let Some(v) = (index.get)(s) {
            ui.label(format!("{}: {} {}", index.label, format_value(v, index), index.unit));
        }
    }
    ui.label(RichText::new("Click to load this setting on the monitor.").small());
}

/// The colour scale with the map's range, worse to better.
fn legend(ui: &mut egui::Ui, map: &MapRun, index: &MapIndex, range: Option<(f64, f64)>) {
    let Some((lo, hi)) = range else { return };
    let (worse, better) = if index.higher_is_better { (lo, hi) } else { (hi, lo) };
    ui.horizontal(|ui| {
        let unit = if index.unit.is_empty() { String::new() } else { format!(" {}", index.unit) };
        ui.label(RichText::new(format!("worse {}{unit}", format_value(worse, index))).small());
        let (rect, _) = ui.allocate_exact_size(vec2(200.0, 12.0), Sense::hover());
        let steps = 40;
        for k in 0..steps {
            let w = rect.width() / steps as f32;
            let r = Rect::from_min_size(pos2(rect.left() + k as f32 * w, rect.top()), vec2(w + 0.5, rect.height()));
            ui.painter().rect_filled(r, 0.0, viridis(k as f32 / (steps - 1) as f32));
        }
        ui.label(RichText::new(format!("better {}{unit}", format_value(better, index))).small());
        if map.kind == MapKind::Pump {
            ui.label(RichText::new("▢ suction").small().color(SUCTION));
        }
    });
}
