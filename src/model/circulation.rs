//! The closed-loop circulation: named state, instantaneous haemodynamics, and the
//! right-hand side integrated by [`super::integrator`].
//!
//! ```text
//! pulmonary veins → LA →(mitral, L)→ LV →(aortic, L)→ aortic root →(arch: R+L ∥ Zc)→ descending aorta
//!   → systemic arteries → (peripheral R) → systemic veins → RA →(tricuspid, L)→ RV
//!   →(pulmonary valve)→ pulmonary arteries → (PVR) → pulmonary veins
//! aortic root → coronary bed → RA
//! LV ↔ LA through a regurgitant mitral orifice, LV ↔ RV through a septal defect,
//! aortic root ↔ LV through a regurgitant aortic orifice (`lesions`)
//! ```
//! Every flow leaves one compartment and enters another, so the sum of the volume
//! derivatives is exactly zero and total blood volume is conserved to round-off.

use nalgebra::SVector;

use super::effectors::Effectors;
use super::integrator::OdeSystem;
use super::lesions::{orifice_flow_ml_per_s, orifice_max_conductance};
use super::params::Params;
use super::rhythm::Pacemaker;
use super::valves::{ValveState, inertial_rate};
use super::vessels::{
    COLLAPSE_VOLUME_ML, collapse_mmhg, collapse_resistance_mmhg_s_per_ml, collapse_stiffness_mmhg_per_ml,
};
use crate::devices::{AssistMode, Balloon, pump};

/// A shut valve is checked for opening only when the gradient across it at RK4's last stage
/// was within this margin (mmHg) of zero. Pressures change by at most a few mmHg between that
/// stage and the end of a step, so 10 mmHg is a wide safety margin.
const VALVE_CHECK_MARGIN_MMHG: f64 = 10.0;

/// Number of state variables.
pub const N_STATES: usize = 16;

/// The model state: compartment volumes, the five inertial flows and the pump flow.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct State {
    /// Left atrial volume (mL).
    pub la_volume_ml: f64,
    /// Left ventricular volume (mL).
    pub lv_volume_ml: f64,
    /// Right atrial volume (mL).
    pub ra_volume_ml: f64,
    /// Right ventricular volume (mL).
    pub rv_volume_ml: f64,
    /// Aortic root volume (mL).
    pub aortic_root_volume_ml: f64,
    /// Descending thoracic aorta blood volume (mL), not counting a balloon.
    pub descending_aorta_volume_ml: f64,
    /// Systemic arterial volume (mL).
    pub systemic_arteries_volume_ml: f64,
    /// Systemic venous volume (mL).
    pub systemic_veins_volume_ml: f64,
    /// Pulmonary arterial volume (mL).
    pub pulmonary_arteries_volume_ml: f64,
    /// Pulmonary venous volume (mL).
    pub pulmonary_veins_volume_ml: f64,
    /// Flow through the mitral valve (mL/s), LA → LV positive.
    pub mitral_flow_ml_per_s: f64,
    /// Flow through the aortic valve (mL/s), LV → root positive.
    pub aortic_valve_flow_ml_per_s: f64,
    /// Flow through the arch inertance (mL/s), root → descending positive; the characteristic
    /// impedance in parallel carries the rest of the arch flow.
    pub arch_flow_ml_per_s: f64,
    /// Flow through the tricuspid valve (mL/s), RA → RV positive.
    pub tricuspid_flow_ml_per_s: f64,
    /// Flow through the pulmonary valve (mL/s), RV → pulmonary artery positive.
    pub pulmonary_valve_flow_ml_per_s: f64,
    /// Continuous-flow pump output (mL/s), LV → aortic root.
    pub pump_flow_ml_per_s: f64,
}

impl State {
    /// Vector index of the LV volume.
    pub const LV_VOLUME: usize = 1;
    /// Vector index of the aortic root volume.
    pub const AORTIC_ROOT_VOLUME: usize = 4;
    /// Vector index of the mitral flow, which valve closure resets between steps.
    const MITRAL_FLOW: usize = 10;
    /// Vector index of the aortic-valve flow.
    const AORTIC_VALVE_FLOW: usize = 11;
    /// Vector index of the tricuspid flow.
    const TRICUSPID_FLOW: usize = 14;
    /// Vector index of the pulmonary-valve flow.
    const PULMONARY_VALVE_FLOW: usize = 15;

    /// The one place that maps named state to the integrator's vector: the volumes in the
    /// order of [`State::volumes`], then the mitral, aortic and arch flows, the pump flow, and
    /// the tricuspid and pulmonary valve flows.
    pub fn to_vector(&self) -> SVector<f64, N_STATES> {
        let flows = [
            self.mitral_flow_ml_per_s,
            self.aortic_valve_flow_ml_per_s,
            self.arch_flow_ml_per_s,
            self.pump_flow_ml_per_s,
            self.tricuspid_flow_ml_per_s,
            self.pulmonary_valve_flow_ml_per_s,
        ];
        SVector::from_iterator(self.volumes().into_iter().chain(flows))
    }

