//! The bedside-monitor traces: ECG, arterial (aortic-root) pressure with LV pressure, left
//! atrial pressure and the device trace, stacked and time-linked, sweeping left to right
//! with an erase bar as on a real monitor. Hovering any trace reads every trace at that
//! instant; the balloon landmarks are drawn where the core found them.

use bevy_egui::egui;
use egui::{Align2, Color32, RichText};
use egui_plot::{Line, LineStyle, MarkerShape, PlotPoint, PlotPoints, PlotUi, Points, Text, VLine};

use super::{UiData, theme};
use crate::app::history::{History, Sample};
use crate::devices::AssistMode;
use crate::metrics::{LandmarkKind, balloon_landmarks};

/// Blank gap ahead of the sweep head (s), as the erase bar of a monitor.
const ERASE_S: f64 = 0.25;
/// Relative heights of the four traces.
const HEIGHTS: [f32; 4] = [0.14, 0.44, 0.19, 0.23];

/// Maps simulated time onto the sweeping screen.
#[derive(Debug, Clone, Copy)]
struct Sweep {
    now_s: f64,
    width_s: f64,
}

impl Sweep {
    fn x(self, t_s: f64) -> f64 {
        t_s.rem_euclid(self.width_s)
    }

    fn visible(self, t_s: f64) -> bool {
        t_s > self.now_s - self.width_s + ERASE_S && t_s <= self.now_s
    }

    /// The most recent visible time drawn at screen position `x`.
    fn time_at(self, x: f64) -> f64 {
        self.now_s - (self.x(self.now_s) - x).rem_euclid(self.width_s)
    }

    /// `value` of the visible samples as line segments split where the sweep wraps, with at
    /// most two points per column of `column_s` seconds: the column's lowest and highest, in the
    /// order they came. A narrow peak (the R wave) keeps its full height at any sweep speed,
    /// and the columns are fixed in simulated time, so what is drawn does not flicker as the
    /// sweep moves on (picking every n-th sample did both).
    fn segments(self, samples: &[&Sample], column_s: f64, value: impl Fn(&Sample) -> f64) -> Vec<Vec<[f64; 2]>> {
        let mut out: Vec<Vec<[f64; 2]>> = vec![Vec::new()];
        let mut last_x = f64::NEG_INFINITY;
        let mut push = |t_s: f64, v: f64| {
            let x = self.x(t_s);
            if x < last_x {
                out.push(Vec::new());
            }
            last_x = x;
            if let Some(seg) = out.last_mut() {
                seg.push([x, v]);
            }
        };
        for (t_s, v) in min_max_columns(samples, column_s, value).into_iter().flat_map(Column::points) {
            push(t_s, v);
        }
        out
    }
}

/// One column of samples: its index and its lowest and highest (t_s, value).
#[derive(Clone, Copy)]
struct Column {
    index: i64,
    low: (f64, f64),
    high: (f64, f64),
}

impl Column {
    /// Its points in time order; one where the lowest and highest are the same sample.
    /// (No allocation: this runs for every column of every trace, every frame.)
    fn points(self) -> impl Iterator<Item = (f64, f64)> {
        let (first, second) = if self.low.0 <= self.high.0 { (self.low, self.high) } else { (self.high, self.low) };
        std::iter::once(first).chain((second.0 != first.0).then_some(second))
    }
}

