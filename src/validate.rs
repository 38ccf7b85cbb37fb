//! The validation table: each reference range, textbook signature and literature figure next
//! to what Counterpulse produces. `counterpulse validate` prints it; `docs/MODEL.md` carries
//! the same table and `tests/docs.rs` fails if the two differ, so it cannot drift.
//!
//! The claims are data ([`CLAIMS`]): each has an id, its words and one measurement that says
//! what Counterpulse produces and whether that agrees. The table, the documentation and the
//! tests (`tests/validation.rs`, and the signature tests that name a claim by id) all evaluate
//! the same claims, so a bound is written once.
//!
//! Every run is 60 s at the preset's step and is read as everywhere else (the average of the
//! last beats). "Agrees" is a plain yes or no: where the toy falls short of a published figure
//! the table says so.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::metrics::{BeatMetrics, Summary};
use crate::model::Rhythm;
use crate::quiz::{self, TIMING_CASES};
use crate::run::{RunResult, run, run_with_events};
use crate::scenario::{ScenarioError, from_query};

/// Simulated seconds of every validation run.
pub const SECONDS: f64 = crate::run::DEFAULT_SECONDS;

/// One line of the table: a claim and what Counterpulse produces.
#[derive(Debug, Clone)]
pub struct Row {
    /// The claim.
    pub of: &'static Claim,
    /// What the reference says.
    pub expected: String,
    /// What Counterpulse produces.
    pub produced: String,
    /// Whether the produced value meets the expectation.
    pub agrees: bool,
}

/// What a claim expects.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    /// A reference range of one number, judged inclusively and printed as `lo-hi`.
    Range {
        /// The scenario, as a URL query.
        query: &'static str,
        /// The number, read from the run's summary.
        read: fn(&Summary) -> f64,
        /// Lowest value that agrees.
        lo: f64,
        /// Highest value that agrees.
        hi: f64,
    },
    /// Anything else: the words of the reference, and a measurement that judges them.
    Measured {
        /// What the reference says.
        words: &'static str,
        /// Runs what it needs; returns what Counterpulse produces and whether it agrees.
        measure: fn(&mut Runs) -> Result<(String, bool), ScenarioError>,
    },
}

/// One claim of the table.
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    /// Stable short name, used by tests (`validate::evaluate("normal-map")`).
    pub id: &'static str,
    /// Patient and device.
    pub setting: &'static str,
    /// The quantity or signature.
    pub claim: &'static str,
    /// What it expects and how it is measured.
    pub expected: Expected,
    /// Where it comes from.
    pub source: &'static str,
}

impl Claim {
    /// Measures the claim, reusing the runs already made.
    pub fn evaluate(&'static self, runs: &mut Runs) -> Result<Row, ScenarioError> {
        let (expected, produced, agrees) = match self.expected {
            Expected::Range { query, read, lo, hi } => {
                let v = read(&runs.summary(query)?);
                (format!("{lo}-{hi}"), format!("{v:.1}"), in_range(v, lo, hi))
            }
            Expected::Measured { words, measure } => {
                let (produced, agrees) = measure(runs)?;
                (words.to_owned(), produced, agrees)
            }
        };
        Ok(Row { of: self, expected, produced, agrees })
    }
}

const NORMAL: &str = "preset=normal";
const SHOCK: &str = "preset=cardiogenic-shock";
const BALLOON_1_1: &str = "preset=cardiogenic-shock&assist=iabp&ratio=1:1";
const BALLOON_1_3: &str = "preset=cardiogenic-shock&assist=iabp&ratio=1:3";
const PUMP_CP: &str = "preset=cardiogenic-shock&assist=pump&pump=cp&p-level=8";
const SPIRAL: &str = "preset=shock-spiral";
const VF: &str = "preset=normal&rhythm=vf";
const VF_PUMP: &str = "preset=normal&rhythm=vf&assist=pump&pump=cp&p-level=8";
const YOKOTA: &str = "Yokota et al., Eur Heart J Open 2025 (goats; pulmonary 50 ± 28 %, LCx 51 ± 13 % at P8)";
const PUMP_2_5: &str = "preset=cardiogenic-shock&assist=pump&pump=2.5&p-level=8";
const PUMP_5_0: &str = "preset=cardiogenic-shock&assist=pump&pump=5.0&p-level=9";
const ACUTE_MR: &str = "preset=acute-mr";
const VSD: &str = "preset=post-mi-vsd";
const GOLD_1973: &str = "Gold et al., Circulation 47:1191, 1973 (six patients in shock)";
const PCI: &str = "preset=high-risk-pci";
/// The coronary balloon of the PCI rows: the LAD's share of the bed for 45 s, ending with the run.
const PCI_OCCLUSION: &str = "event=at_s=15,duration_s=45,coronary.occluded_fraction=0.35";
const PROTECT_II: &str =
    "PROTECT II (O'Neill et al., Circulation 126:1717, 2012): maximal decrease of CPO from baseline";
const REFERENCE_RANGES: &str = "adult reference ranges";
const CHAMBERS: &str = "ASE/EACVI chamber quantification 2015";
const SHOCK_TRIAL: &str = "SHOCK trial (Hochman et al., NEJM 341:625, 1999)";
const TEXTBOOK: &str = "textbook signature";

/// Runs scenarios (URL queries) once each and keeps their results.
pub struct Runs(HashMap<String, RunResult>);

impl Default for Runs {
    fn default() -> Self {
        Self::new()
    }
}

impl Runs {
    /// No runs yet.
    pub fn new() -> Self {
        Self(HashMap::new())
    }

    /// The run of `query`, made on first use.
    pub fn result(&mut self, query: &str) -> Result<&RunResult, ScenarioError> {
        if !self.0.contains_key(query) {
            let scenario = from_query(query)?;
            self.0.insert(query.to_owned(), run_with_events(scenario.params, &scenario.events, SECONDS, |_| {}));
        }
        Ok(&self.0[query])
    }

    /// The summary of the run of `query`.
    pub fn summary(&mut self, query: &str) -> Result<Summary, ScenarioError> {
        // Every run is long enough for beats; a run without any is a defect worth a panic in tests.
        Ok(self.result(query)?.summary.expect("60 s always completes beats"))
    }

    /// Fraction of beats after 20 s (warm-up) that ejected against the balloon.
    fn against_balloon(&mut self, query: &str) -> Result<f64, ScenarioError> {
        let beats: Vec<&BeatMetrics> = self.result(query)?.beats.iter().filter(|b| b.start_s > 20.0).collect();
        Ok(beats.iter().filter(|b| b.ejected_against_balloon).count() as f64 / beats.len().max(1) as f64)
    }

    /// The summaries of the quiz's five timing cases (correct first), at 1:2 in shock.
    fn timing(&mut self) -> Result<[Summary; 5], ScenarioError> {
        let mut out = Vec::with_capacity(TIMING_CASES.len());
        for case in &TIMING_CASES {
            out.push(self.summary(&quiz::query(case))?);
        }
        Ok(out.try_into().expect("five timing cases"))
    }
}

fn in_range(v: f64, lo: f64, hi: f64) -> bool {
    (lo..=hi).contains(&v)
}

/// A landmark that may be missing (NaN then, which agrees with nothing).
fn opt(v: Option<f64>) -> f64 {
    v.unwrap_or(f64::NAN)
}

fn f0(v: f64) -> String {
    format!("{v:.0}")
}

/// Change from `off` to `on`, % of `off`.
fn change_pct(on: f64, off: f64) -> f64 {
    100.0 * (on - off) / off
}

/// `with` against `without`, % above it.
fn ratio_pct(with: f64, without: f64) -> f64 {
    100.0 * (with / without - 1.0)
}

/// A flow in fibrillation with the CP pump at P8, % of the same flow in sinus rhythm without
/// support (Yokota's "% of baseline").
fn vf_pump_share_pct(r: &mut Runs, flow: fn(&Summary) -> f64) -> Result<f64, ScenarioError> {
    Ok(100.0 * flow(&r.summary(VF_PUMP)?) / flow(&r.summary(NORMAL)?))
}