    /// The ten compartment volumes (mL).
    pub fn volumes(&self) -> [f64; 10] {
        [
            self.la_volume_ml,
            self.lv_volume_ml,
            self.ra_volume_ml,
            self.rv_volume_ml,
            self.aortic_root_volume_ml,
            self.descending_aorta_volume_ml,
            self.systemic_arteries_volume_ml,
            self.systemic_veins_volume_ml,
            self.pulmonary_arteries_volume_ml,
            self.pulmonary_veins_volume_ml,
        ]
    }

    /// Inverse of [`State::to_vector`].
    pub fn from_vector(y: &SVector<f64, N_STATES>) -> Self {
        Self {
            la_volume_ml: y[0],
            lv_volume_ml: y[Self::LV_VOLUME],
            ra_volume_ml: y[2],
            rv_volume_ml: y[3],
            aortic_root_volume_ml: y[Self::AORTIC_ROOT_VOLUME],
            descending_aorta_volume_ml: y[5],
            systemic_arteries_volume_ml: y[6],
            systemic_veins_volume_ml: y[7],
            pulmonary_arteries_volume_ml: y[8],
            pulmonary_veins_volume_ml: y[9],
            mitral_flow_ml_per_s: y[Self::MITRAL_FLOW],
            aortic_valve_flow_ml_per_s: y[Self::AORTIC_VALVE_FLOW],
            arch_flow_ml_per_s: y[12],
            pump_flow_ml_per_s: y[13],
            tricuspid_flow_ml_per_s: y[Self::TRICUSPID_FLOW],
            pulmonary_valve_flow_ml_per_s: y[Self::PULMONARY_VALVE_FLOW],
        }
    }

    /// Blood volume in all compartments (mL).
    pub fn blood_volume_ml(&self) -> f64 {
        self.volumes().iter().sum()
    }

    /// Smallest compartment volume (mL); negative would be unphysical.
    pub fn min_volume_ml(&self) -> f64 {
        self.volumes().into_iter().fold(f64::INFINITY, f64::min)
    }

    /// A starting state for `params`: typical resting pressures (aorta 80, pulmonary
    /// artery 15, left heart 8, right heart 4, veins 5 mmHg), all shifted by one common
    /// offset found by bisection so that the compartments hold exactly the prescribed blood
    /// volume. A large or small blood volume thus starts from a consistent, uniformly raised
    /// or lowered state (as at the mean systemic filling pressure, Guyton) rather than from a
    /// huge gradient between one compartment and the rest. The model then settles into its
    /// own periodic steady state within a few tens of beats.
    pub fn initial(params: &Params) -> Self {
        let (h, s, p) = (&params.heart, &params.systemic, &params.pulmonary);
        // No compartment starts below the volume at which its walls collapse.
        let floor = |v: f64| v.max(COLLAPSE_VOLUME_ML);
        let edpvr_volume = |c: &super::heart::ChamberParams, p_mmhg: f64| {
            // Inverse of the passive limb; floor just above its −β asymptote.
            floor(c.v0_ml + (1.0 + p_mmhg / c.edpvr_beta_mmhg).max(1e-3).ln() / c.edpvr_alpha_per_ml)
        };
        let state_at = |offset: f64| Self {
            la_volume_ml: edpvr_volume(&h.la, 8.0 + offset),
            lv_volume_ml: edpvr_volume(&h.lv, 8.0 + offset),
            ra_volume_ml: edpvr_volume(&h.ra, 4.0 + offset),
            rv_volume_ml: edpvr_volume(&h.rv, 4.0 + offset),
            aortic_root_volume_ml: floor(s.aortic_root.volume_ml(80.0 + offset)),
            descending_aorta_volume_ml: floor(s.descending_aorta.volume_ml(80.0 + offset)),
            systemic_arteries_volume_ml: floor(s.arteries.volume_ml(80.0 + offset)),
            systemic_veins_volume_ml: floor(s.veins.volume_ml(5.0 + offset)),
            pulmonary_arteries_volume_ml: floor(p.arteries.volume_ml(15.0 + offset)),
            pulmonary_veins_volume_ml: floor(p.veins.volume_ml(8.0 + offset)),
            mitral_flow_ml_per_s: 0.0,
            aortic_valve_flow_ml_per_s: 0.0,
            arch_flow_ml_per_s: 0.0,
            pump_flow_ml_per_s: 0.0,
            tricuspid_flow_ml_per_s: 0.0,
            pulmonary_valve_flow_ml_per_s: 0.0,
        };
        let target = params.blood.total_volume_ml;
        let (mut lo, mut hi) = (-60.0, 400.0);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if state_at(mid).blood_volume_ml() < target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let mut state = state_at(0.5 * (lo + hi));
        // Put the last fraction of a mL in the largest reservoir so the total is exact.
        state.systemic_veins_volume_ml += target - state.blood_volume_ml();
        state
    }
}

