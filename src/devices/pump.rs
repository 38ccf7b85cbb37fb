//! Continuous-flow micro-axial pump (Impella-style): a path from the LV to the aortic root
//! whose flow falls as the pressure head rises.
//!
//! ```text
//! ΔP       = P_root − P_LV                         (pressure head the pump works against)
//! Q_curve  = curve(class, P-level, max(ΔP, 0))         (above 80 mmHg: ΔP = H0 − k·Q²)
//! Q_target = Q_curve · inlet(V_LV) · ramp(t)
//! τ·dQ/dt  = Q_target − Q                          (rotor and cannula inertia, τ = 50 ms)
//! ```
//! Curves: flow (L/min) at ΔP = 0/20/40/60/80 mmHg fitted to manufacturer data (2.5 class P2,
//! P5, P8; CP and 5.0 classes P8, P9). Other P-levels follow from the speed ladder of the
//! 2.5 class (P1 25 000 … P9 51 000 rpm): between two fitted levels flow is interpolated
//! linearly in speed; outside them the pump affinity laws (Q ∝ n, ΔP ∝ n²) scale the nearest
//! fitted curve. The CP and 5.0 classes are assumed to share that ladder's
//! speed ratios. P0 stops the pump (a real console at P0 lets blood fall back through the
//! cannula; this model blocks it). Above 80 mmHg, the last measured head, each curve falls on
//! to its shut-off head H0 along the quadratic pump law ΔP = H0 − k·Q², H0 fitted to its five
//! points by least squares (2.5 class P2 87, P8 195; CP P8 173; 5.0 P8 258 mmHg): a pump at a
//! low speed cannot hold a high head, and flow stops (this model blocks backflow) beyond H0.
//!
//! Suction: as the ventricle empties towards its unstressed volume the inlet is obstructed,
//! flow and arterial pressure fall and a suction flag is raised (inlet factor < 0.9).

use serde::{Deserialize, Serialize};

crate::names::named_enum! {
    /// Pump size class.
    pub enum PumpClass {
        /// Up to about 2.5 L/min.
        Class25 = "2.5",
        /// Up to about 4 L/min.
        Cp = "cp" | "CP",
        /// Up to about 5 L/min.
        Class50 = "5.0",
    }
}

impl PumpClass {
    /// Fitted curves of this class: (P-level, flow in L/min at ΔP = 0, 20, 40, 60, 80 mmHg).
    fn fitted(self) -> &'static [(u8, [f64; 5])] {
        match self {
            Self::Class25 => &[
                (2, [1.73, 1.64, 1.40, 1.01, 0.44]),
                (5, [2.23, 2.08, 1.91, 1.68, 1.34]),
                (8, [2.62, 2.48, 2.35, 2.20, 2.00]),
            ],
            Self::Cp => &[(8, [3.87, 3.42, 3.26, 3.13, 2.87]), (9, [4.05, 3.59, 3.42, 3.32, 3.13])],
            Self::Class50 => &[(8, [4.77, 4.59, 4.47, 4.28, 3.93]), (9, [5.25, 5.16, 5.04, 4.87, 4.62])],
        }
    }
}

/// Rotor speed of each P-level of the 2.5 class (rpm; P0 stopped).
const SPEED_RPM: [f64; 10] =
    [0.0, 25_000.0, 35_000.0, 38_000.0, 40_000.0, 43_000.0, 45_000.0, 47_000.0, 50_000.0, 51_000.0];

/// Highest P-level.
pub const MAX_P_LEVEL: u8 = 9;

/// Pressure head (mmHg) of the curve nodes.
const HEAD_STEP_MMHG: f64 = 20.0;
const HEAD_MAX_MMHG: f64 = 80.0;

/// Flow (L/min) of a fitted curve at `head_mmhg`: linear between nodes from 0 to 80 mmHg (the
/// 0 mmHg value below), then along the quadratic pump law to the shut-off head.
fn on_curve(curve: &[f64; 5], head_mmhg: f64) -> f64 {
    if head_mmhg > HEAD_MAX_MMHG {
        let h0 = shutoff_head_mmhg(curve);
        return curve[4] * ((h0 - head_mmhg).max(0.0) / (h0 - HEAD_MAX_MMHG)).sqrt();
    }
    let x = head_mmhg.max(0.0) / HEAD_STEP_MMHG;
    let i = (x.floor() as usize).min(3);
    let f = x - i as f64;
    curve[i] + f * (curve[i + 1] - curve[i])
}

