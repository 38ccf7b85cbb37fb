//! Big monitor numbers, alarms and (below them) the PV loop, in the right-hand panel.

use bevy::prelude::Resource;
use bevy_egui::egui;
use egui::{Color32, RichText};

use super::{UiData, pv_loop, theme};
use crate::app::alarms::alarms;
use crate::devices::AssistMode;
use crate::metrics::Summary;

/// Width of the panel (points).
const WIDTH: f32 = 330.0;

/// Draws the panel and returns what its numbers say and where they are (see [`Readout`]).
pub(super) fn show(root: &mut egui::Ui, data: &UiData) -> Readout {
    let mut readout = Readout::default();
    egui::Panel::right("numerics").resizable(false).exact_size(WIDTH).show(root, |ui| {
        ui.set_max_width(WIDTH - 16.0);
        readout.pixels_per_point = ui.ctx().pixels_per_point();
        let history = data.display.frozen.as_ref().unwrap_or(&data.history);
        let params = &data.patient.params;
        match &history.summary {
            Some(s) => numbers(ui, s, data, &mut readout),
            None => {
                ui.label("Waiting for the first beats…");
            }
        }
        for alarm in alarms(params, history.beats(), &history.warnings) {
            egui::Frame::new().fill(theme::ALARM).inner_margin(6).corner_radius(4).show(ui, |ui| {
                ui.label(RichText::new(alarm.title()).strong().size(16.0).color(Color32::WHITE));
                ui.label(RichText::new(alarm.explanation()).size(12.0).color(Color32::WHITE));
            });
        }
        ui.separator();
        pv_loop::show(ui, data);
    });
    readout
}

/// The numbers the panel drew in the last frame, each with the text drawn and where: what a
/// student reads. Pictures of the window carry it (a `Numbers` text chunk, see
/// [`crate::app::export`]), so the browser and Xvfb checks can read a picture back (OCR) and
/// compare it with the model digit by digit.
#[derive(Resource, Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Readout {
    /// Physical pixels per egui point (the rects below are in physical pixels).
    pub pixels_per_point: f32,
    /// One entry per number drawn.
    pub numbers: Vec<ReadoutNumber>,
}

/// One number in the panel.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReadoutNumber {
    /// Which number: the summary key, with `.no_assist` for the grey column.
    pub key: String,
    /// The digits drawn (the label's text without its unit).
    pub text: String,
    /// Where the digits are: left, top, right, bottom in physical pixels.
    pub rect: [f32; 4],
}

impl Readout {
    /// Records `label`, drawn as `response` with `font`, whose first `digits` bytes are the
    /// number (the rest is its unit). A dash (no value) is not a number: what follows the
    /// last dash is recorded ("—/65 (86)" records "/65 (86)"), a lone dash nothing.
    fn record(
        &mut self,
        ui: &egui::Ui,
        key: &str,
        response: &egui::Response,
        label: &str,
        digits: usize,
        font: &egui::FontId,
    ) {
        let start = label[..digits].rfind('—').map_or(0, |i| i + '—'.len_utf8());
        let text = &label[start..digits];
        if text.trim().is_empty() {
            return;
        }
        // The label's galley starts at its rect's left edge; the number is the part of it
        // between `start` and `digits`.
        let width =
            |s: &str| ui.ctx().fonts_mut(|f| f.layout_no_wrap(s.to_owned(), font.clone(), Color32::WHITE).size().x);
        let (left, right) = (width(&label[..start]), width(&label[..digits]));
        let r = response.rect;
        let ppp = self.pixels_per_point;
        self.numbers.push(ReadoutNumber {
            key: key.to_owned(),
            text: text.to_owned(),
            rect: [(r.left() + left) * ppp, r.top() * ppp, (r.left() + right) * ppp, r.bottom() * ppp],
        });
    }
}

fn big(ui: &mut egui::Ui, readout: &mut Readout, key: &str, label: &str, value: &str, unit: &str, color: Color32) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(label).size(13.0).color(color));
        let response = ui.label(RichText::new(value).size(BIG_SIZE).strong().color(color));
        readout.record(ui, key, &response, value, value.len(), &egui::FontId::proportional(BIG_SIZE));
        ui.label(RichText::new(unit).size(12.0).color(color));
    });
}

/// Text size (points) of the big numbers (HR, ABP).
const BIG_SIZE: f32 = 26.0;
/// Text size (points) of the values in the grid.
const ROW_SIZE: f32 = 15.0;

/// One monitor number: label, tooltip, unit, colour, decimals and where it comes from.
struct Numeric {
    name: &'static str,
    /// The summary key ([`crate::metrics::SummaryField`]) the value is read by, and a lesson
    /// highlights it by.
    key: &'static str,
    tip: &'static str,
    unit: &'static str,
    color: Color32,
    decimals: usize,
    /// Display factor (100 shows a fraction as %).
    scale: f64,
}

impl Numeric {
    /// The value in `s`, scaled for display.
    fn value(&self, s: &Summary) -> Option<f64> {
        s.get(self.key).map(|v| v * self.scale)
    }
}

