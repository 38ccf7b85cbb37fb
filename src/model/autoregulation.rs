//! Coronary autoregulation: the coronary bed's resistance follows the heart's oxygen demand
//! more than the pressure that perfuses it, until its vasodilator reserve is used up.
//!
//! ```text
//! demand      D = HR · (PVA + PVA_u)                  (Suga: MVO2 per beat = a·PVA + b; PVA_u = b/a)
//! target      Q* = Q_ref · D / D_ref                  (the normal adult at rest: 240 mL/min at D_ref)
//! bed         G = G_set · ((1 − f)/tone + f)          (f: share of the bed with no reserve left)
//! steady      Q = Q* · (Q₁ / Q_ref)^(1 − g)           (Q₁: the flow at tone 1; gain g = 0.7)
//!             i.e. tone = Q₁ / Q
//! dynamics    τ · d ln(tone)/dt = ln(tone_steady) − ln(tone),  applied once per beat
//!             1/reserve ≤ tone ≤ TONE_MAX
//! ```
//! Within the limits flow follows demand in proportion, and a change of pressure moves it only
//! by the fraction 1 − g of what it would in a passive bed: a balloon that raises
//! diastolic pressure in a heart with reserve left barely changes its coronary flow (canine
//! autoregulating beds stayed at 98–103 % of baseline despite +24 mmHg of augmentation;
//! Schampaert et al., Artif Organs 2015). Once tone reaches 1/reserve the vessels are as wide
//! as they go and flow follows pressure again, as it does throughout an ischaemic territory
//! whose reserve is exhausted (the share f, `coronary.ischaemic_fraction`): there augmentation
//! does raise flow (+49 % with persisting ischaemia in the same study; great cardiac vein flow
//! 52 → 67 mL/min at 1:1 in patients, Fuchs et al., Circulation 68:117, 1983).
//!
//! **Limits.** Demand is the LV's alone (the right ventricle and the atria are folded into the
//! reference); one lumped bed stands for all layers, so the subendocardium's earlier exhaustion
//! is not modelled; with no zero-flow pressure beyond the back pressure, and a gain rather
//! than a plateau, flow falls gently below the normal pressure instead of at a sharp lower
//! limit (40–45 mmHg in conscious dogs).

use serde::{Deserialize, Serialize};

use super::coronary::CoronaryParams;
use super::loop_area::LoopArea;
use super::regulation::{StepObservation, Switch};

/// Coronary flow of the normal adult at rest (mL/min): Guyton & Hall's 225–250 mL/min, the
/// `normal` preset's own flow.
pub(super) const REFERENCE_FLOW_ML_MIN: f64 = 240.0;
/// The normal adult's LV pressure–volume area (mmHg·mL) and rate (beats/min) at rest: the
/// `normal` preset's own values. `tests/regulation.rs` checks that the normal preset keeps its
/// flow with autoregulation on, so these stay the preset's.
const REFERENCE_PVA_MMHG_ML: f64 = 9_570.0;
const REFERENCE_HR_BPM: f64 = 75.0;
/// Share of resting myocardial oxygen use that does not scale with PVA: basal metabolism and
/// excitation–contraction coupling, about a third in the working heart (Suga, Physiol Rev
/// 70:247, 1990). Expressed as an equivalent PVA.
const UNLOADED_SHARE: f64 = 0.35;
const UNLOADED_PVA_MMHG_ML: f64 = REFERENCE_PVA_MMHG_ML * UNLOADED_SHARE / (1.0 - UNLOADED_SHARE);
/// Autoregulatory closed-loop gain: the share of a pressure-driven flow change that the bed
/// cancels, 0.6–0.9 in the mid-range of pressures (Dole, Prog Cardiovasc Dis 29:293, 1987).
const GAIN: f64 = 0.7;
/// Time constant of the metabolic adjustment (s): after a step of perfusion pressure, flow
/// settles at its regulated level within 10–20 s (Mosher et al., Circ Res 14:250, 1964).
const TAU_S: f64 = 10.0;
/// Largest resistance multiplier: constriction can halve the resting flow at most above the
/// autoregulatory range (flow follows pressure again above about 130–150 mmHg).
const TONE_MAX: f64 = 2.0;