/// The samples grouped into columns of `column_s` seconds (column k holds k·column_s ≤ t <
/// (k+1)·column_s), each reduced to its lowest and highest `value`.
fn min_max_columns(samples: &[&Sample], column_s: f64, value: impl Fn(&Sample) -> f64) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    for s in samples {
        let (index, p) = ((s.t_s / column_s).floor() as i64, (s.t_s, value(s)));
        match columns.last_mut() {
            Some(c) if c.index == index => {
                if p.1 < c.low.1 {
                    c.low = p;
                }
                if p.1 > c.high.1 {
                    c.high = p;
                }
            }
            _ => columns.push(Column { index, low: p, high: p }),
        }
    }
    columns
}

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    let history: &History = data.display.frozen.as_ref().unwrap_or(&data.history);
    let sweep = Sweep { now_s: history.now_s(), width_s: data.display.sweep_s };
    let shown: Vec<&Sample> = history
        .samples_between(sweep.now_s - sweep.width_s + ERASE_S, sweep.now_s)
        .filter(|s| sweep.visible(s.t_s))
        .collect();
    // One column per pixel of the window's width (the plots are a little narrower).
    let column_s = sweep.width_s / f64::from(root.available_width().max(200.0));
    let width = theme::trace_width(&data.display);
    let mode = data.patient.params.assist.mode;
    let mut hovered: Option<f64> = None;

    egui::CentralPanel::default().show(root, |ui| {
        // Four captions and the cursor line take a row each.
        let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let total = (ui.available_height() - 5.0 * row - 4.0 * ui.spacing().item_spacing.y - 8.0).max(200.0);
        let heights = HEIGHTS.map(|f| f * total);

        caption(ui, &[("ECG (lead II)", theme::ECG)], "mV");
        plot(ui, "ecg", heights[0], sweep, YAxis::new(-0.6, 1.6), &mut hovered, |p| {
            draw(p, "ECG", sweep.segments(&shown, column_s, |s| s.ecg_mv), theme::ECG, width);
        });

        caption(ui, &[("Arterial (aortic root)", theme::ARTERIAL), ("LV", theme::LV)], "mmHg");
        let top = shown.iter().map(|s| s.aortic_mmhg.max(s.lv_mmhg)).fold(100.0, f64::max);
        let top = ((top + 10.0) / 20.0).ceil() * 20.0;
        let landmarks = (data.display.landmarks && mode == AssistMode::Iabp).then(|| {
            balloon_landmarks(history.beats()).into_iter().filter(|l| sweep.visible(l.t_s)).collect::<Vec<_>>()
        });
        // Where the scenario's events start and end (simulated time since the start of the run).
        let marks: Vec<(f64, String)> = data
            .patient
            .events
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                let end = e.duration_s.map(|d| (e.at_s + d, format!("event {} ends", i + 1)));
                std::iter::once((e.at_s, format!("event {}", i + 1))).chain(end)
            })
            .filter(|(t, _)| sweep.visible(*t))
            .collect();
        plot(ui, "pressure", heights[1], sweep, YAxis::new(0.0, top), &mut hovered, |p| {
            for (t, label) in &marks {
                let x = sweep.x(*t);
                p.vline(VLine::new("", x).color(theme::HIGHLIGHT).style(LineStyle::dashed_loose()).width(1.5));
                p.text(
                    Text::new("", PlotPoint::new(x, top * 0.98), RichText::new(label).small().strong())
                        .color(theme::HIGHLIGHT)
                        .anchor(Align2::LEFT_TOP),
                );
            }
            draw(p, "LV", sweep.segments(&shown, column_s, |s| s.lv_mmhg), theme::LV, width * 0.7);
            draw(p, "ABP", sweep.segments(&shown, column_s, |s| s.aortic_mmhg), theme::ARTERIAL, width);
            // Dots on every landmark; words only on the newest of each kind, so one 1:2
            // cycle reads like a textbook figure and the trace is not buried in labels.
            let shown = landmarks.as_deref().unwrap_or_default();
            for l in shown {
                let at = [sweep.x(l.t_s), l.mmhg];
                p.points(
                    Points::new("", PlotPoints::from(at)).shape(MarkerShape::Circle).radius(3.5).color(theme::LANDMARK),
                );
                let newest = shown.iter().filter(|o| o.kind == l.kind).all(|o| o.t_s <= l.t_s);
                if !newest {
                    continue;
                }
                let above = matches!(l.kind, LandmarkKind::Psp | LandmarkKind::Apsp | LandmarkKind::Pdp);
                let offset = if above { top * 0.035 } else { -top * 0.035 };
                let anchor = if above { Align2::CENTER_BOTTOM } else { Align2::CENTER_TOP };
                p.text(
                    Text::new("", PlotPoint::new(at[0], at[1] + offset), RichText::new(l.kind.label()).strong())
                        .color(theme::LANDMARK)
                        .anchor(anchor),
                );
            }
        });

        caption(ui, &[("Left atrial pressure ≈ PCWP", theme::LA)], "mmHg");
        let la_top = shown.iter().map(|s| s.la_mmhg).fold(20.0, f64::max);
        let la_top = ((la_top + 5.0) / 10.0).ceil() * 10.0;
        // Lines every 10 mmHg, labels every 20 once the v waves of a regurgitant valve need a
        // taller scale: a teacher reads their height off the axis.
        plot(
            ui,
            "la",
            heights[2],
            sweep,
            YAxis { lo: 0.0, hi: la_top, steps: Some([10.0, 20.0, 40.0]) },
            &mut hovered,
            |p| {
                draw(p, "LA", sweep.segments(&shown, column_s, |s| s.la_mmhg), theme::LA, width);
            },
        );

        match mode {
            AssistMode::Iabp => {
                caption(ui, &[("Balloon volume (helium)", theme::DEVICE)], "mL");
                plot(ui, "device", heights[3], sweep, YAxis::new(0.0, 55.0), &mut hovered, |p| {
                    draw(p, "balloon", sweep.segments(&shown, column_s, |s| s.balloon_ml), theme::DEVICE, width);
                });
            }
            AssistMode::Pump => {
                caption(ui, &[("Pump flow LV to aorta", theme::DEVICE)], "L/min");
                let q_top = shown.iter().map(|s| s.pump_l_min).fold(3.0, f64::max).ceil() + 1.0;
                plot(ui, "device", heights[3], sweep, YAxis::new(0.0, q_top), &mut hovered, |p| {
                    draw(p, "pump", sweep.segments(&shown, column_s, |s| s.pump_l_min), theme::DEVICE, width);
                });
            }
            AssistMode::Off => {
                caption(ui, &[("No assist device", theme::GHOST)], "");
                plot(ui, "device", heights[3], sweep, YAxis::new(0.0, 1.0), &mut hovered, |_| {});
            }
        }
        readout(ui, history, sweep, hovered, mode);
    });
}

