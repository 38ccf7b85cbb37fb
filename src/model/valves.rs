//! Heart valves.
//!
//! Every valve carries the resistance of its orifice and the inertance of the blood column
//! through it, so its flow is a state:
//! ```text
//! L·dQ/dt = P_up − P_down − R·Q      while open
//! ```
//! A valve opens when the upstream pressure exceeds the downstream one. Flow decelerates and
//! reverses briefly at the end of its phase; the leaflets shut once that backflow has carried
//! the closing volume back. The sudden stop of the backflow makes the incisura (dicrotic
//! notch) on the aortic trace; valve dynamics are how Korakianitis & Shi (Med Eng Phys
//! 28:613, 2006) obtain their notch too. Inertance shapes the E wave and turns the stiffest
//! modes of the heart (a chamber emptying through a small resistance into another) into slow
//! oscillations that the explicit integrator handles at millisecond steps.

use serde::{Deserialize, Serialize};

/// Fastest rate (1/s) of an R–L link between compartments of summed stiffness `e_sum`:
/// the LC oscillation √(E/L) or, if overdamped, the R/L decay.
#[inline(always)]
pub fn inertial_rate(e_sum: f64, r: f64, inv_l: f64) -> f64 {
    (e_sum * inv_l).sqrt().max(r * inv_l)
}

/// Parameters of a valve with inertance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct InertialValveParams {
    /// Resistance of the open valve (mmHg·s/mL).
    pub resistance_mmhg_s_per_ml: f64,
    /// Inertance of the blood column through the valve (mmHg·s²/mL).
    pub inertance_mmhg_s2_per_ml: f64,
    /// Backflow (mL) that carries the leaflets shut.
    pub closing_volume_ml: f64,
}

/// Open/closed mode of a valve with inertance, and the backflow since flow reversed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ValveState {
    /// True while the leaflets are open.
    pub open: bool,
    /// Volume (mL) that has flowed backward since flow reversed.
    pub backflow_ml: f64,
}

impl ValveState {
    /// Flow the valve carries (mL/s): the state flow while open, none while shut.
    #[inline(always)]
    pub fn flow(&self, flow_ml_per_s: f64) -> f64 {
        if self.open { flow_ml_per_s } else { 0.0 }
    }

    /// dQ/dt = (P_up − P_down − R·Q)/L while open, 0 while shut (`inv_l` = 1/L).
    #[inline(always)]
    pub fn flow_derivative(&self, up_mmhg: f64, down_mmhg: f64, flow_ml_per_s: f64, r: f64, inv_l: f64) -> f64 {
        if self.open { (up_mmhg - down_mmhg - r * flow_ml_per_s) * inv_l } else { 0.0 }
    }

    /// Fastest rate (1/s) of the open valve between compartments of summed stiffness
    /// `e_sum` (mmHg/mL): max(√(E/L), R/L); a shut valve couples nothing.
    #[inline(always)]
    pub fn stiffness_rate(&self, e_sum: f64, r: f64, inv_l: f64) -> f64 {
        if self.open { inertial_rate(e_sum, r, inv_l) } else { 0.0 }
    }

    /// Updates the mode after an integration step of `dt_s` and returns the flow the valve
    /// now carries (0 once shut).
    pub fn update(
        &mut self,
        up_mmhg: f64,
        down_mmhg: f64,
        flow_ml_per_s: f64,
        dt_s: f64,
        closing_volume_ml: f64,
    ) -> f64 {
        if !self.open {
            self.open = up_mmhg > down_mmhg;
            return 0.0;
        }
        if flow_ml_per_s >= 0.0 {
            self.backflow_ml = 0.0;
            return flow_ml_per_s;
        }
        self.backflow_ml -= flow_ml_per_s * dt_s;
        if self.backflow_ml >= closing_volume_ml {
            *self = Self { open: false, backflow_ml: 0.0 };
            return 0.0;
        }
        flow_ml_per_s
    }
}