/// Pressures (mmHg) and flows (mL/s) at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Hemodynamics {
    /// Ventricular activation e(t), 0–1.
    pub ventricular_activation: f64,
    /// Atrial activation e(t), 0–1.
    pub atrial_activation: f64,
    /// Left atrial pressure (mmHg).
    pub la_mmhg: f64,
    /// Left ventricular pressure (mmHg).
    pub lv_mmhg: f64,
    /// Right atrial pressure (mmHg).
    pub ra_mmhg: f64,
    /// Right ventricular pressure (mmHg).
    pub rv_mmhg: f64,
    /// Aortic root pressure (mmHg): the central aortic pressure.
    pub aortic_root_mmhg: f64,
    /// Descending thoracic aortic pressure (mmHg).
    pub descending_aorta_mmhg: f64,
    /// Systemic arterial pressure (mmHg).
    pub systemic_arteries_mmhg: f64,
    /// Systemic venous pressure (mmHg).
    pub systemic_veins_mmhg: f64,
    /// Pulmonary arterial pressure (mmHg).
    pub pulmonary_arteries_mmhg: f64,
    /// Pulmonary venous pressure (mmHg).
    pub pulmonary_veins_mmhg: f64,
    /// Mitral flow (mL/s).
    pub mitral_ml_per_s: f64,
    /// Aortic valve flow (mL/s).
    pub aortic_valve_ml_per_s: f64,
    /// Arch flow root → descending (mL/s): through the inertance and the characteristic
    /// impedance beside it.
    pub arch_ml_per_s: f64,
    /// Flow descending aorta → systemic arteries (mL/s).
    pub descending_to_arteries_ml_per_s: f64,
    /// Peripheral flow arteries → veins (mL/s).
    pub peripheral_ml_per_s: f64,
    /// Venous return veins → RA (mL/s).
    pub venous_return_ml_per_s: f64,
    /// Tricuspid flow (mL/s).
    pub tricuspid_ml_per_s: f64,
    /// Pulmonary valve flow (mL/s).
    pub pulmonary_valve_ml_per_s: f64,
    /// Pulmonary capillary flow (mL/s).
    pub pulmonary_ml_per_s: f64,
    /// Pulmonary veins → LA flow (mL/s).
    pub pulmonary_venous_ml_per_s: f64,
    /// Coronary flow (mL/s).
    pub coronary_ml_per_s: f64,
    /// Flow through a regurgitant mitral orifice (mL/s), LV → LA positive; 0 without one.
    pub mitral_regurgitation_ml_per_s: f64,
    /// Flow through a ventricular septal defect (mL/s), LV → RV positive; 0 without one.
    pub vsd_ml_per_s: f64,
    /// Flow through a regurgitant aortic orifice (mL/s), aortic root → LV positive; 0 without one.
    pub aortic_regurgitation_ml_per_s: f64,
    /// Continuous-flow pump output (mL/s).
    pub pump_ml_per_s: f64,
    /// Pump inlet factor (1 free, 0 fully obstructed by an empty ventricle).
    pub pump_inlet_factor: f64,
    /// Intra-aortic balloon volume (mL, helium; 0 without a balloon).
    pub balloon_ml: f64,
}

/// Reciprocals of the parameters the right-hand side divides by, computed once per
/// parameter change: the derivative runs four times per step and divisions dominated it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Coefficients {
    root_elastance: f64,
    desc_elastance: f64,
    arteries_elastance: f64,
    veins_elastance: f64,
    pulm_arteries_elastance: f64,
    pulm_veins_elastance: f64,
    desc_to_arteries_g: f64,
    peripheral_g: f64,
    venous_return_g: f64,
    pulmonary_g: f64,
    pulm_veins_to_la_g: f64,
    coronary_g: f64,
    mitral_inv_l: f64,
    tricuspid_inv_l: f64,
    pulmonary_valve_inv_l: f64,
    aortic_valve_inv_l: f64,
    arch_inv_l: f64,
    arch_zc_g: f64,
}

impl Coefficients {
    fn new(p: &Params) -> Self {
        let (s, pu, v) = (&p.systemic, &p.pulmonary, &p.valves);
        Self {
            root_elastance: 1.0 / s.aortic_root.compliance_ml_per_mmhg,
            desc_elastance: 1.0 / s.descending_aorta.compliance_ml_per_mmhg,
            arteries_elastance: 1.0 / s.arteries.compliance_ml_per_mmhg,
            veins_elastance: 1.0 / s.veins.compliance_ml_per_mmhg,
            pulm_arteries_elastance: 1.0 / pu.arteries.compliance_ml_per_mmhg,
            pulm_veins_elastance: 1.0 / pu.veins.compliance_ml_per_mmhg,
            desc_to_arteries_g: 1.0 / s.descending_to_arteries_r_mmhg_s_per_ml,
            peripheral_g: 1.0 / s.peripheral_r_mmhg_s_per_ml,
            venous_return_g: 1.0 / s.venous_return_r_mmhg_s_per_ml,
            pulmonary_g: 1.0 / pu.resistance_mmhg_s_per_ml,
            pulm_veins_to_la_g: 1.0 / pu.veins_to_la_r_mmhg_s_per_ml,
            coronary_g: 1.0 / p.coronary.resistance_mmhg_s_per_ml,
            mitral_inv_l: 1.0 / v.mitral.inertance_mmhg_s2_per_ml,
            tricuspid_inv_l: 1.0 / v.tricuspid.inertance_mmhg_s2_per_ml,
            pulmonary_valve_inv_l: 1.0 / v.pulmonary.inertance_mmhg_s2_per_ml,
            aortic_valve_inv_l: 1.0 / v.aortic.inertance_mmhg_s2_per_ml,
            arch_inv_l: 1.0 / s.root_to_descending_l_mmhg_s2_per_ml,
            arch_zc_g: 1.0 / s.root_to_descending_zc_mmhg_s_per_ml,
        }
    }
}

