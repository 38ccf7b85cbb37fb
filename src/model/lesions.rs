//! Holes the blood should not pass: the mechanical complications of infarction, a regurgitant
//! mitral orifice (papillary-muscle rupture) and a ventricular septal defect (septal rupture),
//! and a regurgitant aortic orifice (aortic regurgitation, the first contraindication of the
//! balloon). Each is a hole whose flow follows the orifice (Bernoulli) equation, as
//! echocardiography assumes when it sizes one:
//!
//! ```text
//! v = √(2ΔP/ρ)          ΔP = 4v²  (mmHg, m/s: the simplified Bernoulli equation)
//! Q = A · v            A the effective orifice area (cm²), Q in mL/s
//!   = K · A · ΔP / (ΔP² + ε²)^¼      K = √(2 · 133.3 Pa / 1060 kg/m³) = 50.1 cm/s per √mmHg
//! ```
//! ε = 1 mmHg rounds the square root's infinite slope at zero gradient, so the hole couples
//! the two chambers no more stiffly than a resistance of 1/(K·A) (0.05 mmHg·s/mL for a
//! 0.4 cm² orifice); above a few mmHg the flow is the orifice equation's within 3 %.
//! A hole has no leaflets: it carries flow both ways, whichever side's pressure is higher.
//! The orifice is fixed; a real regurgitant orifice changes within the beat and with loading
//! (smaller when the ventricle is unloaded), which the toy leaves out.

use serde::{Deserialize, Serialize};

/// K (mL/s per cm² per √mmHg): blood's velocity through an orifice at 1 mmHg, √(2ΔP/ρ) with
/// ρ = 1060 kg/m³, in cm/s.
pub const ORIFICE_K: f64 = 50.15;

/// ε (mmHg): the gradient below which the orifice flow turns linear.
const EPSILON_MMHG: f64 = 1.0;

/// The holes, as effective orifice areas.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LesionParams {
    /// Effective regurgitant orifice area of the mitral valve (cm²): LV ↔ LA. 0 for a
    /// competent valve; severe at 0.4 cm² or more.
    pub mitral_regurgitant_orifice_cm2: f64,
    /// Effective area of a ventricular septal defect (cm²): LV ↔ RV. 0 for an intact septum.
    pub vsd_orifice_cm2: f64,
    /// Effective regurgitant orifice area of the aortic valve (cm²): aortic root ↔ LV. 0 for a
    /// competent valve; severe from 0.3 cm².
    pub aortic_regurgitant_orifice_cm2: f64,
}

/// Flow (mL/s) through an orifice of effective area `area_cm2` under gradient `dp_mmhg`
/// (upstream − downstream; negative gradients give negative flow).
#[inline(always)]
pub fn orifice_flow_ml_per_s(area_cm2: f64, dp_mmhg: f64) -> f64 {
    if area_cm2 == 0.0 {
        return 0.0;
    }
    ORIFICE_K * area_cm2 * dp_mmhg / (dp_mmhg * dp_mmhg + EPSILON_MMHG * EPSILON_MMHG).sqrt().sqrt()
}

/// The orifice's largest conductance dQ/dΔP (mL/s per mmHg), at zero gradient: what the step
/// controller must allow for.
#[inline(always)]
pub fn orifice_max_conductance(area_cm2: f64) -> f64 {
    ORIFICE_K * area_cm2 / EPSILON_MMHG.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn above_a_few_mmhg_the_flow_is_the_orifice_equations() {
        // 0.4 cm² at 100 mmHg (a severe regurgitant orifice in systole): v = 5 m/s, 200 mL/s.
        let q = orifice_flow_ml_per_s(0.4, 100.0);
        assert!((q - 0.4 * 500.0).abs() < 0.01 * 200.0, "{q}");
        for dp in [4.0, 10.0, 50.0, 120.0] {
            let exact = ORIFICE_K * 0.4 * f64::sqrt(dp);
            let q = orifice_flow_ml_per_s(0.4, dp);
            assert!((q - exact).abs() < 0.03 * exact, "{dp} mmHg: {q} vs {exact}");
        }
    }

    #[test]
    fn a_hole_carries_flow_both_ways_and_none_when_closed() {
        assert_eq!(orifice_flow_ml_per_s(0.4, -30.0), -orifice_flow_ml_per_s(0.4, 30.0));
        assert_eq!(orifice_flow_ml_per_s(0.0, 80.0), 0.0);
        assert_eq!(orifice_flow_ml_per_s(0.4, 0.0), 0.0);
    }

    #[test]
    fn the_steepest_slope_is_at_zero_gradient() {
        let g = orifice_max_conductance(1.0);
        for dp in [0.01, 0.5, 1.0, 3.0, 20.0] {
            let slope = (orifice_flow_ml_per_s(1.0, dp + 1e-6) - orifice_flow_ml_per_s(1.0, dp - 1e-6)) / 2e-6;
            assert!(slope <= g * (1.0 + 1e-6), "{dp}: {slope} > {g}");
        }
    }
}
