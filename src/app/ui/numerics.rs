//! Big monitor numbers, alarms and (below them) the PV loop, in the right-hand panel.

use bevy_egui::egui;
use egui::{Color32, RichText};

use super::{UiData, pv_loop, theme};
use crate::app::alarms::alarms;
use crate::devices::AssistMode;
use crate::metrics::Summary;

/// Width of the panel (points).
const WIDTH: f32 = 330.0;

pub(super) fn show(root: &mut egui::Ui, data: &UiData) {
    egui::Panel::right("numerics").resizable(false).exact_size(WIDTH).show(root, |ui| {
        ui.set_max_width(WIDTH - 16.0);
        let history = data.display.frozen.as_ref().unwrap_or(&data.history);
        let params = &data.patient.params;
        match &history.summary {
            Some(s) => numbers(ui, s, data),
            None => {
                ui.label("Waiting for the first beats…");
            }
        }
        for alarm in alarms(params, history.beats()) {
            egui::Frame::new().fill(theme::ALARM).inner_margin(6).corner_radius(4).show(ui, |ui| {
                ui.label(RichText::new(alarm.title()).strong().size(16.0).color(Color32::WHITE));
                ui.label(RichText::new(alarm.explanation()).size(12.0).color(Color32::WHITE));
            });
        }
        ui.separator();
        pv_loop::show(ui, data);
    });
}

fn big(ui: &mut egui::Ui, label: &str, value: String, unit: &str, color: Color32) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(label).size(13.0).color(color));
        ui.label(RichText::new(value).size(26.0).strong().color(color));
        ui.label(RichText::new(unit).size(12.0).color(color));
    });
}

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
        tip: "Coronary perfusion pressure: aortic end-diastolic - LVEDP.",
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

fn numbers(ui: &mut egui::Ui, s: &Summary, data: &UiData) {
    let mode = data.patient.params.assist.mode;
    big(ui, "HR", format!("{:.0}", s.hr_bpm), "/min", theme::ECG);
    let sys = fmt(s.aortic_systolic_mmhg, 0);
    big(ui, "ABP", format!("{sys}/{:.0} ({:.0})", s.aortic_diastolic_mmhg, s.map_mmhg), "mmHg", theme::ARTERIAL);
    let base = data.baseline.summary.as_ref();
    let ghost = |v: Option<f64>, d: usize| RichText::new(fmt(v, d)).color(theme::GHOST);
    egui::Grid::new("numbers").num_columns(3).spacing([10.0, 2.0]).show(ui, |ui| {
        ui.label("");
        ui.label("");
        ui.label(RichText::new("no assist").color(theme::GHOST))
            .on_hover_text("The same patient without a device, simulated alongside: what the device changes.");
        ui.end_row();
        let highlight = |key: &str| data.lessons.highlights(data.display.view, key);
        let mut row = |name: &str, key: &str, tip: &str, value: String, color: Color32, baseline: RichText| {
            // A lesson's key numbers stand out, marked and in the highlight colour.
            let (name, color) =
                if highlight(key) { (format!("▶ {name}"), theme::HIGHLIGHT) } else { (name.to_owned(), color) };
            ui.label(RichText::new(name).color(color)).on_hover_text(tip);
            ui.label(RichText::new(value).size(15.0).strong().color(color));
            ui.label(baseline);
            ui.end_row();
        };
        let co = format!("{:.2}/{:.2}/{:.2} L/min", s.cardiac_output_l_min, s.pump_flow_l_min, s.total_output_l_min);
        let tip = "Cardiac output through the aortic valve, pump flow, and their sum; grey: total without assist.";
        row(
            "CO nat/pump/tot",
            "total_output_l_min",
            tip,
            co,
            Color32::WHITE,
            ghost(base.map(|b| b.total_output_l_min), 2),
        );
        for n in &PATIENT_ROWS {
            let value = format!("{} {}", fmt(n.value(s), n.decimals), n.unit);
            row(n.name, n.key, n.tip, value, n.color, ghost(base.and_then(|b| n.value(b)), n.decimals));
        }
        let device_rows: &[Numeric] = match mode {
            AssistMode::Iabp => &BALLOON_ROWS,
            AssistMode::Pump => &PUMP_ROWS,
            AssistMode::Off => &[],
        };
        for n in device_rows {
            let value = format!("{} {}", fmt(n.value(s), n.decimals), n.unit);
            row(n.name, n.key, n.tip, value, n.color, RichText::new(""));
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
        for n in PATIENT_ROWS.iter().chain(&BALLOON_ROWS).chain(&PUMP_ROWS) {
            assert!(SummaryField::find(n.key).is_some(), "{}: {} is not a summary key", n.name, n.key);
        }
    }
}
