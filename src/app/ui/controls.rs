//! The control panel: preset, patient, assist device, playback and display. Every slider
//! takes its unit, range and meaning from the parameter registry, the same table the CLI
//! validates against, and edits a copy of the parameters that is sent to the driver.

use bevy_egui::egui;

use super::{SWEEPS_S, UiData};
use crate::app::sim_driver::{SPEED_RANGE, SimCommand};
use crate::devices::{AssistMode, Deflation, PumpClass, Trigger};
use crate::model::{Params, Rhythm, Switch};
use crate::quiz::{self, TIMING_CASES};
use crate::scenario::{self, PRESETS};

/// Width of the panel (points).
const WIDTH: f32 = 290.0;
/// Offsets the sliders span (ms); the registry allows more, but the model checks them
/// against the beat anyway and ±250 ms covers every teaching example.
const OFFSET_RANGE_MS: f64 = 250.0;

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    let mut params = data.patient.params.clone();
    egui::Panel::left("controls").resizable(false).exact_size(WIDTH).show(root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(WIDTH - 16.0);
            ui.spacing_mut().slider_width = WIDTH - 160.0;
            patient(ui, data, &mut params);
            ui.separator();
            assist(ui, &mut params, data.quiz.is_open());
            ui.separator();
            regulation(ui, &mut params);
            ui.separator();
            events(ui, data);
            ui.separator();
            playback(ui, data);
            ui.separator();
            display(ui, data);
            if let Some(error) = &data.error.0 {
                ui.separator();
                ui.colored_label(egui::Color32::from_rgb(255, 120, 120), format!("Not applied: {error}"));
            }
        });
    });
    if params != data.patient.params {
        data.commands.write(SimCommand::Apply(Box::new(params)));
    }
}

fn patient(ui: &mut egui::Ui, data: &mut UiData, params: &mut Params) {
    ui.heading("Patient");
    let current = data.patient.preset.clone();
    egui::ComboBox::from_label("preset").selected_text(&current).show_ui(ui, |ui| {
        for preset in PRESETS {
            let r = ui.selectable_label(current == preset.name, preset.name).on_hover_text(preset.description());
            if r.clicked() {
                data.commands.write(SimCommand::LoadPreset(preset.name.to_owned()));
            }
        }
    });
    slider(
        ui,
        params,
        "heart.lv.ees_mmhg_per_ml",
        "Contractility (LV Ees)",
        "Slope of the end-systolic pressure–volume line: how hard the ventricle squeezes. Normal ≈ 2.5, shock ≈ 0.7.",
    );
    slider(
        ui,
        params,
        "heart.hr_bpm",
        "Heart rate",
        "Beats per minute. Faster shortens diastole, and with it the balloon's time to augment.",
    );
    ui.horizontal_wrapped(|ui| {
        ui.label("Rhythm");
        let rhythm = &mut params.heart.rhythm;
        ui.radio_value(rhythm, Rhythm::Sinus, "sinus").on_hover_text("Regular RR intervals with an atrial kick.");
        ui.radio_value(rhythm, Rhythm::Af, "AF").on_hover_text(
            "Atrial fibrillation: irregular RR, no atrial kick. The balloon's predicted timing misses beats.",
        );
        ui.radio_value(rhythm, Rhythm::Vt, "VT")
            .on_hover_text("Ventricular tachycardia: fast wide-complex beats that barely fill the ventricle.");
        ui.radio_value(rhythm, Rhythm::Vf, "VF").on_hover_text(
            "Ventricular fibrillation: no contraction. The balloon loses its trigger; the pump keeps flowing as far as \
             venous pressure fills the ventricle.",
        );
        ui.radio_value(rhythm, Rhythm::Asystole, "asystole").on_hover_text("No electrical or mechanical activity.");
    });
    if params.heart.rhythm == Rhythm::Vt {
        slider(
            ui,
            params,
            "heart.vt_rate_bpm",
            "VT rate",
            "Ventricular rate in tachycardia; the reflexes do not change it.",
        );
    }
    slider(
        ui,
        params,
        "systemic.peripheral_r_mmhg_s_per_ml",
        "Peripheral resistance",
        "Arteriolar resistance, the bulk of SVR (shown in the numerics in dyn·s/cm⁵). Higher = more afterload.",
    );
    slider(
        ui,
        params,
        "blood.total_volume_ml",
        "Blood volume",
        "Total blood volume; changes go into or out of the veins, like a transfusion or a bleed. Low volume empties the LV (pump suction).",
    );
    aortic_compliance(ui, params);
    // Leaking valves and a septal defect, folded away unless the patient has one (the acute-mr
    // and post-mi-vsd presets).
    let l = params.lesions;
    let has_one =
        l.mitral_regurgitant_orifice_cm2 > 0.0 || l.vsd_orifice_cm2 > 0.0 || l.aortic_regurgitant_orifice_cm2 > 0.0;
    egui::CollapsingHeader::new("Leaks and shunts").default_open(has_one).show(ui, |ui| {
        slider(
            ui,
            params,
            "lesions.mitral_regurgitant_orifice_cm2",
            "Mitral regurgitant orifice",
            "Effective regurgitant orifice of a torn mitral valve (papillary-muscle rupture): blood goes back into the \
             left atrium in systole, making tall v waves on the wedge trace. Severe from 0.4 cm².",
        );
        slider(
            ui,
            params,
            "lesions.vsd_orifice_cm2",
            "Septal defect",
            "Effective area of a ruptured ventricular septum: blood crosses from the left to the right ventricle and \
             floods the lungs (Qp/Qs above 1).",
        );
        slider(
            ui,
            params,
            "lesions.aortic_regurgitant_orifice_cm2",
            "Aortic regurgitant orifice",
            "Effective regurgitant orifice of a leaking aortic valve: in diastole blood falls back into the ventricle. \
             Severe from 0.3 cm². The first contraindication of the balloon, whose inflation drives more of it back.",
        );
    });
}