/// The right-hand side: parameters plus the discrete parts held fixed within a step
/// (beat schedule, aortic valve mode).
#[derive(Debug, Clone)]
pub struct Circulation {
    /// The parameters as set.
    params: Params,
    /// The parameters the right-hand side reads: `params` with the [`Effectors`] applied.
    working: Params,
    /// The regulated values in `working`.
    effectors: Effectors,
    k: Coefficients,
    /// Beat timing.
    pub pacemaker: Pacemaker,
    /// Mitral valve open/closed.
    pub mitral_valve: ValveState,
    /// Tricuspid valve open/closed.
    pub tricuspid_valve: ValveState,
    /// Pulmonary valve open/closed.
    pub pulmonary_valve: ValveState,
    /// Aortic valve open/closed.
    pub aortic_valve: ValveState,
    /// Last (t, ventricular, atrial) activation, reused by RK4's two mid-step stages.
    activation_cache: (f64, f64, f64),
    /// Time (s) the pump was started (flow ramps up from here).
    pub pump_started_s: f64,
    /// The intra-aortic balloon's inflation cycles.
    pub balloon: Balloon,
    /// Fastest rate (1/s) at the last probed derivative evaluation.
    last_rate_per_s: f64,
    /// Time (s) of the derivative evaluation that records the rate.
    rate_probe_t_s: f64,
    /// Pressure gradients across the mitral, aortic, tricuspid and pulmonary valves (mmHg) at
    /// the probed stage: a shut valve far from opening needs no exact check.
    probe_gradients_mmhg: [f64; 4],
}

/// Local dP/dV (mmHg/mL) of every compartment.
#[derive(Debug, Clone, Copy)]
struct ChamberStiffness {
    la: f64,
    lv: f64,
    ra: f64,
    rv: f64,
    /// Collapse resistance of each chamber's outflow (mmHg·s/mL; 0 unless nearly empty).
    la_r: f64,
    lv_r: f64,
    ra_r: f64,
    rv_r: f64,
    root: f64,
    desc: f64,
    arteries: f64,
    veins: f64,
    pulm_arteries: f64,
    pulm_veins: f64,
}

impl Circulation {
    /// A circulation with validated `params`, the given beat timing and a closed aortic valve.
    pub fn new(params: Params, pacemaker: Pacemaker) -> Self {
        Self {
            k: Coefficients::new(&params),
            working: params.clone(),
            effectors: Effectors::from_params(&params),
            params,
            pacemaker,
            mitral_valve: ValveState::default(),
            tricuspid_valve: ValveState::default(),
            pulmonary_valve: ValveState::default(),
            aortic_valve: ValveState::default(),
            activation_cache: (f64::NAN, 0.0, 0.0),
            last_rate_per_s: f64::NAN,
            rate_probe_t_s: f64::NAN,
            probe_gradients_mmhg: [0.0; 4],
            pump_started_s: 0.0,
            balloon: Balloon::default(),
        }
    }

    /// The parameters in use.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Replaces validated `params` at time `t_s` without restarting: valves, beat timing and
    /// the balloon's schedule carry on. A pump switched on now ramps up from `t_s`.
    /// Regulation starts again from the parameters' own values: a controller that runs
    /// between steps sets its effectors anew from the new parameters.
    pub fn set_params(&mut self, params: Params, t_s: f64) {
        let pump_was_running = self.pump_running();
        self.k = Coefficients::new(&params);
        self.pacemaker.set_rate(&params.heart);
        self.effectors = Effectors::from_params(&params);
        self.working = params.clone();
        self.params = params;
        if self.pump_running() && !pump_was_running {
            self.pump_started_s = t_s;
        }
        self.activation_cache = (f64::NAN, 0.0, 0.0);
        self.last_rate_per_s = f64::NAN;
    }

    /// The regulated values the right-hand side uses now.
    pub fn effectors(&self) -> &Effectors {
        &self.effectors
    }

    /// Sets the regulated values, from the next derivative evaluation on; a new heart rate
    /// takes effect from the next RR interval, as in [`Pacemaker::set_rate`].
    pub fn set_effectors(&mut self, effectors: Effectors) {
        if effectors == self.effectors {
            return;
        }
        effectors.apply(&mut self.working);
        self.k = Coefficients::new(&self.working);
        self.pacemaker.set_rate(&self.working.heart);
        self.effectors = effectors;
    }

    /// True when the continuous-flow pump is selected.
    #[inline]
    fn pump_running(&self) -> bool {
        self.params.assist.mode == AssistMode::Pump
    }

    /// Balloon volume (mL) in the descending aorta at `t_s`; 0 unless the balloon is in use.
    #[inline]
    pub fn balloon_ml(&self, t_s: f64) -> f64 {
        if self.params.assist.mode == AssistMode::Iabp { self.balloon.volume_ml(t_s) } else { 0.0 }
    }

    /// Valve modes: mitral, aortic, tricuspid, pulmonary.
    pub fn valves(&self) -> [ValveState; 4] {
        [self.mitral_valve, self.aortic_valve, self.tricuspid_valve, self.pulmonary_valve]
    }

