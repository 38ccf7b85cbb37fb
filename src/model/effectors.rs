//! Effectors: the parameters that regulation varies while the model runs.
//!
//! The static [`Params`] describe the patient as set (the preset plus the user's changes);
//! the reflexes and the coronary autoregulation move a few of them continuously: heart rate,
//! the ventricles' contractility, peripheral resistance, venous unstressed volume and
//! coronary resistance. The right-hand side reads the effective values from here, so a
//! controller changes the circulation in one place and the parameters the user set stay as
//! they were (a scenario, a CSV header and the parameter table show what was set, the
//! effectors what the body made of it).

use serde::Serialize;

use super::params::Params;

/// Effective values of the regulated parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Effectors {
    /// Heart rate (beats/min) from the next RR interval on.
    pub hr_bpm: f64,
    /// Left ventricular end-systolic elastance (mmHg/mL).
    pub lv_ees_mmhg_per_ml: f64,
    /// Right ventricular end-systolic elastance (mmHg/mL).
    pub rv_ees_mmhg_per_ml: f64,
    /// Peripheral (arteriolar) resistance (mmHg·s/mL).
    pub peripheral_r_mmhg_s_per_ml: f64,
    /// Unstressed volume of the systemic veins (mL).
    pub veins_unstressed_volume_ml: f64,
    /// Coronary resistance (mmHg·s/mL).
    pub coronary_r_mmhg_s_per_ml: f64,
}

impl Effectors {
    /// The values the parameters set, before any regulation.
    pub fn from_params(p: &Params) -> Self {
        Self {
            hr_bpm: p.heart.hr_bpm,
            lv_ees_mmhg_per_ml: p.heart.lv.ees_mmhg_per_ml,
            rv_ees_mmhg_per_ml: p.heart.rv.ees_mmhg_per_ml,
            peripheral_r_mmhg_s_per_ml: p.systemic.peripheral_r_mmhg_s_per_ml,
            veins_unstressed_volume_ml: p.systemic.veins.unstressed_volume_ml,
            // An occluded share of the bed carries no flow.
            coronary_r_mmhg_s_per_ml: p.coronary.resistance_mmhg_s_per_ml / (1.0 - p.coronary.occluded_fraction),
        }
    }

    /// Writes the effective values into `p`, the copy the right-hand side reads.
    pub fn apply(&self, p: &mut Params) {
        p.heart.hr_bpm = self.hr_bpm;
        p.heart.lv.ees_mmhg_per_ml = self.lv_ees_mmhg_per_ml;
        p.heart.rv.ees_mmhg_per_ml = self.rv_ees_mmhg_per_ml;
        p.systemic.peripheral_r_mmhg_s_per_ml = self.peripheral_r_mmhg_s_per_ml;
        p.systemic.veins.unstressed_volume_ml = self.veins_unstressed_volume_ml;
        p.coronary.resistance_mmhg_s_per_ml = self.coronary_r_mmhg_s_per_ml;
    }
}
