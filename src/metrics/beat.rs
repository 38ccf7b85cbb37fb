//! Beat-by-beat indices computed from the simulated waveforms.
//!
//! A beat runs from one R wave to the next; while the ventricles do not beat (fibrillation,
//! asystole) a silent cycle stands in for it, with no heart rate and no systole. Every index is read off the sampled traces of
//! that beat, as a monitor or a catheter-lab workstation would, not from model formulas:
//!
//! ```text
//! systolic        max P_root while the aortic valve is open (None if it never opens)
//! end-diastolic   P_root when the valve opens (trough before the upstroke); min P_root if it never opens
//! SV              ∫ (Q_aortic-valve − Q_aortic-orifice) dt: net forward, less closing backflow and
//!                 what a regurgitant aortic orifice returns
//! EDV, EDP        max LV volume; LV pressure at the R wave
//! ESV             min LV volume
//! end-systole     the sample with the largest P_LV / (V_LV − V0)  (maximal elastance)
//! SW, PVA         −∮ P_LV dV and SW + ½·P_es·(V_es − V0), from `model::LoopArea`
//! TTI             ∫ P_LV dt from the R wave to aortic-valve closure (end-systole if no ejection)
//! DPTI            ∫ (P_root − P_LV) dt over the rest of the beat  (Buckberg et al., Circ Res 30:67, 1972)
//! diastolic mean  mean P_root over the same part of the beat
//! pump flow       time-mean pump output; suction if the pump inlet factor fell below 0.9
//! regurgitant     ∫ max(0, Q_mitral-orifice) dt: what goes back into the LA; the same for the
//!                 aortic orifice (back into the LV)
//! shunt           ∫ Q_septal-defect dt, net LV → RV;  pulmonary flow ∫ Q_pulmonary-valve dt
//! ```

use serde::Serialize;

use crate::devices::pump::SUCTION_THRESHOLD;
use crate::devices::timing::MIN_EJECTION_S;
use crate::model::{LoopArea, Rhythm, Simulation, Snapshot, StepEvents};

/// What one beat's indices are computed from, recorded every step.
#[derive(Debug, Clone, Copy)]
struct Sample {
    t_s: f64,
    root_mmhg: f64,
    lv_mmhg: f64,
    lv_volume_ml: f64,
    la_mmhg: f64,
    ra_mmhg: f64,
    aortic_valve_ml_per_s: f64,
    coronary_ml_per_s: f64,
    pump_ml_per_s: f64,
    pump_inlet_factor: f64,
    balloon_ml: f64,
    valve_open: bool,
    mitral_regurgitation_ml_per_s: f64,
    vsd_ml_per_s: f64,
    pulmonary_valve_ml_per_s: f64,
    aortic_regurgitation_ml_per_s: f64,
}

