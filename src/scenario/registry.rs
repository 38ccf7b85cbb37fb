//! The parameter registry: every settable parameter's dotted path, unit, allowed range
//! and meaning, in one table. Validation, `--set`, scenario files and `counterpulse params`
//! all read it, so a range is written down exactly once.
//!
//! The ranges span what the model is documented and tested for (a proptest sweep checks
//! that no value inside them yields NaN or a negative volume); they are wide enough for
//! teaching extremes (shock, hypervolaemia, a stiff aorta) and no wider.

use crate::devices::{AssistMode, Deflation, PumpClass, Trigger};
use crate::model::{Params, Rhythm, Switch};

/// One settable parameter.
#[derive(Clone, Copy)]
pub struct ParamSpec {
    /// Dotted path, e.g. `heart.lv.ees_mmhg_per_ml`.
    pub key: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// What it means physiologically.
    pub doc: &'static str,
    /// Reads the value.
    pub get: fn(&Params) -> f64,
    /// Writes the value.
    pub set: fn(&mut Params, f64),
    /// Only whole numbers are allowed (e.g. a P-level).
    pub whole: bool,
}

/// One parameter that takes one of a few named values.
#[derive(Clone, Copy)]
pub struct ChoiceSpec {
    /// Dotted path, e.g. `assist.mode`.
    pub key: &'static str,
    /// The allowed values.
    pub options: &'static [&'static str],
    /// What it means.
    pub doc: &'static str,
    /// Reads the value's name.
    pub get: fn(&Params) -> &'static str,
    /// Writes a value by name; false if the name is not one of `options`.
    pub set: fn(&mut Params, &str) -> bool,
}

impl std::fmt::Debug for ChoiceSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?}", self.key, self.options)
    }
}

/// An on/off regulation switch at the field path `$field` of [`Params`].
macro_rules! switch_choice {
    ($key:literal, $($field:ident).+, $doc:literal) => {
        ChoiceSpec {
            key: $key,
            options: Switch::NAMES,
            doc: $doc,
            get: |p| p.$($field).+.name(),
            set: |p, v| Switch::from_name(v).map(|s| p.$($field).+ = s).is_some(),
        }
    };
}

/// All parameters that take named values.
pub fn choices() -> Vec<ChoiceSpec> {
    vec![
        ChoiceSpec {
            key: "heart.rhythm",
            options: Rhythm::NAMES,
            doc: "sinus, atrial fibrillation (irregular RR, no atrial kick), ventricular tachycardia, ventricular \
                  fibrillation or asystole (no coordinated contraction)",
            get: |p| p.heart.rhythm.name(),
            set: |p, v| Rhythm::from_name(v).map(|r| p.heart.rhythm = r).is_some(),
        },
        ChoiceSpec {
            key: "assist.mode",
            options: AssistMode::NAMES,
            doc: "assist device: off, intra-aortic balloon (iabp), or continuous-flow pump (LV → aorta)",
            get: |p| p.assist.mode.name(),
            set: |p, v| AssistMode::from_name(v).map(|m| p.assist.mode = m).is_some(),
        },
        ChoiceSpec {
            key: "assist.iabp.trigger",
            options: Trigger::NAMES,
            doc: "balloon trigger: ECG R wave, or arterial pressure upstroke",
            get: |p| p.assist.iabp.trigger.name(),
            set: |p, v| Trigger::from_name(v).map(|t| p.assist.iabp.trigger = t).is_some(),
        },
        ChoiceSpec {
            key: "assist.iabp.deflation",
            options: Deflation::NAMES,
            doc: "balloon deflation: predicted from preceding beats, or on the R wave",
            get: |p| p.assist.iabp.deflation.name(),
            set: |p, v| Deflation::from_name(v).map(|d| p.assist.iabp.deflation = d).is_some(),
        },
        ChoiceSpec {
            key: "assist.pump.class",
            options: PumpClass::NAMES,
            doc: "pump size class: 2.5 (≈2.5 L/min), cp (≈4 L/min), 5.0 (≈5 L/min)",
            get: |p| p.assist.pump.class.name(),
            set: |p, v| PumpClass::from_name(v).map(|c| p.assist.pump.class = c).is_some(),
        },
        switch_choice!(
            "regulation.baroreflex.enabled",
            regulation.baroreflex.enabled,
            "arterial baroreflex (Ursino 1998): heart rate, contractility, resistance and venous tone follow pressure"
        ),
        switch_choice!(
            "regulation.autoregulation.enabled",
            regulation.autoregulation.enabled,
            "coronary autoregulation: coronary resistance follows the heart's demand (PVA x rate) within its reserve"
        ),
        switch_choice!(
            "regulation.ischaemia.enabled",
            regulation.ischaemia.enabled,
            "ischaemia: LV contractility follows coronary supply against demand (PVA x rate), tau 20 s"
        ),
    ]
}

