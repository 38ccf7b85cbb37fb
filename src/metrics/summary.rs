//! Averages over the last beats, with the clinical derived indices.
//!
//! ```text
//! CO (L/min)        = Σ SV / Σ RR · 60/1000           (through the aortic valve)
//! SVR (dyn·s·cm⁻⁵)  = 80 · (MAP − CVP) / total output (L/min)
//! CPO (W)           = MAP · total output / 451   (native + pump, as measured clinically on support)
//! pulse pressure    = systolic − end-diastolic of each beat (max − min of a beat that did not eject)
//! pressure swing    = max − min of each beat (with a balloon: the augmented peak to the BAEDP trough)
//! CPP (mmHg)        = diastolic mean aortic pressure − LVEDP  (augmentation counts, as it perfuses)
//! EVR               = DPTI / TTI   (subendocardial viability ratio)
//! ```

use serde::Serialize;

use super::beat::BeatMetrics;

/// Total output (L/min) below which SVR is not computed.
const MIN_FLOW_FOR_SVR_L_MIN: f64 = 0.2;

/// How many of the last beats a summary averages.
pub const SUMMARY_BEATS: usize = 12;

/// Summary indices; the JSON keys are part of the CLI's documented output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Number of beats averaged.
    pub beats: usize,
    /// Heart rate (beats/min).
    pub hr_bpm: f64,
    /// Systolic aortic pressure (mmHg), peak while the aortic valve is open; None if no beat ejected.
    pub aortic_systolic_mmhg: Option<f64>,
    /// Diastolic (end-diastolic) aortic pressure (mmHg).
    pub aortic_diastolic_mmhg: f64,
    /// Mean aortic pressure (mmHg).
    pub map_mmhg: f64,
    /// Pulse pressure (mmHg): systolic − end-diastolic of each beat (maximum − minimum of a
    /// beat that did not eject).
    pub pulse_pressure_mmhg: f64,
    /// Swing of the arterial trace, beat maximum − minimum (mmHg): with a balloon, from the
    /// augmented diastolic peak to the assisted end-diastolic trough.
    pub pressure_swing_mmhg: f64,
    /// Net forward stroke volume (mL): through the aortic valve, less what a regurgitant aortic
    /// orifice returns.
    pub stroke_volume_ml: f64,
    /// Net forward cardiac output of the ventricle (L/min): through the aortic valve, less
    /// aortic regurgitation.
    pub cardiac_output_l_min: f64,
    /// Mean flow of a continuous-flow pump (L/min).
    pub pump_flow_l_min: f64,
    /// Native plus pump output (L/min).
    pub total_output_l_min: f64,
    /// Ejection fraction (0–1).
    pub ejection_fraction: f64,
    /// LV end-diastolic volume (mL).
    pub lvedv_ml: f64,
    /// LV end-systolic volume (mL).
    pub lvesv_ml: f64,
    /// LV end-diastolic pressure (mmHg).
    pub lvedp_mmhg: f64,
    /// Peak LV pressure (mmHg).
    pub lv_peak_mmhg: f64,
    /// Pulmonary capillary wedge pressure ≈ mean LA pressure (mmHg).
    pub pcwp_mmhg: f64,
    /// Peak of the wedge trace (mmHg): the v wave, the beat's highest left atrial pressure.
    pub pcwp_v_wave_mmhg: f64,
    /// Central venous pressure ≈ mean RA pressure (mmHg).
    pub cvp_mmhg: f64,
    /// Systemic vascular resistance (dyn·s·cm⁻⁵).
    pub svr_dyn_s_cm5: Option<f64>,
    /// Stroke work (mmHg·mL).
    pub stroke_work_mmhg_ml: f64,
    /// Pressure–volume area (mmHg·mL).
    pub pva_mmhg_ml: f64,
    /// Cardiac power output (W).
    pub cardiac_power_w: f64,
    /// Mean coronary flow (mL/min).
    pub coronary_flow_ml_min: f64,
    /// Coronary perfusion pressure (mmHg): mean aortic pressure over diastole − LVEDP.
    pub coronary_perfusion_pressure_mmhg: f64,
    /// Tension–time index per beat (mmHg·s).
    pub tti_mmhg_s: f64,
    /// Diastolic pressure–time index per beat (mmHg·s).
    pub dpti_mmhg_s: f64,
    /// Endocardial viability ratio DPTI/TTI.
    pub evr: Option<f64>,
    /// Fraction of beats with forward aortic-valve flow (0–1).
    pub aortic_valve_open_fraction: f64,
    /// Fraction of beats with pump suction (0–1).
    pub suction: f64,
    /// Fraction of beats whose ejection began against a still half-inflated balloon (0–1).
    pub ejection_against_balloon: f64,
    /// PSP: systolic pressure of beats whose preceding diastole was not augmented (mmHg).
    pub unassisted_systolic_mmhg: Option<f64>,
    /// PDP: peak diastolic pressure of assisted beats (mmHg).
    pub peak_diastolic_augmentation_mmhg: Option<f64>,
    /// BAEDP: end-diastolic pressure after an augmented diastole (mmHg).
    pub assisted_end_diastolic_mmhg: Option<f64>,
    /// PAEDP: end-diastolic pressure after an unaugmented diastole (mmHg); None at 1:1.
    pub unassisted_end_diastolic_mmhg: Option<f64>,
    /// APSP: systolic pressure of beats whose preceding diastole was augmented (mmHg).
    pub assisted_systolic_mmhg: Option<f64>,
    /// Pressure at the dicrotic notch (mmHg).
    pub dicrotic_notch_mmhg: Option<f64>,
    /// Share of all the LV puts out (aortic valve, pump, regurgitant orifice, septal defect)
    /// that goes back into the left atrium (0–1; 0 with a competent mitral valve).
    pub mitral_regurgitant_fraction: f64,
    /// Pulmonary over systemic flow, Qp/Qs: pulmonary-valve flow over that flow less the net
    /// left-to-right shunt through a septal defect. 1 with no shunt, above 1 left to right,
    /// below 1 right to left; None while the systemic flow is below 0.2 L/min (an arrest).
    pub qp_qs: Option<f64>,
    /// Share of what the ventricle and a pump put into the aortic root that comes back through
    /// a regurgitant aortic orifice (0–1; 0 with a competent valve).
    pub aortic_regurgitant_fraction: f64,
}

