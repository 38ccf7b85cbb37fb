//! Regulation: the controllers that run between integration steps and move the
//! [`Effectors`]. Each keeps its own state; the right-hand side sees only the effectors.

use serde::{Deserialize, Serialize};

use super::autoregulation::{Autoregulation, AutoregulationParams};
use super::baroreflex::{Baroreflex, BaroreflexParams, HR_RANGE_BPM};
use super::effectors::Effectors;
use super::ischaemia::{Ischaemia, IschaemiaParams};
use super::params::Params;

crate::names::named_enum! {
    /// A controller's switch.
    #[derive(Default)]
    pub enum Switch {
        /// Running.
        #[default]
        On = "on",
        /// Not running: its effectors stay at the parameters' values.
        Off = "off",
    }
}

impl Switch {
    /// True when on.
    pub fn is_on(self) -> bool {
        self == Self::On
    }
}

/// Which controllers run, and their set points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RegulationParams {
    /// The arterial baroreflex.
    pub baroreflex: BaroreflexParams,
    /// Coronary autoregulation.
    pub autoregulation: AutoregulationParams,
    /// LV contractility following coronary supply and demand.
    pub ischaemia: IschaemiaParams,
}

/// What a controller sees of one integration step.
#[derive(Debug, Clone, Copy)]
pub struct StepObservation {
    /// Time at the end of the step (s).
    pub t_s: f64,
    /// Length of the step (s).
    pub dt_s: f64,
    /// Aortic root pressure at the end of the step (mmHg).
    pub aortic_root_mmhg: f64,
    /// A new cycle (beat, or silent cycle without one) started at the end of the step.
    pub new_cycle: bool,
    /// LV pressure (mmHg) and volume (mL) at the end of the step.
    pub lv_mmhg: f64,
    pub lv_volume_ml: f64,
    /// Coronary flow at the end of the step (mL/s).
    pub coronary_ml_per_s: f64,
}

/// The running controllers.
#[derive(Debug, Clone, Default)]
pub struct Regulation {
    baroreflex: Option<Baroreflex>,
    autoregulation: Option<Autoregulation>,
    ischaemia: Option<Ischaemia>,
}

impl Regulation {
    /// Controllers for `params`, each starting at rest at its set point.
    pub fn new(params: &Params) -> Self {
        let mut regulation = Self::default();
        regulation.update_params(params);
        regulation
    }

    /// Follows a change of parameters: a controller switched on starts at rest at its set
    /// point, one whose set point moved starts again there, one switched off is dropped; the
    /// others carry on.
    pub fn update_params(&mut self, params: &Params) {
        let b = params.regulation.baroreflex;
        self.baroreflex = match self.baroreflex.take() {
            Some(reflex) if b.enabled.is_on() && reflex.set_point_mmhg() == b.set_point_mmhg => Some(reflex),
            _ if b.enabled.is_on() => Some(Baroreflex::new(b.set_point_mmhg)),
            _ => None,
        };
        let on = params.regulation.autoregulation.enabled.is_on();
        self.autoregulation = match self.autoregulation.take() {
            Some(a) if on => Some(a),
            _ if on => Some(Autoregulation::default()),
            _ => None,
        };
        let on = params.regulation.ischaemia.enabled.is_on();
        self.ischaemia = match self.ischaemia.take() {
            Some(i) if on => Some(i),
            _ if on => Some(Ischaemia::default()),
            _ => None,
        };
    }

    /// The baroreflex set point (mmHg) that would make the last beat the patient's rest.
    pub fn baroreflex_equivalent_mmhg(&self) -> Option<f64> {
        self.baroreflex.as_ref().map(Baroreflex::equivalent_pressure_mmhg)
    }

    /// True if any controller runs.
    pub fn active(&self) -> bool {
        self.baroreflex.is_some() || self.autoregulation.is_some() || self.ischaemia.is_some()
    }

    /// True if a controller needs the LV and coronary values of [`StepObservation`].
    pub fn needs_heart(&self) -> bool {
        self.autoregulation.is_some() || self.ischaemia.is_some()
    }

    /// Feeds one step; returns the new effectors when a controller moved them.
    pub fn after_step(&mut self, obs: &StepObservation, params: &Params) -> Option<Effectors> {
        let mut changed = false;
        if let Some(reflex) = self.baroreflex.as_mut() {
            changed |= reflex.step(obs.t_s, obs.aortic_root_mmhg, obs.new_cycle);
        }
        if let Some(auto) = self.autoregulation.as_mut() {
            changed |= auto.step(obs, params.heart.lv.v0_ml, &params.coronary);
        }
        if let Some(ischaemia) = self.ischaemia.as_mut() {
            let tone = self.autoregulation.as_ref().map(Autoregulation::tone);
            changed |= ischaemia.step(obs, params.heart.lv.v0_ml, &params.coronary, tone);
        }
        changed.then(|| self.effectors(params))
    }

    /// The effectors the controllers set now on top of `params`.
    pub fn effectors(&self, params: &Params) -> Effectors {
        let mut e = Effectors::from_params(params);
        if let Some(reflex) = &self.baroreflex {
            let r = reflex.response();
            let period_s = 60.0 / params.heart.hr_bpm * r.period_ratio;
            e.hr_bpm = (60.0 / period_s).clamp(HR_RANGE_BPM.0, HR_RANGE_BPM.1);
            e.lv_ees_mmhg_per_ml *= r.lv_ees_ratio;
            e.rv_ees_mmhg_per_ml *= r.rv_ees_ratio;
            e.peripheral_r_mmhg_s_per_ml *= r.resistance_ratio;
            e.veins_unstressed_volume_ml += r.venous_unstressed_change_ml;
        }
        if let Some(auto) = &self.autoregulation {
            e.coronary_r_mmhg_s_per_ml =
                params.coronary.resistance_mmhg_s_per_ml / auto.conductance_ratio(&params.coronary);
        }
        if let Some(ischaemia) = &self.ischaemia {
            e.lv_ees_mmhg_per_ml *= ischaemia.function();
        }
        e
    }
}