/// Diastolic share of coronary flow in the normal patient (after 20 s of warm-up).
fn coronary_diastolic_share() -> Result<f64, ScenarioError> {
    let (mut systolic, mut diastolic) = (0.0, 0.0);
    run(from_query(NORMAL)?.params, SECONDS, |s| {
        if s.t_s > 20.0 {
            if s.hemo.ventricular_activation > 0.05 {
                systolic += s.hemo.coronary_ml_per_s;
            } else {
                diastolic += s.hemo.coronary_ml_per_s;
            }
        }
    });
    Ok(diastolic / (systolic + diastolic))
}

/// A reference range of the normal adult at rest.
const fn normal_range(id: &'static str, claim: &'static str, read: fn(&Summary) -> f64, lo: f64, hi: f64) -> Claim {
    let source = if claim.as_bytes()[0] == b'L' { CHAMBERS } else { REFERENCE_RANGES };
    Claim { id, setting: "normal", claim, expected: Expected::Range { query: NORMAL, read, lo, hi }, source }
}

const fn measured(
    id: &'static str,
    setting: &'static str,
    claim: &'static str,
    words: &'static str,
    source: &'static str,
    measure: fn(&mut Runs) -> Result<(String, bool), ScenarioError>,
) -> Claim {
    Claim { id, setting, claim, expected: Expected::Measured { words, measure }, source }
}