fn caption(ui: &mut egui::Ui, parts: &[(&str, Color32)], unit: &str) {
    ui.horizontal(|ui| {
        for (text, color) in parts {
            ui.label(RichText::new(*text).strong().color(*color));
        }
        if !unit.is_empty() {
            ui.label(RichText::new(format!("({unit})")).color(theme::GHOST));
        }
    });
}

/// One trace: fixed x range [0, sweep], fixed y range, a cursor shared by all traces.
/// A plot's vertical axis: its range and, where egui_plot's default powers-of-ten grid would
/// hide every label between 0 and the top, grid steps of its own.
#[derive(Debug, Clone, Copy)]
struct YAxis {
    lo: f64,
    hi: f64,
    /// Small, medium and large grid steps; None for the default grid.
    steps: Option<[f64; 3]>,
}

impl YAxis {
    fn new(lo: f64, hi: f64) -> Self {
        Self { lo, hi, steps: None }
    }
}

fn plot(
    ui: &mut egui::Ui,
    id: &str,
    height: f32,
    sweep: Sweep,
    y: YAxis,
    hovered: &mut Option<f64>,
    add: impl FnOnce(&mut PlotUi<'_>),
) {
    let mut plot = theme::still_plot(id);
    if let Some(steps) = y.steps {
        plot = plot.y_grid_spacer(egui_plot::uniform_grid_spacer(move |_| steps));
    }
    let response = plot
        .height(height)
        .link_cursor("sweep", [true, false])
        .allow_boxed_zoom(false)
        .show_x(false)
        .show_y(false)
        .y_axis_min_width(28.0)
        .show(ui, |p| {
            p.set_plot_bounds_x(0.0..=sweep.width_s);
            p.set_plot_bounds_y(y.lo..=y.hi);
            add(p);
            p.vline(VLine::new("", sweep.x(sweep.now_s)).color(theme::GHOST).width(1.0));
            p.pointer_coordinate().map(|c| c.x)
        });
    if let Some(x) = response.inner {
        *hovered = Some(x);
    }
}

fn draw(p: &mut PlotUi<'_>, name: &str, segments: Vec<Vec<[f64; 2]>>, color: Color32, width: f32) {
    for seg in segments.into_iter().filter(|s| s.len() > 1) {
        p.line(Line::new(name, PlotPoints::from(seg)).color(color).width(width));
    }
}

/// Values of every trace at the hovered instant.
fn readout(ui: &mut egui::Ui, history: &History, sweep: Sweep, hovered: Option<f64>, mode: AssistMode) {
    let text = match hovered.map(|x| sweep.time_at(x)).and_then(|t| history.sample_at(t)) {
        Some(s) => {
            let device = match mode {
                AssistMode::Iabp => format!(" · balloon {:.0} mL", s.balloon_ml),
                AssistMode::Pump => format!(" · pump {:.2} L/min", s.pump_l_min),
                AssistMode::Off => String::new(),
            };
            format!(
                "cursor t {:.2} s · arterial {:.0} · LV {:.0} · LA {:.0} mmHg · LV {:.0} mL{device}",
                s.t_s, s.aortic_mmhg, s.lv_mmhg, s.la_mmhg, s.lv_volume_ml
            )
        }
        None => "Hover a trace to read all traces at that instant.".to_owned(),
    };
    ui.label(RichText::new(text).color(theme::GHOST));
}

#[cfg(test)]
mod tests {
    use super::{Column, Sample, Sweep, min_max_columns};

    fn sample(t_s: f64, ecg_mv: f64) -> Sample {
        Sample {
            t_s,
            ecg_mv,
            aortic_mmhg: 0.0,
            lv_mmhg: 0.0,
            la_mmhg: 0.0,
            lv_volume_ml: 0.0,
            balloon_ml: 0.0,
            pump_l_min: 0.0,
        }
    }

    /// 1 kHz samples of a flat line with a 1-sample R wave of 1 mV at 0.5037 s.
    fn ecg() -> Vec<Sample> {
        (0..2000).map(|i| sample(f64::from(i) * 1e-3, if i == 504 { 1.0 } else { 0.0 })).collect()
    }

    #[test]
    fn a_one_sample_peak_keeps_its_height_whatever_the_column_width() {
        let samples = ecg();
        let refs: Vec<&Sample> = samples.iter().collect();
        for column_s in [0.002, 0.007, 0.013, 0.05] {
            let peak = min_max_columns(&refs, column_s, |s| s.ecg_mv)
                .into_iter()
                .flat_map(Column::points)
                .map(|(_, v)| v)
                .fold(0.0, f64::max);
            assert_eq!(peak, 1.0, "column {column_s} s");
        }
    }

    #[test]
    fn columns_are_fixed_in_time_so_a_later_start_draws_the_same_points() {
        let samples = ecg();
        let refs: Vec<&Sample> = samples.iter().collect();
        let sweep = Sweep { now_s: 2.0, width_s: 10.0 };
        let all = sweep.segments(&refs[100..], 0.01, |s| s.ecg_mv);
        let later = sweep.segments(&refs[103..], 0.01, |s| s.ecg_mv);
        // Apart from the first, partly covered column, the points are identical.
        let tail = |segs: &Vec<Vec<[f64; 2]>>| segs[0].iter().filter(|p| p[0] >= 0.11).copied().collect::<Vec<_>>();
        assert_eq!(tail(&all), tail(&later));
        assert!(all[0].len() <= 2 * 191, "{} points for 1.9 s at 10 ms columns", all[0].len());
    }
}