    /// Restores valve modes saved by [`Circulation::valves`].
    pub fn set_valves(&mut self, [mitral, aortic, tricuspid, pulmonary]: [ValveState; 4]) {
        self.mitral_valve = mitral;
        self.aortic_valve = aortic;
        self.tricuspid_valve = tricuspid;
        self.pulmonary_valve = pulmonary;
    }

    /// Ventricular and atrial activation at `t_s`.
    #[inline]
    fn activations(&self, t_s: f64) -> (f64, f64) {
        (self.pacemaker.ventricular_activation(t_s), self.pacemaker.atrial_activation(t_s))
    }

    /// Activations at `t_s`, reusing the last ones if the time is the same: RK4 evaluates
    /// twice at t + h/2, and the next step starts where the last stage ended.
    #[inline]
    fn cached_activations(&mut self, t_s: f64) -> (f64, f64) {
        if self.activation_cache.0 != t_s {
            let (ev, ea) = self.activations(t_s);
            self.activation_cache = (t_s, ev, ea);
        }
        (self.activation_cache.1, self.activation_cache.2)
    }

    /// Opens or shuts the mitral and aortic valves after a (sub)step of `dt_s` ending at
    /// `t_s`, writing the flows they impose back into `y`. Returns true if a valve opened or
    /// shut.
    pub fn update_valves(&mut self, t_s: f64, y: &mut SVector<f64, N_STATES>, dt_s: f64) -> bool {
        let before = self.valves().map(|v| v.open);
        let (ev, ea) = self.cached_activations(t_s);
        let s = State::from_vector(y);
        let p = &self.working;
        // An open valve needs only its flow; pressures decide whether a shut one opens, so
        // each pressure is computed only when a shut valve next to it asks for it. RK4's last
        // stage lies within a fraction of a mmHg of the new state; a valve whose gradient there
        // was more than VALVE_CHECK_MARGIN_MMHG from opening stays shut without an exact check.
        let probe = self.probe_gradients_mmhg;
        let check = |i: usize| !before[i] && probe[i] >= -VALVE_CHECK_MARGIN_MMHG;
        let [mitral_shut, aortic_shut, tricuspid_shut, pulmonary_shut] = [check(0), check(1), check(2), check(3)];
        let la = if mitral_shut { p.heart.la.pressure_mmhg(s.la_volume_ml, ea) } else { 0.0 };
        let lv = if mitral_shut || aortic_shut { p.heart.lv.pressure_mmhg(s.lv_volume_ml, ev) } else { 0.0 };
        let root = if aortic_shut { p.systemic.aortic_root.pressure_mmhg(s.aortic_root_volume_ml) } else { 0.0 };
        let ra = if tricuspid_shut { p.heart.ra.pressure_mmhg(s.ra_volume_ml, ea) } else { 0.0 };
        let rv = if tricuspid_shut || pulmonary_shut { p.heart.rv.pressure_mmhg(s.rv_volume_ml, ev) } else { 0.0 };
        let pa = if pulmonary_shut { p.pulmonary.arteries.pressure_mmhg(s.pulmonary_arteries_volume_ml) } else { 0.0 };
        let v = &p.valves;
        // A shut valve that was not checked sees no opening gradient.
        let gate = |checked: bool, up: f64| if checked { up } else { f64::NEG_INFINITY };
        let (m, a, t, pv) =
            (gate(mitral_shut, la), gate(aortic_shut, lv), gate(tricuspid_shut, ra), gate(pulmonary_shut, rv));
        y[State::MITRAL_FLOW] =
            self.mitral_valve.update(m, lv, s.mitral_flow_ml_per_s, dt_s, v.mitral.closing_volume_ml);
        y[State::AORTIC_VALVE_FLOW] =
            self.aortic_valve.update(a, root, s.aortic_valve_flow_ml_per_s, dt_s, v.aortic.closing_volume_ml);
        y[State::TRICUSPID_FLOW] =
            self.tricuspid_valve.update(t, rv, s.tricuspid_flow_ml_per_s, dt_s, v.tricuspid.closing_volume_ml);
        y[State::PULMONARY_VALVE_FLOW] =
            self.pulmonary_valve.update(pv, pa, s.pulmonary_valve_flow_ml_per_s, dt_s, v.pulmonary.closing_volume_ml);
        before != self.valves().map(|v| v.open)
    }

    /// Upper estimate of the fastest decay or oscillation rate (1/s) of the linearised
    /// system at `t_s`, for choosing a stable step.
    ///
    /// ```text
    /// resistive link between compliances:  λ = (E_up + E_down) / R,  summed per compartment
    /// inertial link:                        λ = max(√((E_up + E_down)/L), R/L)
    /// ```
    /// with E the local elastance dP/dV of each compartment.
    pub fn fastest_rate_per_s(&mut self, t_s: f64, s: &State) -> f64 {
        let (ev, ea) = self.cached_activations(t_s);
        let (_, stiffness) = self.evaluate(ev, ea, self.balloon_ml(t_s), s);
        self.rate_from(&stiffness)
    }

    /// The fastest rate (1/s) seen at the last derivative evaluation at the probe time set
    /// by [`Circulation::probe_rate_at`]: RK4's last stage of a step, within O(h²) of the new
    /// state. Probing one stage instead of four keeps the estimate nearly free.
    pub fn last_rate_per_s(&self) -> f64 {
        self.last_rate_per_s
    }