/// Myocardial oxygen demand of a beat of pressure–volume area `pva_mmhg_ml` and length `rr_s`,
/// relative to the normal adult at rest: `HR·(PVA + PVA_u)` (Suga).
pub(super) fn demand_ratio(pva_mmhg_ml: f64, rr_s: f64) -> f64 {
    (pva_mmhg_ml + UNLOADED_PVA_MMHG_ML) * 60.0
        / rr_s
        / ((REFERENCE_PVA_MMHG_ML + UNLOADED_PVA_MMHG_ML) * REFERENCE_HR_BPM)
}

/// The tone a bed settles at: flow follows demand (`demand_ratio` times the `reference`
/// flow), moved by the uncancelled share of the pressure change that brought its flow at
/// tone 1 to `at_rest_tone_ml_min`.
fn steady_tone(at_rest_tone_ml_min: f64, reference_ml_min: f64, demand_ratio: f64) -> f64 {
    let settled = reference_ml_min * demand_ratio * (at_rest_tone_ml_min / reference_ml_min).powf(1.0 - GAIN);
    at_rest_tone_ml_min / settled
}

/// Autoregulation switch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AutoregulationParams {
    /// Whether coronary resistance follows demand.
    pub enabled: Switch,
}

/// The heart's oxygen balance over one cycle, for the controllers that act once per cycle
/// (autoregulation, ischaemia): the LV loop and the coronary inflow, accumulated step by step.
#[derive(Debug, Clone)]
pub(super) struct CycleEnergetics {
    pv_loop: LoopArea,
    coronary_ml: f64,
    /// Start of the cycle in progress (s); NaN before the first.
    start_s: f64,
}

/// A finished cycle as [`CycleEnergetics`] saw it.
#[derive(Debug, Clone, Copy)]
pub(super) struct FinishedCycle {
    /// Its length (s).
    pub rr_s: f64,
    /// Mean coronary flow (mL/min).
    pub flow_ml_min: f64,
    /// Oxygen demand relative to the normal adult at rest ([`demand_ratio`]).
    pub demand_ratio: f64,
}

impl Default for CycleEnergetics {
    fn default() -> Self {
        Self { pv_loop: LoopArea::new(), coronary_ml: 0.0, start_s: f64::NAN }
    }
}

impl CycleEnergetics {
    /// Feeds the end of one integration step; at a new cycle, returns the one it finished.
    pub(super) fn step(&mut self, obs: &StepObservation, lv_v0_ml: f64) -> Option<FinishedCycle> {
        let mut finished = None;
        if obs.new_cycle {
            let rr_s = obs.t_s - self.start_s;
            if rr_s > 0.0 && !self.pv_loop.is_empty() {
                finished = Some(FinishedCycle {
                    rr_s,
                    flow_ml_min: 60.0 * self.coronary_ml / rr_s,
                    demand_ratio: demand_ratio(self.pv_loop.pva_mmhg_ml(lv_v0_ml).max(0.0), rr_s),
                });
            }
            self.pv_loop = LoopArea::new();
            self.coronary_ml = 0.0;
            self.start_s = obs.t_s;
        }
        if !self.start_s.is_nan() {
            self.pv_loop.push(obs.lv_mmhg, obs.lv_volume_ml, lv_v0_ml);
            self.coronary_ml += obs.coronary_ml_per_s * obs.dt_s;
        }
        finished
    }
}

/// The controller's state.
#[derive(Debug, Clone)]
pub struct Autoregulation {
    /// Resistance multiplier of the regulated share of the bed.
    tone: f64,
    /// The cycle in progress.
    cycle: CycleEnergetics,
}

impl Default for Autoregulation {
    fn default() -> Self {
        Self { tone: 1.0, cycle: CycleEnergetics::default() }
    }
}