/// Every claim, in the order of the table.
pub const CLAIMS: &[Claim] = &[
    // Reference ranges of a healthy adult at rest.
    normal_range("normal-systolic", "systolic pressure (mmHg)", |n| opt(n.aortic_systolic_mmhg), 90.0, 140.0),
    normal_range("normal-diastolic", "diastolic pressure (mmHg)", |n| n.aortic_diastolic_mmhg, 60.0, 90.0),
    normal_range("normal-map", "mean arterial pressure (mmHg)", |n| n.map_mmhg, 70.0, 100.0),
    normal_range("normal-output", "cardiac output (L/min)", |n| n.cardiac_output_l_min, 4.0, 8.0),
    normal_range("normal-stroke-volume", "stroke volume (mL)", |n| n.stroke_volume_ml, 60.0, 100.0),
    normal_range("normal-ejection-fraction", "ejection fraction (%)", |n| 100.0 * n.ejection_fraction, 52.0, 72.0),
    normal_range("normal-lvedv", "LVEDV (mL)", |n| n.lvedv_ml, 62.0, 150.0),
    normal_range("normal-lvesv", "LVESV (mL)", |n| n.lvesv_ml, 21.0, 61.0),
    normal_range("normal-pcwp", "PCWP (mmHg)", |n| n.pcwp_mmhg, 4.0, 12.0),
    normal_range("normal-cvp", "CVP (mmHg)", |n| n.cvp_mmhg, 2.0, 6.0),
    normal_range("normal-svr", "SVR (dyn·s·cm⁻⁵)", |n| opt(n.svr_dyn_s_cm5), 800.0, 1200.0),
    measured(
        "normal-coronary-flow",
        "normal",
        "coronary flow (mL/min)",
        "225-250, 4-5 % of CO",
        "Guyton & Hall, Textbook of Medical Physiology",
        |r| {
            let n = r.summary(NORMAL)?;
            Ok((f0(n.coronary_flow_ml_min), in_range(n.coronary_flow_ml_min, 225.0, 250.0)))
        },
    ),
    measured(
        "normal-coronary-diastolic-share",
        "normal",
        "diastolic share of coronary flow",
        "70-80 % (accepted 60-85 %)",
        "Hoffman & Spaan, Physiol Rev 70:331, 1990",
        |_| {
            let share = coronary_diastolic_share()?;
            Ok((format!("{:.0} %", 100.0 * share), in_range(share, 0.6, 0.85)))
        },
    ),
    measured("normal-evr", "normal", "DPTI/TTI", ">= 1 (normal)", "Buckberg et al., Circ Res 30:67, 1972", |r| {
        let evr = opt(r.summary(NORMAL)?.evr);
        Ok((format!("{evr:.2}"), evr >= 0.95))
    }),
    // Cardiogenic shock: the SHOCK-trial definition.
    measured("shock-systolic", "shock", "systolic pressure (mmHg)", "< 90", SHOCK_TRIAL, |r| {
        let v = opt(r.summary(SHOCK)?.aortic_systolic_mmhg);
        Ok((f0(v), v < 90.0))
    }),
    measured(
        "shock-output",
        "shock",
        "cardiac output (L/min)",
        "< 4 (CI < 2.2 L/min/m² at 1.8 m²)",
        SHOCK_TRIAL,
        |r| {
            // Cardiac index < 2.2 L/min/m² for a 1.8 m² adult.
            let v = r.summary(SHOCK)?.cardiac_output_l_min;
            Ok((format!("{v:.2}"), v < 2.2 * 1.8))
        },
    ),
    measured("shock-pcwp", "shock", "PCWP (mmHg)", "> 15", SHOCK_TRIAL, |r| {
        let v = r.summary(SHOCK)?.pcwp_mmhg;
        Ok((format!("{v:.1}"), v > 15.0))
    }),
    measured(
        "shock-power",
        "shock",
        "cardiac power output (W)",
        "< 0.6 (poor prognosis)",
        "Fincke et al., JACC 44:340, 2004",
        |r| {
            let v = r.summary(SHOCK)?.cardiac_power_w;
            Ok((format!("{v:.2}"), v < 0.6))
        },
    ),
    // The balloon in cardiogenic shock, correctly timed.
    measured(
        "balloon-pdp-above-psp",
        "shock + balloon 1:2",
        "peak diastolic augmentation PDP vs unassisted systolic PSP",
        "PDP >= PSP; diastolic 53 -> 83 mmHg in shock",
        "Scheidt et al., NEJM 288:979, 1973",
        |r| {
            let b2 = r.timing()?[0];
            let (psp, pdp) = (opt(b2.unassisted_systolic_mmhg), opt(b2.peak_diastolic_augmentation_mmhg));
            Ok((format!("PDP {pdp:.0} vs PSP {psp:.0}"), pdp >= psp))
        },
    ),
    measured(
        "balloon-baedp-below-paedp",
        "shock + balloon 1:2",
        "assisted vs unassisted end-diastolic (BAEDP vs PAEDP)",
        "BAEDP below PAEDP",
        TEXTBOOK,
        |r| {
            let b2 = r.timing()?[0];
            let (baedp, paedp) = (opt(b2.assisted_end_diastolic_mmhg), opt(b2.unassisted_end_diastolic_mmhg));
            Ok((format!("{baedp:.1} vs {paedp:.1} ({:+.1})", baedp - paedp), baedp < paedp))
        },
    ),
    measured(
        "balloon-apsp-below-psp",
        "shock + balloon 1:2",
        "assisted vs unassisted systolic (APSP vs PSP)",
        "APSP below PSP",
        TEXTBOOK,
        |r| {
            let b2 = r.timing()?[0];
            let (apsp, psp) = (opt(b2.assisted_systolic_mmhg), opt(b2.unassisted_systolic_mmhg));
            Ok((format!("{apsp:.1} vs {psp:.1} ({:+.1} %)", 100.0 * (apsp - psp) / psp), apsp < psp))
        },
    ),
    // Kern's percentages compare the balloon on with the balloon off: his mean aortic pressure
    // moves +1 %, while at 1:2 an augmented cycle's mean exceeds its unassisted neighbour's by
    // about 30 % here (diastolic augmentation of ~20 mmHg in patients, Kolyva 2009).
    measured(
        "kern-balloon-on-vs-off",
        "shock: balloon 1:1 vs off",
        "systolic pressure, systolic pressure-time index (TTI), MAP (% change)",
        "systolic -11 to -15 % (76 -> 57 mmHg, -25 %, in shock); TTI -20 to -27 %; MAP +1 to +6 % (unchanged in shock)",
        "Kern et al., Am Heart J 137:1129, 1999; Scheidt et al. 1973",
        |r| {
            let (s, b1) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?);
            let (sys, tti, map) = (
                change_pct(opt(b1.aortic_systolic_mmhg), opt(s.aortic_systolic_mmhg)),
                change_pct(b1.tti_mmhg_s, s.tti_mmhg_s),
                change_pct(b1.map_mmhg, s.map_mmhg),
            );
            Ok((
                format!("{sys:+.1}, {tti:+.1}, {map:+.1}"),
                in_range(sys, -30.0, -8.0) && in_range(tti, -35.0, -12.0) && in_range(map, -3.0, 8.0),
            ))
        },
    ),
    // Kolyva's end-diastolic fall, like with like: 1:1 against the balloon off. The same pair
    // without the reflexes shows what the balloon does on its own.
    measured(
        "kolyva-end-diastolic-fall",
        "shock: balloon 1:1 vs off",
        "aortic end-diastolic pressure (mmHg)",
        "50.9 -> 43.9 (-7, -14 %) in 25 patients; -8 and -11 % in pigs",
        "Kolyva et al., J Appl Physiol 107:1497, 2009; ASAIO J 54:600, 2008",
        |r| {
            let (s, b1) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?);
            let off_passive = r.summary(&format!("{SHOCK}&baroreflex=off"))?;
            let on_passive = r.summary(&format!("{BALLOON_1_1}&baroreflex=off"))?;
            let fall = b1.aortic_diastolic_mmhg - s.aortic_diastolic_mmhg;
            Ok((
                format!(
                    "{:.1} -> {:.1} ({fall:+.1}, {:+.0} %); reflexes off {:+.1}",
                    s.aortic_diastolic_mmhg,
                    b1.aortic_diastolic_mmhg,
                    100.0 * fall / s.aortic_diastolic_mmhg,
                    on_passive.aortic_diastolic_mmhg - off_passive.aortic_diastolic_mmhg,
                ),
                in_range(fall, -10.5, -3.5),
            ))
        },
    ),
    measured(
        "balloon-output-gain",
        "shock + balloon 1:1",
        "cardiac output change (L/min)",
        "+0.5; +0.5 to +1.0",
        "Scheidt 1973; Parissis et al., J Cardiothorac Surg, 2016",
        |r| {
            let gain = r.summary(BALLOON_1_1)?.cardiac_output_l_min - r.summary(SHOCK)?.cardiac_output_l_min;
            Ok((format!("{gain:+.2}"), in_range(gain, 0.1, 1.0)))
        },
    ),
    measured(
        "balloon-perfusion-and-unloading",
        "shock + balloon 1:1",
        "coronary perfusion pressure, LVEDP, DPTI/TTI",
        "perfusion pressure up, LVEDP down, DPTI/TTI up",
        TEXTBOOK,
        |r| {
            let (s, b1) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?);
            Ok((
                format!(
                    "{:+.1} mmHg, {:+.1} mmHg, {:+.2}",
                    b1.coronary_perfusion_pressure_mmhg - s.coronary_perfusion_pressure_mmhg,
                    b1.lvedp_mmhg - s.lvedp_mmhg,
                    opt(b1.evr) - opt(s.evr)
                ),
                b1.coronary_perfusion_pressure_mmhg > s.coronary_perfusion_pressure_mmhg
                    && b1.lvedp_mmhg < s.lvedp_mmhg
                    && opt(b1.evr) > opt(s.evr),
            ))
        },
    ),
    measured(
        "balloon-ratio-ranking",
        "shock + balloon",
        "output gain by ratio 1:1, 1:2, 1:3 (L/min)",
        "1:1 > 1:2 > 1:3",
        TEXTBOOK,
        |r| {
            let s = r.summary(SHOCK)?;
            let (b1, b2, b3) = (r.summary(BALLOON_1_1)?, r.timing()?[0], r.summary(BALLOON_1_3)?);
            let gains = [b1, b2, b3].map(|b| b.cardiac_output_l_min - s.cardiac_output_l_min);
            Ok((
                format!("{:+.2}, {:+.2}, {:+.2}", gains[0], gains[1], gains[2]),
                gains[0] > gains[1] && gains[1] > gains[2],
            ))
        },
    ),
    // The four timing errors at 1:2 against correct timing: the quiz's scenarios, the same
    // patient and offsets as its questions.
    measured(
        "early-inflation",
        "shock + balloon 1:2",
        "early inflation (-120 ms): stroke volume, LVEDP",
        "SV falls, LVEDP rises",
        TEXTBOOK,
        |r| {
            let [b2, early_in, ..] = r.timing()?;
            Ok((
                format!(
                    "SV {:.1} -> {:.1} mL, LVEDP {:.1} -> {:.1}",
                    b2.stroke_volume_ml, early_in.stroke_volume_ml, b2.lvedp_mmhg, early_in.lvedp_mmhg
                ),
                early_in.stroke_volume_ml < b2.stroke_volume_ml && early_in.lvedp_mmhg > b2.lvedp_mmhg,
            ))
        },
    ),
    // Judged within each trace, as on the monitor: how far the augmented peak stands above the
    // unassisted systole (the baroreflex moves the whole trace between the two runs).
    measured(
        "late-inflation",
        "shock + balloon 1:2",
        "late inflation (+100 ms): PDP - PSP (mmHg)",
        "lower augmentation",
        TEXTBOOK,
        |r| {
            let [b2, _, late_in, ..] = r.timing()?;
            let lift = |x: &Summary| opt(x.peak_diastolic_augmentation_mmhg) - opt(x.unassisted_systolic_mmhg);
            Ok((format!("{:.1} -> {:.1}", lift(&b2), lift(&late_in)), lift(&late_in) < lift(&b2) - 2.0))
        },
    ),
    measured(
        "early-deflation",
        "shock + balloon 1:2",
        "early deflation (-150 ms): PAEDP - BAEDP",
        "BAEDP about PAEDP (gap under half the correct one)",
        TEXTBOOK,
        |r| {
            let [b2, _, _, early_out, _] = r.timing()?;
            Ok((format!("{:.1} -> {:.1} mmHg", gap(&b2), gap(&early_out)), gap(&early_out) < 0.5 * gap(&b2)))
        },
    ),
    measured(
        "late-deflation",
        "shock + balloon 1:2",
        "late deflation (+120 ms): BAEDP vs PAEDP",
        "BAEDP >= PAEDP",
        TEXTBOOK,
        |r| {
            let late_out = r.timing()?[4];
            Ok((
                format!(
                    "{:.1} vs {:.1} mmHg",
                    opt(late_out.assisted_end_diastolic_mmhg),
                    opt(late_out.unassisted_end_diastolic_mmhg)
                ),
                gap(&late_out) <= 0.0,
            ))
        },
    ),
    measured(
        "late-deflation-afterload",
        "shock + balloon 1:2",
        "late deflation (+120 ms): LV peak, PVA; stroke volume (% vs correct)",
        "afterload and oxygen demand rise; stroke volume not altered by deflation timing",
        "textbook signature; Kern et al., Am Heart J 137:1129, 1999",
        |r| {
            let [b2, .., late_out] = r.timing()?;
            Ok((
                format!(
                    "LV peak {:+.1}, PVA {:+.1}; SV {:+.1}",
                    ratio_pct(late_out.lv_peak_mmhg, b2.lv_peak_mmhg),
                    ratio_pct(late_out.pva_mmhg_ml, b2.pva_mmhg_ml),
                    ratio_pct(late_out.stroke_volume_ml, b2.stroke_volume_ml)
                ),
                late_out.lv_peak_mmhg > b2.lv_peak_mmhg
                    && late_out.pva_mmhg_ml > b2.pva_mmhg_ml
                    && ratio_pct(late_out.stroke_volume_ml, b2.stroke_volume_ml).abs() < 5.0,
            ))
        },
    ),
    measured(
        "af-ejection-against-balloon",
        "shock + balloon 1:1",
        "beats ejecting against the balloon: sinus, AF predicted, AF R-wave deflation",
        "none in sinus; AF catches the balloon inflated; R-wave deflation fewer",
        TEXTBOOK,
        |r| {
            let af = [
                r.against_balloon(BALLOON_1_1)?,
                r.against_balloon(&format!("{BALLOON_1_1}&rhythm=af"))?,
                r.against_balloon(&format!("{BALLOON_1_1}&rhythm=af&deflation=r-wave"))?,
            ];
            Ok((
                format!("{:.0} %, {:.0} %, {:.0} %", 100.0 * af[0], 100.0 * af[1], 100.0 * af[2]),
                af[0] == 0.0 && af[1] > 0.0 && af[2] < af[1],
            ))
        },
    ),
    // The continuous-flow pump in cardiogenic shock.
    measured(
        "pump-lvedp-falls",
        "shock + pump CP P8",
        "LVEDP change (mmHg)",
        "falls; -4.7 in high-risk PCI",
        "ELVIS",
        |r| {
            let (s, p) = (r.summary(SHOCK)?, r.summary(PUMP_CP)?);
            Ok((format!("{:+.1}", p.lvedp_mmhg - s.lvedp_mmhg), p.lvedp_mmhg < s.lvedp_mmhg))
        },
    ),
    measured(
        "pump-lvedv-falls-esv-holds",
        "shock + pump CP P8",
        "LVEDV falls, LVESV unchanged (mL)",
        "LVEDV falls, ESV unchanged",
        "Remmelink et al., Catheter Cardiovasc Interv 75:187, 2010",
        |r| {
            let (s, p) = (r.summary(SHOCK)?, r.summary(PUMP_CP)?);
            Ok((
                format!("LVEDV {:+.1}, LVESV {:+.1}", p.lvedv_ml - s.lvedv_ml, p.lvesv_ml - s.lvesv_ml),
                p.lvedv_ml < s.lvedv_ml && (p.lvesv_ml - s.lvesv_ml).abs() < 2.0,
            ))
        },
    ),
    measured(
        "dens-pump-2-5",
        "shock + pump 2.5 P8",
        "LV filling pressure (LVEDP) and output change",
        "22 -> 16 mmHg (-6), CO 4.4 -> 4.8 L/min in 13 shock patients",
        "Dens et al., EuroIntervention (Impella LP2.5)",
        |r| {
            let (s, p25) = (r.summary(SHOCK)?, r.summary(PUMP_2_5)?);
            Ok((
                format!(
                    "LVEDP {:+.1} mmHg, output {:+.2} L/min",
                    p25.lvedp_mmhg - s.lvedp_mmhg,
                    p25.total_output_l_min - s.cardiac_output_l_min
                ),
                in_range(p25.lvedp_mmhg - s.lvedp_mmhg, -10.0, -3.0)
                    && in_range(p25.total_output_l_min - s.cardiac_output_l_min, 0.1, 1.0),
            ))
        },
    ),
    // Remmelink's patients had LVEDP 22 mmHg and EF 35 %: the heart-failure patient's LVEDP.
    measured(
        "remmelink-lvedp",
        "heart failure + pump 2.5 P8",
        "LVEDP change (mmHg) at about 2.3 L/min",
        "22 -> 13 mmHg (-9) at 2.5 L/min",
        "Remmelink et al., Catheter Cardiovasc Interv 75:187, 2010",
        |r| {
            let hf = r.summary("preset=heart-failure")?;
            let hf_pump = r.summary("preset=heart-failure&assist=pump&pump=2.5&p-level=8")?;
            Ok((
                format!(
                    "{:.1} -> {:.1} ({:+.1})",
                    hf.lvedp_mmhg,
                    hf_pump.lvedp_mmhg,
                    hf_pump.lvedp_mmhg - hf.lvedp_mmhg
                ),
                in_range(hf_pump.lvedp_mmhg - hf.lvedp_mmhg, -13.0, -6.0),
            ))
        },
    ),
    measured(
        "pump-map-up-pulse-down",
        "shock + pump CP P8",
        "MAP and pulse pressure (mmHg)",
        "MAP up, pulse pressure down",
        "Burkhoff et al., JACC 66:2663, 2015",
        |r| {
            let (s, p) = (r.summary(SHOCK)?, r.summary(PUMP_CP)?);
            Ok((
                format!(
                    "MAP {:+.1}, pulse {:+.1}",
                    p.map_mmhg - s.map_mmhg,
                    p.pulse_pressure_mmhg - s.pulse_pressure_mmhg
                ),
                p.map_mmhg > s.map_mmhg && p.pulse_pressure_mmhg < s.pulse_pressure_mmhg,
            ))
        },
    ),
    measured(
        "isar-shock-output",
        "shock: pump 2.5 P8 vs balloon 1:1",
        "output gain, pump vs balloon (L/min)",
        "pump > balloon; CI +0.49 vs +0.11 L/min/m²",
        "ISAR-SHOCK (Seyfarth et al., JACC 52:1584, 2008)",
        |r| {
            let s = r.summary(SHOCK)?;
            let pump_gain = r.summary(PUMP_2_5)?.total_output_l_min - s.cardiac_output_l_min;
            let balloon_gain = r.summary(BALLOON_1_1)?.cardiac_output_l_min - s.cardiac_output_l_min;
            Ok((format!("{pump_gain:+.2} vs {balloon_gain:+.2}"), pump_gain > balloon_gain))
        },
    ),
    measured(
        "pump-flow-falls-with-afterload",
        "shock + pump CP P8",
        "pump flow when peripheral resistance rises 0.95 -> 1.6 (L/min)",
        "flow falls as afterload rises",
        "pump curves (manufacturer data)",
        |r| {
            let p = r.summary(PUMP_CP)?;
            let high = r.summary(&format!("{PUMP_CP}&systemic.peripheral_r_mmhg_s_per_ml=1.6"))?;
            Ok((
                format!("{:.2} -> {:.2}", p.pump_flow_l_min, high.pump_flow_l_min),
                high.pump_flow_l_min < p.pump_flow_l_min - 0.1,
            ))
        },
    ),
    measured(
        "full-support-valve-shut",
        "shock + pump 5.0 P9",
        "beats with aortic ejection; pulse pressure (mmHg)",
        "valve stops opening, flat arterial trace",
        "Burkhoff et al., JACC 66:2663, 2015",
        |r| {
            let (s, full) = (r.summary(SHOCK)?, r.summary(PUMP_5_0)?);
            Ok((
                format!("{:.0} %; {:.1}", 100.0 * full.aortic_valve_open_fraction, full.pulse_pressure_mmhg),
                full.aortic_valve_open_fraction < 1.0 && full.pulse_pressure_mmhg < 0.25 * s.pulse_pressure_mmhg,
            ))
        },
    ),
    measured(
        "suction-when-dry",
        "shock + pump 5.0 P9, 4.3 L blood",
        "suction; pump flow (L/min)",
        "suction, flow falls",
        TEXTBOOK,
        |r| {
            let full = r.summary(PUMP_5_0)?;
            let dry = r.summary(&format!("{PUMP_5_0}&blood.total_volume_ml=4300"))?;
            Ok((
                format!(
                    "{:.0} % of beats; {:.2} -> {:.2}",
                    100.0 * dry.suction,
                    full.pump_flow_l_min,
                    dry.pump_flow_l_min
                ),
                dry.suction > 0.0 && full.suction == 0.0 && dry.pump_flow_l_min < full.pump_flow_l_min,
            ))
        },
    ),
    measured(
        "right-heart-limits-pump",
        "biventricular shock + pump 5.0 P9",
        "suction; pump flow vs the LV-only shock (L/min); CVP change (mmHg)",
        "a failing right heart limits an LV pump: suction, less flow, venous pressure stays high as the left side empties",
        "textbook signature (check the right ventricle; pump instructions for use)",
        |r| {
            let full = r.summary(PUMP_5_0)?;
            let biv = r.summary("preset=biventricular-shock")?;
            let biv_full = r.summary("preset=biventricular-shock&assist=pump&pump=5.0&p-level=9")?;
            Ok((
                format!(
                    "{:.0} % of beats; {:.2} vs {:.2}; CVP {:+.1}, PCWP {:+.1}",
                    100.0 * biv_full.suction,
                    biv_full.pump_flow_l_min,
                    full.pump_flow_l_min,
                    biv_full.cvp_mmhg - biv.cvp_mmhg,
                    biv_full.pcwp_mmhg - biv.pcwp_mmhg
                ),
                biv_full.suction > 0.5
                    && biv_full.pump_flow_l_min < full.pump_flow_l_min
                    && biv_full.cvp_mmhg > biv.cvp_mmhg - 1.5
                    && biv_full.pcwp_mmhg < biv.pcwp_mmhg - 5.0,
            ))
        },
    ),
    // The unloading ranking of the two devices.
    measured(
        "balloon-lowers-lv-peak",
        "shock: balloon 1:1 vs pump CP P8",
        "LV peak pressure change (%)",
        "the balloon lowers LV systolic pressure (afterload): 88 -> 78 mmHg in pigs; -11 % in patients",
        "ASAIO J 54:600, 2008 (pigs, balloon vs continuous-flow pump); Kern et al. 1999",
        |r| {
            let (s, b1, p) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?, r.summary(PUMP_CP)?);
            Ok((
                format!(
                    "{:+.1} vs {:+.1}",
                    ratio_pct(b1.lv_peak_mmhg, s.lv_peak_mmhg),
                    ratio_pct(p.lv_peak_mmhg, s.lv_peak_mmhg)
                ),
                b1.lv_peak_mmhg < p.lv_peak_mmhg - 5.0
                    && in_range(ratio_pct(b1.lv_peak_mmhg, s.lv_peak_mmhg), -25.0, -8.0),
            ))
        },
    ),
    measured(
        "pump-unloads-filling-more",
        "shock: balloon 1:1 vs pump CP P8",
        "LVEDP, PCWP (mmHg) and LVEDV (mL) change",
        "the pump lowers filling pressure and volume more: LVEDP 19 -> 11 (pigs); PCWP -5.3 pump minus balloon (3 RCTs); LVEDV -15 to -30 % (CARDIOSIM)",
        "ASAIO J 54:600, 2008; Cheng et al., Eur Heart J 30:2102, 2009; De Lazzari et al. 2023",
        |r| {
            let (s, b1, p) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?, r.summary(PUMP_CP)?);
            Ok((
                format!(
                    "LVEDP {:+.1} vs {:+.1}, PCWP {:+.1} vs {:+.1}, LVEDV {:+.1} vs {:+.1}",
                    b1.lvedp_mmhg - s.lvedp_mmhg,
                    p.lvedp_mmhg - s.lvedp_mmhg,
                    b1.pcwp_mmhg - s.pcwp_mmhg,
                    p.pcwp_mmhg - s.pcwp_mmhg,
                    b1.lvedv_ml - s.lvedv_ml,
                    p.lvedv_ml - s.lvedv_ml
                ),
                p.lvedp_mmhg < b1.lvedp_mmhg - 2.0 && p.pcwp_mmhg < b1.pcwp_mmhg - 2.0 && p.lvedv_ml < b1.lvedv_ml,
            ))
        },
    ),
    measured(
        "pump-lowers-pva-more",
        "shock: balloon 1:1 vs pump CP P8",
        "pressure-volume area change (%)",
        "falls more with the pump, in proportion to pump flow",
        "Burkhoff et al., JACC 66:2663, 2015 (Harvi)",
        |r| {
            let (s, b1, p) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?, r.summary(PUMP_CP)?);
            Ok((
                format!(
                    "{:+.1} vs {:+.1}",
                    ratio_pct(b1.pva_mmhg_ml, s.pva_mmhg_ml),
                    ratio_pct(p.pva_mmhg_ml, s.pva_mmhg_ml)
                ),
                p.pva_mmhg_ml < b1.pva_mmhg_ml,
            ))
        },
    ),
    measured(
        "total-support-unloads-most",
        "shock: balloon 1:1 vs total support (5.0 P9)",
        "PVA, LVEDV, LV peak change (%)",
        "total support unloads far more than the balloon or partial support",
        "Saku et al., Circ Heart Fail 11:e004397, 2018; Burkhoff et al. 2015",
        |r| {
            let (s, b1, full) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?, r.summary(PUMP_5_0)?);
            Ok((
                format!(
                    "PVA {:+.0} vs {:+.0}, LVEDV {:+.0} vs {:+.0}, LV peak {:+.0} vs {:+.0}",
                    ratio_pct(b1.pva_mmhg_ml, s.pva_mmhg_ml),
                    ratio_pct(full.pva_mmhg_ml, s.pva_mmhg_ml),
                    ratio_pct(b1.lvedv_ml, s.lvedv_ml),
                    ratio_pct(full.lvedv_ml, s.lvedv_ml),
                    ratio_pct(b1.lv_peak_mmhg, s.lv_peak_mmhg),
                    ratio_pct(full.lv_peak_mmhg, s.lv_peak_mmhg)
                ),
                full.pva_mmhg_ml < b1.pva_mmhg_ml && full.lvedv_ml < b1.lvedv_ml && full.lv_peak_mmhg < b1.lv_peak_mmhg,
            ))
        },
    ),
    // Reflexes and coronary regulation (on by default).
    measured(
        "scheidt-heart-rate-and-map",
        "shock + balloon 1:1",
        "heart rate and MAP change",
        "HR falls (110 -> 103), MAP unchanged",
        "Scheidt et al., NEJM 288:979, 1973",
        |r| {
            let (s, b1) = (r.summary(SHOCK)?, r.summary(BALLOON_1_1)?);
            let (d_hr, d_map) = (b1.hr_bpm - s.hr_bpm, b1.map_mmhg - s.map_mmhg);
            Ok((format!("HR {d_hr:+.1} bpm, MAP {d_map:+.1} mmHg"), d_hr <= -3.0 && d_map.abs() <= 3.0))
        },
    ),
    measured(
        "baroreflex-bleed",
        "normal, 10 % bleed (470 mL)",
        "share of the MAP fall the baroreflex restores; heart rate",
        "67-80 % (open-loop gain 2-4, dogs); heart rate rises",
        "McRitchie et al., Circ Res 39:666, 1976",
        |_| {
            let (on, off) = (bleed("normal", true)?, bleed("normal", false)?);
            let restored = 1.0 - on.0 / off.0;
            Ok((
                format!("{:.0} % (MAP -{:.1} vs -{:.1} mmHg); HR {:+.1} bpm", 100.0 * restored, on.0, off.0, on.1),
                in_range(restored, 0.67, 0.80) && on.1 > 0.0,
            ))
        },
    ),
    // Like with like: Schampaert's hearts were isolated (no baroreflex).
    measured(
        "autoregulation-holds-flow",
        "normal, isolated heart (no baroreflex) + balloon 1:1",
        "coronary flow change, passive bed vs autoregulation on",
        "autoregulating beds 98-103 % of baseline despite augmentation",
        "Schampaert et al., Artif Organs, 2015",
        |r| {
            let isolated = "preset=normal&baroreflex=off";
            let balloon = format!("{isolated}&assist=iabp&ratio=1:1");
            let mut gain = |on: &str| -> Result<f64, ScenarioError> {
                let with = r.summary(&format!("{balloon}&autoregulation={on}"))?;
                let without = r.summary(&format!("{isolated}&autoregulation={on}"))?;
                Ok(coronary_gain(&with, &without))
            };
            let (passive, regulated) = (gain("off")?, gain("on")?);
            Ok((
                format!("{:+.1} % vs {:+.1} %", 100.0 * passive, 100.0 * regulated),
                passive > 0.05 && in_range(regulated, -0.05, 0.03),
            ))
        },
    ),
    measured(
        "exhausted-reserve-flow-rises",
        "shock, reserve exhausted + balloon 1:1",
        "coronary flow change",
        "+49 ± 24 % with persisting ischaemia; great cardiac vein +29 % at 1:1",
        "Schampaert et al. 2015; Fuchs et al., Circulation 68:117, 1983",
        |r| {
            let ischaemic = "&coronary.ischaemic_fraction=1";
            let exhausted = coronary_gain(
                &r.summary(&format!("{BALLOON_1_1}{ischaemic}"))?,
                &r.summary(&format!("{SHOCK}{ischaemic}"))?,
            );
            Ok((format!("{:+.0} %", 100.0 * exhausted), in_range(exhausted, 0.25, 0.73)))
        },
    ),
    // Ischaemia: contractility that follows coronary supply and demand.
    measured(
        "ischaemia-spiral",
        "shock: ischaemia on vs off",
        "the shock spiral: MAP (mmHg), output (L/min)",
        "both fall: low pressure starves the infarct border, the ventricle weakens",
        "Hochman, Circulation 107:2998, 2003 (the spiral); Ross, Circulation 83:1076, 1991",
        |r| {
            let (off, on) = (r.summary(SHOCK)?, r.summary(SPIRAL)?);
            Ok((
                format!(
                    "MAP {:.1} -> {:.1}, output {:.2} -> {:.2}",
                    off.map_mmhg, on.map_mmhg, off.total_output_l_min, on.total_output_l_min
                ),
                on.map_mmhg < off.map_mmhg - 2.0 && on.total_output_l_min < off.total_output_l_min - 0.2,
            ))
        },
    ),
    measured(
        "ischaemia-devices-break-spiral",
        "shock: balloon 1:1 and pump CP P8, ischaemia on vs off",
        "output gain from each device (L/min)",
        "larger in the ischaemic heart: the balloon feeds the starved border, the pump lowers its demand",
        "textbook signature (Hochman 2003)",
        |r| {
            let gain = |r: &mut Runs, base: &str, device: &str| -> Result<f64, ScenarioError> {
                Ok(r.summary(&format!("{base}&{device}"))?.total_output_l_min - r.summary(base)?.total_output_l_min)
            };
            let (b_off, b_on) = (gain(r, SHOCK, "assist=iabp&ratio=1:1")?, gain(r, SPIRAL, "assist=iabp&ratio=1:1")?);
            let (p_off, p_on) =
                (gain(r, SHOCK, "assist=pump&pump=cp&p-level=8")?, gain(r, SPIRAL, "assist=pump&pump=cp&p-level=8")?);
            Ok((
                format!("balloon {b_off:+.2} -> {b_on:+.2}, pump {p_off:+.2} -> {p_on:+.2}"),
                b_on > b_off + 0.1 && p_on > p_off + 0.1,
            ))
        },
    ),
    measured(
        "occlusion-weakens",
        "normal, ischaemia on, 40 % of the bed occluded",
        "stroke volume (mL) and LVEDP (mmHg)",
        "the territory stops contracting: SV falls, filling pressure rises",
        "Tennant & Wiggers, Am J Physiol 112:351, 1935; textbook signature",
        |r| {
            let (n, o) =
                (r.summary(NORMAL)?, r.summary(&format!("{NORMAL}&ischaemia=on&coronary.occluded_fraction=0.4"))?);
            Ok((
                format!(
                    "SV {:.1} -> {:.1}, LVEDP {:.1} -> {:.1}",
                    n.stroke_volume_ml, o.stroke_volume_ml, n.lvedp_mmhg, o.lvedp_mmhg
                ),
                o.stroke_volume_ml < n.stroke_volume_ml - 5.0 && o.lvedp_mmhg > n.lvedp_mmhg + 2.0,
            ))
        },
    ),
    // High-risk PCI: a coronary balloon occluding the LAD's territory.
    measured(
        "pci-balloon-cpo",
        "high-risk PCI, 45 s occlusion of 35 % of the bed, balloon 1:1",
        "lowest cardiac power (W, 5-beat reading) minus the unsupported baseline",
        "-0.14 ± 0.27 W (balloon arm, 223 patients); agrees within half of it",
        PROTECT_II,
        |r| {
            let fall = pci_cpo_fall(r, "assist=iabp&ratio=1:1")?;
            Ok((format!("{fall:+.2} W"), in_range(fall, -0.21, -0.07)))
        },
    ),
    measured(
        "pci-pump-protects-more",
        "high-risk PCI, the same occlusion, pump 2.5 P8 vs balloon 1:1",
        "the pump's CPO fall minus the balloon's (W)",
        "+0.10 W: -0.04 ± 0.24 (pump) vs -0.14 ± 0.27 W (balloon), p = 0.001",
        PROTECT_II,
        |r| {
            let pump = pci_cpo_fall(r, "assist=pump&pump=2.5&p-level=8")?;
            let balloon = pci_cpo_fall(r, "assist=iabp&ratio=1:1")?;
            // A difference that rounds to zero prints as +0.00, not -0.00.
            let w = |v: f64| format!("{:+.2}", if v.abs() < 0.005 { 0.0 } else { v });
            Ok((format!("{} W (pump {}, balloon {})", w(pump - balloon), w(pump), w(balloon)), pump - balloon >= 0.05))
        },
    ),
    // Mechanical complications of infarction.
    measured(
        "acute-mr-v-waves",
        "acute MR (EROA 0.6 cm²)",
        "regurgitant fraction; wedge mean and v wave (mmHg)",
        "severe (fraction >= 50 %); wedge 24 ± 11, v wave 41 ± 21 in acute MR",
        "Zoghbi et al., JASE 30:303, 2017; acute vs chronic MR wedge series (Weill Cornell)",
        |r| {
            let m = r.summary(ACUTE_MR)?;
            Ok((
                format!(
                    "{:.0} %; wedge {:.1}, v wave {:.1}",
                    100.0 * m.mitral_regurgitant_fraction,
                    m.pcwp_mmhg,
                    m.pcwp_v_wave_mmhg
                ),
                m.mitral_regurgitant_fraction >= 0.5
                    && in_range(m.pcwp_mmhg, 24.0 - 11.0, 24.0 + 11.0)
                    && in_range(m.pcwp_v_wave_mmhg, 41.0 - 21.0, 41.0 + 21.0),
            ))
        },
    ),
    measured(
        "acute-mr-balloon",
        "acute MR, balloon 1:1 vs none",
        "wedge (mmHg), v wave, forward output (L/min)",
        "wedge 25 -> 20, smaller v waves, output 3.1 -> 3.7 (+19 %); agrees within half",
        GOLD_1973,
        |r| {
            let (n, b) = (r.summary(ACUTE_MR)?, r.summary(&format!("{ACUTE_MR}&assist=iabp&ratio=1:1"))?);
            let gain = b.total_output_l_min / n.total_output_l_min - 1.0;
            Ok((
                format!(
                    "wedge {:.1} -> {:.1}, v {:.1} -> {:.1}, output {:.2} -> {:.2} ({:+.0} %)",
                    n.pcwp_mmhg,
                    b.pcwp_mmhg,
                    n.pcwp_v_wave_mmhg,
                    b.pcwp_v_wave_mmhg,
                    n.total_output_l_min,
                    b.total_output_l_min,
                    100.0 * gain
                ),
                in_range(n.pcwp_mmhg - b.pcwp_mmhg, 2.5, 10.0)
                    && b.pcwp_v_wave_mmhg < n.pcwp_v_wave_mmhg
                    && gain >= 0.095,
            ))
        },
    ),
    measured(
        "acute-mr-pump",
        "acute MR, pump CP P8 vs none",
        "regurgitant fraction; wedge (mmHg)",
        "at partial support the wedge falls while the regurgitation hardly changes",
        "LVAD model, ASAIO J 59:405, 2013; Impella 5.5 in functional MR, Structural Heart 2022",
        |r| {
            let (n, p) = (r.summary(ACUTE_MR)?, r.summary(&format!("{ACUTE_MR}&assist=pump&pump=cp&p-level=8"))?);
            let (rf_n, rf_p) = (n.mitral_regurgitant_fraction, p.mitral_regurgitant_fraction);
            Ok((
                format!("{:.0} -> {:.0} %; wedge {:.1} -> {:.1}", 100.0 * rf_n, 100.0 * rf_p, n.pcwp_mmhg, p.pcwp_mmhg),
                (rf_n - rf_p).abs() < 0.05 && n.pcwp_mmhg - p.pcwp_mmhg > 3.0,
            ))
        },
    ),
    Claim {
        id: "vsd-qp-qs",
        setting: "post-MI VSD (0.7 cm²)",
        claim: "Qp/Qs",
        expected: Expected::Range { query: VSD, read: |s| opt(s.qp_qs), lo: 2.0, hi: 4.0 },
        source: "Pahuja et al., Circ Heart Fail 12:e005981, 2019 (literature average 3.0); case reports 3.1-3.4",
    },
    measured(
        "vsd-balloon",
        "post-MI VSD, balloon 1:1 vs none",
        "Qp/Qs and systemic output",
        "Qp/Qs 3.1 -> 2.4 (-22 %), systemic output +14 % (Testuz 2013); Gold: -17 %, +20 %; agrees within half",
        "Testuz, Roffi & Bonvini, Catheter Cardiovasc Interv 2013; Gold et al., Circulation 47:1191, 1973",
        |r| {
            let (n, b) = (r.summary(VSD)?, r.summary(&format!("{VSD}&assist=iabp&ratio=1:1"))?);
            let shunt = opt(b.qp_qs) / opt(n.qp_qs) - 1.0;
            let gain = b.total_output_l_min / n.total_output_l_min - 1.0;
            Ok((
                format!(
                    "Qp/Qs {:.2} -> {:.2} ({:+.0} %), output {:.2} -> {:.2} ({:+.0} %)",
                    opt(n.qp_qs),
                    opt(b.qp_qs),
                    100.0 * shunt,
                    n.total_output_l_min,
                    b.total_output_l_min,
                    100.0 * gain
                ),
                shunt <= -0.085 && gain >= 0.07,
            ))
        },
    ),
    measured(
        "vsd-pump",
        "post-MI VSD, pump CP P8 vs balloon 1:1",
        "Qp/Qs and wedge (mmHg)",
        "the pump lowers the wedge and the shunt most; no device brings Qp/Qs below 2",
        "Pahuja et al., Circ Heart Fail 12:e005981, 2019 (simulation)",
        |r| {
            let (n, b, p) = (
                r.summary(VSD)?,
                r.summary(&format!("{VSD}&assist=iabp&ratio=1:1"))?,
                r.summary(&format!("{VSD}&assist=pump&pump=cp&p-level=8"))?,
            );
            Ok((
                format!(
                    "Qp/Qs {:.2} / {:.2} / {:.2}, wedge {:.1} / {:.1} / {:.1} (none / balloon / pump)",
                    opt(n.qp_qs),
                    opt(b.qp_qs),
                    opt(p.qp_qs),
                    n.pcwp_mmhg,
                    b.pcwp_mmhg,
                    p.pcwp_mmhg
                ),
                opt(p.qp_qs) < opt(b.qp_qs) && p.pcwp_mmhg < b.pcwp_mmhg && opt(p.qp_qs) >= 2.0,
            ))
        },
    ),
    measured(
        "ar-balloon",
        "shock with aortic regurgitation (0.3 cm²), balloon 1:1 vs none",
        "aortic regurgitant fraction and LVEDP (mmHg)",
        "both rise: inflation drives blood back through the leak (why the balloon is contraindicated)",
        "textbook signature; Teleflex Arrow AC3 safety information (contraindications)",
        |r| {
            let q = format!("{SHOCK}&lesions.aortic_regurgitant_orifice_cm2=0.3");
            let (n, b) = (r.summary(&q)?, r.summary(&format!("{q}&assist=iabp&ratio=1:1"))?);
            Ok((
                format!(
                    "{:.0} -> {:.0} %, LVEDP {:.1} -> {:.1}",
                    100.0 * n.aortic_regurgitant_fraction,
                    100.0 * b.aortic_regurgitant_fraction,
                    n.lvedp_mmhg,
                    b.lvedp_mmhg
                ),
                b.aortic_regurgitant_fraction > n.aortic_regurgitant_fraction + 0.02 && b.lvedp_mmhg > n.lvedp_mmhg,
            ))
        },
    ),
    // Rhythms that stop the pump of the heart.
    measured(
        "vt-filling",
        "normal, VT 180/min",
        "VT: output and PCWP against sinus rhythm",
        "output falls, PCWP rises (CI 2.32 -> 1.62 L/min/m², PCWP 10 -> 24 mmHg at 134/min)",
        "Baron, Huang & Comess, Chest 96:275, 1989",
        |r| {
            let (n, vt) = (r.summary(NORMAL)?, r.summary(&format!("{NORMAL}&rhythm=vt"))?);
            Ok((
                format!(
                    "output {:.2} -> {:.2}, PCWP {:.1} -> {:.1}",
                    n.total_output_l_min, vt.total_output_l_min, n.pcwp_mmhg, vt.pcwp_mmhg
                ),
                vt.total_output_l_min < n.total_output_l_min && vt.pcwp_mmhg > n.pcwp_mmhg + 3.0,
            ))
        },
    ),
    measured(
        "vf-filling-pressure",
        "normal, VF, no support",
        "arterial pressure after a minute of arrest (mmHg)",
        "12.8 ± 5.6 (mean systemic filling pressure, 202 patients)",
        "Repessé et al., AJP Heart 309:H1003, 2015",
        |r| {
            let v = r.summary(VF)?.map_mmhg;
            Ok((format!("{v:.1}"), in_range(v, 12.8 - 5.6, 12.8 + 5.6)))
        },
    ),
    measured(
        "vf-arterial-venous-gap",
        "normal, VF from 30 s",
        "arterial - venous pressure 20 s into VF (mmHg)",
        "13 (arterial 77 -> 24, CVP 7.5 -> 11; ICD testing)",
        "Schipke et al., AJP Heart 285:H2510, 2003",
        |r| {
            let beats = &r.result(&format!("{NORMAL}&event=at_s=30,rhythm=vf"))?.beats;
            let onset = beats.iter().find(|b| b.rhythm == Rhythm::Vf).map_or(f64::NAN, |b| b.start_s);
            let gap =
                beats.iter().find(|b| b.start_s >= onset + 19.5).map_or(f64::NAN, |b| b.map_mmhg - b.ra_mean_mmhg);
            Ok((format!("{gap:.1}"), in_range(gap, 6.0, 20.0)))
        },
    ),
    measured(
        "vf-pump-lung-flow",
        "normal, VF, pump CP P8",
        "flow through the lungs in VF, % of sinus rhythm without support",
        "50 ± 28 % (goats, CP at P8)",
        YOKOTA,
        |r| {
            let pct = vf_pump_share_pct(r, |s| s.total_output_l_min)?;
            Ok((format!("{pct:.0} %"), in_range(pct, 50.0 - 28.0, 50.0 + 28.0)))
        },
    ),
    measured(
        "vf-pump-coronary-flow",
        "normal, VF, pump CP P8",
        "coronary flow in VF, % of sinus rhythm without support",
        "51 ± 13 % (circumflex flow, goats)",
        YOKOTA,
        |r| {
            let pct = vf_pump_share_pct(r, |s| s.coronary_flow_ml_min)?;
            Ok((format!("{pct:.0} %"), in_range(pct, 51.0 - 13.0, 51.0 + 13.0)))
        },
    ),
    measured(
        "vf-pump-needs-the-lungs",
        "normal, VF, pump CP P8",
        "pump flow and suction when PVR rises 0.08 -> 0.25 mmHg·s/mL",
        "flow falls, the pump sucks the ventricle empty",
        YOKOTA,
        |r| {
            let (p, high) =
                (r.summary(VF_PUMP)?, r.summary(&format!("{VF_PUMP}&pulmonary.resistance_mmhg_s_per_ml=0.25"))?);
            Ok((
                format!(
                    "{:.2} -> {:.2} L/min, suction {:.0} %",
                    p.pump_flow_l_min,
                    high.pump_flow_l_min,
                    100.0 * high.suction
                ),
                high.pump_flow_l_min < p.pump_flow_l_min - 0.2 && high.suction > 0.5 && p.suction == 0.0,
            ))
        },
    ),
    measured(
        "vf-balloon-stops",
        "normal, VF, balloon",
        "the balloon in VF without compressions: MAP change, console",
        "none: no pressure to augment; the console loses its trigger and stops",
        "Webb, Weyker & Flynn, Semin Cardiothorac Vasc Anesth 19:106, 2015",
        |r| {
            let (off, on) = (r.summary(VF)?, r.result(&format!("{VF}&assist=iabp"))?);
            let map = on.summary.map_or(f64::NAN, |s| s.map_mmhg);
            let stopped = on.warnings.contains(&crate::devices::timing::BALLOON_NO_TRIGGER);
            Ok((
                format!("MAP {:+.1}, {}", map - off.map_mmhg, if stopped { "trigger lost" } else { "still pumping" }),
                (map - off.map_mmhg).abs() < 1.0 && stopped,
            ))
        },
    ),
    // Numerics.
    measured(
        "volume-conserved",
        "shock, 60 s",
        "blood volume drift (mL)",
        "< 0.01",
        "closed loop: every flow leaves one compartment and enters another",
        |r| {
            let c = r.result(SHOCK)?.conservation;
            let drift = c.final_blood_volume_ml - c.initial_blood_volume_ml;
            Ok((format!("{drift:.1e}"), drift.abs() < 0.01))
        },
    ),
];