    /// Asks the next derivative evaluation at exactly `t_s` to record the fastest rate.
    pub fn probe_rate_at(&mut self, t_s: f64) {
        self.rate_probe_t_s = t_s;
    }

    #[inline(always)]
    fn rate_from(&self, c: &ChamberStiffness) -> f64 {
        let p = &self.working;
        let (v, k) = (&p.valves, &self.k);
        // Link rates (E_a + E_b)·g of the resistive links; by Gershgorin's theorem the fastest
        // eigenvalue of the resistive network is at most the largest sum over the links that
        // meet at one compartment.
        let pulm_veins_to_la = (c.pulm_veins + c.la) * k.pulm_veins_to_la_g;
        let venous_return = (c.veins + c.ra) * k.venous_return_g;
        let desc_to_arteries = (c.desc + c.arteries) * k.desc_to_arteries_g;
        let peripheral = (c.arteries + c.veins) * k.peripheral_g;
        let pulmonary = (c.pulm_arteries + c.pulm_veins) * k.pulmonary_g;
        let coronary = (c.root + c.ra) * k.coronary_g;
        let arch_zc = (c.root + c.desc) * k.arch_zc_g;
        let resistive = [
            pulm_veins_to_la,              // LA
            venous_return + coronary,      // RA
            coronary + arch_zc,            // aortic root
            arch_zc + desc_to_arteries,    // descending aorta
            desc_to_arteries + peripheral, // systemic arteries
            peripheral + venous_return,    // systemic veins
            pulmonary,                     // pulmonary arteries
            pulmonary + pulm_veins_to_la,  // pulmonary veins
        ];
        // A nearly empty chamber adds its collapse resistance to the valves beside it.
        let mitral = self.mitral_valve.stiffness_rate(
            c.la + c.lv,
            v.mitral.resistance_mmhg_s_per_ml + c.la_r.max(c.lv_r),
            k.mitral_inv_l,
        );
        let aortic = self.aortic_valve.stiffness_rate(
            c.lv + c.root,
            v.aortic.resistance_mmhg_s_per_ml + c.lv_r,
            k.aortic_valve_inv_l,
        );
        let tricuspid = self.tricuspid_valve.stiffness_rate(
            c.ra + c.rv,
            v.tricuspid.resistance_mmhg_s_per_ml + c.ra_r.max(c.rv_r),
            k.tricuspid_inv_l,
        );
        let pulmonary_valve = self.pulmonary_valve.stiffness_rate(
            c.rv + c.pulm_arteries,
            v.pulmonary.resistance_mmhg_s_per_ml + c.rv_r,
            k.pulmonary_valve_inv_l,
        );
        let arch = inertial_rate(c.root + c.desc, p.systemic.root_to_descending_r_mmhg_s_per_ml, k.arch_inv_l);
        // The holes couple their two chambers at most as stiffly as their zero-gradient slope.
        let lesions = &p.lesions;
        let regurgitant = (c.la + c.lv) * orifice_max_conductance(lesions.mitral_regurgitant_orifice_cm2);
        let septal = (c.lv + c.rv) * orifice_max_conductance(lesions.vsd_orifice_cm2);
        let aortic_leak = (c.root + c.lv) * orifice_max_conductance(lesions.aortic_regurgitant_orifice_cm2);
        let holes = regurgitant.max(septal).max(aortic_leak);
        resistive
            .into_iter()
            .fold(mitral.max(aortic).max(arch).max(tricuspid).max(pulmonary_valve).max(holes), f64::max)
    }

    /// LV pressure (mmHg) and coronary flow (mL/s) at `t_s` in state `s`: what the coronary
    /// autoregulation reads after each step, without the rest of [`Circulation::hemodynamics`].
    pub fn lv_and_coronary(&mut self, t_s: f64, s: &State) -> (f64, f64) {
        let (ev, ea) = self.cached_activations(t_s);
        let p = &self.working;
        let lv = p.heart.lv.pressure_mmhg(s.lv_volume_ml, ev);
        let ra = p.heart.ra.pressure_mmhg(s.ra_volume_ml, ea);
        let root = p.systemic.aortic_root.pressure_mmhg(s.aortic_root_volume_ml);
        (lv, p.coronary.flow_ml_per_s(root, lv, ra, self.k.coronary_g))
    }

    /// Pressures and flows at time `t_s` in state `s`.
    pub fn hemodynamics(&self, t_s: f64, s: &State) -> Hemodynamics {
        let (ev, ea) = self.activations(t_s);
        self.evaluate(ev, ea, self.balloon_ml(t_s), s).0
    }

