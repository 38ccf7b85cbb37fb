//! Intra-aortic balloon: a volume inside the descending thoracic aorta.
//!
//! ```text
//! P_desc = (V_blood + V_balloon − V0) / C          the balloon displaces blood, it is not blood
//! V_balloon(t) = V_res + V_fill·s(t)                V_fill = size · augmentation
//! s rises over T_inf = 100 ms (helium shuttle, 80–120 ms) as ½(1 − cos), holds, and falls
//! over T_def = 60 ms (40–80 ms)
//! ```
//! Inflating pushes blood both back to the aortic root (raising diastolic and coronary
//! perfusion pressure) and on to the periphery; deflating just before ejection leaves a
//! "hole" that lowers the pressure the ventricle ejects against. Blood volume is conserved
//! because the balloon volume is never counted as blood.

use serde::{Deserialize, Serialize};

/// Inflation time (s): helium shuttle, 80–120 ms.
const INFLATION_S: f64 = 0.100;
/// Deflation time (s): 40–80 ms.
pub const DEFLATION_S: f64 = 0.060;
/// Helium left in a deflated balloon (mL).
pub const RESIDUAL_ML: f64 = 2.0;

crate::names::named_enum! {
    /// Where the console takes its inflation trigger from.
    pub enum Trigger {
        /// R wave of the ECG; inflation is placed after it by the predicted systolic interval.
        Ecg = "ecg",
        /// Systolic upstroke of the arterial pressure; inflation is placed after it by the
        /// predicted ejection time (the dicrotic notch).
        Pressure = "pressure",
    }
}

crate::names::named_enum! {
    /// How deflation is timed.
    pub enum Deflation {
        /// Predicted from the preceding beats so the balloon is empty just as the aortic valve
        /// opens.
        Predicted = "predicted",
        /// Deflation starts on the next R wave (robust in irregular rhythms; in a failing heart
        /// with a long isovolumic contraction it leaves the balloon empty well before ejection).
        RWave = "r-wave",
    }
}

/// Balloon pump settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IabpParams {
    /// Assist every N-th beat (1:1, 1:2, 1:3).
    pub ratio: f64,
    /// Balloon size (mL): 25, 30, 34, 40 or 50 in practice.
    pub balloon_ml: f64,
    /// Fraction of the balloon filled (%).
    pub augmentation_pct: f64,
    /// Trigger source.
    pub trigger: Trigger,
    /// Deflation timing.
    pub deflation: Deflation,
    /// Shift of inflation from the ideal point, aortic-valve closure (ms; negative = early).
    pub inflate_offset_ms: f64,
    /// Shift of deflation from the ideal point, balloon empty as the valve opens (ms;
    /// negative = early).
    pub deflate_offset_ms: f64,
}

impl Default for IabpParams {
    fn default() -> Self {
        // 40 mL is the standard adult size; full augmentation; 1:1 with ECG trigger and
        // predicted deflation is the usual console default; timing judged at 1:2.
        Self {
            ratio: 1.0,
            balloon_ml: 40.0,
            augmentation_pct: 100.0,
            trigger: Trigger::Ecg,
            deflation: Deflation::Predicted,
            inflate_offset_ms: 0.0,
            deflate_offset_ms: 0.0,
        }
    }
}

impl IabpParams {
    /// Helium volume (mL) that fills the balloon above its residual volume.
    pub fn fill_ml(&self) -> f64 {
        (self.balloon_ml - RESIDUAL_ML).max(0.0) * self.augmentation_pct / 100.0
    }
}

/// One inflation–deflation cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cycle {
    /// Start of inflation (s).
    pub inflate_s: f64,
    /// Start of deflation (s).
    pub deflate_s: f64,
    /// Helium above the residual volume (mL).
    pub fill_ml: f64,
}

impl Cycle {
    /// Balloon fill (mL above residual) of this cycle at `t_s`.
    #[inline]
    fn fill_at(&self, t_s: f64) -> f64 {
        use std::f64::consts::PI;
        let rising = if t_s <= self.inflate_s {
            0.0
        } else if t_s < self.inflate_s + INFLATION_S {
            0.5 * (1.0 - (PI * (t_s - self.inflate_s) / INFLATION_S).cos())
        } else {
            1.0
        };
        let falling = if t_s <= self.deflate_s {
            1.0
        } else if t_s < self.deflate_s + DEFLATION_S {
            0.5 * (1.0 + (PI * (t_s - self.deflate_s) / DEFLATION_S).cos())
        } else {
            0.0
        };
        self.fill_ml * rising.min(falling)
    }
}

/// The balloon's two most recent cycles (a late deflation may overlap the next inflation).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Balloon {
    /// The cycle before the current one.
    pub previous: Option<Cycle>,
    /// The current or coming cycle.
    pub current: Option<Cycle>,
}

impl Balloon {
    /// Balloon volume (mL) at `t_s`, residual gas included.
    #[inline]
    pub fn volume_ml(&self, t_s: f64) -> f64 {
        let fill = |c: Option<Cycle>| c.map_or(0.0, |c| c.fill_at(t_s));
        RESIDUAL_ML + fill(self.previous).max(fill(self.current))
    }

    /// Starts a new cycle.
    pub fn schedule(&mut self, cycle: Cycle) {
        self.previous = self.current;
        self.current = Some(cycle);
    }

    /// Stops pumping at `t_s`: a cycle that has not begun is dropped, one under way
    /// deflates now.
    pub fn stop(&mut self, t_s: f64) {
        for slot in [&mut self.previous, &mut self.current] {
            match slot {
                Some(c) if c.inflate_s >= t_s => *slot = None,
                Some(c) => c.deflate_s = c.deflate_s.min(t_s),
                None => {}
            }
        }
    }
}