/// Blood a bleed button removes (mL), over [`BLEED_RAMP_S`].
const BLEED_ML: f64 = 500.0;
/// Seconds a bleed takes.
const BLEED_RAMP_S: f64 = 60.0;

/// One-click events that start now on top of the controls' settings (the lessons' stories:
/// a coronary balloon, an arrest, a bleed); each is marked on the arterial trace and listed in
/// an exported CSV and a copied link.
fn events(ui: &mut egui::Ui, data: &mut UiData) {
    ui.heading("Events");
    let params = &data.patient.params;
    let mut start = None;
    ui.horizontal_wrapped(|ui| {
        let occlusion = ui.button("Coronary occlusion 60 s").on_hover_text(
            "A coronary balloon or an acute occlusion: 35 % of the coronary bed (the LAD's share) gets no flow for \
             60 s. With Ischaemia on, that territory stops contracting within a minute.",
        );
        if occlusion.clicked() {
            start = Some("duration_s=60,coronary.occluded_fraction=0.35".to_owned());
        }
        if ui.button("VF 20 s").on_hover_text("Ventricular fibrillation for 20 s, then sinus rhythm again.").clicked() {
            start = Some("duration_s=20,rhythm=vf".to_owned());
        }
        let after_bleed = params.blood.total_volume_ml - BLEED_ML;
        let min = scenario::find("blood.total_volume_ml").map_or(0.0, |s| s.min);
        let bleed = ui
            .add_enabled(after_bleed >= min, egui::Button::new(format!("Bleed {BLEED_ML:.0} mL")))
            .on_hover_text(format!(
                "Lose {BLEED_ML:.0} mL of blood over {BLEED_RAMP_S:.0} s; it stays lost until you clear the events."
            ))
            .on_disabled_hover_text(format!("The blood volume cannot go below {min} mL."));
        if bleed.clicked() {
            start = Some(format!("ramp_s={BLEED_RAMP_S},blood.total_volume_ml={after_bleed}"));
        }
        let n = data.patient.events.len();
        let clear = ui
            .add_enabled(n > 0, egui::Button::new("Clear events"))
            .on_hover_text("Drop every event: the patient returns to the settings above at once.");
        if clear.clicked() {
            data.commands.write(SimCommand::ClearEvents);
        }
    });
    if params.regulation.ischaemia.enabled == Switch::Off {
        ui.label(
            egui::RichText::new("Ischaemia is off: an occluded territory loses its flow but keeps contracting.")
                .small(),
        );
    }
    if let Some(words) = start {
        data.commands.write(SimCommand::StartEvent(words));
    }
}