    /// Pressures, flows and chamber stiffnesses. Inlined into the derivative so unused
    /// fields are never stored.
    #[inline(always)]
    fn evaluate(&self, ev: f64, ea: f64, balloon_ml: f64, s: &State) -> (Hemodynamics, ChamberStiffness) {
        let p = &self.working;
        let (h, sys, pul, k) = (&p.heart, &p.systemic, &p.pulmonary, &self.k);

        let (la, la_e) = h.la.pressure_and_elastance(s.la_volume_ml, ea);
        let (lv, lv_e) = h.lv.pressure_and_elastance(s.lv_volume_ml, ev);
        let (ra, ra_e) = h.ra.pressure_and_elastance(s.ra_volume_ml, ea);
        let (rv, rv_e) = h.rv.pressure_and_elastance(s.rv_volume_ml, ev);
        // Vessel pressures with the precomputed elastance 1/C (see `vessels::Compliance`).
        let vessel = |v: f64, v0: f64, e: f64| (v - v0) * e - collapse_mmhg(v);
        let root = vessel(s.aortic_root_volume_ml, sys.aortic_root.unstressed_volume_ml, k.root_elastance);
        // The balloon displaces blood: it adds to the segment's volume but is not blood, so the
        // collapse term sees the blood volume only.
        let desc = (s.descending_aorta_volume_ml + balloon_ml - sys.descending_aorta.unstressed_volume_ml)
            * k.desc_elastance
            - collapse_mmhg(s.descending_aorta_volume_ml);
        let art = vessel(s.systemic_arteries_volume_ml, sys.arteries.unstressed_volume_ml, k.arteries_elastance);
        let sv = vessel(s.systemic_veins_volume_ml, sys.veins.unstressed_volume_ml, k.veins_elastance);
        let pa = vessel(s.pulmonary_arteries_volume_ml, pul.arteries.unstressed_volume_ml, k.pulm_arteries_elastance);
        let pv = vessel(s.pulmonary_veins_volume_ml, pul.veins.unstressed_volume_ml, k.pulm_veins_elastance);

        let hd = Hemodynamics {
            ventricular_activation: ev,
            atrial_activation: ea,
            la_mmhg: la,
            lv_mmhg: lv,
            ra_mmhg: ra,
            rv_mmhg: rv,
            aortic_root_mmhg: root,
            descending_aorta_mmhg: desc,
            systemic_arteries_mmhg: art,
            systemic_veins_mmhg: sv,
            pulmonary_arteries_mmhg: pa,
            pulmonary_veins_mmhg: pv,
            mitral_ml_per_s: self.mitral_valve.flow(s.mitral_flow_ml_per_s),
            aortic_valve_ml_per_s: self.aortic_valve.flow(s.aortic_valve_flow_ml_per_s),
            arch_ml_per_s: s.arch_flow_ml_per_s + (root - desc) * k.arch_zc_g,
            descending_to_arteries_ml_per_s: (desc - art) * k.desc_to_arteries_g,
            peripheral_ml_per_s: (art - sv) * k.peripheral_g,
            venous_return_ml_per_s: (sv - ra) * k.venous_return_g,
            tricuspid_ml_per_s: self.tricuspid_valve.flow(s.tricuspid_flow_ml_per_s),
            pulmonary_valve_ml_per_s: self.pulmonary_valve.flow(s.pulmonary_valve_flow_ml_per_s),
            pulmonary_ml_per_s: (pa - pv) * k.pulmonary_g,
            pulmonary_venous_ml_per_s: (pv - la) * k.pulm_veins_to_la_g,
            coronary_ml_per_s: p.coronary.flow_ml_per_s(root, lv, ra, k.coronary_g),
            mitral_regurgitation_ml_per_s: orifice_flow_ml_per_s(p.lesions.mitral_regurgitant_orifice_cm2, lv - la),
            vsd_ml_per_s: orifice_flow_ml_per_s(p.lesions.vsd_orifice_cm2, lv - rv),
            aortic_regurgitation_ml_per_s: orifice_flow_ml_per_s(p.lesions.aortic_regurgitant_orifice_cm2, root - lv),
            pump_ml_per_s: s.pump_flow_ml_per_s,
            balloon_ml,
            pump_inlet_factor: if self.pump_running() { pump::inlet_factor(s.lv_volume_ml, h.lv.v0_ml) } else { 1.0 },
        };
        let vessel_e = |v: f64, e: f64| e + collapse_stiffness_mmhg_per_ml(v);
        let stiffness = ChamberStiffness {
            la: la_e,
            lv: lv_e,
            ra: ra_e,
            rv: rv_e,
            la_r: collapse_resistance_mmhg_s_per_ml(s.la_volume_ml),
            lv_r: collapse_resistance_mmhg_s_per_ml(s.lv_volume_ml),
            ra_r: collapse_resistance_mmhg_s_per_ml(s.ra_volume_ml),
            rv_r: collapse_resistance_mmhg_s_per_ml(s.rv_volume_ml),
            root: vessel_e(s.aortic_root_volume_ml, k.root_elastance),
            desc: vessel_e(s.descending_aorta_volume_ml, k.desc_elastance),
            arteries: vessel_e(s.systemic_arteries_volume_ml, k.arteries_elastance),
            veins: vessel_e(s.systemic_veins_volume_ml, k.veins_elastance),
            pulm_arteries: vessel_e(s.pulmonary_arteries_volume_ml, k.pulm_arteries_elastance),
            pulm_veins: vessel_e(s.pulmonary_veins_volume_ml, k.pulm_veins_elastance),
        };
        (hd, stiffness)
    }
}