impl Summary {
    /// Summary of the last [`SUMMARY_BEATS`] beats (or fewer if fewer exist); None if no beat.
    pub fn of_last(all: &[BeatMetrics]) -> Option<Self> {
        Self::of_last_n(all, SUMMARY_BEATS)
    }

    /// Summary of the last `n` beats of `all` (or fewer if fewer exist); None if no beat.
    /// Pass every beat there is, not just the last `n`: whether the first summarised beat
    /// followed an augmented diastole (APSP/BAEDP or PSP/PAEDP) is read from the beat before it.
    pub fn of_last_n(all: &[BeatMetrics], n: usize) -> Option<Self> {
        let start = all.len().saturating_sub(n);
        let beats = &all[start..];
        // Each beat with whether the diastole before its systole was augmented.
        let with_prior: Vec<(&BeatMetrics, bool)> =
            (start..all.len()).map(|i| (&all[i], super::after_augmented(all, i))).collect();
        let mean_of = |values: Vec<f64>| (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
        let any_assisted = beats.iter().any(|b| b.assisted);
        let landmark = |after_augmented: bool, f: fn(&BeatMetrics) -> Option<f64>| {
            if !any_assisted {
                return None;
            }
            mean_of(with_prior.iter().filter(|(_, p)| *p == after_augmented).filter_map(|(b, _)| f(b)).collect())
        };
        if beats.is_empty() {
            return None;
        }
        let n = beats.len() as f64;
        let avg = |f: fn(&BeatMetrics) -> f64| beats.iter().map(f).sum::<f64>() / n;
        let total_time_s: f64 = beats.iter().map(|b| b.rr_s).sum();
        let ejecting: Vec<f64> = beats.iter().filter_map(|b| b.aortic_systolic_mmhg).collect();
        let systolic = (!ejecting.is_empty()).then(|| ejecting.iter().sum::<f64>() / ejecting.len() as f64);
        let cardiac_output = beats.iter().map(|b| b.stroke_volume_ml).sum::<f64>() / total_time_s * 0.06;
        let pump_flow = beats.iter().map(|b| b.pump_flow_l_min * b.rr_s).sum::<f64>() / total_time_s;
        let total = cardiac_output + pump_flow;
        let map = beats.iter().map(|b| b.map_mmhg * b.rr_s).sum::<f64>() / total_time_s;
        let cvp = avg(|b| b.ra_mean_mmhg);
        let diastolic = avg(|b| b.aortic_end_diastolic_mmhg);
        let lvedp = avg(|b| b.lvedp_mmhg);
        let lvedv = avg(|b| b.lvedv_ml);
        let lvesv = avg(|b| b.lvesv_ml);
        let tti = avg(|b| b.tti_mmhg_s);
        let dpti = avg(|b| b.dpti_mmhg_s);
        let sum = |f: fn(&BeatMetrics) -> f64| beats.iter().map(f).sum::<f64>();
        let regurgitant = sum(|b| b.mitral_regurgitant_ml);
        let lv_output =
            regurgitant + sum(|b| b.stroke_volume_ml + b.pump_flow_l_min * b.rr_s / 0.06 + b.shunt_ml.max(0.0));
        let (pulmonary, shunt) = (sum(|b| b.pulmonary_flow_ml), sum(|b| b.shunt_ml));
        let systemic_l_min = (pulmonary - shunt) / total_time_s * 0.06;
        let aortic_back = sum(|b| b.aortic_regurgitant_ml);
        let into_root = aortic_back + sum(|b| b.stroke_volume_ml + b.pump_flow_l_min * b.rr_s / 0.06);
        Some(Self {
            beats: beats.len(),
            // Silent cycles (fibrillation, asystole) count time but no beat.
            hr_bpm: 60.0 * beats.iter().filter(|b| b.rhythm.ventricles_contract()).count() as f64 / total_time_s,
            aortic_systolic_mmhg: systolic,
            aortic_diastolic_mmhg: diastolic,
            map_mmhg: map,
            pulse_pressure_mmhg: avg(|b| match b.aortic_systolic_mmhg {
                Some(systolic) => systolic - b.aortic_end_diastolic_mmhg,
                None => b.aortic_max_mmhg - b.aortic_min_mmhg,
            }),
            pressure_swing_mmhg: avg(|b| b.aortic_max_mmhg - b.aortic_min_mmhg),
            stroke_volume_ml: avg(|b| b.stroke_volume_ml),
            cardiac_output_l_min: cardiac_output,
            pump_flow_l_min: pump_flow,
            total_output_l_min: total,
            ejection_fraction: if lvedv > 0.0 { (lvedv - lvesv) / lvedv } else { 0.0 },
            lvedv_ml: lvedv,
            lvesv_ml: lvesv,
            lvedp_mmhg: lvedp,
            lv_peak_mmhg: avg(|b| b.lv_peak_mmhg),
            pcwp_mmhg: avg(|b| b.la_mean_mmhg),
            pcwp_v_wave_mmhg: avg(|b| b.la_max_mmhg),
            cvp_mmhg: cvp,
            // Resistance needs flow: below 0.2 L/min (an arrest) the ratio means nothing.
            svr_dyn_s_cm5: (total > MIN_FLOW_FOR_SVR_L_MIN).then(|| 80.0 * (map - cvp) / total),
            stroke_work_mmhg_ml: avg(|b| b.stroke_work_mmhg_ml),
            pva_mmhg_ml: avg(|b| b.pva_mmhg_ml),
            cardiac_power_w: map * total / 451.0,
            coronary_flow_ml_min: avg(|b| b.coronary_flow_ml_min),
            coronary_perfusion_pressure_mmhg: avg(|b| b.diastolic_mean_mmhg) - lvedp,
            tti_mmhg_s: tti,
            dpti_mmhg_s: dpti,
            evr: (tti > 0.0).then(|| dpti / tti),
            aortic_valve_open_fraction: beats.iter().filter(|b| b.ejected).count() as f64 / n,
            suction: beats.iter().filter(|b| b.suction).count() as f64 / n,
            ejection_against_balloon: beats.iter().filter(|b| b.ejected_against_balloon).count() as f64 / n,
            unassisted_systolic_mmhg: landmark(false, |b| b.aortic_systolic_mmhg),
            peak_diastolic_augmentation_mmhg: mean_of(
                beats.iter().filter(|b| b.assisted).filter_map(|b| b.peak_diastolic_mmhg).collect(),
            ),
            assisted_end_diastolic_mmhg: landmark(true, |b| Some(b.aortic_end_diastolic_mmhg)),
            unassisted_end_diastolic_mmhg: landmark(false, |b| Some(b.aortic_end_diastolic_mmhg)),
            assisted_systolic_mmhg: landmark(true, |b| b.aortic_systolic_mmhg),
            dicrotic_notch_mmhg: mean_of(beats.iter().filter_map(|b| b.dicrotic_notch_mmhg).collect()),
            mitral_regurgitant_fraction: if lv_output > 0.0 { regurgitant / lv_output } else { 0.0 },
            qp_qs: if shunt == 0.0 {
                Some(1.0)
            } else {
                (systemic_l_min > MIN_FLOW_FOR_SVR_L_MIN).then(|| pulmonary / (pulmonary - shunt))
            },
            aortic_regurgitant_fraction: if into_root > 0.0 { aortic_back / into_root } else { 0.0 },
        })
    }
}

/// One summary index as a table row: its JSON key (the vocabulary lessons, the compare view
/// and `counterpulse compare` share), a label, a unit and how to read it.
#[derive(Debug, Clone, Copy)]
pub struct SummaryField {
    /// The JSON key of [`Summary`], e.g. `lvedp_mmhg`.
    pub key: &'static str,
    /// Human label.
    pub label: &'static str,
    /// Unit ("" for a ratio).
    pub unit: &'static str,
    /// The value; None when it does not apply (e.g. a balloon landmark without a balloon).
    pub get: fn(&Summary) -> Option<f64>,
}

macro_rules! field {
    ($key:ident, $label:literal, $unit:literal) => {
        SummaryField { key: stringify!($key), label: $label, unit: $unit, get: |s| Some(s.$key) }
    };
    ($key:ident?, $label:literal, $unit:literal) => {
        SummaryField { key: stringify!($key), label: $label, unit: $unit, get: |s| s.$key }
    };
}

/// Every index of [`Summary`] except the beat count, in display order. "Aortic
/// systolic/diastolic" average every beat, so with a balloon at 1:N they mix assisted and
/// unassisted beats: the landmark rows separate them.
pub const FIELDS: [SummaryField; 39] = [
    field!(hr_bpm, "Heart rate", "bpm"),
    field!(aortic_systolic_mmhg?, "Aortic systolic", "mmHg"),
    field!(aortic_diastolic_mmhg, "Aortic diastolic", "mmHg"),
    field!(map_mmhg, "Mean arterial pressure", "mmHg"),
    field!(pulse_pressure_mmhg, "Pulse pressure (systolic - diastolic)", "mmHg"),
    field!(pressure_swing_mmhg, "Arterial swing (max - min)", "mmHg"),
    field!(stroke_volume_ml, "Stroke volume", "mL"),
    field!(cardiac_output_l_min, "Cardiac output (native)", "L/min"),
    field!(pump_flow_l_min, "Pump flow", "L/min"),
    field!(total_output_l_min, "Total output", "L/min"),
    field!(ejection_fraction, "Ejection fraction", ""),
    field!(lvedv_ml, "LVEDV", "mL"),
    field!(lvesv_ml, "LVESV", "mL"),
    field!(lvedp_mmhg, "LVEDP", "mmHg"),
    field!(lv_peak_mmhg, "LV peak pressure", "mmHg"),
    field!(pcwp_mmhg, "PCWP", "mmHg"),
    field!(pcwp_v_wave_mmhg, "PCWP v wave (peak)", "mmHg"),
    field!(cvp_mmhg, "CVP", "mmHg"),
    field!(mitral_regurgitant_fraction, "Mitral regurgitant fraction", ""),
    field!(qp_qs?, "Qp/Qs (pulmonary / systemic flow)", ""),
    field!(aortic_regurgitant_fraction, "Aortic regurgitant fraction", ""),
    field!(svr_dyn_s_cm5?, "SVR", "dyn·s·cm⁻⁵"),
    field!(stroke_work_mmhg_ml, "Stroke work", "mmHg·mL"),
    field!(pva_mmhg_ml, "Pressure-volume area", "mmHg·mL"),
    field!(cardiac_power_w, "Cardiac power output", "W"),
    field!(coronary_flow_ml_min, "Coronary flow", "mL/min"),
    field!(coronary_perfusion_pressure_mmhg, "Coronary perfusion pressure (diast. mean - LVEDP)", "mmHg"),
    field!(tti_mmhg_s, "Tension-time index (TTI)", "mmHg·s"),
    field!(dpti_mmhg_s, "Diastolic pressure-time index (DPTI)", "mmHg·s"),
    field!(evr?, "DPTI/TTI", ""),
    field!(aortic_valve_open_fraction, "Beats with aortic ejection", "fraction"),
    field!(suction, "Beats with suction", "fraction"),
    field!(ejection_against_balloon, "Beats ejecting against the balloon", "fraction"),
    field!(unassisted_systolic_mmhg?, "Balloon: unassisted systolic (PSP)", "mmHg"),
    field!(peak_diastolic_augmentation_mmhg?, "Balloon: peak diastolic (PDP)", "mmHg"),
    field!(assisted_end_diastolic_mmhg?, "Balloon: assisted end-diast. (BAEDP)", "mmHg"),
    field!(unassisted_end_diastolic_mmhg?, "Balloon: unassisted end-diast. (PAEDP)", "mmHg"),
    field!(assisted_systolic_mmhg?, "Balloon: assisted systolic (APSP)", "mmHg"),
    field!(dicrotic_notch_mmhg?, "Dicrotic notch", "mmHg"),
];

impl SummaryField {
    /// Width (characters) of the longest label, so text tables line up.
    pub fn label_width() -> usize {
        FIELDS.iter().map(|f| f.label.chars().count()).max().unwrap_or(0)
    }