/// One slider for the proximal aorta: root and descending compliance scaled together, kept
/// inside both of their registry ranges.
fn aortic_compliance(ui: &mut egui::Ui, params: &mut Params) {
    let (Some(root), Some(desc)) = (
        scenario::find("systemic.aortic_root.compliance_ml_per_mmhg"),
        scenario::find("systemic.descending_aorta.compliance_ml_per_mmhg"),
    ) else {
        return;
    };
    let (r, d) = ((root.get)(params), (desc.get)(params));
    let total = r + d;
    let lo = (root.min / r).max(desc.min / d) * total;
    let hi = (root.max / r).min(desc.max / d) * total;
    let mut value = total;
    let help = format!(
        "Root + descending aorta, {lo:.2}–{hi:.2} mL/mmHg. Lower = stiffer (elderly): wider pulse pressure, \
         and a larger pressure change for each mL the balloon displaces."
    );
    ui.label(format!("Aortic compliance ({lo:.2}–{hi:.2} mL/mmHg)")).on_hover_text(&help);
    ui.add(
        egui::Slider::new(&mut value, lo..=hi)
            .suffix(" mL/mmHg")
            .max_decimals(2)
            .clamping(egui::SliderClamping::Always),
    )
    .on_hover_text(help);
    if value != total {
        let k = value / total;
        (root.set)(params, r * k);
        (desc.set)(params, d * k);
    }
}

fn assist(ui: &mut egui::Ui, params: &mut Params, hide_timing: bool) {
    ui.heading("Assist device");
    ui.horizontal(|ui| {
        let mode = &mut params.assist.mode;
        ui.selectable_value(mode, AssistMode::Off, "Off").on_hover_text("No support (key 0).");
        ui.selectable_value(mode, AssistMode::Iabp, "Balloon").on_hover_text(
            "Intra-aortic balloon (key 1): inflates in diastole, deflates before systole, with each beat.",
        );
        ui.selectable_value(mode, AssistMode::Pump, "Continuous flow")
            .on_hover_text("Micro-axial pump LV to aorta (key 2): flows all the time, whatever the heart does.");
    });
    match params.assist.mode {
        AssistMode::Off => {}
        AssistMode::Iabp => balloon(ui, params, hide_timing),
        AssistMode::Pump => pump(ui, params),
    }
}

/// The body's own control loops, each a switch.
fn regulation(ui: &mut egui::Ui, params: &mut Params) {
    ui.heading("Regulation");
    switch(
        ui,
        &mut params.regulation.baroreflex.enabled,
        "Baroreflex",
        "Arterial baroreflex (Ursino 1998): after a delay of seconds, heart rate, contractility, \
         peripheral resistance and venous tone follow the pressure the carotid receptors feel. \
         Watch HR and SVR move after a bleed, or when a device starts. The receptors also read \
         the pulse: the balloon's wide pulse slows the heart, the pump's flat one does not.",
    );
    switch(
        ui,
        &mut params.regulation.autoregulation.enabled,
        "Coronary autoregulation",
        "Coronary resistance follows the heart's work (pressure-volume area x rate), not the \
         pressure: with reserve left, a balloon's higher diastolic pressure barely changes \
         coronary flow. Flow follows pressure again where the reserve is exhausted (an \
         ischaemic territory).",
    );
    switch(
        ui,
        &mut params.regulation.ischaemia.enabled,
        "Ischaemia",
        "LV contractility follows coronary supply against demand (tau 20 s): in shock the \
         starved infarct border weakens as pressure falls, the downward spiral. The balloon \
         feeds it with diastolic pressure, the pump lowers its demand. Off by default.",
    );
}

