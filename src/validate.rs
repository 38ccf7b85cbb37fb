//! The validation table: each reference range, textbook signature and literature figure next
//! to what Counterpulse produces. `counterpulse validate` prints it; `docs/MODEL.md` carries
//! the same table and `tests/docs.rs` fails if the two differ, so it cannot drift.
//!
//! Every run is 60 s at the preset's step and is read as everywhere else (the average of the
//! last beats). "Agrees" is a plain yes or no: where the toy falls short of a published figure
//! the table says so.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::metrics::{BeatMetrics, Summary};
use crate::quiz::{self, TIMING_CASES};
use crate::run::{RunResult, run};
use crate::scenario::{ScenarioError, from_query};

/// Simulated seconds of every validation run.
pub const SECONDS: f64 = crate::run::DEFAULT_SECONDS;

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Patient and device.
    pub setting: &'static str,
    /// The quantity or signature.
    pub claim: &'static str,
    /// What the reference says.
    pub expected: &'static str,
    /// Where it comes from.
    pub source: &'static str,
    /// What Counterpulse produces.
    pub produced: String,
    /// Whether the produced value meets the expectation.
    pub agrees: bool,
}

const SHOCK: &str = "preset=cardiogenic-shock";
const BALLOON_1_1: &str = "preset=cardiogenic-shock&assist=iabp&ratio=1:1";
const BALLOON_1_3: &str = "preset=cardiogenic-shock&assist=iabp&ratio=1:3";
const PUMP_CP: &str = "preset=cardiogenic-shock&assist=pump&pump=cp&p-level=8";

/// Runs scenarios once each and keeps their results.
struct Runs(HashMap<String, RunResult>);

impl Runs {
    fn result(&mut self, query: &str) -> Result<&RunResult, ScenarioError> {
        if !self.0.contains_key(query) {
            let scenario = from_query(query)?;
            self.0.insert(query.to_owned(), run(scenario.params, SECONDS, |_| {}));
        }
        Ok(&self.0[query])
    }

    fn summary(&mut self, query: &str) -> Result<Summary, ScenarioError> {
        // Every run is long enough for beats; a run without any is a defect worth a panic in tests.
        Ok(self.result(query)?.summary.expect("60 s always completes beats"))
    }

    /// Fraction of beats after 20 s (warm-up) that ejected against the balloon.
    fn against_balloon(&mut self, query: &str) -> Result<f64, ScenarioError> {
        let beats: Vec<&BeatMetrics> = self.result(query)?.beats.iter().filter(|b| b.start_s > 20.0).collect();
        Ok(beats.iter().filter(|b| b.ejected_against_balloon).count() as f64 / beats.len().max(1) as f64)
    }
}

fn in_range(v: f64, lo: f64, hi: f64) -> bool {
    (lo..=hi).contains(&v)
}

