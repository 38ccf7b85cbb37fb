//! Heart valves.
//!
//! The tricuspid and pulmonary valves are ideal diodes with a resistance:
//! ```text
//! Q = ΔP / R   if ΔP > 0,   else 0
//! ```
//! The mitral and aortic valves also carry the inertance of the blood column through them,
//! so their flow is a state:
//! ```text
//! L·dQ/dt = P_up − P_down − R·Q      while open
//! ```
//! A valve opens when the upstream pressure exceeds the downstream one. Flow decelerates and
//! reverses briefly at the end of its phase; the leaflets shut once that backflow has carried
//! the closing volume back. The sudden stop of the backflow makes the incisura (dicrotic
//! notch) on the aortic trace; valve dynamics are how Korakianitis & Shi (Med Eng Phys
//! 28:613, 2006) obtain their notch too. Inertance on the mitral valve shapes the E wave and
//! turns the stiffest mode of the diastolic heart (LA–LV through a small resistance) into a
//! slow oscillation the explicit integrator handles at millisecond steps.

use serde::{Deserialize, Serialize};

/// Forward flow (mL/s) through a diode valve of conductance `g` = 1/R (mL/(s·mmHg)).
#[inline]
pub fn diode_flow_ml_per_s(upstream_mmhg: f64, downstream_mmhg: f64, g_ml_per_s_mmhg: f64) -> f64 {
    let dp = upstream_mmhg - downstream_mmhg;
    if dp > 0.0 { dp * g_ml_per_s_mmhg } else { 0.0 }
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