impl Autoregulation {
    /// Effective coronary conductance relative to the parameters' (`G / G_set`).
    /// The occluded share of the bed (`coronary.occluded_fraction`) carries nothing.
    pub fn conductance_ratio(&self, coronary: &CoronaryParams) -> f64 {
        coronary.conductance_ratio(self.tone)
    }

    /// The regulated bed's resistance multiplier (1/`coronary.flow_reserve` when fully dilated).
    pub fn tone(&self) -> f64 {
        self.tone
    }

    /// Feeds the end of one integration step. At an R wave the finished beat sets the new
    /// tone; returns true when the tone changed.
    pub fn step(&mut self, obs: &StepObservation, lv_v0_ml: f64, coronary: &CoronaryParams) -> bool {
        let Some(FinishedCycle { rr_s, flow_ml_min, demand_ratio }) = self.cycle.step(obs, lv_v0_ml) else {
            return false;
        };
        let regulated = coronary.regulated_share();
        let regulated_share = regulated / self.tone / self.conductance_ratio(coronary);
        // The regulated share's flow were its tone 1.
        let at_rest_tone = flow_ml_min * regulated_share * self.tone;
        let reference = regulated * REFERENCE_FLOW_ML_MIN;
        // (Written so that a NaN, which compares false, changes nothing.)
        if !(at_rest_tone > 0.0 && demand_ratio > 0.0) {
            return false;
        }
        let ln_tone = self.tone.ln();
        let goal = steady_tone(at_rest_tone, reference, demand_ratio).ln();
        let tone =
            (ln_tone + (rr_s / TAU_S).min(1.0) * (goal - ln_tone)).exp().clamp(1.0 / coronary.flow_reserve, TONE_MAX);
        let changed = tone != self.tone;
        self.tone = tone;
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pressure_change_is_mostly_cancelled_and_demand_is_followed() {
        let reference = REFERENCE_FLOW_ML_MIN;
        assert!((steady_tone(reference, reference, 1.0) - 1.0).abs() < 1e-12, "rest is the reference");
        // 30 % more perfusion at the same demand: flow rises 1.3^0.3 − 1 ≈ 8 %, not 30 %.
        let q1 = 1.3 * reference;
        let flow = q1 / steady_tone(q1, reference, 1.0);
        assert!((flow / reference - 1.3f64.powf(1.0 - GAIN)).abs() < 1e-12);
        assert!(flow / reference - 1.0 < 0.1);
        // Twice the demand at the same pressure: twice the flow.
        let flow = reference / steady_tone(reference, reference, 2.0);
        assert!((flow / reference - 2.0).abs() < 1e-12);
    }

    #[test]
    fn the_tone_settles_with_its_time_constant_and_stops_at_the_reserve() {
        // Beats of 0.8 s at a fixed LV point (no stroke work, a small potential energy), so
        // demand is little more than the unloaded share, and 4 mL/s of flow (the resting
        // 240 mL/min): the bed constricts towards the low demand until it stops at its limit.
        let mut auto = Autoregulation::default();
        let coronary = CoronaryParams {
            resistance_mmhg_s_per_ml: 13.0,
            intramyocardial_factor: 0.75,
            flow_reserve: 4.0,
            ischaemic_fraction: 0.0,
            occluded_fraction: 0.0,
        };
        let (rr, dt) = (0.8, 0.002);
        let mut t = 0.0;
        for beat in 0..200 {
            let steps = (rr / dt) as usize;
            for i in 0..steps {
                t += dt;
                let obs = StepObservation {
                    t_s: t,
                    dt_s: dt,
                    aortic_root_mmhg: 60.0,
                    new_cycle: i == 0,
                    lv_mmhg: 10.0,
                    lv_volume_ml: 100.0,
                    coronary_ml_per_s: 4.0,
                };
                auto.step(&obs, 5.0, &coronary);
            }
            if beat == 12 {
                // After ~10 s (one time constant) the tone has moved most of the way.
                assert!(auto.tone > 1.2, "tone {:.3} after 10 s", auto.tone);
            }
        }
        assert_eq!(auto.tone, TONE_MAX, "low demand constricts to the limit");
    }
}
