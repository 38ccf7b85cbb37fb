//! The parameter tree of the circulation and its documented baseline.
//!
//! `Params::default()` is the healthy adult at rest (preset `normal`). Sources for each
//! value are given beside it; `docs/MODEL.md` collects them in one table with the allowed
//! ranges, which live in [`crate::scenario`]'s parameter registry.

use serde::{Deserialize, Serialize};

use super::autoregulation::AutoregulationParams;
use super::baroreflex::BaroreflexParams;
use super::coronary::CoronaryParams;
use super::heart::ChamberParams;
use super::ischaemia::IschaemiaParams;
use super::lesions::LesionParams;
use super::regulation::{RegulationParams, Switch};
use super::rhythm::Rhythm;
use super::valves::InertialValveParams;
use super::vessels::Compliance;
use crate::devices::AssistParams;

/// Every parameter of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Heart rate and the four chambers.
    pub heart: HeartParams,
    /// The four valves: resistance, inertance and closing volume.
    pub valves: ValveParams,
    /// Aorta, systemic arteries and veins.
    pub systemic: SystemicParams,
    /// Pulmonary arteries and veins.
    pub pulmonary: PulmonaryParams,
    /// Coronary branch.
    pub coronary: CoronaryParams,
    /// Holes: a regurgitant mitral orifice, a ventricular septal defect.
    pub lesions: LesionParams,
    /// Blood volume.
    pub blood: BloodParams,
    /// Assist devices.
    pub assist: AssistParams,
    /// Reflexes and autoregulation.
    pub regulation: RegulationParams,
    /// Numerical integration.
    pub solver: SolverParams,
}

/// Heart rate and chamber elastances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeartParams {
    /// Heart rate (beats/min); the mean rate in atrial fibrillation.
    pub hr_bpm: f64,
    /// Sinus rhythm, atrial fibrillation, ventricular tachycardia or fibrillation, asystole.
    pub rhythm: Rhythm,
    /// Ventricular rate (beats/min) when the rhythm is ventricular tachycardia.
    pub vt_rate_bpm: f64,
    /// Left ventricle.
    pub lv: ChamberParams,
    /// Left atrium.
    pub la: ChamberParams,
    /// Right ventricle.
    pub rv: ChamberParams,
    /// Right atrium.
    pub ra: ChamberParams,
}

/// The four valves, each with resistance, inertance and a closing volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValveParams {
    /// Mitral valve.
    pub mitral: InertialValveParams,
    /// Aortic valve.
    pub aortic: InertialValveParams,
    /// Tricuspid valve.
    pub tricuspid: InertialValveParams,
    /// Pulmonary valve.
    pub pulmonary: InertialValveParams,
}

/// The systemic side: aortic root, descending thoracic aorta, arteries, veins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemicParams {
    /// Aortic root and ascending aorta, where the coronaries branch off.
    pub aortic_root: Compliance,
    /// Resistance of the arch between root and descending aorta (mmHg·s/mL).
    pub root_to_descending_r_mmhg_s_per_ml: f64,
    /// Inertance of the blood in the arch (mmHg·s²/mL), in series with the arch resistance.
    pub root_to_descending_l_mmhg_s2_per_ml: f64,
    /// Characteristic impedance of the proximal aorta (mmHg·s/mL), in parallel with the arch
    /// inertance (Stergiopulos et al., AJP 276:H81, 1999, four-element form): fast pressure
    /// changes pass through it without the inertance, which damps the ringing of the two
    /// aortic compliances.
    pub root_to_descending_zc_mmhg_s_per_ml: f64,
    /// Descending thoracic aorta, where an intra-aortic balloon sits.
    pub descending_aorta: Compliance,
    /// Resistance from the descending aorta to the systemic arteries (mmHg·s/mL).
    pub descending_to_arteries_r_mmhg_s_per_ml: f64,
    /// Systemic arteries.
    pub arteries: Compliance,
    /// Peripheral (arteriolar) resistance, the bulk of SVR (mmHg·s/mL).
    pub peripheral_r_mmhg_s_per_ml: f64,
    /// Systemic veins.
    pub veins: Compliance,
    /// Venous return resistance, veins → right atrium (mmHg·s/mL).
    pub venous_return_r_mmhg_s_per_ml: f64,
}

/// The pulmonary circulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PulmonaryParams {
    /// Pulmonary arteries.
    pub arteries: Compliance,
    /// Pulmonary vascular resistance (mmHg·s/mL).
    pub resistance_mmhg_s_per_ml: f64,
    /// Pulmonary veins.
    pub veins: Compliance,
    /// Resistance pulmonary veins → left atrium (mmHg·s/mL).
    pub veins_to_la_r_mmhg_s_per_ml: f64,
}