/// The choice spec for `key`, if any.
pub fn find_choice(key: &str) -> Option<ChoiceSpec> {
    choices().into_iter().find(|s| s.key == key)
}

impl std::fmt::Debug for ParamSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}..{}] {}", self.key, self.min, self.max, self.unit)
    }
}

macro_rules! spec {
    ($key:expr, $($field:ident).+, $unit:literal, $min:expr, $max:expr, $doc:literal) => {
        ParamSpec {
            key: $key,
            unit: $unit,
            min: $min,
            max: $max,
            doc: $doc,
            get: |p| p.$($field).+,
            set: |p, v| p.$($field).+ = v,
            whole: false,
        }
    };
}

macro_rules! chamber_specs {
    ($name:literal, $chamber:ident, $ees:expr, $v0:expr, $alpha:expr, $beta:expr) => {
        [
            spec!(
                concat!("heart.", $name, ".ees_mmhg_per_ml"),
                heart.$chamber.ees_mmhg_per_ml,
                "mmHg/mL",
                $ees.0,
                $ees.1,
                "end-systolic elastance (contractility)"
            ),
            spec!(
                concat!("heart.", $name, ".v0_ml"),
                heart.$chamber.v0_ml,
                "mL",
                $v0.0,
                $v0.1,
                "unstressed volume (ESPVR volume intercept)"
            ),
            spec!(
                concat!("heart.", $name, ".edpvr_alpha_per_ml"),
                heart.$chamber.edpvr_alpha_per_ml,
                "1/mL",
                $alpha.0,
                $alpha.1,
                "passive stiffness exponent of the EDPVR"
            ),
            spec!(
                concat!("heart.", $name, ".edpvr_beta_mmhg"),
                heart.$chamber.edpvr_beta_mmhg,
                "mmHg",
                $beta.0,
                $beta.1,
                "passive pressure scale of the EDPVR"
            ),
        ]
    };
}