/// The claims Counterpulse does not meet, each with the mechanism found (docs/MODEL.md §5
/// has the detail). `tests/validation.rs` fails if any other claim disagrees, or if one of
/// these starts to agree, so the list and the table stay true.
pub const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[
    (
        "vf-arterial-venous-gap",
        "no critical closing pressure (vascular waterfall): the arteries drain into the veins until the two \
         pressures meet, within about 5 s, where in patients arterioles close and hold a gap",
    ),
    (
        "kolyva-end-diastolic-fall",
        "-8.6 mmHg with the reflexes off; the rest is the baroreflex's answer to the balloon (heart rate -7, \
         SVR -5 %), the answer that matches Scheidt's heart rate and MAP; Kolyva's abstract does not say how \
         long the balloon was off",
    ),
    (
        "remmelink-lvedp",
        "at partial support the ventricle still ejects, so its end-systolic volume stays on the ESPVR at the \
         pressure the pump raises and its end-diastolic volume falls about half as much as in patients",
    ),
    (
        "pump-unloads-filling-more",
        "the same partial support: at CP P8 the shock patient is at 91 % support and the LV still ejects \
         3.4 mL per beat",
    ),
    ("pump-lowers-pva-more", "the same partial support: end-systolic volume held on the ESPVR keeps PVA up"),
    (
        "acute-mr-balloon",
        "the balloon's output gain here is a quarter of Gold's (+7 % with the reflexes off; the rest is the \
         baroreflex's answer to its wider pulse, heart rate -4 bpm), as in shock (+0.28 against Scheidt's +0.5 \
         L/min); and the orifice is fixed, where a functional regurgitant orifice narrows as the ventricle unloads",
    ),
    (
        "vsd-balloon",
        "with the reflexes off the balloon gives Qp/Qs -10 % and output +10 %; the baroreflex's answer to its \
         wider pulse (heart rate -6 bpm) takes half of it, as the balloon's output gain in shock is about half \
         Scheidt's",
    ),
    (
        "pci-pump-protects-more",
        "the same partial support: the 2.5 pump's 2.3 L/min replaces 1.9 L/min of native ejection (output +0.35 \
         L/min), so when the occluded territory stops the ventricle still carries most of the output and loses as \
         much of it as without the pump; the CP pump at P8 holds about 0.06 W more and the 5.0 at P9 (valve shut) the \
         whole baseline",
    ),
    (
        "baroreflex-bleed",
        "the model has only the carotid-sinus reflex, as Ursino's has; alone it restores 63 % (open-loop gain \
         about 2 in anaesthetised dogs) where every baroreceptor together restores more",
    ),
];