/// Indices of one beat.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BeatMetrics {
    /// Time of the beat's R wave (s).
    pub start_s: f64,
    /// RR interval (s).
    pub rr_s: f64,
    /// Heart rate of this beat (beats/min); 0 for a silent cycle.
    pub hr_bpm: f64,
    /// The rhythm of the beat (a silent cycle's is fibrillation or asystole).
    pub rhythm: Rhythm,
    /// True if blood flowed forward through the aortic valve.
    pub ejected: bool,
    /// Peak aortic-root pressure while the valve was open (mmHg).
    pub aortic_systolic_mmhg: Option<f64>,
    /// Aortic end-diastolic pressure (mmHg).
    pub aortic_end_diastolic_mmhg: f64,
    /// Highest aortic-root pressure of the beat (mmHg).
    pub aortic_max_mmhg: f64,
    /// Lowest aortic-root pressure of the beat (mmHg).
    pub aortic_min_mmhg: f64,
    /// Time-mean aortic-root pressure (mmHg).
    pub map_mmhg: f64,
    /// Net forward volume (mL): through the aortic valve, less what a regurgitant aortic orifice
    /// returns.
    pub stroke_volume_ml: f64,
    /// End-diastolic LV volume (mL).
    pub lvedv_ml: f64,
    /// End-systolic (minimum) LV volume (mL).
    pub lvesv_ml: f64,
    /// LV pressure at the R wave (mmHg).
    pub lvedp_mmhg: f64,
    /// Peak LV pressure (mmHg).
    pub lv_peak_mmhg: f64,
    /// Mean left atrial pressure (mmHg).
    pub la_mean_mmhg: f64,
    /// Mean right atrial pressure (mmHg).
    pub ra_mean_mmhg: f64,
    /// Mean coronary flow (mL/min).
    pub coronary_flow_ml_min: f64,
    /// Stroke work, the PV-loop area (mmHg·mL).
    pub stroke_work_mmhg_ml: f64,
    /// Pressure–volume area (mmHg·mL).
    pub pva_mmhg_ml: f64,
    /// Tension–time index (mmHg·s).
    pub tti_mmhg_s: f64,
    /// Diastolic pressure–time index (mmHg·s).
    pub dpti_mmhg_s: f64,
    /// Mean aortic root pressure over the same diastole (mmHg): what perfuses the left
    /// coronaries, augmentation included.
    pub diastolic_mean_mmhg: f64,
    /// Mean continuous-flow pump output (L/min).
    pub pump_flow_l_min: f64,
    /// Highest left atrial pressure of the beat (mmHg): the v wave at the end of systole.
    pub la_max_mmhg: f64,
    /// Volume that went back into the left atrium through a regurgitant mitral orifice (mL).
    pub mitral_regurgitant_ml: f64,
    /// Net volume through a ventricular septal defect, LV → RV positive (mL).
    pub shunt_ml: f64,
    /// Volume that went back into the LV through a regurgitant aortic orifice (mL).
    pub aortic_regurgitant_ml: f64,
    /// Volume through the pulmonary valve (mL).
    pub pulmonary_flow_ml: f64,
    /// The pump inlet was obstructed by an emptying ventricle (suction alarm).
    pub suction: bool,
    /// The balloon was inflated in this beat's diastole (after aortic-valve closure).
    pub assisted: bool,
    /// The aortic valve opened while the balloon was still more than half inflated: the
    /// ventricle ejected against it (late deflation, or an RR shorter than predicted).
    pub ejected_against_balloon: bool,
    /// Aortic pressure at the dicrotic notch: the lowest root pressure within 80 ms after
    /// valve closure (mmHg); None if the valve never shut in this beat.
    pub dicrotic_notch_mmhg: Option<f64>,
    /// Highest root pressure after valve closure (mmHg): the diastolic augmentation peak
    /// when the beat is assisted.
    pub peak_diastolic_mmhg: Option<f64>,
    /// Where the aortic landmarks lie in time, for drawing them on a trace.
    #[serde(skip)]
    pub marks: BeatMarks,
}

/// Points (time s, root pressure mmHg) of a beat's aortic landmarks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BeatMarks {
    /// Systolic peak while the valve was open (none if the beat did not eject).
    pub systolic: Option<[f64; 2]>,
    /// End of the preceding diastole: the valve's opening, or the beat's minimum without one.
    pub end_diastolic: [f64; 2],
    /// Dicrotic notch: lowest pressure within 80 ms of valve closure.
    pub dicrotic_notch: Option<[f64; 2]>,
    /// Highest pressure after valve closure (the augmentation peak on an assisted beat).
    pub peak_diastolic: Option<[f64; 2]>,
}

/// Collects samples of the beat in progress and turns them into [`BeatMetrics`] at the
/// next R wave.
#[derive(Debug, Clone, Default)]
pub struct BeatRecorder {
    samples: Vec<Sample>,
    started: bool,
    /// The rhythm of the cycle being recorded.
    rhythm: Rhythm,
}

impl BeatRecorder {
    /// An empty recorder; the first complete beat starts at the first R wave it sees.
    pub fn new() -> Self {
        Self::default()
    }

    /// Advances `sim` one step and records it. Returns the step's events, the snapshot after
    /// it and the beat it finished, if any: the stepping loop of `run::run` and the app's driver.
    pub fn step(&mut self, sim: &mut Simulation) -> (StepEvents, Snapshot, Option<BeatMetrics>) {
        let events = sim.step();
        let snap = sim.snapshot();
        let beat = self.record(&snap, events.new_cycle, sim.params().heart.lv.v0_ml);
        (events, snap, beat)
    }