/// Numbers shown for every patient, each next to its value without assist.
const PATIENT_ROWS: [Numeric; 7] = [
    Numeric {
        name: "PCWP",
        key: "pcwp_mmhg",
        tip: "Mean left-atrial pressure ≈ wedge pressure: congestion of the lungs.",
        unit: "mmHg",
        color: theme::LA,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "LVEDP",
        key: "lvedp_mmhg",
        tip: "LV end-diastolic pressure: how full and stretched the ventricle is.",
        unit: "mmHg",
        color: theme::LV,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "CPP",
        key: "coronary_perfusion_pressure_mmhg",
        tip: "Coronary perfusion pressure: mean aortic pressure over diastole - LVEDP. The balloon's augmentation raises it; the end-diastolic trough alone would not show that.",
        unit: "mmHg",
        color: Color32::WHITE,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "Coronary flow",
        key: "coronary_flow_ml_min",
        tip: "Mostly diastolic; the balloon raises it by raising diastolic pressure.",
        unit: "mL/min",
        color: Color32::WHITE,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "CPO",
        key: "cardiac_power_w",
        tip: "Cardiac power output MAP·CO/451; below 0.6 W predicts poor outcome in shock.",
        unit: "W",
        color: Color32::WHITE,
        decimals: 2,
        scale: 1.0,
    },
    Numeric {
        name: "DPTI/TTI",
        key: "evr",
        tip: "O2 supply/demand: diastolic pressure–time over systolic tension–time.",
        unit: "",
        color: Color32::WHITE,
        decimals: 2,
        scale: 1.0,
    },
    Numeric {
        name: "SVR",
        key: "svr_dyn_s_cm5",
        tip: "Systemic vascular resistance 80·(MAP - CVP)/CO.",
        unit: "dyn·s/cm⁵",
        color: Color32::WHITE,
        decimals: 0,
        scale: 1.0,
    },
];

/// Numbers of a leak or shunt, shown while its hole is open: the regurgitant fraction with a
/// mitral or an aortic orifice, Qp/Qs with a septal defect.
const MITRAL_REGURGITATION_ROW: Numeric = Numeric {
    name: "MR fraction",
    key: "mitral_regurgitant_fraction",
    tip: "Share of the LV's output that goes back into the left atrium; severe from 50 %. It makes the tall v waves on the LA (wedge) trace.",
    unit: "%",
    color: theme::LA,
    decimals: 0,
    scale: 100.0,
};
const AORTIC_REGURGITATION_ROW: Numeric = Numeric {
    name: "AR fraction",
    key: "aortic_regurgitant_fraction",
    tip: "Share of what enters the aorta that falls back into the ventricle in diastole; severe from 50 %. A balloon inflating in diastole drives more of it back.",
    unit: "%",
    color: theme::ARTERIAL,
    decimals: 0,
    scale: 100.0,
};
const SHUNT_ROW: Numeric = Numeric {
    name: "Qp/Qs",
    key: "qp_qs",
    tip: "Pulmonary over systemic flow: 1 with an intact septum; above 1 blood crosses the septal defect left to right, below 1 right to left (desaturation).",
    unit: "",
    color: Color32::WHITE,
    decimals: 2,
    scale: 1.0,
};

/// Balloon landmarks (averaged like the rest).
const BALLOON_ROWS: [Numeric; 5] = [
    Numeric {
        name: "PDP (augm.)",
        key: "peak_diastolic_augmentation_mmhg",
        tip: "Peak diastolic augmentation: should reach systolic pressure.",
        unit: "mmHg",
        color: theme::DEVICE,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "BAEDP",
        key: "assisted_end_diastolic_mmhg",
        tip: "End-diastolic pressure after an assisted diastole: should be below PAEDP (afterload cut).",
        unit: "mmHg",
        color: theme::DEVICE,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "PAEDP",
        key: "unassisted_end_diastolic_mmhg",
        tip: "End-diastolic pressure after an unassisted diastole.",
        unit: "mmHg",
        color: theme::DEVICE,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "APSP",
        key: "assisted_systolic_mmhg",
        tip: "Systolic pressure of the beat after an assisted diastole: should be below PSP.",
        unit: "mmHg",
        color: theme::DEVICE,
        decimals: 0,
        scale: 1.0,
    },
    Numeric {
        name: "PSP",
        key: "unassisted_systolic_mmhg",
        tip: "Unassisted systolic pressure.",
        unit: "mmHg",
        color: theme::DEVICE,
        decimals: 0,
        scale: 1.0,
    },
];

/// Pump-specific numbers.
const PUMP_ROWS: [Numeric; 2] = [
    Numeric {
        name: "Valve opening",
        key: "aortic_valve_open_fraction",
        tip: "Beats in which the aortic valve opened: 0 % is a non-ejecting ventricle.",
        unit: "%",
        color: theme::DEVICE,
        decimals: 0,
        scale: 100.0,
    },
    Numeric {
        name: "Suction",
        key: "suction",
        tip: "Beats with suction at the pump inlet.",
        unit: "%",
        color: theme::DEVICE,
        decimals: 0,
        scale: 100.0,
    },
];