/// A checkbox for an on/off controller.
fn switch(ui: &mut egui::Ui, value: &mut Switch, label: &str, tooltip: &str) {
    let mut on = value.is_on();
    if ui.checkbox(&mut on, label).on_hover_text(tooltip).changed() {
        *value = if on { Switch::On } else { Switch::Off };
    }
}

/// The balloon's settings; with `hide_timing` (a quiz question is open) the offsets and the
/// timing examples are not shown.
fn balloon(ui: &mut egui::Ui, params: &mut Params, hide_timing: bool) {
    ui.horizontal(|ui| {
        ui.label("Ratio")
            .on_hover_text("Assist every beat (1:1), every second (1:2) or third (1:3). Timing is judged at 1:2.");
        for n in [1.0, 2.0, 3.0] {
            ui.radio_value(&mut params.assist.iabp.ratio, n, format!("1:{n:.0}"));
        }
    });
    slider(
        ui,
        params,
        "assist.iabp.balloon_ml",
        "Balloon volume",
        "Helium volume when full; 40 mL is the standard adult size.",
    );
    slider(
        ui,
        params,
        "assist.iabp.augmentation_pct",
        "Augmentation",
        "How full the balloon inflates; consoles reduce it when weaning.",
    );
    ui.horizontal(|ui| {
        ui.label("Trigger");
        ui.radio_value(&mut params.assist.iabp.trigger, Trigger::Ecg, "ECG").on_hover_text("R wave of the ECG.");
        ui.radio_value(&mut params.assist.iabp.trigger, Trigger::Pressure, "pressure")
            .on_hover_text("Arterial upstroke and dicrotic notch.");
    });
    ui.horizontal(|ui| {
        ui.label("Deflation");
        ui.radio_value(&mut params.assist.iabp.deflation, Deflation::Predicted, "predicted")
            .on_hover_text("Timed from the preceding beats to end just before ejection.");
        ui.radio_value(&mut params.assist.iabp.deflation, Deflation::RWave, "R wave")
            .on_hover_text("Deflate on the R wave: safer in an irregular rhythm.");
    });
    if hide_timing {
        ui.label(egui::RichText::new("Timing is hidden while a quiz question is open.").italics());
        return;
    }
    offset_slider(
        ui,
        params,
        "assist.iabp.inflate_offset_ms",
        "Inflation offset",
        "Shift from aortic-valve closure (the notch); negative = earlier.",
    );
    offset_slider(
        ui,
        params,
        "assist.iabp.deflate_offset_ms",
        "Deflation offset",
        "Shift from the ideal point just before ejection; negative = earlier.",
    );
    ui.label("Timing examples (1:2 shows them best):");
    ui.horizontal_wrapped(|ui| {
        for case in &TIMING_CASES {
            let iabp = &params.assist.iabp;
            let active =
                iabp.inflate_offset_ms == case.inflate_offset_ms && iabp.deflate_offset_ms == case.deflate_offset_ms;
            if ui.selectable_label(active, case.name).on_hover_text(case.tip).clicked() {
                *params = quiz::apply(params, case);
            }
        }
    });
}

fn pump(ui: &mut egui::Ui, params: &mut Params) {
    ui.horizontal(|ui| {
        ui.label("Class").on_hover_text("Pump size: up to about 2.5, 4 or 5 L/min.");
        for class in [PumpClass::Class25, PumpClass::Cp, PumpClass::Class50] {
            ui.radio_value(&mut params.assist.pump.class, class, class.name());
        }
    });
    slider(
        ui,
        params,
        "assist.pump.p_level",
        "P-level",
        "Rotor speed setting: P0 stopped to P9 maximum. Flow also depends on the pressure difference across the pump.",
    );
}