    /// The field with JSON key `key`, if any.
    pub fn find(key: &str) -> Option<&'static SummaryField> {
        FIELDS.iter().find(|f| f.key == key)
    }
}

impl Summary {
    /// The index with JSON key `key`; None if the key is unknown or the index does not apply.
    pub fn get(&self, key: &str) -> Option<f64> {
        SummaryField::find(key).and_then(|f| (f.get)(self))
    }
}

/// A number as the tables print it: no decimals from 100 up, one from 10, two below.
pub fn format_number(v: f64) -> String {
    match v.abs() {
        a if a >= 100.0 => format!("{v:.0}"),
        a if a >= 10.0 => format!("{v:.1}"),
        _ => format!("{v:.2}"),
    }
}

/// A difference as the tables print it, with its sign: `+0.52`, `-6.1`.
pub fn format_change(d: f64) -> String {
    if d > 0.0 { format!("+{}", format_number(d)) } else { format_number(d) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cover_every_summary_key_once() {
        let beats =
            crate::run::run(crate::scenario::Preset::by_name("normal").unwrap().params().unwrap(), 5.0, |_| {}).beats;
        let summary = Summary::of_last(&beats).unwrap();
        let json = serde_json::to_value(summary).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().filter(|k| *k != "beats").collect();
        assert_eq!(keys.len(), FIELDS.len());
        for key in keys {
            let field = SummaryField::find(key).unwrap_or_else(|| panic!("{key} has no field"));
            assert_eq!((field.get)(&summary), json[key].as_f64(), "{key}");
        }
    }
}
