//! Ischaemia: LV contractility that follows the balance of coronary supply and demand.
//!
//! ```text
//! demand   D = HR · (PVA + PVA_u) / (HR · (PVA + PVA_u))_normal        per unit of myocardium (Suga)
//! shares   occluded o (no flow), exhausted f (flow follows pressure), regulated 1 − f − o
//! supply   S_i = Q_i / (share_i · Q_ref)                                 Q_i its coronary flow
//! match    m_i = min(1, S_i / D)      the regulated share: 1 while autoregulation has reserve left
//! function F* = (1 − f − o)·m_reg + f·m_f + o·0
//! dynamics τ · dF/dt = F* − F,  once per cycle;   LV Ees × F
//! ```
//! Regional contraction falls in proportion to subendocardial flow when flow is cut
//! (perfusion–contraction matching: Ross, Circulation 83:1076, 1991), and a territory whose
//! artery is occluded stops contracting within about a minute (Tennant & Wiggers, Am J Physiol
//! 112:351, 1935): τ = 20 s. While autoregulation has reserve left, the regulated bed meets
//! its demand; once its vessels are fully dilated (tone at 1/`coronary.flow_reserve`) or
//! with autoregulation off, its flow follows pressure and can fall short.
//!
//! This closes the shock spiral: a lower pressure gives the exhausted territory less flow, the
//! ventricle weakens, the pressure falls further. A balloon raises the diastolic pressure that
//! perfuses it; a pump lowers the demand (pressure–volume area) and raises the mean pressure.
//!
//! **Limits.** Demand is the whole LV's, per unit of myocardium alike in every territory; no
//! collaterals; no stunning (function returns as fast as it went) and no infarction (an occluded
//! territory recovers fully when the occlusion is undone); the right ventricle is not affected.

use serde::{Deserialize, Serialize};

use super::autoregulation::{CycleEnergetics, FinishedCycle, REFERENCE_FLOW_ML_MIN};
use super::coronary::CoronaryParams;
use super::regulation::{StepObservation, Switch};

/// Time constant (s) of the change of contractility.
const TAU_S: f64 = 20.0;

/// Ischaemia switch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IschaemiaParams {
    /// Whether contractility follows the coronary supply–demand balance.
    pub enabled: Switch,
}

/// The controller's state.
#[derive(Debug, Clone)]
pub struct Ischaemia {
    /// LV contractility multiplier F (0–1).
    function: f64,
    /// The cycle in progress.
    cycle: CycleEnergetics,
}

impl Default for Ischaemia {
    fn default() -> Self {
        Self { function: 1.0, cycle: CycleEnergetics::default() }
    }
}

impl Ischaemia {
    /// The LV contractility multiplier now.
    pub fn function(&self) -> f64 {
        self.function
    }

    /// Feeds the end of one integration step. At a new cycle the finished one moves the
    /// function; `tone` is autoregulation's (None when it is off). Returns true when it moved.
    pub fn step(&mut self, obs: &StepObservation, lv_v0_ml: f64, coronary: &CoronaryParams, tone: Option<f64>) -> bool {
        let Some(FinishedCycle { rr_s, flow_ml_min, demand_ratio }) = self.cycle.step(obs, lv_v0_ml) else {
            return false;
        };
        let target = target_function(flow_ml_min, demand_ratio, coronary, tone);
        let function = self.function + (rr_s / TAU_S).min(1.0) * (target - self.function);
        let changed = function != self.function;
        self.function = function;
        changed
    }
}

/// F*: the contractility the coronary flow of a cycle (`flow_ml_min`) supports at relative
/// demand `demand`.
fn target_function(flow_ml_min: f64, demand: f64, coronary: &CoronaryParams, tone: Option<f64>) -> f64 {
    let (f, o) = (coronary.ischaemic_fraction, coronary.occluded_fraction);
    // Conductance of each perfused share (the occluded one has none); validation keeps the
    // regulated share at or above 0.
    let regulated = coronary.regulated_share();
    let g_regulated = regulated / tone.unwrap_or(1.0);
    let g_total = coronary.conductance_ratio(tone.unwrap_or(1.0));
    if g_total <= 0.0 || demand <= 0.0 {
        return 1.0 - o;
    }
    let matched = |share: f64, conductance: f64| {
        let supply = flow_ml_min * conductance / g_total / (share * REFERENCE_FLOW_ML_MIN);
        (supply / demand).min(1.0)
    };
    // With reserve left the regulated bed dilates until it meets its demand.
    let reserve_left = tone.is_some_and(|t| t > 1.0 / coronary.flow_reserve + 1e-6);
    let m_regulated = if regulated == 0.0 || reserve_left { 1.0 } else { matched(regulated, g_regulated) };
    let m_exhausted = if f == 0.0 { 1.0 } else { matched(f, f) };
    regulated * m_regulated + f * m_exhausted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coronary(f: f64, o: f64) -> CoronaryParams {
        CoronaryParams {
            resistance_mmhg_s_per_ml: 13.0,
            intramyocardial_factor: 0.75,
            flow_reserve: 4.0,
            ischaemic_fraction: f,
            occluded_fraction: o,
        }
    }

    #[test]
    fn a_bed_with_reserve_and_no_occlusion_keeps_full_function() {
        assert_eq!(target_function(120.0, 1.5, &coronary(0.0, 0.0), Some(1.0)), 1.0);
    }

    #[test]
    fn an_occluded_territory_stops_contracting() {
        assert!((target_function(200.0, 1.0, &coronary(0.0, 0.3), Some(1.0)) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn an_exhausted_territory_contracts_in_proportion_to_its_supply() {
        // 40 % of the bed exhausted, the rest with reserve: the exhausted share gets half
        // what its demand asks for.
        let c = coronary(0.4, 0.0);
        // Conductances 0.6/tone and 0.4; tone 1: the exhausted share carries 40 % of the flow.
        let flow = 0.5 * 0.4 * REFERENCE_FLOW_ML_MIN / 0.4;
        assert!((target_function(flow, 1.0, &c, Some(1.0)) - (0.6 + 0.4 * 0.5)).abs() < 1e-12);
    }
}
