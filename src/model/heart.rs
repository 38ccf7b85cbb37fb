//! Heart chambers as time-varying elastances with an exponential passive limb.
//!
//! ```text
//! P(V, t) = e(t)·Ees·max(V − V0, 0) + (1 − e(t))·β·(exp(α·(V − V0)) − 1) − P_collapse(V)
//! P_collapse(V): steep, unbounded fall below V_c = 10 mL (see `vessels`)
//!
//! e(τ) = ½·(1 − cos(π·τ/T1))          0 ≤ τ < T1        (contraction)
//!      = ½·(1 + cos(π·(τ − T1)/T2))   T1 ≤ τ < T1 + T2  (relaxation)
//!      = 0                            otherwise
//! ```
//! τ is the time since the chamber's activation began (the R wave for the ventricles, the
//! P wave for the atria). The two-cosine activation is that of Korakianitis & Shi, Med Eng
//! Phys 28:613 (2006); the exponential end-diastolic pressure–volume relation (EDPVR) that of
//! Burkhoff, Mirsky & Suga, AJP Heart 289:H501 (2005). Ventricular contraction time follows
//! the heart rate as T1 = 0.2 + 0.15·RR s (Stergiopulos, Meister & Westerhof, AJP 270:H2050,
//! 1996; also Mynard et al. 2012), so the heart still relaxes at high rates.
//!
//! The exponential EDPVR flattens at −β below V0, so on its own it would let a chamber be
//! drained to a negative volume by a pressure difference of a fraction of a mmHg. Real
//! chambers collapse: the collapse term makes pressure fall steeply once a chamber is nearly
//! empty (−50 mmHg at 0 mL), which keeps volumes positive and is the suction a
//! continuous-flow pump meets in an empty ventricle. The step controller of
//! `Simulation::step` counts its stiffness.

use serde::{Deserialize, Serialize};

use super::vessels::{collapse_mmhg, collapse_stiffness_mmhg_per_ml};

/// Elastance parameters of one chamber.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChamberParams {
    /// End-systolic elastance Ees (mmHg/mL): slope of the ESPVR, i.e. contractility.
    pub ees_mmhg_per_ml: f64,
    /// Unstressed volume V0 (mL): volume at zero pressure on the ESPVR.
    pub v0_ml: f64,
    /// EDPVR stiffness exponent α (1/mL).
    pub edpvr_alpha_per_ml: f64,
    /// EDPVR scale β (mmHg).
    pub edpvr_beta_mmhg: f64,
}

impl ChamberParams {
    /// Chamber pressure (mmHg) at volume `volume_ml` and activation `e` in [0, 1].
    #[inline]
    pub fn pressure_mmhg(&self, volume_ml: f64, e: f64) -> f64 {
        // Inlined: the unused elastance is optimised away.
        self.pressure_and_elastance(volume_ml, e).0
    }

    /// Pressure (mmHg) and local stiffness dP/dV (mmHg/mL) at `volume_ml` and activation `e`;
    /// the stiffness sets the chamber's fastest time constant with the valves around it.
    #[inline(always)]
    pub fn pressure_and_elastance(&self, volume_ml: f64, e: f64) -> (f64, f64) {
        let dv = volume_ml - self.v0_ml;
        let exp = (self.edpvr_alpha_per_ml * dv).exp();
        // The ESPVR holds above V0 only: a contracting chamber cannot suck itself below its
        // unstressed volume, so the active term vanishes there.
        let active_slope = if dv > 0.0 { e * self.ees_mmhg_per_ml } else { 0.0 };
        let pressure = active_slope * dv + (1.0 - e) * self.edpvr_beta_mmhg * (exp - 1.0) - collapse_mmhg(volume_ml);
        let elastance = active_slope
            + (1.0 - e) * self.edpvr_alpha_per_ml * self.edpvr_beta_mmhg * exp
            + collapse_stiffness_mmhg_per_ml(volume_ml);
        (pressure, elastance)
    }