/// The high-risk PCI patient's lowest cardiac power (W) during the occlusion with `device`,
/// minus its cardiac power at rest without support: PROTECT II's "maximal decrease from
/// baseline", reading the baseline as before the device ran.
fn pci_cpo_fall(r: &mut Runs, device: &str) -> Result<f64, ScenarioError> {
    let baseline = r.summary(PCI)?.cardiac_power_w;
    let query = format!("{PCI}&{device}&{PCI_OCCLUSION}");
    let events = from_query(&query)?.events;
    let figures = crate::compare::EventFigures::of(&r.result(&query)?.beats, &events);
    // The occlusion starts after beats and ends with the run, so there are figures.
    Ok(figures.expect("the occlusion lies within the run").cpo_nadir_w - baseline)
}

/// PAEDP - BAEDP (mmHg): how far the balloon's deflation lowers the pressure the next beat
/// ejects against.
fn gap(x: &Summary) -> f64 {
    opt(x.unassisted_end_diastolic_mmhg) - opt(x.assisted_end_diastolic_mmhg)
}

/// Coronary flow with against without, as a fraction above it.
fn coronary_gain(with: &Summary, without: &Summary) -> f64 {
    with.coronary_flow_ml_min / without.coronary_flow_ml_min - 1.0
}

/// The whole table (about 25 runs of 60 s; well under a second in a release build).
pub fn rows() -> Result<Vec<Row>, ScenarioError> {
    let mut runs = Runs::new();
    CLAIMS.iter().map(|c| c.evaluate(&mut runs)).collect()
}