/// Diastolic share of coronary flow in the normal patient (after 20 s of warm-up).
fn coronary_diastolic_share() -> Result<f64, ScenarioError> {
    let (mut systolic, mut diastolic) = (0.0, 0.0);
    run(from_query("preset=normal")?.params, SECONDS, |s| {
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

/// Computes the table (about 20 runs of 60 s; well under a second in a release build).
#[allow(clippy::too_many_lines)] // One row after another, in the order of the table.
pub fn rows() -> Result<Vec<Row>, ScenarioError> {
    let mut runs = Runs(HashMap::new());
    let mut rows = Vec::new();
    let mut row = |setting, claim, expected, source, produced: String, agrees| {
        rows.push(Row { setting, claim, expected, source, produced, agrees });
    };
    let f0 = |v: f64| format!("{v:.0}");
    let opt = |v: Option<f64>| v.unwrap_or(f64::NAN);

    // Reference ranges of a healthy adult at rest.
    let n = runs.summary("preset=normal")?;
    const RANGES: &str = "adult reference ranges";
    let ranges: [(&str, &str, f64, f64, f64); 11] = [
        ("systolic pressure (mmHg)", "90-140", opt(n.aortic_systolic_mmhg), 90.0, 140.0),
        ("diastolic pressure (mmHg)", "60-90", n.aortic_diastolic_mmhg, 60.0, 90.0),
        ("mean arterial pressure (mmHg)", "70-100", n.map_mmhg, 70.0, 100.0),
        ("cardiac output (L/min)", "4-8", n.cardiac_output_l_min, 4.0, 8.0),
        ("stroke volume (mL)", "60-100", n.stroke_volume_ml, 60.0, 100.0),
        ("ejection fraction (%)", "52-72", 100.0 * n.ejection_fraction, 52.0, 72.0),
        ("LVEDV (mL)", "62-150", n.lvedv_ml, 62.0, 150.0),
        ("LVESV (mL)", "21-61", n.lvesv_ml, 21.0, 61.0),
        ("PCWP (mmHg)", "4-12", n.pcwp_mmhg, 4.0, 12.0),
        ("CVP (mmHg)", "2-6", n.cvp_mmhg, 2.0, 6.0),
        ("SVR (dyn·s·cm⁻⁵)", "800-1200", opt(n.svr_dyn_s_cm5), 800.0, 1200.0),
    ];
    for (claim, expected, v, lo, hi) in ranges {
        let source = if claim.starts_with("LVE") { "ASE/EACVI chamber quantification 2015" } else { RANGES };
        row("normal", claim, expected, source, format!("{v:.1}"), in_range(v, lo, hi));
    }
    row(
        "normal",
        "coronary flow (mL/min)",
        "225-250, 4-5 % of CO",
        "Guyton & Hall, Textbook of Medical Physiology",
        f0(n.coronary_flow_ml_min),
        in_range(n.coronary_flow_ml_min, 225.0, 250.0),
    );
    let share = coronary_diastolic_share()?;
    row(
        "normal",
        "diastolic share of coronary flow",
        "70-80 % (accepted 60-85 %)",
        "Hoffman & Spaan, Physiol Rev 70:331, 1990",
        format!("{:.0} %", 100.0 * share),
        in_range(share, 0.6, 0.85),
    );
    row(
        "normal",
        "DPTI/TTI",
        ">= 1 (normal)",
        "Buckberg et al., Circ Res 30:67, 1972",
        format!("{:.2}", opt(n.evr)),
        opt(n.evr) >= 0.95,
    );

    // Cardiogenic shock: the SHOCK-trial definition.
    let s = runs.summary(SHOCK)?;
    let trial = "SHOCK trial (Hochman et al., NEJM 341:625, 1999)";
    row(
        "shock",
        "systolic pressure (mmHg)",
        "< 90",
        trial,
        f0(opt(s.aortic_systolic_mmhg)),
        opt(s.aortic_systolic_mmhg) < 90.0,
    );
    row(
        "shock",
        "cardiac output (L/min)",
        "< 4 (CI < 2.2 L/min/m² at 1.8 m²)",
        trial,
        format!("{:.2}", s.cardiac_output_l_min),
        s.cardiac_output_l_min < 4.0,
    );
    row("shock", "PCWP (mmHg)", "> 15", trial, format!("{:.1}", s.pcwp_mmhg), s.pcwp_mmhg > 15.0);
    row(
        "shock",
        "cardiac power output (W)",
        "< 0.6 (poor prognosis)",
        "Fincke et al., JACC 44:340, 2004",
        format!("{:.2}", s.cardiac_power_w),
        s.cardiac_power_w < 0.6,
    );

    // The balloon in cardiogenic shock, correctly timed.
    let b2 = runs.summary(&quiz::query(&TIMING_CASES[0]))?;
    let (psp, pdp) = (opt(b2.unassisted_systolic_mmhg), opt(b2.peak_diastolic_augmentation_mmhg));
    row(
        "shock + balloon 1:2",
        "peak diastolic augmentation PDP vs unassisted systolic PSP",
        "PDP >= PSP; diastolic 53 -> 83 mmHg in shock",
        "Scheidt et al., NEJM 288:979, 1973",
        format!("PDP {pdp:.0} vs PSP {psp:.0}"),
        pdp >= psp,
    );
    let (baedp, paedp) = (opt(b2.assisted_end_diastolic_mmhg), opt(b2.unassisted_end_diastolic_mmhg));
    row(
        "shock + balloon 1:2",
        "assisted vs unassisted end-diastolic (BAEDP vs PAEDP)",
        "BAEDP below PAEDP",
        "textbook signature",
        format!("{baedp:.1} vs {paedp:.1} ({:+.1})", baedp - paedp),
        baedp < paedp,
    );
    let apsp = opt(b2.assisted_systolic_mmhg);
    row(
        "shock + balloon 1:2",
        "assisted vs unassisted systolic (APSP vs PSP)",
        "APSP below PSP",
        "textbook signature",
        format!("{apsp:.1} vs {psp:.1} ({:+.1} %)", 100.0 * (apsp - psp) / psp),
        apsp < psp,
    );
    let b1 = runs.summary(BALLOON_1_1)?;
    // Kern's percentages compare the balloon on with the balloon off: his mean aortic pressure
    // moves +1 %, while at 1:2 an augmented cycle's mean exceeds its unassisted neighbour's by
    // about 30 % here (diastolic augmentation of ~20 mmHg in patients, Kolyva 2009).
    let pct = |on: f64, off: f64| 100.0 * (on - off) / off;
    let (sys, tti, map) = (
        pct(opt(b1.aortic_systolic_mmhg), opt(s.aortic_systolic_mmhg)),
        pct(b1.tti_mmhg_s, s.tti_mmhg_s),
        pct(b1.map_mmhg, s.map_mmhg),
    );
    row(
        "shock: balloon 1:1 vs off",
        "systolic pressure, systolic pressure-time index (TTI), MAP (% change)",
        "systolic -11 to -15 % (76 -> 57 mmHg, -25 %, in shock); TTI -20 to -27 %; MAP +1 to +6 % (unchanged in shock)",
        "Kern et al., Am Heart J 137:1129, 1999; Scheidt et al. 1973",
        format!("{sys:+.1}, {tti:+.1}, {map:+.1}"),
        in_range(sys, -30.0, -8.0) && in_range(tti, -35.0, -12.0) && in_range(map, -3.0, 8.0),
    );
    // Kolyva's end-diastolic fall, like with like: 1:1 against the balloon off. The same pair
    // without the reflexes shows what the balloon does on its own.
    let mut passive = |q: &str| runs.summary(&format!("{q}&baroreflex=off"));
    let (off_passive, on_passive) = (passive(SHOCK)?, passive(BALLOON_1_1)?);
    let fall = b1.aortic_diastolic_mmhg - s.aortic_diastolic_mmhg;
    row(
        "shock: balloon 1:1 vs off",
        "aortic end-diastolic pressure (mmHg)",
        "50.9 -> 43.9 (-7, -14 %) in 25 patients; -8 and -11 % in pigs",
        "Kolyva et al., J Appl Physiol 107:1497, 2009; ASAIO J 54:600, 2008",
        format!(
            "{:.1} -> {:.1} ({fall:+.1}, {:+.0} %); reflexes off {:+.1}",
            s.aortic_diastolic_mmhg,
            b1.aortic_diastolic_mmhg,
            100.0 * fall / s.aortic_diastolic_mmhg,
            on_passive.aortic_diastolic_mmhg - off_passive.aortic_diastolic_mmhg,
        ),
        in_range(fall, -10.5, -3.5),
    );
    let gain = b1.cardiac_output_l_min - s.cardiac_output_l_min;
    row(
        "shock + balloon 1:1",
        "cardiac output change (L/min)",
        "+0.5; +0.5 to +1.0",
        "Scheidt 1973; Parissis et al., J Cardiothorac Surg, 2016",
        format!("{gain:+.2}"),
        in_range(gain, 0.1, 1.0),
    );
    row(
        "shock + balloon 1:1",
        "coronary perfusion pressure, LVEDP, DPTI/TTI",
        "perfusion pressure up, LVEDP down, DPTI/TTI up",
        "textbook signature",
        format!(
            "{:+.1} mmHg, {:+.1} mmHg, {:+.2}",
            b1.coronary_perfusion_pressure_mmhg - s.coronary_perfusion_pressure_mmhg,
            b1.lvedp_mmhg - s.lvedp_mmhg,
            opt(b1.evr) - opt(s.evr)
        ),
        b1.coronary_perfusion_pressure_mmhg > s.coronary_perfusion_pressure_mmhg
            && b1.lvedp_mmhg < s.lvedp_mmhg
            && opt(b1.evr) > opt(s.evr),
    );
    let b3 = runs.summary(BALLOON_1_3)?;
    let gains = [b1, b2, b3].map(|b| b.cardiac_output_l_min - s.cardiac_output_l_min);
    row(
        "shock + balloon",
        "output gain by ratio 1:1, 1:2, 1:3 (L/min)",
        "1:1 > 1:2 > 1:3",
        "textbook signature",
        format!("{:+.2}, {:+.2}, {:+.2}", gains[0], gains[1], gains[2]),
        gains[0] > gains[1] && gains[1] > gains[2],
    );

    // The four timing errors at 1:2, against correct timing.
    // The quiz's scenarios: the same patient and offsets as its questions.
    let [_, early_inflation, late_inflation, early_deflation, late_deflation] = TIMING_CASES.map(|c| quiz::query(&c));
    let early_in = runs.summary(&early_inflation)?;
    row(
        "shock + balloon 1:2",
        "early inflation (-120 ms): stroke volume, LVEDP",
        "SV falls, LVEDP rises",
        "textbook signature",
        format!(
            "SV {:.1} -> {:.1} mL, LVEDP {:.1} -> {:.1}",
            b2.stroke_volume_ml, early_in.stroke_volume_ml, b2.lvedp_mmhg, early_in.lvedp_mmhg
        ),
        early_in.stroke_volume_ml < b2.stroke_volume_ml && early_in.lvedp_mmhg > b2.lvedp_mmhg,
    );
    // Judged within each trace, as on the monitor: how far the augmented peak stands above the
    // unassisted systole (the baroreflex moves the whole trace between the two runs).
    let late_in = runs.summary(&late_inflation)?;
    let lift = |x: &Summary| opt(x.peak_diastolic_augmentation_mmhg) - opt(x.unassisted_systolic_mmhg);
    row(
        "shock + balloon 1:2",
        "late inflation (+100 ms): PDP - PSP (mmHg)",
        "lower augmentation",
        "textbook signature",
        format!("{:.1} -> {:.1}", lift(&b2), lift(&late_in)),
        lift(&late_in) < lift(&b2) - 2.0,
    );
    let early_out = runs.summary(&early_deflation)?;
    let gap = |x: &Summary| opt(x.unassisted_end_diastolic_mmhg) - opt(x.assisted_end_diastolic_mmhg);
    row(
        "shock + balloon 1:2",
        "early deflation (-150 ms): PAEDP - BAEDP",
        "BAEDP about PAEDP (gap under half the correct one)",
        "textbook signature",
        format!("{:.1} -> {:.1} mmHg", gap(&b2), gap(&early_out)),
        gap(&early_out) < 0.5 * gap(&b2),
    );
    let late_out = runs.summary(&late_deflation)?;
    row(
        "shock + balloon 1:2",
        "late deflation (+120 ms): BAEDP vs PAEDP",
        "BAEDP >= PAEDP",
        "textbook signature",
        format!(
            "{:.1} vs {:.1} mmHg",
            opt(late_out.assisted_end_diastolic_mmhg),
            opt(late_out.unassisted_end_diastolic_mmhg)
        ),
        gap(&late_out) <= 0.0,
    );
    let pct = |with: f64, without: f64| 100.0 * (with / without - 1.0);
    row(
        "shock + balloon 1:2",
        "late deflation (+120 ms): LV peak, PVA; stroke volume (% vs correct)",
        "afterload and oxygen demand rise; stroke volume not altered by deflation timing",
        "textbook signature; Kern et al., Am Heart J 137:1129, 1999",
        format!(
            "LV peak {:+.1}, PVA {:+.1}; SV {:+.1}",
            pct(late_out.lv_peak_mmhg, b2.lv_peak_mmhg),
            pct(late_out.pva_mmhg_ml, b2.pva_mmhg_ml),
            pct(late_out.stroke_volume_ml, b2.stroke_volume_ml)
        ),
        late_out.lv_peak_mmhg > b2.lv_peak_mmhg
            && late_out.pva_mmhg_ml > b2.pva_mmhg_ml
            && pct(late_out.stroke_volume_ml, b2.stroke_volume_ml).abs() < 5.0,
    );
    let af = [
        runs.against_balloon(BALLOON_1_1)?,
        runs.against_balloon(&format!("{BALLOON_1_1}&rhythm=af"))?,
        runs.against_balloon(&format!("{BALLOON_1_1}&rhythm=af&deflation=r-wave"))?,
    ];
    row(
        "shock + balloon 1:1",
        "beats ejecting against the balloon: sinus, AF predicted, AF R-wave deflation",
        "none in sinus; AF catches the balloon inflated; R-wave deflation fewer",
        "textbook signature",
        format!("{:.0} %, {:.0} %, {:.0} %", 100.0 * af[0], 100.0 * af[1], 100.0 * af[2]),
        af[0] == 0.0 && af[1] > 0.0 && af[2] < af[1],
    );

    // The continuous-flow pump in cardiogenic shock.
    let p = runs.summary(PUMP_CP)?;
    row(
        "shock + pump CP P8",
        "LVEDP change (mmHg)",
        "falls; -4.7 in high-risk PCI",
        "ELVIS",
        format!("{:+.1}", p.lvedp_mmhg - s.lvedp_mmhg),
        p.lvedp_mmhg < s.lvedp_mmhg,
    );
    row(
        "shock + pump CP P8",
        "LVEDV falls, LVESV unchanged (mL)",
        "LVEDV falls, ESV unchanged",
        "Remmelink et al., Catheter Cardiovasc Interv 75:187, 2010",
        format!("LVEDV {:+.1}, LVESV {:+.1}", p.lvedv_ml - s.lvedv_ml, p.lvesv_ml - s.lvesv_ml),
        p.lvedv_ml < s.lvedv_ml && (p.lvesv_ml - s.lvesv_ml).abs() < 2.0,
    );
    let p25 = runs.summary("preset=cardiogenic-shock&assist=pump&pump=2.5&p-level=8")?;
    row(
        "shock + pump 2.5 P8",
        "LV filling pressure (LVEDP) and output change",
        "22 -> 16 mmHg (-6), CO 4.4 -> 4.8 L/min in 13 shock patients",
        "Dens et al., EuroIntervention (Impella LP2.5)",
        format!(
            "LVEDP {:+.1} mmHg, output {:+.2} L/min",
            p25.lvedp_mmhg - s.lvedp_mmhg,
            p25.total_output_l_min - s.cardiac_output_l_min
        ),
        in_range(p25.lvedp_mmhg - s.lvedp_mmhg, -10.0, -3.0)
            && in_range(p25.total_output_l_min - s.cardiac_output_l_min, 0.1, 1.0),
    );
    // Remmelink's patients had LVEDP 22 mmHg and EF 35 %: the heart-failure patient's LVEDP.
    let (hf, hf_pump) =
        (runs.summary("preset=heart-failure")?, runs.summary("preset=heart-failure&assist=pump&pump=2.5&p-level=8")?);
    row(
        "heart failure + pump 2.5 P8",
        "LVEDP change (mmHg) at about 2.3 L/min",
        "22 -> 13 mmHg (-9) at 2.5 L/min",
        "Remmelink et al., Catheter Cardiovasc Interv 75:187, 2010",
        format!("{:.1} -> {:.1} ({:+.1})", hf.lvedp_mmhg, hf_pump.lvedp_mmhg, hf_pump.lvedp_mmhg - hf.lvedp_mmhg),
        in_range(hf_pump.lvedp_mmhg - hf.lvedp_mmhg, -13.0, -6.0),
    );
    row(
        "shock + pump CP P8",
        "MAP and pulse pressure (mmHg)",
        "MAP up, pulse pressure down",
        "Burkhoff et al., JACC 66:2663, 2015",
        format!("MAP {:+.1}, pulse {:+.1}", p.map_mmhg - s.map_mmhg, p.pulse_pressure_mmhg - s.pulse_pressure_mmhg),
        p.map_mmhg > s.map_mmhg && p.pulse_pressure_mmhg < s.pulse_pressure_mmhg,
    );
    let (pump_gain, balloon_gain) = (p25.total_output_l_min - s.cardiac_output_l_min, gains[0]);
    row(
        "shock: pump 2.5 P8 vs balloon 1:1",
        "output gain, pump vs balloon (L/min)",
        "pump > balloon; CI +0.49 vs +0.11 L/min/m²",
        "ISAR-SHOCK (Seyfarth et al., JACC 52:1584, 2008)",
        format!("{pump_gain:+.2} vs {balloon_gain:+.2}"),
        pump_gain > balloon_gain,
    );
    let high = runs.summary(&format!("{PUMP_CP}&systemic.peripheral_r_mmhg_s_per_ml=1.6"))?;
    row(
        "shock + pump CP P8",
        "pump flow when peripheral resistance rises 0.95 -> 1.6 (L/min)",
        "flow falls as afterload rises",
        "pump curves (manufacturer data)",
        format!("{:.2} -> {:.2}", p.pump_flow_l_min, high.pump_flow_l_min),
        high.pump_flow_l_min < p.pump_flow_l_min - 0.1,
    );
    let full = runs.summary("preset=cardiogenic-shock&assist=pump&pump=5.0&p-level=9")?;
    row(
        "shock + pump 5.0 P9",
        "beats with aortic ejection; pulse pressure (mmHg)",
        "valve stops opening, flat arterial trace",
        "Burkhoff et al., JACC 66:2663, 2015",
        format!("{:.0} %; {:.1}", 100.0 * full.aortic_valve_open_fraction, full.pulse_pressure_mmhg),
        full.aortic_valve_open_fraction < 1.0 && full.pulse_pressure_mmhg < 0.25 * s.pulse_pressure_mmhg,
    );
    let dry = runs.summary("preset=cardiogenic-shock&assist=pump&pump=5.0&p-level=9&blood.total_volume_ml=4300")?;
    row(
        "shock + pump 5.0 P9, 4.3 L blood",
        "suction; pump flow (L/min)",
        "suction, flow falls",
        "textbook signature",
        format!("{:.0} % of beats; {:.2} -> {:.2}", 100.0 * dry.suction, full.pump_flow_l_min, dry.pump_flow_l_min),
        dry.suction > 0.0 && full.suction == 0.0 && dry.pump_flow_l_min < full.pump_flow_l_min,
    );

    let biv_query = "preset=biventricular-shock";
    let (biv, biv_full) =
        (runs.summary(biv_query)?, runs.summary(&format!("{biv_query}&assist=pump&pump=5.0&p-level=9"))?);
    row(
        "biventricular shock + pump 5.0 P9",
        "suction; pump flow vs the LV-only shock (L/min); CVP change (mmHg)",
        "a failing right heart limits an LV pump: suction, less flow, venous pressure stays high as the left side empties",
        "textbook signature (check the right ventricle; pump instructions for use)",
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
    );

    // The unloading ranking of the two devices.
    row(
        "shock: balloon 1:1 vs pump CP P8",
        "LV peak pressure change (%)",
        "the balloon lowers LV systolic pressure (afterload): 88 -> 78 mmHg in pigs; -11 % in patients",
        "ASAIO J 54:600, 2008 (pigs, balloon vs continuous-flow pump); Kern et al. 1999",
        format!("{:+.1} vs {:+.1}", pct(b1.lv_peak_mmhg, s.lv_peak_mmhg), pct(p.lv_peak_mmhg, s.lv_peak_mmhg)),
        b1.lv_peak_mmhg < p.lv_peak_mmhg - 5.0 && in_range(pct(b1.lv_peak_mmhg, s.lv_peak_mmhg), -25.0, -8.0),
    );
    row(
        "shock: balloon 1:1 vs pump CP P8",
        "LVEDP, PCWP (mmHg) and LVEDV (mL) change",
        "the pump lowers filling pressure and volume more: LVEDP 19 -> 11 (pigs); PCWP -5.3 pump minus balloon (3 RCTs); LVEDV -15 to -30 % (CARDIOSIM)",
        "ASAIO J 54:600, 2008; Cheng et al., Eur Heart J 30:2102, 2009; De Lazzari et al. 2023",
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
    );
    row(
        "shock: balloon 1:1 vs pump CP P8",
        "pressure-volume area change (%)",
        "falls more with the pump, in proportion to pump flow",
        "Burkhoff et al., JACC 66:2663, 2015 (Harvi)",
        format!("{:+.1} vs {:+.1}", pct(b1.pva_mmhg_ml, s.pva_mmhg_ml), pct(p.pva_mmhg_ml, s.pva_mmhg_ml)),
        p.pva_mmhg_ml < b1.pva_mmhg_ml,
    );
    row(
        "shock: balloon 1:1 vs total support (5.0 P9)",
        "PVA, LVEDV, LV peak change (%)",
        "total support unloads far more than the balloon or partial support",
        "Saku et al., Circ Heart Fail 11:e004397, 2018; Burkhoff et al. 2015",
        format!(
            "PVA {:+.0} vs {:+.0}, LVEDV {:+.0} vs {:+.0}, LV peak {:+.0} vs {:+.0}",
            pct(b1.pva_mmhg_ml, s.pva_mmhg_ml),
            pct(full.pva_mmhg_ml, s.pva_mmhg_ml),
            pct(b1.lvedv_ml, s.lvedv_ml),
            pct(full.lvedv_ml, s.lvedv_ml),
            pct(b1.lv_peak_mmhg, s.lv_peak_mmhg),
            pct(full.lv_peak_mmhg, s.lv_peak_mmhg)
        ),
        full.pva_mmhg_ml < b1.pva_mmhg_ml && full.lvedv_ml < b1.lvedv_ml && full.lv_peak_mmhg < b1.lv_peak_mmhg,
    );

    // Reflexes and coronary regulation (on by default).
    let (d_hr, d_map) = (b1.hr_bpm - s.hr_bpm, b1.map_mmhg - s.map_mmhg);
    row(
        "shock + balloon 1:1",
        "heart rate and MAP change",
        "HR falls (110 -> 103), MAP unchanged",
        "Scheidt et al., NEJM 288:979, 1973",
        format!("HR {d_hr:+.1} bpm, MAP {d_map:+.1} mmHg"),
        d_hr <= -3.0 && d_map.abs() <= 3.0,
    );
    let (on, off) = (bleed("normal", true)?, bleed("normal", false)?);
    let restored = 1.0 - on.0 / off.0;
    row(
        "normal, 10 % bleed (470 mL)",
        "share of the MAP fall the baroreflex restores; heart rate",
        "67-80 % (open-loop gain 2-4, dogs); heart rate rises",
        "McRitchie et al., Circ Res 39:666, 1976",
        format!("{:.0} % (MAP -{:.1} vs -{:.1} mmHg); HR {:+.1} bpm", 100.0 * restored, on.0, off.0, on.1),
        in_range(restored, 0.67, 0.80) && on.1 > 0.0,
    );
    // Like with like: Schampaert's hearts were isolated (no baroreflex).
    let isolated = "preset=normal&baroreflex=off";
    let normal_balloon = format!("{isolated}&assist=iabp&ratio=1:1");
    let gain = |with: &Summary, without: &Summary| with.coronary_flow_ml_min / without.coronary_flow_ml_min - 1.0;
    let auto = |q: &str, on: &str| format!("{q}&autoregulation={on}");
    let passive = gain(&runs.summary(&auto(&normal_balloon, "off"))?, &runs.summary(&auto(isolated, "off"))?);
    let regulated = gain(&runs.summary(&auto(&normal_balloon, "on"))?, &runs.summary(&auto(isolated, "on"))?);
    row(
        "normal, isolated heart (no baroreflex) + balloon 1:1",
        "coronary flow change, passive bed vs autoregulation on",
        "autoregulating beds 98-103 % of baseline despite augmentation",
        "Schampaert et al., Artif Organs, 2015",
        format!("{:+.1} % vs {:+.1} %", 100.0 * passive, 100.0 * regulated),
        passive > 0.05 && in_range(regulated, -0.05, 0.03),
    );
    let ischaemic = "&coronary.ischaemic_fraction=1";
    let exhausted =
        gain(&runs.summary(&format!("{BALLOON_1_1}{ischaemic}"))?, &runs.summary(&format!("{SHOCK}{ischaemic}"))?);
    row(
        "shock, reserve exhausted + balloon 1:1",
        "coronary flow change",
        "+49 ± 24 % with persisting ischaemia; great cardiac vein +29 % at 1:1",
        "Schampaert et al. 2015; Fuchs et al., Circulation 68:117, 1983",
        format!("{:+.0} %", 100.0 * exhausted),
        in_range(exhausted, 0.25, 0.73),
    );

    // Numerics.
    let c = runs.result(SHOCK)?.conservation;
    let drift = c.final_blood_volume_ml - c.initial_blood_volume_ml;
    row(
        "shock, 60 s",
        "blood volume drift (mL)",
        "< 0.01",
        "closed loop: every flow leaves one compartment and enters another",
        format!("{drift:.1e}"),
        drift.abs() < 0.01,
    );
    Ok(rows)
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
            r.setting,
            r.claim,
            r.expected,
            r.source,
            r.produced,
            if r.agrees { "yes" } else { "**no**" }
        );
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