/// All settable parameters, in display order.
pub fn registry() -> Vec<ParamSpec> {
    let mut specs = vec![
        spec!("heart.hr_bpm", heart.hr_bpm, "beats/min", 30.0, 160.0, "heart rate (sinus rhythm and AF)"),
        spec!(
            "heart.vt_rate_bpm",
            heart.vt_rate_bpm,
            "beats/min",
            100.0,
            250.0,
            "ventricular rate in ventricular tachycardia (rhythm vt)"
        ),
    ];
    specs.extend(chamber_specs!("lv", lv, (0.2, 4.0), (0.0, 60.0), (0.02, 0.08), (0.2, 2.0)));
    specs.extend(chamber_specs!("la", la, (0.1, 2.0), (5.0, 40.0), (0.03, 0.1), (0.2, 2.0)));
    specs.extend(chamber_specs!("rv", rv, (0.1, 3.0), (0.0, 60.0), (0.02, 0.08), (0.2, 2.0)));
    specs.extend(chamber_specs!("ra", ra, (0.1, 2.0), (5.0, 40.0), (0.03, 0.1), (0.2, 2.0)));
    specs.extend([
        spec!(
            "valves.mitral.resistance_mmhg_s_per_ml",
            valves.mitral.resistance_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.001,
            0.05,
            "mitral valve resistance (higher = stenosis)"
        ),
        spec!(
            "valves.mitral.inertance_mmhg_s2_per_ml",
            valves.mitral.inertance_mmhg_s2_per_ml,
            "mmHg·s²/mL",
            5.0e-5,
            1.0e-3,
            "inertance of blood through the mitral valve"
        ),
        spec!(
            "valves.mitral.closing_volume_ml",
            valves.mitral.closing_volume_ml,
            "mL",
            0.0,
            5.0,
            "backflow that shuts the mitral valve"
        ),
        spec!(
            "valves.aortic.resistance_mmhg_s_per_ml",
            valves.aortic.resistance_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.003,
            0.05,
            "aortic valve resistance (higher = stenosis)"
        ),
        spec!(
            "valves.aortic.inertance_mmhg_s2_per_ml",
            valves.aortic.inertance_mmhg_s2_per_ml,
            "mmHg·s²/mL",
            2.0e-4,
            1.0e-3,
            "inertance of blood in the LV outflow tract"
        ),
        spec!(
            "valves.aortic.closing_volume_ml",
            valves.aortic.closing_volume_ml,
            "mL",
            0.0,
            5.0,
            "backflow that shuts the aortic valve (shapes the dicrotic notch)"
        ),
        spec!(
            "valves.tricuspid.resistance_mmhg_s_per_ml",
            valves.tricuspid.resistance_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.001,
            0.05,
            "tricuspid valve resistance (higher = stenosis)"
        ),
        spec!(
            "valves.tricuspid.inertance_mmhg_s2_per_ml",
            valves.tricuspid.inertance_mmhg_s2_per_ml,
            "mmHg·s²/mL",
            5.0e-5,
            1.0e-3,
            "inertance of blood through the tricuspid valve"
        ),
        spec!(
            "valves.tricuspid.closing_volume_ml",
            valves.tricuspid.closing_volume_ml,
            "mL",
            0.0,
            5.0,
            "backflow that shuts the tricuspid valve"
        ),
        spec!(
            "valves.pulmonary.resistance_mmhg_s_per_ml",
            valves.pulmonary.resistance_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.001,
            0.05,
            "pulmonary valve resistance (higher = stenosis)"
        ),
        spec!(
            "valves.pulmonary.inertance_mmhg_s2_per_ml",
            valves.pulmonary.inertance_mmhg_s2_per_ml,
            "mmHg·s²/mL",
            1.0e-4,
            1.0e-3,
            "inertance of blood through the pulmonary valve"
        ),
        spec!(
            "valves.pulmonary.closing_volume_ml",
            valves.pulmonary.closing_volume_ml,
            "mL",
            0.0,
            5.0,
            "backflow that shuts the pulmonary valve"
        ),
        spec!(
            "systemic.aortic_root.compliance_ml_per_mmhg",
            systemic.aortic_root.compliance_ml_per_mmhg,
            "mL/mmHg",
            0.08,
            1.0,
            "aortic root compliance (lower = stiffer, e.g. elderly)"
        ),
        spec!(
            "systemic.aortic_root.unstressed_volume_ml",
            systemic.aortic_root.unstressed_volume_ml,
            "mL",
            15.0,
            60.0,
            "aortic root unstressed volume"
        ),
        spec!(
            "systemic.root_to_descending_r_mmhg_s_per_ml",
            systemic.root_to_descending_r_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.005,
            0.1,
            "aortic arch resistance"
        ),
        spec!(
            "systemic.root_to_descending_l_mmhg_s2_per_ml",
            systemic.root_to_descending_l_mmhg_s2_per_ml,
            "mmHg·s²/mL",
            2.0e-4,
            3.0e-3,
            "aortic arch inertance"
        ),
        spec!(
            "systemic.root_to_descending_zc_mmhg_s_per_ml",
            systemic.root_to_descending_zc_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.02,
            0.1,
            "characteristic impedance of the proximal aorta, in parallel with the arch inertance"
        ),
        spec!(
            "systemic.descending_aorta.compliance_ml_per_mmhg",
            systemic.descending_aorta.compliance_ml_per_mmhg,
            "mL/mmHg",
            0.1,
            1.5,
            "descending thoracic aorta compliance"
        ),
        spec!(
            "systemic.descending_aorta.unstressed_volume_ml",
            systemic.descending_aorta.unstressed_volume_ml,
            "mL",
            30.0,
            120.0,
            "descending thoracic aorta unstressed volume"
        ),
        spec!(
            "systemic.descending_to_arteries_r_mmhg_s_per_ml",
            systemic.descending_to_arteries_r_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.005,
            0.1,
            "resistance from descending aorta to the arterial tree"
        ),
        spec!(
            "systemic.arteries.compliance_ml_per_mmhg",
            systemic.arteries.compliance_ml_per_mmhg,
            "mL/mmHg",
            0.3,
            3.0,
            "systemic arterial compliance"
        ),
        spec!(
            "systemic.arteries.unstressed_volume_ml",
            systemic.arteries.unstressed_volume_ml,
            "mL",
            300.0,
            1000.0,
            "systemic arterial unstressed volume"
        ),
        spec!(
            "systemic.peripheral_r_mmhg_s_per_ml",
            systemic.peripheral_r_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.3,
            3.0,
            "peripheral (arteriolar) resistance, the bulk of SVR"
        ),
        spec!(
            "systemic.veins.compliance_ml_per_mmhg",
            systemic.veins.compliance_ml_per_mmhg,
            "mL/mmHg",
            30.0,
            200.0,
            "systemic venous compliance"
        ),
        spec!(
            "systemic.veins.unstressed_volume_ml",
            systemic.veins.unstressed_volume_ml,
            "mL",
            1500.0,
            3500.0,
            "systemic venous unstressed volume (lower = more venous tone)"
        ),
        spec!(
            "systemic.venous_return_r_mmhg_s_per_ml",
            systemic.venous_return_r_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.005,
            0.1,
            "resistance to venous return"
        ),
        spec!(
            "pulmonary.arteries.compliance_ml_per_mmhg",
            pulmonary.arteries.compliance_ml_per_mmhg,
            "mL/mmHg",
            0.5,
            10.0,
            "pulmonary arterial compliance"
        ),
        spec!(
            "pulmonary.arteries.unstressed_volume_ml",
            pulmonary.arteries.unstressed_volume_ml,
            "mL",
            30.0,
            200.0,
            "pulmonary arterial unstressed volume"
        ),
        spec!(
            "pulmonary.resistance_mmhg_s_per_ml",
            pulmonary.resistance_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.02,
            0.5,
            "pulmonary vascular resistance"
        ),
        spec!(
            "pulmonary.veins.compliance_ml_per_mmhg",
            pulmonary.veins.compliance_ml_per_mmhg,
            "mL/mmHg",
            1.0,
            20.0,
            "pulmonary venous compliance"
        ),
        spec!(
            "pulmonary.veins.unstressed_volume_ml",
            pulmonary.veins.unstressed_volume_ml,
            "mL",
            200.0,
            700.0,
            "pulmonary venous unstressed volume"
        ),
        spec!(
            "pulmonary.veins_to_la_r_mmhg_s_per_ml",
            pulmonary.veins_to_la_r_mmhg_s_per_ml,
            "mmHg·s/mL",
            0.002,
            0.05,
            "resistance pulmonary veins → left atrium"
        ),
        spec!(
            "coronary.resistance_mmhg_s_per_ml",
            coronary.resistance_mmhg_s_per_ml,
            "mmHg·s/mL",
            5.0,
            60.0,
            "coronary resistance (higher = coronary disease)"
        ),
        spec!(
            "coronary.intramyocardial_factor",
            coronary.intramyocardial_factor,
            "1",
            0.0,
            1.0,
            "share of LV pressure that squeezes intramural coronaries in systole"
        ),
        spec!(
            "coronary.flow_reserve",
            coronary.flow_reserve,
            "ratio",
            1.0,
            6.0,
            "maximal over resting conductance of the autoregulating bed (1 = no reserve left)"
        ),
        spec!(
            "coronary.ischaemic_fraction",
            coronary.ischaemic_fraction,
            "1",
            0.0,
            1.0,
            "share of the coronary bed with its reserve exhausted (ischaemic territory): flow follows pressure"
        ),
        spec!(
            "coronary.occluded_fraction",
            coronary.occluded_fraction,
            "1",
            0.0,
            0.8,
            "share of the coronary bed and LV myocardium whose artery is occluded: no flow"
        ),
        spec!(
            "lesions.mitral_regurgitant_orifice_cm2",
            lesions.mitral_regurgitant_orifice_cm2,
            "cm²",
            0.0,
            1.0,
            "effective regurgitant orifice of the mitral valve (0 competent; severe from 0.4)"
        ),
        spec!(
            "lesions.vsd_orifice_cm2",
            lesions.vsd_orifice_cm2,
            "cm²",
            0.0,
            2.0,
            "effective area of a ventricular septal defect, LV to RV (0 intact septum)"
        ),
        spec!(
            "lesions.aortic_regurgitant_orifice_cm2",
            lesions.aortic_regurgitant_orifice_cm2,
            "cm²",
            0.0,
            1.0,
            "effective regurgitant orifice of the aortic valve (0 competent; severe from 0.3)"
        ),
        spec!(
            "regulation.baroreflex.set_point_mmhg",
            regulation.baroreflex.set_point_mmhg,
            "mmHg",
            40.0,
            120.0,
            "baroreflex reference: steady pressure firing the receptors as the patient's resting pulse does"
        ),
        ParamSpec {
            whole: true,
            ..spec!("assist.iabp.ratio", assist.iabp.ratio, "1:N", 1.0, 3.0, "balloon assists every N-th beat")
        },
        spec!(
            "assist.iabp.balloon_ml",
            assist.iabp.balloon_ml,
            "mL",
            25.0,
            50.0,
            "balloon size (40 mL standard adult)"
        ),
        spec!(
            "assist.iabp.augmentation_pct",
            assist.iabp.augmentation_pct,
            "%",
            10.0,
            100.0,
            "how full the balloon is inflated"
        ),
        spec!(
            "assist.iabp.inflate_offset_ms",
            assist.iabp.inflate_offset_ms,
            "ms",
            -1000.0,
            1000.0,
            "inflation shift from aortic-valve closure (negative = early); less than one RR interval"
        ),
        spec!(
            "assist.iabp.deflate_offset_ms",
            assist.iabp.deflate_offset_ms,
            "ms",
            -1000.0,
            1000.0,
            "deflation shift from the ideal point (negative = early); less than one RR interval"
        ),
        ParamSpec {
            whole: true,
            ..spec!(
                "assist.pump.p_level",
                assist.pump.p_level,
                "level",
                0.0,
                f64::from(crate::devices::pump::MAX_P_LEVEL),
                "pump performance level P0 (stopped) to P9 (maximum)"
            )
        },
        spec!(
            "assist.pump.ramp_s",
            assist.pump.ramp_s,
            "s",
            0.0,
            60.0,
            "time over which pump flow ramps up after start"
        ),
        spec!("blood.total_volume_ml", blood.total_volume_ml, "mL", 3000.0, 7000.0, "total blood volume"),
        spec!(
            "solver.dt_ms",
            solver.dt_ms,
            "ms",
            0.05,
            10.0,
            "integration step (RK4); smaller is slower and no more accurate below ~1 ms"
        ),
    ]);
    specs
}