    /// Feeds the snapshot taken after a step. `new_cycle` is true when that step started a
    /// new beat (or silent cycle); the finished one is returned then.
    pub fn record(&mut self, snap: &Snapshot, new_cycle: bool, lv_v0_ml: f64) -> Option<BeatMetrics> {
        let finished =
            if new_cycle && self.started { analyse(&self.samples, snap.t_s, lv_v0_ml, self.rhythm) } else { None };
        if new_cycle {
            self.samples.clear();
            self.started = true;
            self.rhythm = snap.rhythm;
        }
        if self.started {
            self.samples.push(Sample {
                t_s: snap.t_s,
                root_mmhg: snap.hemo.aortic_root_mmhg,
                lv_mmhg: snap.hemo.lv_mmhg,
                lv_volume_ml: snap.state.lv_volume_ml,
                la_mmhg: snap.hemo.la_mmhg,
                ra_mmhg: snap.hemo.ra_mmhg,
                aortic_valve_ml_per_s: snap.hemo.aortic_valve_ml_per_s,
                coronary_ml_per_s: snap.hemo.coronary_ml_per_s,
                pump_ml_per_s: snap.hemo.pump_ml_per_s,
                pump_inlet_factor: snap.hemo.pump_inlet_factor,
                balloon_ml: snap.hemo.balloon_ml,
                valve_open: snap.aortic_valve_open,
                mitral_regurgitation_ml_per_s: snap.hemo.mitral_regurgitation_ml_per_s,
                vsd_ml_per_s: snap.hemo.vsd_ml_per_s,
                pulmonary_valve_ml_per_s: snap.hemo.pulmonary_valve_ml_per_s,
                aortic_regurgitation_ml_per_s: snap.hemo.aortic_regurgitation_ml_per_s,
            });
        }
        finished
    }
}

/// Sample indices of the beat's ejection: where the valve opened and where it shut again
/// (None if still open at the beat's end), for the first opening of at least
/// [`MIN_EJECTION_S`]; (None, None) if the valve never opened that long.
fn ejection(samples: &[Sample], end_s: f64) -> (Option<usize>, Option<usize>) {
    let mut i = 0;
    while let Some(o) = samples[i..].iter().position(|s| s.valve_open).map(|o| i + o) {
        let closing = samples[o..].iter().position(|s| !s.valve_open).map(|c| o + c);
        let shut_s = closing.map_or(end_s, |c| samples[c].t_s);
        if shut_s - samples[o].t_s >= MIN_EJECTION_S - 1e-9 {
            return (Some(o), closing);
        }
        match closing {
            Some(c) => i = c,
            None => break,
        }
    }
    (None, None)
}