/// Shut-off head H0 (mmHg) of a fitted curve: the least-squares fit of ΔP = H0 − k·Q² to its
/// five points (axial pumps follow this quadratic law closely; the 2.5 class's fitted H0 scale
/// with speed squared within 12 %, 87 → 129 → 195 mmHg at 35 000 → 43 000 → 50 000 rpm, as the
/// affinity laws say).
fn shutoff_head_mmhg(curve: &[f64; 5]) -> f64 {
    let q2 = curve.map(|q| q * q);
    let heads = [0.0, 20.0, 40.0, 60.0, 80.0];
    let (mx, my) = (q2.iter().sum::<f64>() / 5.0, heads.iter().sum::<f64>() / 5.0);
    let sxy: f64 = q2.iter().zip(heads).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = q2.iter().map(|x| (x - mx) * (x - mx)).sum();
    // Never below the last measured head: the curve still delivers flow there.
    (my - sxy / sxx * mx).max(HEAD_MAX_MMHG + 1.0)
}

/// Steady pump flow (L/min) for `class` at `p_level` (0–9) against a pressure head
/// `head_mmhg` = P_root − P_LV.
pub fn curve_flow_l_min(class: PumpClass, p_level: u8, head_mmhg: f64) -> f64 {
    let level = p_level.min(MAX_P_LEVEL);
    if level == 0 {
        return 0.0;
    }
    let fitted = class.fitted();
    let n = SPEED_RPM[level as usize];
    if let Some((_, c)) = fitted.iter().find(|(l, _)| *l == level) {
        return on_curve(c, head_mmhg);
    }
    let above = fitted.iter().find(|(l, _)| *l > level);
    let below = fitted.iter().rev().find(|(l, _)| *l < level);
    match (below, above) {
        (Some((lb, cb)), Some((la, ca))) => {
            let (nb, na) = (SPEED_RPM[*lb as usize], SPEED_RPM[*la as usize]);
            let w = (n - nb) / (na - nb);
            (1.0 - w) * on_curve(cb, head_mmhg) + w * on_curve(ca, head_mmhg)
        }
        // Outside the fitted levels: affinity laws from the nearest fitted curve, Q ∝ n, ΔP ∝ n².
        (None, Some((l, c))) | (Some((l, c)), None) => {
            let r = n / SPEED_RPM[*l as usize];
            r * on_curve(c, head_mmhg / (r * r))
        }
        (None, None) => 0.0,
    }
}

/// Inlet factor in [0, 1]: 1 while the LV holds at least 20 mL above its unstressed volume,
/// falling smoothly to 0 at 5 mL above it (obstruction of the inlet by the collapsing wall).
pub fn inlet_factor(lv_volume_ml: f64, lv_v0_ml: f64) -> f64 {
    const EMPTY_ABOVE_V0_ML: f64 = 5.0;
    const FREE_ABOVE_V0_ML: f64 = 20.0;
    let x = ((lv_volume_ml - lv_v0_ml - EMPTY_ABOVE_V0_ML) / (FREE_ABOVE_V0_ML - EMPTY_ABOVE_V0_ML)).clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// Inlet factor below which the console would show a suction alarm.
pub const SUCTION_THRESHOLD: f64 = 0.9;

/// Flow lag τ (s): rotor and blood-column inertia (speed changes settle within a fraction of
/// a second on consoles).
pub const FLOW_LAG_S: f64 = 0.05;

/// Continuous-flow pump settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PumpParams {
    /// Size class.
    pub class: PumpClass,
    /// Performance level P0–P9 (whole number).
    pub p_level: f64,
    /// Time (s) over which flow ramps up after the pump starts.
    pub ramp_s: f64,
}