/// Blood volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BloodParams {
    /// Total circulating blood volume (mL), conserved by the model.
    pub total_volume_ml: f64,
}

/// Numerical integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverParams {
    /// Fixed RK4 step (ms).
    pub dt_ms: f64,
}

impl Default for Params {
    /// Healthy adult at rest. Values follow the four-chamber calibration documented in
    /// `docs/MODEL.md` (chamber set after Simaan et al., IEEE TBME 56:1411, 2009 and MIT-LCP
    /// CVSim; arterial tree after Westerhof et al., Med Biol Eng Comput 47:131, 2009 and
    /// Stergiopulos et al., AJP 276:H81, 1999).
    fn default() -> Self {
        Self {
            heart: HeartParams {
                // 75 bpm: resting adult, middle of the 60–100 bpm normal range.
                hr_bpm: 75.0,
                rhythm: Rhythm::Sinus,
                // VT 180 bpm: mid-range of monomorphic VT (120–250 bpm, QRS ≥ 120 ms); stable VT
                // induced at ~134 bpm lowered CI 2.32 → 1.62 L/min/m² and raised PCWP 10 → 24 mmHg
                // (Baron, Huang & Comess, Chest 96:275, 1989).
                vt_rate_bpm: 180.0,
                // LV Ees 2.5 mmHg/mL, the top of the 2.0–2.5 normal range (Simaan 2009: 2.0;
                // CVSim systolic compliance 0.4 mL/mmHg ⇒ 2.5). EDPVR α 0.029/mL, β 0.34 mmHg
                // (α ≈ 0.03, β ≈ 0.3 in the same models) give LVEDP ≈ 10 mmHg at 120 mL.
                lv: ChamberParams {
                    ees_mmhg_per_ml: 2.5,
                    v0_ml: 5.0,
                    edpvr_alpha_per_ml: 0.029,
                    edpvr_beta_mmhg: 0.34,
                },
                // Atria and RV: typical four-chamber-model values (LA Ees ≈ 0.5, RV ≈ 0.7,
                // RA ≈ 0.4 mmHg/mL; e.g. Korakianitis & Shi 2006, Smith et al. 2004).
                la: ChamberParams {
                    ees_mmhg_per_ml: 0.48,
                    v0_ml: 10.0,
                    edpvr_alpha_per_ml: 0.058,
                    edpvr_beta_mmhg: 0.44,
                },
                rv: ChamberParams {
                    ees_mmhg_per_ml: 0.74,
                    v0_ml: 5.0,
                    edpvr_alpha_per_ml: 0.028,
                    edpvr_beta_mmhg: 0.34,
                },
                ra: ChamberParams {
                    ees_mmhg_per_ml: 0.38,
                    v0_ml: 10.0,
                    edpvr_alpha_per_ml: 0.046,
                    edpvr_beta_mmhg: 0.44,
                },
            },
            valves: ValveParams {
                // Resistances: CVSim / Simaan 2009 order of magnitude (open valves drop 1–5 mmHg
                // at peak flow). Inertance ρ·l/A with ρ = 1.06 g/mL: mitral 1 cm through 5 cm²
                // ⇒ 1.6·10⁻⁴, aortic 1.5 cm of outflow tract through 4 cm² ⇒ 3·10⁻⁴ mmHg·s²/mL
                // (1 g/cm⁴ = 7.5·10⁻⁴ mmHg·s²/mL). Closing volumes of a few mL: the aortic one is
                // set so the incisura is a few mmHg deep, as on central aortic tracings.
                mitral: InertialValveParams {
                    resistance_mmhg_s_per_ml: 0.0025,
                    inertance_mmhg_s2_per_ml: 1.6e-4,
                    closing_volume_ml: 1.0,
                },
                aortic: InertialValveParams {
                    resistance_mmhg_s_per_ml: 0.006,
                    inertance_mmhg_s2_per_ml: 3.0e-4,
                    closing_volume_ml: 2.0,
                },
                // Right heart: tricuspid 1 cm through 6 cm² ⇒ 1.3·10⁻⁴, pulmonary 1.5 cm of
                // outflow tract through 3 cm² ⇒ 4·10⁻⁴ mmHg·s²/mL.
                tricuspid: InertialValveParams {
                    resistance_mmhg_s_per_ml: 0.0025,
                    inertance_mmhg_s2_per_ml: 1.3e-4,
                    closing_volume_ml: 1.0,
                },
                pulmonary: InertialValveParams {
                    resistance_mmhg_s_per_ml: 0.003,
                    inertance_mmhg_s2_per_ml: 4.0e-4,
                    closing_volume_ml: 1.0,
                },
            },
            systemic: SystemicParams {
                // Proximal aorta ≈ 15–20 % of the 1.3–2.0 mL/mmHg total arterial compliance
                // (Westerhof 2009; Stergiopulos 1999), split root/descending so a notch forms.
                aortic_root: Compliance { compliance_ml_per_mmhg: 0.30, unstressed_volume_ml: 30.0 },
                // Arch: small R; inertance ρ·l/A for ≈ 10 cm of 2.5–3 cm aorta is 1–2·10⁻³. We use
                // 0.8·10⁻³, below that range (with the valve's 3·10⁻⁴ the LV-to-descending total
                // is 1.1·10⁻³); Zc beside it sets the damping.
                root_to_descending_r_mmhg_s_per_ml: 0.02,
                root_to_descending_l_mmhg_s2_per_ml: 8.0e-4,
                // Zc 0.05 mmHg·s/mL: human ascending-aortic characteristic impedance ≈ 5 % of
                // total peripheral resistance (Stergiopulos et al. 1999; Westerhof 2009). With
                // the arch inertance between root and descending compliance it damps the mode at
                // ζ ≈ 0.7 instead of 0.12: one dicrotic wave, no ringing.
                root_to_descending_zc_mmhg_s_per_ml: 0.05,
                descending_aorta: Compliance { compliance_ml_per_mmhg: 0.45, unstressed_volume_ml: 60.0 },
                descending_to_arteries_r_mmhg_s_per_ml: 0.03,
                arteries: Compliance { compliance_ml_per_mmhg: 1.0, unstressed_volume_ml: 600.0 },
                // TPR ≈ 0.85 mmHg·s/mL: peripheral 0.80 + proximal 0.05, SVR ≈ 1100 dyn·s·cm⁻⁵
                // (CVSim and Simaan 2009 use Rs 1.0).
                peripheral_r_mmhg_s_per_ml: 0.80,
                // Venous compliance 70–100 mL/mmHg and venous return R 0.025–0.04 (CVSim).
                veins: Compliance { compliance_ml_per_mmhg: 70.0, unstressed_volume_ml: 2500.0 },
                venous_return_r_mmhg_s_per_ml: 0.025,
            },
            pulmonary: PulmonaryParams {
                arteries: Compliance { compliance_ml_per_mmhg: 4.0, unstressed_volume_ml: 90.0 },
                resistance_mmhg_s_per_ml: 0.08,
                veins: Compliance { compliance_ml_per_mmhg: 8.0, unstressed_volume_ml: 490.0 },
                veins_to_la_r_mmhg_s_per_ml: 0.01,
            },
            // R 13 mmHg·s/mL gives ≈ 240 mL/min (≈ 4 % of CO) at normal pressures; k = 0.75.
            // Reserve 4: maximal over resting flow of a healthy bed, 3.5–5 (Cruickshank, Cardiovasc
            // Drugs Ther 8:757, 1994: "fivefold"; 3.5–4 in most clinical CFR series). No ischaemic
            // territory in the healthy adult.
            coronary: CoronaryParams {
                resistance_mmhg_s_per_ml: 13.0,
                intramyocardial_factor: 0.75,
                flow_reserve: 4.0,
                ischaemic_fraction: 0.0,
                // No occlusion: an event (a PCI balloon, an acute occlusion) sets one.
                occluded_fraction: 0.0,
            },
            // Competent valves and an intact septum: the acute-mr and post-mi-vsd presets open
            // their holes (sized in their files); aortic regurgitation is a setting.
            lesions: LesionParams {
                mitral_regurgitant_orifice_cm2: 0.0,
                vsd_orifice_cm2: 0.0,
                aortic_regurgitant_orifice_cm2: 0.0,
            },
            // 4.7 L ≈ 67 mL/kg for a 70 kg adult (CVSim uses 5.15 L with larger unstressed volumes).
            blood: BloodParams { total_volume_ml: 4700.0 },
            assist: AssistParams::default(),
            // The baroreflex's reference: the steady pressure at which the receptors fire as
            // they do on average at this patient's resting pulse (tests/regulation.rs checks
            // each preset's, measured with Simulation::baroreflex_equivalent_mmhg).
            regulation: RegulationParams {
                baroreflex: BaroreflexParams { enabled: Switch::On, set_point_mmhg: 89.3 },
                autoregulation: AutoregulationParams { enabled: Switch::On },
                // Off: the presets describe a heart whose contractility is set, not one that
                // follows its supply (the shock-spiral preset turns it on).
                ischaemia: IschaemiaParams { enabled: Switch::Off },
            },
            // 2 ms: MAP and LVEDP agree with a 1 ms run within 0.5 mmHg (≤ 0.1 in practice;
            // tests/steady_state.rs);
            // the step is split automatically if a stiff mode needs it (Simulation::step).
            solver: SolverParams { dt_ms: 2.0 },
        }
    }
}