/// Indices of one beat of `rhythm` from its samples; `end_s` is the next R wave.
fn analyse(samples: &[Sample], end_s: f64, lv_v0_ml: f64, rhythm: Rhythm) -> Option<BeatMetrics> {
    let beating = rhythm.ventricles_contract();
    let first = samples.first()?;
    if samples.len() < 4 {
        return None;
    }
    let rr_s = end_s - first.t_s;
    // Each sample stands for the interval up to the next one (the last up to `end_s`).
    let dt = |i: usize| samples.get(i + 1).map_or(end_s, |n| n.t_s) - samples[i].t_s;
    let mean = |f: &dyn Fn(&Sample) -> f64| samples.iter().enumerate().map(|(i, s)| f(s) * dt(i)).sum::<f64>() / rr_s;

    // The ejection: the first valve opening that lasts at least as long as the console's
    // shortest ejection. A flick of the valve (deflation on the R wave dropping aortic below
    // the isovolumic LV pressure for ~30 ms) is no ejection on a pressure trace, so no
    // landmark is read from it.
    // A silent cycle ejects nothing: a valve left open between equal pressures is no ejection.
    let (opening, closing) = if beating { ejection(samples, end_s) } else { (None, None) };
    let ejected = opening
        .is_some_and(|o| samples[o..closing.unwrap_or(samples.len())].iter().any(|s| s.aortic_valve_ml_per_s > 0.0));

    let (mut max_root, mut min_root) = (f64::NEG_INFINITY, f64::INFINITY);
    let (mut max_v, mut min_v, mut lv_peak) = (f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    let mut systolic: Option<[f64; 2]> = None;
    let mut min_root_at = [first.t_s, first.root_mmhg];
    let mut stroke_volume_ml = 0.0;
    let mut es_index = 0;
    let mut pv_loop = LoopArea::new();
    for (i, s) in samples.iter().enumerate() {
        max_root = max_root.max(s.root_mmhg);
        if s.root_mmhg < min_root {
            min_root = s.root_mmhg;
            min_root_at = [s.t_s, s.root_mmhg];
        }
        max_v = max_v.max(s.lv_volume_ml);
        min_v = min_v.min(s.lv_volume_ml);
        lv_peak = lv_peak.max(s.lv_mmhg);
        let in_ejection = opening.is_some_and(|o| i >= o && closing.is_none_or(|c| i < c));
        if in_ejection && s.aortic_valve_ml_per_s > 0.0 && systolic.is_none_or(|p| s.root_mmhg > p[1]) {
            systolic = Some([s.t_s, s.root_mmhg]);
        }
        stroke_volume_ml += (s.aortic_valve_ml_per_s - s.aortic_regurgitation_ml_per_s) * dt(i);
        if pv_loop.push(s.lv_mmhg, s.lv_volume_ml, lv_v0_ml) {
            es_index = i;
        }
    }
    let end_diastolic = opening.filter(|_| ejected).map_or(min_root_at, |o| [samples[o].t_s, samples[o].root_mmhg]);
    // Lowest (notch) and highest (augmentation) point after closure.
    let extreme_after = |c: usize, window_s: f64, lowest: bool| {
        let t_close = samples[c].t_s;
        samples[c..].iter().take_while(|s| s.t_s < t_close + window_s).fold(None, |best: Option<[f64; 2]>, s| {
            let better = best.is_none_or(|b| if lowest { s.root_mmhg < b[1] } else { s.root_mmhg > b[1] });
            if better { Some([s.t_s, s.root_mmhg]) } else { best }
        })
    };
    let marks = BeatMarks {
        systolic,
        end_diastolic,
        dicrotic_notch: closing.and_then(|c| extreme_after(c, 0.08, true)),
        peak_diastolic: closing.and_then(|c| extreme_after(c, f64::INFINITY, false)),
    };
    // Systole ends at valve closure, or at end-systole for a beat that never ejects; a
    // silent cycle has none.
    let systole_end = match (ejected, closing) {
        _ if !beating => 0,
        (true, Some(c)) => c,
        (true, None) => samples.len(),
        (false, _) => es_index + 1,
    };
    let mut tti = 0.0;
    let mut dpti = 0.0;
    let (mut diastolic_integral, mut diastole_s) = (0.0, 0.0);
    for (i, s) in samples.iter().enumerate() {
        if i < systole_end {
            tti += s.lv_mmhg * dt(i);
        } else {
            dpti += (s.root_mmhg - s.lv_mmhg) * dt(i);
            diastolic_integral += s.root_mmhg * dt(i);
            diastole_s += dt(i);
        }
    }
    // The balloon's range over the beat (its residual to its full volume when it works).
    let (balloon_lo, balloon_hi) =
        samples.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), s| (lo.min(s.balloon_ml), hi.max(s.balloon_ml)));
    let balloon_moved = balloon_hi - balloon_lo > 1.0;
    let half_full = balloon_lo + 0.5 * (balloon_hi - balloon_lo);

    Some(BeatMetrics {
        start_s: first.t_s,
        rr_s,
        hr_bpm: if beating { 60.0 / rr_s } else { 0.0 },
        rhythm,
        ejected,
        aortic_systolic_mmhg: marks.systolic.map(|m| m[1]),
        aortic_end_diastolic_mmhg: marks.end_diastolic[1],
        aortic_max_mmhg: max_root,
        aortic_min_mmhg: min_root,
        map_mmhg: mean(&|s| s.root_mmhg),
        stroke_volume_ml,
        lvedv_ml: max_v,
        lvesv_ml: min_v,
        lvedp_mmhg: first.lv_mmhg,
        lv_peak_mmhg: lv_peak,
        la_mean_mmhg: mean(&|s| s.la_mmhg),
        ra_mean_mmhg: mean(&|s| s.ra_mmhg),
        coronary_flow_ml_min: 60.0 * mean(&|s| s.coronary_ml_per_s),
        stroke_work_mmhg_ml: pv_loop.stroke_work_mmhg_ml(),
        pva_mmhg_ml: pv_loop.pva_mmhg_ml(lv_v0_ml),
        tti_mmhg_s: tti,
        dpti_mmhg_s: dpti,
        diastolic_mean_mmhg: if diastole_s > 0.0 { diastolic_integral / diastole_s } else { min_root },
        pump_flow_l_min: 0.06 * mean(&|s| s.pump_ml_per_s),
        la_max_mmhg: samples.iter().map(|s| s.la_mmhg).fold(f64::NEG_INFINITY, f64::max),
        mitral_regurgitant_ml: rr_s * mean(&|s| s.mitral_regurgitation_ml_per_s.max(0.0)),
        shunt_ml: rr_s * mean(&|s| s.vsd_ml_per_s),
        aortic_regurgitant_ml: rr_s * mean(&|s| s.aortic_regurgitation_ml_per_s.max(0.0)),
        pulmonary_flow_ml: rr_s * mean(&|s| s.pulmonary_valve_ml_per_s),
        // Inflated in diastole: balloon above half its range after closure.
        assisted: closing.is_some_and(|c| balloon_moved && samples[c..].iter().any(|s| s.balloon_ml > half_full)),
        ejected_against_balloon: balloon_moved && opening.is_some_and(|o| ejected && samples[o].balloon_ml > half_full),
        dicrotic_notch_mmhg: marks.dicrotic_notch.map(|m| m[1]),
        peak_diastolic_mmhg: marks.peak_diastolic.map(|m| m[1]),
        suction: samples.iter().any(|s| s.pump_inlet_factor < SUCTION_THRESHOLD),
        marks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 0.8 s beat sampled every 2 ms: the valve flicks open for 30 ms at 50 ms (R-wave
    /// deflation drawing the root below the isovolumic LV pressure), then ejects from 120 to
    /// 400 ms. Root pressure dips to 20 mmHg in the flicker and sits at 60 mmHg when the real
    /// ejection starts.
    fn beat_with_a_flicker() -> Vec<Sample> {
        (0..400)
            .map(|i| {
                let t = i as f64 * 0.002;
                let flicker = (0.05..0.08).contains(&t);
                let ejecting = (0.12..0.40).contains(&t);
                let root = if flicker {
                    20.0
                } else if ejecting {
                    60.0 + 40.0 * ((t - 0.12) / 0.28 * std::f64::consts::PI).sin()
                } else {
                    62.0
                };
                let lv = if ejecting || flicker { root + 2.0 } else { 10.0 };
                Sample {
                    t_s: t,
                    root_mmhg: root,
                    lv_mmhg: lv,
                    lv_volume_ml: 120.0 - if t > 0.12 { 70.0 * ((t - 0.12) / 0.28).min(1.0) } else { 0.0 },
                    la_mmhg: 8.0,
                    ra_mmhg: 4.0,
                    aortic_valve_ml_per_s: if ejecting {
                        250.0
                    } else if flicker {
                        5.0
                    } else {
                        0.0
                    },
                    coronary_ml_per_s: 4.0,
                    pump_ml_per_s: 0.0,
                    pump_inlet_factor: 1.0,
                    balloon_ml: 0.0,
                    valve_open: flicker || ejecting,
                    mitral_regurgitation_ml_per_s: 0.0,
                    vsd_ml_per_s: 0.0,
                    pulmonary_valve_ml_per_s: 0.0,
                    aortic_regurgitation_ml_per_s: 0.0,
                }
            })
            .collect()
    }

    #[test]
    fn a_valve_flicker_is_not_the_ejection() {
        let b = analyse(&beat_with_a_flicker(), 0.8, 5.0, Rhythm::Sinus).unwrap();
        // End-diastolic pressure at the real opening, not the flicker's 20 mmHg dip.
        assert_eq!(b.aortic_end_diastolic_mmhg, 60.0);
        // Systole (TTI) runs to the real closure at 400 ms: ∫P_LV over 0.4 s, not 0.08 s.
        assert!(b.tti_mmhg_s > 15.0, "TTI {:.2}", b.tti_mmhg_s);
        let notch = b.marks.dicrotic_notch.unwrap();
        assert!(notch[0] >= 0.40, "notch at {:.3} s", notch[0]);
        assert!(b.ejected);
    }

    #[test]
    fn a_beat_with_only_a_flicker_did_not_eject() {
        let samples: Vec<Sample> = beat_with_a_flicker()
            .into_iter()
            .map(|mut s| {
                if s.t_s >= 0.1 {
                    s.valve_open = false;
                    s.aortic_valve_ml_per_s = 0.0;
                }
                s
            })
            .collect();
        let b = analyse(&samples, 0.8, 5.0, Rhythm::Sinus).unwrap();
        assert!(!b.ejected && b.aortic_systolic_mmhg.is_none());
    }
}