impl Default for PumpParams {
    fn default() -> Self {
        // CP class at P8: the usual support level for cardiogenic shock teaching cases;
        // a 5 s ramp as when a console steps up through the P-levels.
        Self { class: PumpClass::Cp, p_level: 8.0, ramp_s: 5.0 }
    }
}

impl PumpParams {
    /// Target flow (mL/s) at head `head_mmhg`, LV volume, and `since_start_s` after start.
    #[inline]
    pub fn target_flow_ml_per_s(&self, head_mmhg: f64, lv_volume_ml: f64, lv_v0_ml: f64, since_start_s: f64) -> f64 {
        let ramp = if self.ramp_s > 0.0 { (since_start_s / self.ramp_s).clamp(0.0, 1.0) } else { 1.0 };
        let curve = curve_flow_l_min(self.class, self.p_level as u8, head_mmhg) * 1000.0 / 60.0;
        curve * inlet_factor(lv_volume_ml, lv_v0_ml) * ramp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_are_monotone_in_head_and_level_and_hit_the_data() {
        for class in [PumpClass::Class25, PumpClass::Cp, PumpClass::Class50] {
            for level in 1..=MAX_P_LEVEL {
                let mut last = f64::INFINITY;
                for dp in 0..=100 {
                    let q = curve_flow_l_min(class, level, dp as f64);
                    assert!(q <= last + 1e-12 && q >= 0.0, "{class:?} P{level} at {dp}");
                    last = q;
                    if level > 1 {
                        assert!(q >= curve_flow_l_min(class, level - 1, dp as f64) - 1e-12, "{class:?} P{level}");
                    }
                }
            }
        }
        assert!((curve_flow_l_min(PumpClass::Cp, 8, 40.0) - 3.26).abs() < 1e-12);
        assert!((curve_flow_l_min(PumpClass::Class25, 5, 70.0) - 1.51).abs() < 1e-12);
        assert_eq!(curve_flow_l_min(PumpClass::Class50, 0, 10.0), 0.0);
        // Beyond 80 mmHg the flow falls on to the fitted shut-off head, continuously.
        let at_80 = curve_flow_l_min(PumpClass::Cp, 8, 80.0);
        assert!((curve_flow_l_min(PumpClass::Cp, 8, 80.001) - at_80).abs() < 1e-3);
        assert!(curve_flow_l_min(PumpClass::Cp, 8, 150.0) < at_80);
        assert_eq!(curve_flow_l_min(PumpClass::Cp, 8, 200.0), 0.0);
        assert_eq!(curve_flow_l_min(PumpClass::Class25, 2, 90.0), 0.0);
    }

    #[test]
    fn shutoff_heads_follow_the_affinity_law_across_the_fitted_levels() {
        // H0 ∝ n²: the three independently fitted 2.5-class curves agree within 15 % (P2 → P5
        // 2 %, P2 → P8 10 %, P5 → P8 12 %), so the quadratic law extends them consistently.
        let h = |level: u8| {
            let (_, c) = PumpClass::Class25.fitted().iter().find(|(l, _)| *l == level).unwrap();
            shutoff_head_mmhg(c)
        };
        let n = |level: u8| SPEED_RPM[level as usize];
        for (a, b) in [(2, 5), (5, 8), (2, 8)] {
            let predicted = h(a) * (n(b) / n(a)).powi(2);
            assert!((h(b) / predicted - 1.0).abs() < 0.15, "P{a} → P{b}: {:.0} vs {predicted:.0}", h(b));
        }
    }

    #[test]
    fn affinity_levels_stay_inside_the_manufacturer_ranges() {
        // Manufacturer table, 2.5 class: P1 0–1.1 L/min, P3 1.1–1.7, P9 2.1–2.5 (typical head).
        let p1 = curve_flow_l_min(PumpClass::Class25, 1, 50.0);
        assert!((0.0..=1.1).contains(&p1), "P1 {p1}");
        let p3 = curve_flow_l_min(PumpClass::Class25, 3, 50.0);
        assert!((1.1..=1.7).contains(&p3), "P3 {p3}");
        let p9 = curve_flow_l_min(PumpClass::Class25, 9, 50.0);
        assert!((2.1..=2.5).contains(&p9), "P9 {p9}");
    }
}