fn fmt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
}

fn numbers(ui: &mut egui::Ui, s: &Summary, data: &UiData, readout: &mut Readout) {
    let mode = data.patient.params.assist.mode;
    big(ui, readout, "hr_bpm", "HR", &format!("{:.0}", s.hr_bpm), "/min", theme::ECG);
    let sys = fmt(s.aortic_systolic_mmhg, 0);
    let abp = format!("{sys}/{:.0} ({:.0})", s.aortic_diastolic_mmhg, s.map_mmhg);
    big(ui, readout, "aortic_pressure_mmhg", "ABP", &abp, "mmHg", theme::ARTERIAL);
    let base = data.baseline.summary.as_ref();
    egui::Grid::new("numbers").num_columns(3).spacing([10.0, 2.0]).show(ui, |ui| {
        ui.label("");
        ui.label("");
        ui.label(RichText::new("no assist").color(theme::GHOST))
            .on_hover_text("The same patient without a device, simulated alongside: what the device changes.");
        ui.end_row();
        let highlight = |key: &str| data.lessons.highlights(data.views.get(), key);
        // `value` is the number followed by its unit; `ghost` the value without assist.
        let mut row =
            |name: &str, key: &str, tip: &str, value: (String, &str), color: Color32, ghost: Option<String>| {
                // A lesson's key numbers stand out, marked and in the highlight colour.
                let (name, color) =
                    if highlight(key) { (format!("▶ {name}"), theme::HIGHLIGHT) } else { (name.to_owned(), color) };
                ui.label(RichText::new(name).color(color)).on_hover_text(tip);
                let (number, unit) = value;
                // A number the open prediction asks about stays hidden until it is answered.
                let hidden = data.lessons.hides(data.views.get(), key);
                let (number, ghost) =
                    if hidden { ("?".to_owned(), ghost.map(|_| "?".to_owned())) } else { (number, ghost) };
                let text = format!("{number} {unit}");
                let response = ui.label(RichText::new(&text).size(ROW_SIZE).strong().color(color));
                let digits = if hidden { 0 } else { number.len() };
                readout.record(ui, key, &response, &text, digits, &egui::FontId::proportional(ROW_SIZE));
                match ghost {
                    Some(ghost) => {
                        let response = ui.label(RichText::new(&ghost).color(theme::GHOST));
                        let font = egui::TextStyle::Body.resolve(ui.style());
                        let digits = if hidden { 0 } else { ghost.len() };
                        readout.record(ui, &format!("{key}.no_assist"), &response, &ghost, digits, &font);
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            };
        let co = format!("{:.2}/{:.2}/{:.2}", s.cardiac_output_l_min, s.pump_flow_l_min, s.total_output_l_min);
        let tip = "Cardiac output through the aortic valve, pump flow, and their sum; grey: total without assist.";
        let ghost = Some(fmt(base.map(|b| b.total_output_l_min), 2));
        row("CO nat/pump/tot", "total_output_l_min", tip, (co, "L/min"), Color32::WHITE, ghost);
        let lesions = &data.patient.params.lesions;
        let lesion_rows = [
            (lesions.mitral_regurgitant_orifice_cm2 > 0.0).then_some(&MITRAL_REGURGITATION_ROW),
            (lesions.vsd_orifice_cm2 > 0.0).then_some(&SHUNT_ROW),
            (lesions.aortic_regurgitant_orifice_cm2 > 0.0).then_some(&AORTIC_REGURGITATION_ROW),
        ];
        for n in PATIENT_ROWS.iter().chain(lesion_rows.into_iter().flatten()) {
            let ghost = Some(fmt(base.and_then(|b| n.value(b)), n.decimals));
            row(n.name, n.key, n.tip, (fmt(n.value(s), n.decimals), n.unit), n.color, ghost);
        }
        let device_rows: &[Numeric] = match mode {
            AssistMode::Iabp => &BALLOON_ROWS,
            AssistMode::Pump => &PUMP_ROWS,
            AssistMode::Off => &[],
        };
        for n in device_rows {
            row(n.name, n.key, n.tip, (fmt(n.value(s), n.decimals), n.unit), n.color, None);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::SummaryField;

    #[test]
    fn every_monitor_number_is_a_summary_index() {
        // Each row reads its value, and a lesson highlights it, by this key: a typo would show
        // a dash and never highlight.
        let lesions = [MITRAL_REGURGITATION_ROW, SHUNT_ROW, AORTIC_REGURGITATION_ROW];
        for n in PATIENT_ROWS.iter().chain(&lesions).chain(&BALLOON_ROWS).chain(&PUMP_ROWS) {
            assert!(SummaryField::find(n.key).is_some(), "{}: {} is not a summary key", n.name, n.key);
        }
    }
}
