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
//! diastolic augmentation by a balloon can raise coronary perfusion, where the bed does not
//! regulate its flow (`autoregulation`).

use serde::{Deserialize, Serialize};

/// Coronary circulation parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CoronaryParams {
    /// Total coronary resistance (mmHg·s/mL).
    pub resistance_mmhg_s_per_ml: f64,
    /// Fraction k of LV pressure that acts as intramyocardial back pressure (0–1).
    pub intramyocardial_factor: f64,
    /// Coronary flow reserve: maximal over resting conductance of the autoregulating bed.
    pub flow_reserve: f64,
    /// Share of the bed whose reserve is exhausted (an ischaemic territory): its flow follows
    /// pressure at the resting conductance, with autoregulation on or off (0–1).
    pub ischaemic_fraction: f64,
    /// Share of the bed (and of the LV myocardium) whose artery is occluded: it receives no
    /// flow, and with `regulation.ischaemia` on it stops contracting (0–0.8).
    pub occluded_fraction: f64,
}

impl CoronaryParams {
    /// Share of the bed that autoregulates: neither exhausted nor occluded.
    pub fn regulated_share(&self) -> f64 {
        1.0 - self.ischaemic_fraction - self.occluded_fraction
    }

    /// Conductance of the bed relative to the parameters' (`G / G_set`) when the regulated
    /// share's resistance is multiplied by `tone`: the exhausted share keeps its own, the
    /// occluded share carries nothing.
    pub fn conductance_ratio(&self, tone: f64) -> f64 {
        self.regulated_share() / tone + self.ischaemic_fraction
    }

    /// Coronary flow (mL/s) through a bed of conductance `conductance_ml_per_s_mmhg` (1/R, with
    /// autoregulation's tone applied).
    #[inline(always)]
    pub fn flow_ml_per_s(&self, root_mmhg: f64, lv_mmhg: f64, ra_mmhg: f64, conductance_ml_per_s_mmhg: f64) -> f64 {
        let back = (self.intramyocardial_factor * lv_mmhg).max(ra_mmhg);
        ((root_mmhg - back) * conductance_ml_per_s_mmhg).max(0.0)
    }
}