impl OdeSystem<N_STATES> for Circulation {
    fn derivative(&mut self, t: f64, y: &SVector<f64, N_STATES>, dydt: &mut SVector<f64, N_STATES>) {
        let (ev, ea) = self.cached_activations(t);
        let s = State::from_vector(y);
        let (hd, stiffness) = self.evaluate(ev, ea, self.balloon_ml(t), &s);
        if t == self.rate_probe_t_s {
            self.last_rate_per_s = self.rate_from(&stiffness);
            self.probe_gradients_mmhg = [
                hd.la_mmhg - hd.lv_mmhg,
                hd.lv_mmhg - hd.aortic_root_mmhg,
                hd.ra_mmhg - hd.rv_mmhg,
                hd.rv_mmhg - hd.pulmonary_arteries_mmhg,
            ];
        }
        let p = &self.working;
        let v = &p.valves;
        let k = &self.k;
        // Flow leaving a nearly empty chamber meets its collapse resistance (the chamber the
        // flow leaves: upstream when forward, downstream when backward).
        let c = &stiffness;
        let leaving = |q: f64, up_r: f64, down_r: f64| if q >= 0.0 { up_r } else { down_r };
        let d_mitral_flow = self.mitral_valve.flow_derivative(
            hd.la_mmhg,
            hd.lv_mmhg,
            s.mitral_flow_ml_per_s,
            v.mitral.resistance_mmhg_s_per_ml + leaving(s.mitral_flow_ml_per_s, c.la_r, c.lv_r),
            k.mitral_inv_l,
        );
        let d_aortic_flow = self.aortic_valve.flow_derivative(
            hd.lv_mmhg,
            hd.aortic_root_mmhg,
            s.aortic_valve_flow_ml_per_s,
            v.aortic.resistance_mmhg_s_per_ml + leaving(s.aortic_valve_flow_ml_per_s, c.lv_r, 0.0),
            k.aortic_valve_inv_l,
        );
        let d_tricuspid_flow = self.tricuspid_valve.flow_derivative(
            hd.ra_mmhg,
            hd.rv_mmhg,
            s.tricuspid_flow_ml_per_s,
            v.tricuspid.resistance_mmhg_s_per_ml + leaving(s.tricuspid_flow_ml_per_s, c.ra_r, c.rv_r),
            k.tricuspid_inv_l,
        );
        let d_pulmonary_flow = self.pulmonary_valve.flow_derivative(
            hd.rv_mmhg,
            hd.pulmonary_arteries_mmhg,
            s.pulmonary_valve_flow_ml_per_s,
            v.pulmonary.resistance_mmhg_s_per_ml + leaving(s.pulmonary_valve_flow_ml_per_s, c.rv_r, 0.0),
            k.pulmonary_valve_inv_l,
        );
        let d_pump_flow = if self.pump_running() {
            let target = p.assist.pump.target_flow_ml_per_s(
                hd.aortic_root_mmhg - hd.lv_mmhg,
                s.lv_volume_ml,
                p.heart.lv.v0_ml,
                t - self.pump_started_s,
            );
            (target - s.pump_flow_ml_per_s) / pump::FLOW_LAG_S
        } else {
            -s.pump_flow_ml_per_s / pump::FLOW_LAG_S
        };
        let d_arch_flow = (hd.aortic_root_mmhg
            - hd.descending_aorta_mmhg
            - p.systemic.root_to_descending_r_mmhg_s_per_ml * s.arch_flow_ml_per_s)
            * self.k.arch_inv_l;
        let d = State {
            la_volume_ml: hd.pulmonary_venous_ml_per_s - hd.mitral_ml_per_s + hd.mitral_regurgitation_ml_per_s,
            lv_volume_ml: hd.mitral_ml_per_s - hd.aortic_valve_ml_per_s - hd.pump_ml_per_s
                + hd.aortic_regurgitation_ml_per_s
                - hd.mitral_regurgitation_ml_per_s
                - hd.vsd_ml_per_s,
            ra_volume_ml: hd.venous_return_ml_per_s + hd.coronary_ml_per_s - hd.tricuspid_ml_per_s,
            rv_volume_ml: hd.tricuspid_ml_per_s - hd.pulmonary_valve_ml_per_s + hd.vsd_ml_per_s,
            aortic_root_volume_ml: hd.aortic_valve_ml_per_s + hd.pump_ml_per_s
                - hd.aortic_regurgitation_ml_per_s
                - hd.arch_ml_per_s
                - hd.coronary_ml_per_s,
            descending_aorta_volume_ml: hd.arch_ml_per_s - hd.descending_to_arteries_ml_per_s,
            systemic_arteries_volume_ml: hd.descending_to_arteries_ml_per_s - hd.peripheral_ml_per_s,
            systemic_veins_volume_ml: hd.peripheral_ml_per_s - hd.venous_return_ml_per_s,
            pulmonary_arteries_volume_ml: hd.pulmonary_valve_ml_per_s - hd.pulmonary_ml_per_s,
            pulmonary_veins_volume_ml: hd.pulmonary_ml_per_s - hd.pulmonary_venous_ml_per_s,
            mitral_flow_ml_per_s: d_mitral_flow,
            aortic_valve_flow_ml_per_s: d_aortic_flow,
            arch_flow_ml_per_s: d_arch_flow,
            pump_flow_ml_per_s: d_pump_flow,
            tricuspid_flow_ml_per_s: d_tricuspid_flow,
            pulmonary_valve_flow_ml_per_s: d_pulmonary_flow,
        };
        *dydt = d.to_vector();
    }
}