/// A slider for registry parameter `key`, labelled with its unit and range.
fn slider(ui: &mut egui::Ui, params: &mut Params, key: &str, label: &str, tooltip: &str) {
    let Some(spec) = scenario::find(key) else { return };
    let mut value = (spec.get)(params);
    let mut s = egui::Slider::new(&mut value, spec.min..=spec.max)
        .suffix(format!(" {}", spec.unit))
        .clamping(egui::SliderClamping::Always);
    if spec.whole {
        s = s.integer();
    }
    let help = format!("{tooltip}\nRange {} to {} {}.", spec.min, spec.max, spec.unit);
    ui.label(format!("{label} ({}–{} {})", spec.min, spec.max, spec.unit)).on_hover_text(&help);
    ui.add(s).on_hover_text(help);
    if value != (spec.get)(params) {
        (spec.set)(params, value);
    }
}

fn offset_slider(ui: &mut egui::Ui, params: &mut Params, key: &str, label: &str, tooltip: &str) {
    let Some(spec) = scenario::find(key) else { return };
    let mut value = (spec.get)(params);
    let range = (-OFFSET_RANGE_MS).max(spec.min)..=OFFSET_RANGE_MS.min(spec.max);
    let help = format!("{tooltip}\nRange ±{OFFSET_RANGE_MS} ms here, and always shorter than one beat.");
    ui.label(format!("{label} (±{OFFSET_RANGE_MS} ms)")).on_hover_text(&help);
    ui.add(egui::Slider::new(&mut value, range).suffix(" ms").integer()).on_hover_text(help);
    if value != (spec.get)(params) {
        (spec.set)(params, value);
    }
}

fn playback(ui: &mut egui::Ui, data: &mut UiData) {
    ui.heading("Simulation");
    let mut speed = data.playback.speed;
    ui.label("Speed (0.1–4× real time)");
    ui.add(egui::Slider::new(&mut speed, SPEED_RANGE.0..=SPEED_RANGE.1).logarithmic(true).suffix("×").max_decimals(2))
        .on_hover_text("Simulated seconds per real second, 0.1× to 4× (keys + and -).");
    if speed != data.playback.speed {
        data.commands.write(SimCommand::SetSpeed(speed));
    }
    ui.horizontal(|ui| {
        let label = if data.playback.paused { "▶ Resume" } else { "Pause" };
        if ui.button(label).on_hover_text("Space").clicked() {
            data.commands.write(SimCommand::SetPaused(!data.playback.paused));
        }
        if ui.button("Step beat").on_hover_text("Advance exactly one beat (B).").clicked() {
            data.commands.write(SimCommand::StepBeat);
        }
        if ui.button("Reset").on_hover_text("Restart this patient from rest (R).").clicked() {
            data.commands.write(SimCommand::Reset);
        }
    });
}

fn display(ui: &mut egui::Ui, data: &mut UiData) {
    ui.heading("Display");
    ui.horizontal(|ui| {
        ui.label("Sweep").on_hover_text("Seconds across the screen (S).");
        for s in SWEEPS_S {
            ui.radio_value(&mut data.display.sweep_s, s, format!("{s:.0} s"));
        }
    });
    ui.checkbox(&mut data.display.landmarks, "Balloon landmarks (L)")
        .on_hover_text("Label PSP, DN, PDP, BAEDP, PAEDP and APSP where the model found them.");
    ui.checkbox(&mut data.display.large, "Large fonts, high contrast (C)");
    ui.horizontal(|ui| {
        let frozen = data.display.frozen.is_some();
        if ui.selectable_label(frozen, "Freeze (F)").on_hover_text("Hold the traces; the patient goes on.").clicked() {
            data.display.toggle_freeze(&data.history);
        }
        if ui.button("Help (H)").clicked() {
            data.display.help = !data.display.help;
        }
    });
}