    /// Pressure on the end-systolic pressure–volume relation (mmHg), e = 1.
    pub fn espvr_mmhg(&self, volume_ml: f64) -> f64 {
        self.pressure_mmhg(volume_ml, 1.0)
    }

    /// Pressure on the end-diastolic pressure–volume relation (mmHg), e = 0.
    pub fn edpvr_mmhg(&self, volume_ml: f64) -> f64 {
        self.pressure_mmhg(volume_ml, 0.0)
    }
}

/// Shape of one activation: contraction time T1 and relaxation time T2 (s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Activation {
    /// Contraction time T1 (s): from onset to peak elastance.
    pub contraction_s: f64,
    /// Relaxation time T2 (s): from peak back to the passive state.
    pub relaxation_s: f64,
    /// π/T1 and π/T2 (1/s), precomputed: `at` runs four times per integration step.
    pi_over_contraction: f64,
    pi_over_relaxation: f64,
}

impl Activation {
    /// Ventricular activation at a given RR interval (s): T1 = 0.2 + 0.15·RR
    /// (Stergiopulos et al. 1996), T2 = T1/2 (0.32/0.16 s at 75 bpm; Korakianitis & Shi 2006
    /// use 0.3·RR and 0.15·RR, the same ratio).
    pub fn ventricular(rr_s: f64) -> Self {
        let contraction_s = 0.2 + 0.15 * rr_s;
        Self::new(contraction_s, 0.5 * contraction_s)
    }

    /// An activation with contraction time T1 and relaxation time T2 (s).
    pub const fn new(contraction_s: f64, relaxation_s: f64) -> Self {
        Self {
            contraction_s,
            relaxation_s,
            pi_over_contraction: std::f64::consts::PI / contraction_s,
            pi_over_relaxation: std::f64::consts::PI / relaxation_s,
        }
    }

    /// Atrial activation: T1 = 0.125 s, T2 = 0.0625 s (≈ 0.16·RR and 0.08·RR at 75 bpm;
    /// Korakianitis & Shi 2006 use 0.09·RR ≈ 70 ms each way, a slower atrial systole gives
    /// the A wave its usual 80–120 ms width).
    pub const ATRIAL: Self = Self::new(0.125, 0.0625);

    /// Total active time T1 + T2 (s).
    pub fn duration_s(&self) -> f64 {
        self.contraction_s + self.relaxation_s
    }

    /// Activation e(τ) in [0, 1] at `tau_s` seconds after onset.
    #[inline]
    pub fn at(&self, tau_s: f64) -> f64 {
        if tau_s <= 0.0 {
            0.0
        } else if tau_s < self.contraction_s {
            0.5 * (1.0 - (self.pi_over_contraction * tau_s).cos())
        } else if tau_s < self.contraction_s + self.relaxation_s {
            0.5 * (1.0 + (self.pi_over_relaxation * (tau_s - self.contraction_s)).cos())
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_is_a_unit_pulse() {
        let a = Activation::ventricular(0.8);
        assert_eq!(a.at(-0.1), 0.0);
        assert!((a.at(a.contraction_s) - 1.0).abs() < 1e-12);
        assert_eq!(a.at(a.duration_s() + 1e-9), 0.0);
        let mut prev = 0.0;
        for i in 0..=100 {
            let e = a.at(a.contraction_s * i as f64 / 100.0);
            assert!(e >= prev - 1e-15, "contraction must rise monotonically");
            prev = e;
        }
    }

    #[test]
    fn pressure_follows_espvr_and_edpvr_at_the_extremes() {
        let lv = ChamberParams { ees_mmhg_per_ml: 2.0, v0_ml: 10.0, edpvr_alpha_per_ml: 0.03, edpvr_beta_mmhg: 0.3 };
        assert!((lv.espvr_mmhg(60.0) - 100.0).abs() < 1e-9);
        assert!(lv.edpvr_mmhg(0.0) < -40.0, "an empty chamber sucks");
        let edp = lv.edpvr_mmhg(110.0);
        assert!((edp - 0.3 * ((3.0f64).exp() - 1.0)).abs() < 1e-9);
    }
}