/// One claim by id, measured on its own (None if no claim has that id).
pub fn evaluate(id: &str) -> Option<Result<Row, ScenarioError>> {
    CLAIMS.iter().find(|c| c.id == id).map(|c| c.evaluate(&mut Runs::new()))
}

/// Mean arterial pressure fall (mmHg) and heart-rate change (beats/min) two minutes after a
/// bleed of 10 % of `preset`'s blood volume, taken from the veins at 60 s, with the baroreflex
/// on or off: the last 20 s against the 10 s before the bleed.
fn bleed(preset: &str, reflex: bool) -> Result<(f64, f64), ScenarioError> {
    let switch = if reflex { "on" } else { "off" };
    let mut params = from_query(&format!("preset={preset}&baroreflex={switch}"))?.params;
    let mut sim = crate::model::Simulation::new(params.clone());
    let mut recorder = crate::metrics::BeatRecorder::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut bled = false;
    while sim.time_s() < 180.0 {
        if sim.time_s() >= 60.0 && !bled {
            params.blood.total_volume_ml *= 0.9;
            sim.set_params(params.clone());
            bled = true;
        }
        if let (_, _, Some(b)) = recorder.step(&mut sim) {
            match b.start_s {
                t if (50.0..60.0).contains(&t) => before.push((b.map_mmhg, b.hr_bpm)),
                t if t >= 160.0 => after.push((b.map_mmhg, b.hr_bpm)),
                _ => {}
            }
        }
    }
    let mean = |v: &[(f64, f64)], f: fn(&(f64, f64)) -> f64| v.iter().map(f).sum::<f64>() / v.len() as f64;
    Ok((mean(&before, |x| x.0) - mean(&after, |x| x.0), mean(&after, |x| x.1) - mean(&before, |x| x.1)))
}

/// The table as Markdown (what `counterpulse validate` prints and `docs/MODEL.md` carries).
pub fn markdown(rows: &[Row]) -> String {
    let mut out =
        String::from("| setting | quantity | expected | source | Counterpulse | agrees |\n|---|---|---|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.of.setting,
            r.of.claim,
            r.expected,
            r.of.source,
            r.produced,
            if r.agrees { "yes" } else { "**no**" }
        );
    }
    let disagree: Vec<&Row> = rows.iter().filter(|r| !r.agrees).collect();
    if !disagree.is_empty() {
        out.push_str("\nWhere Counterpulse disagrees, and why:\n\n");
        for r in disagree {
            let why =
                KNOWN_DISAGREEMENTS.iter().find(|(id, _)| *id == r.of.id).map_or("not yet explained", |(_, why)| why);
            let _ = writeln!(out, "- {} ({}): {why}.", r.of.claim, r.of.setting);
        }
    }
    let agree = rows.iter().filter(|r| r.agrees).count();
    let _ = writeln!(
        out,
        "\n{agree} of {} agree ({} s runs, last {} beats averaged).",
        rows.len(),
        SECONDS,
        crate::metrics::SUMMARY_BEATS
    );
    out
}
