//! Vascular compartments: linear compliances with an unstressed volume.
//!
//! ```text
//! P = (V − V0) / C − P_collapse(V)
//! P_collapse(V) = A·(exp(d/s) − 1 − d/s),  d = V_c − V > 0  (V_c = 10 mL), else 0
//! ```
//! Blood below V0 fills the vessel without stretching it; only the stressed volume
//! V − V0 raises pressure (Guyton's mean systemic filling pressure rests on this split).
//!
//! A compartment that is nearly empty collapses: pressure falls steeply so that no flow,
//! inertial or pumped, can drain it to a negative volume. The same term applies to heart
//! chambers (see `heart`); it is inactive at any physiological state, and the step
//! controller of `Simulation::step` counts its stiffness.

use serde::{Deserialize, Serialize};

/// Volume (mL) below which a compartment's walls collapse.
pub const COLLAPSE_VOLUME_ML: f64 = 10.0;
/// Scale (mmHg) and volume constant (mL) of the collapse term: −50 mmHg at 0 mL, −630 at
/// −5 mL, without bound below; smooth (zero value and slope) where collapse begins.
const COLLAPSE_SCALE_MMHG: f64 = 0.35;
const COLLAPSE_WIDTH_ML: f64 = 2.0;

/// Pressure drop (mmHg, ≥ 0) of a collapsing compartment holding `volume_ml`:
/// `A·(exp(d/s) − 1 − d/s)` with `d = V_c − V > 0`.
#[inline(always)]
pub fn collapse_mmhg(volume_ml: f64) -> f64 {
    if volume_ml >= COLLAPSE_VOLUME_ML {
        return 0.0;
    }
    let x = (COLLAPSE_VOLUME_ML - volume_ml) / COLLAPSE_WIDTH_ML;
    COLLAPSE_SCALE_MMHG * (x.exp() - 1.0 - x)
}

/// Stiffness (mmHg/mL, ≥ 0) the collapse term adds at `volume_ml`.
#[inline(always)]
pub fn collapse_stiffness_mmhg_per_ml(volume_ml: f64) -> f64 {
    if volume_ml >= COLLAPSE_VOLUME_ML {
        return 0.0;
    }
    let x = (COLLAPSE_VOLUME_ML - volume_ml) / COLLAPSE_WIDTH_ML;
    COLLAPSE_SCALE_MMHG / COLLAPSE_WIDTH_ML * (x.exp() - 1.0)
}

/// Resistance (mmHg·s/mL, ≥ 0) a collapsing compartment adds to the flow leaving it: its
/// walls close over the outlet. Without it the momentum of blood in an outflow tract (a
/// strong right ventricle ejecting fast) could draw a chamber below empty within a step,
/// since the collapse pressure alone stops the column too late. 0 above the collapse volume,
/// 0.38 at 5 mL and 5 mmHg·s/mL at 0 mL (a thousand times a valve's): the resistance met over
/// the last 10 mL stops a column of up to ~10 L/s in the stiffest outflow tract of the
/// registry's ranges (L = 10⁻³ mmHg·s²/mL) before the chamber is empty.
#[inline(always)]
pub fn collapse_resistance_mmhg_s_per_ml(volume_ml: f64) -> f64 {
    if volume_ml >= COLLAPSE_VOLUME_ML {
        return 0.0;
    }
    let x = (COLLAPSE_VOLUME_ML - volume_ml) / COLLAPSE_WIDTH_ML;
    COLLAPSE_RESISTANCE_SCALE * (x.exp() - 1.0)
}

/// Scale (mmHg·s/mL) of [`collapse_resistance_mmhg_s_per_ml`]: 5 at 0 mL.
const COLLAPSE_RESISTANCE_SCALE: f64 = 5.0 / 147.413_159_102_576_6;

/// A compliant vascular segment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Compliance {
    /// Compliance C (mL/mmHg).
    pub compliance_ml_per_mmhg: f64,
    /// Unstressed volume V0 (mL).
    pub unstressed_volume_ml: f64,
}

impl Compliance {
    /// Pressure (mmHg) when the segment holds `volume_ml`.
    #[inline]
    pub fn pressure_mmhg(&self, volume_ml: f64) -> f64 {
        (volume_ml - self.unstressed_volume_ml) / self.compliance_ml_per_mmhg - collapse_mmhg(volume_ml)
    }

    /// Volume (mL) that gives `pressure_mmhg`.
    pub fn volume_ml(&self, pressure_mmhg: f64) -> f64 {
        self.unstressed_volume_ml + self.compliance_ml_per_mmhg * pressure_mmhg
    }
}
