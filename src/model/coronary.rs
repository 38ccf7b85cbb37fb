//! Coronary branch: aortic root → myocardium → right atrium (coronary sinus).
//!
//! ```text
//! P_back = max(k·P_LV, P_RA)
//! Q_cor  = max(0, P_root − P_back) / R_cor
//! ```
//! Contracting myocardium squeezes its own intramural vessels, so the effective back
//! pressure follows LV pressure in systole (intramyocardial pump; Spaan, Circ Res 49:584,
//! 1981). The factor k < 1 stands for the subepicardial-to-subendocardial gradient. The
//! result is mostly diastolic flow, as measured in the left coronary artery; that is why
//! diastolic augmentation by a balloon can raise coronary perfusion.

use serde::{Deserialize, Serialize};

/// Coronary circulation parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CoronaryParams {
    /// Total coronary resistance (mmHg·s/mL).
    pub resistance_mmhg_s_per_ml: f64,
    /// Fraction k of LV pressure that acts as intramyocardial back pressure (0–1).
    pub intramyocardial_factor: f64,
}

impl CoronaryParams {
    /// Coronary flow (mL/s).
    #[inline]
    pub fn flow_ml_per_s(&self, root_mmhg: f64, lv_mmhg: f64, ra_mmhg: f64) -> f64 {
        let back = (self.intramyocardial_factor * lv_mmhg).max(ra_mmhg);
        ((root_mmhg - back) / self.resistance_mmhg_s_per_ml).max(0.0)
    }
}