/// The spec for `key`, if any.
pub fn find(key: &str) -> Option<ParamSpec> {
    registry().into_iter().find(|s| s.key == key)
}

/// Where a parameter's default comes from (the long form, with the reasoning, is in
/// `docs/MODEL.md` §3). The first matching key prefix wins.
pub const SOURCES: &[(&str, &str)] = &[
    ("heart.hr_bpm", "resting adult, normal 60-100 bpm"),
    (
        "heart.rhythm",
        "AF RR variability: Tateno & Glass, Med Biol Eng Comput 39:664, 2001; VF ECG: Strohmenger et al., Chest \
         111:584, 1997",
    ),
    ("heart.vt_rate_bpm", "monomorphic VT 120-250 bpm; haemodynamics: Baron et al., Chest 96:275, 1989"),
    (
        "heart.lv.",
        "Simaan et al., IEEE TCST 17:15, 2009; MIT-LCP CVSim; EDPVR form: Burkhoff et al., AJP 289:H501, 2005",
    ),
    (
        "heart.",
        "four-chamber elastance models (LA 0.5, RV 0.7, RA 0.4 mmHg/mL); Korakianitis & Shi, Med Eng Phys 28:613, 2006",
    ),
    ("valves.", "R: CVSim and Simaan 2009; L = density x length / area of each orifice"),
    (
        "systemic.aortic_root.",
        "Westerhof et al., Med Biol Eng Comput 47:131, 2009; Stergiopulos et al., AJP 276:H81, 1999",
    ),
    (
        "systemic.root_to_descending_zc",
        "Stergiopulos et al., AJP 276:H81, 1999 (four-element Windkessel, L parallel to Zc); Zc about 5 % of TPR",
    ),
    ("systemic.root_to_descending", "Westerhof et al. 2009 (proximal aorta); arch inertance from its geometry"),
    ("systemic.descending", "Westerhof et al. 2009; Stergiopulos et al. 1999"),
    ("systemic.", "CVSim; peripheral R set for SVR about 1100 dyn·s·cm⁻⁵ (normal 800-1200)"),
    ("pulmonary.", "after CVSim (pulmonary V0 90 / 490 mL; its C 3.4 / 9.0 and R 0.07 are 4 / 8 and 0.08 here)"),
    (
        "coronary.flow_reserve",
        "healthy reserve 3.5-5 (Cruickshank, Cardiovasc Drugs Ther 8:757, 1994; clinical CFR series)",
    ),
    ("coronary.ischaemic_fraction", "none in a healthy heart; the infarct territory in post-infarct shock"),
    ("coronary.occluded_fraction", "none; an event occludes a territory (LAD about 40-50 % of the LV)"),
    ("coronary.", "Spaan, Circ Res 49:584, 1981; resting flow 225-250 mL/min"),
    (
        "lesions.",
        "none in a healthy heart; severe MR from EROA 0.4 cm², severe AR from 0.3 cm² (Zoghbi et al., JASE 30:303, \
         2017); orifice flow by the Bernoulli equation",
    ),
    ("blood.", "about 67 mL/kg for 70 kg"),
    ("regulation.baroreflex.enabled", "Ursino, AJP 275:H1733, 1998 (gains, delays, time constants)"),
    (
        "regulation.autoregulation",
        "demand = PVA x rate (Suga); reserve and exhaustion after Schampaert et al., Artif Organs 2015",
    ),
    ("regulation.baroreflex.set_point", "measured on the preset at rest (tests/regulation.rs)"),
    (
        "regulation.ischaemia",
        "perfusion-contraction matching: Ross, Circulation 83:1076, 1991; onset: Tennant & Wiggers, Am J Physiol \
         112:351, 1935",
    ),
    ("assist.iabp.balloon_ml", "balloon sizes 25-50 mL (40 standard adult)"),
    ("assist.iabp.augmentation_pct", "consoles reduce augmentation when weaning"),
    ("assist.iabp.ratio", "1:1 to 1:3; timing is judged at 1:2"),
    ("assist.iabp.trigger", "console practice: ECG R wave or arterial upstroke"),
    ("assist.iabp.deflation", "predicted from preceding beats, or on the R wave (irregular rhythm)"),
    ("assist.iabp.", "shifts from the ideal points (valve closure; empty as the valve opens): the four timing errors"),
    ("assist.pump.", "manufacturer pump curves and P-level table (2.5 / CP / 5.0 class)"),
    ("assist.mode", "this simulator's device switch"),
    ("solver.", "RK4 step; MAP and LVEDP within 0.5 mmHg of the half step (tests/steady_state.rs; 0.1 in practice)"),
];

/// The source of `key`'s default (the `SOURCES` table of this module).
pub fn source_of(key: &str) -> &'static str {
    SOURCES.iter().find(|(prefix, _)| key.starts_with(prefix)).map_or("", |(_, s)| s)
}
