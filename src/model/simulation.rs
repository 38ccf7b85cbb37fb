//! The stepping simulator: state, time and the discrete events between steps.

use nalgebra::SVector;

use super::circulation::{Circulation, Hemodynamics, N_STATES, State};
use super::effectors::Effectors;
use super::integrator::rk4_step;
use super::params::Params;
use super::regulation::{Regulation, StepObservation};
use super::rhythm::{Pacemaker, Rhythm};
use crate::devices::{AssistMode, Console, Warning};

/// Time of the first R wave (s): a short quiet diastole lets the initial state fill the LV.
const FIRST_BEAT_S: f64 = 0.3;

/// Largest h·λ allowed for a step, λ the fastest rate of the linearised system. RK4 is stable
/// up to 2.78 on the negative real axis and 2.83 on the imaginary axis; 1.8 leaves margin for
/// the estimate's error (it takes the fastest single link, not the true eigenvalue).
pub const STABLE_H_LAMBDA: f64 = 1.8;

/// h·λ beyond which RK4 diverges on the negative real axis (2.785).
const RK4_STABILITY_LIMIT: f64 = 2.78;

/// At most this many substeps per step (reached only far outside physiology).
const MAX_SUBSTEPS: usize = 1000;

/// Everything observable at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    /// Simulated time (s).
    pub t_s: f64,
    /// Synthetic lead-II ECG (mV).
    pub ecg_mv: f64,
    /// Compartment volumes and inertial flows.
    pub state: State,
    /// Pressures and flows.
    pub hemo: Hemodynamics,
    /// True while the aortic valve is open.
    pub aortic_valve_open: bool,
    /// The regulated parameters' values now.
    pub effectors: Effectors,
    /// The rhythm of the cycle in progress.
    pub rhythm: Rhythm,
}

/// One recorded quantity of a [`Snapshot`]: its name (a CSV column), the decimals it is
/// written with, and how to read it. [`CHANNELS`] is the one list of what a run records.
#[derive(Debug, Clone, Copy)]
pub struct Channel {
    /// Column name, with its unit.
    pub name: &'static str,
    /// Decimal places written.
    pub decimals: usize,
    /// The value in a snapshot.
    pub read: fn(&Snapshot) -> f64,
}

/// Every channel a run records, in column order (the command line's CSV).
pub const CHANNELS: &[Channel] = &[
    Channel { name: "t_s", decimals: 4, read: |s| s.t_s },
    Channel { name: "ecg_mv", decimals: 4, read: |s| s.ecg_mv },
    Channel { name: "aortic_root_mmhg", decimals: 3, read: |s| s.hemo.aortic_root_mmhg },
    Channel { name: "descending_aorta_mmhg", decimals: 3, read: |s| s.hemo.descending_aorta_mmhg },
    Channel { name: "systemic_arteries_mmhg", decimals: 3, read: |s| s.hemo.systemic_arteries_mmhg },
    Channel { name: "lv_mmhg", decimals: 3, read: |s| s.hemo.lv_mmhg },
    Channel { name: "la_mmhg", decimals: 3, read: |s| s.hemo.la_mmhg },
    Channel { name: "rv_mmhg", decimals: 3, read: |s| s.hemo.rv_mmhg },
    Channel { name: "ra_mmhg", decimals: 3, read: |s| s.hemo.ra_mmhg },
    Channel { name: "pulmonary_artery_mmhg", decimals: 3, read: |s| s.hemo.pulmonary_arteries_mmhg },
    Channel { name: "lv_volume_ml", decimals: 3, read: |s| s.state.lv_volume_ml },
    Channel { name: "la_volume_ml", decimals: 3, read: |s| s.state.la_volume_ml },
    Channel { name: "rv_volume_ml", decimals: 3, read: |s| s.state.rv_volume_ml },
    Channel { name: "ra_volume_ml", decimals: 3, read: |s| s.state.ra_volume_ml },
    Channel { name: "aortic_valve_ml_per_s", decimals: 3, read: |s| s.hemo.aortic_valve_ml_per_s },
    Channel { name: "mitral_ml_per_s", decimals: 3, read: |s| s.hemo.mitral_ml_per_s },
    Channel { name: "coronary_ml_per_s", decimals: 4, read: |s| s.hemo.coronary_ml_per_s },
    Channel { name: "arch_ml_per_s", decimals: 3, read: |s| s.hemo.arch_ml_per_s },
    Channel { name: "pump_ml_per_s", decimals: 3, read: |s| s.hemo.pump_ml_per_s },
    Channel { name: "mitral_regurgitation_ml_per_s", decimals: 3, read: |s| s.hemo.mitral_regurgitation_ml_per_s },
    Channel { name: "vsd_shunt_ml_per_s", decimals: 3, read: |s| s.hemo.vsd_ml_per_s },
    Channel { name: "aortic_regurgitation_ml_per_s", decimals: 3, read: |s| s.hemo.aortic_regurgitation_ml_per_s },
    Channel { name: "pulmonary_valve_ml_per_s", decimals: 3, read: |s| s.hemo.pulmonary_valve_ml_per_s },
    Channel { name: "balloon_ml", decimals: 3, read: |s| s.hemo.balloon_ml },
    Channel { name: "aortic_valve_open", decimals: 0, read: |s| f64::from(u8::from(s.aortic_valve_open)) },
];

/// What happened during one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepEvents {
    /// An R wave (start of a new ventricular beat) was reached at the end of this step.
    pub r_wave: bool,
    /// A new cycle started: a beat at its R wave or, while the ventricles do not beat
    /// (fibrillation, asystole), a silent cycle of [`super::SILENT_CYCLE_S`]. Beat-by-beat
    /// indices and reflexes average over cycles.
    pub new_cycle: bool,
}

/// A deterministic, fixed-step simulation of the circulation.
#[derive(Debug, Clone)]
pub struct Simulation {
    circulation: Circulation,
    y: SVector<f64, N_STATES>,
    t_s: f64,
    /// A valve opened or shut in the last step, so the last stage's stiffness is stale.
    valves_changed: bool,
    /// The balloon console's timing.
    console: Console,
    /// Reflexes and autoregulation.
    regulation: Regulation,
}

impl Simulation {
    /// A simulation starting from [`State::initial`]. `params` must have passed
    /// [`crate::scenario::validate`].
    pub fn new(params: Params) -> Self {
        let y = State::initial(&params).to_vector();
        let pacemaker = Pacemaker::new(&params.heart, FIRST_BEAT_S);
        let regulation = Regulation::new(&params);
        Self {
            circulation: Circulation::new(params, pacemaker),
            y,
            t_s: 0.0,
            valves_changed: true,
            console: Console::default(),
            regulation,
        }
    }

    /// The parameters in use.
    pub fn params(&self) -> &Params {
        self.circulation.params()
    }

    /// Simulated time (s).
    pub fn time_s(&self) -> f64 {
        self.t_s
    }

    /// Changes validated `params` in the running simulation, as a teacher turning a knob
    /// would: the state carries on. A change of total blood volume is given to or taken from
    /// the systemic veins, the body's reservoir, as a transfusion or a bleed would be.
    /// Switching the balloon on starts its console afresh, so it learns the current beats.
    pub fn set_params(&mut self, params: Params) {
        let old = self.circulation.params();
        let extra_blood_ml = params.blood.total_volume_ml - old.blood.total_volume_ml;
        let balloon_started = params.assist.mode == AssistMode::Iabp && old.assist.mode != AssistMode::Iabp;
        if extra_blood_ml != 0.0 {
            let mut s = self.state();
            s.systemic_veins_volume_ml += extra_blood_ml;
            self.y = s.to_vector();
        }
        if balloon_started {
            self.console = Console::default();
        }
        self.regulation.update_params(&params);
        let effectors = self.regulation.effectors(&params);
        self.circulation.set_params(params, self.t_s);
        self.circulation.set_effectors(effectors);
        self.valves_changed = true;
    }

    /// Integration step (s).
    pub fn dt_s(&self) -> f64 {
        self.circulation.params().solver.dt_ms * 1e-3
    }

    /// The current named state.
    pub fn state(&self) -> State {
        State::from_vector(&self.y)
    }

    /// Beat timing.
    pub fn pacemaker(&self) -> &Pacemaker {
        &self.circulation.pacemaker
    }

    /// Everything observable now.
    pub fn snapshot(&self) -> Snapshot {
        let state = self.state();
        Snapshot {
            t_s: self.t_s,
            ecg_mv: self.circulation.pacemaker.ecg_mv(self.t_s),
            state,
            hemo: self.circulation.hemodynamics(self.t_s, &state),
            aortic_valve_open: self.circulation.aortic_valve.open,
            effectors: *self.circulation.effectors(),
            rhythm: self.circulation.pacemaker.rhythm(),
        }
    }

    /// Advances one fixed step.
    ///
    /// The step is `solver.dt_ms`, unless a stiff mode (a stiff, nearly empty chamber behind a
    /// low-resistance valve, say) needs less: then the step is split into equal substeps so
    /// that h·λ_max ≤ `STABLE_H_LAMBDA`, inside RK4's stability region. At the presets'
    /// defaults no split happens.
    pub fn step(&mut self) -> StepEvents {
        let h = self.dt_s();
        let t_start = self.t_s;
        let aortic_open_before = self.circulation.aortic_valve.open;
        let rate = match self.circulation.last_rate_per_s() {
            r if r.is_finite() && !self.valves_changed => r,
            _ => self.circulation.fastest_rate_per_s(self.t_s, &self.state()),
        };
        self.valves_changed = false;
        // The step is cut into `pieces` equal substeps, `done` of them taken so far.
        let mut pieces = ((h * rate / STABLE_H_LAMBDA).ceil() as usize).clamp(1, MAX_SUBSTEPS);
        let mut done = 0;
        while done < pieces {
            let hs = h / pieces as f64;
            let (y0, valves0) = (self.y, self.circulation.valves());
            // RK4's last stage is evaluated at exactly t + hs: record the rate there.
            self.circulation.probe_rate_at(self.t_s + hs);
            rk4_step(&mut self.circulation, self.t_s, &mut self.y, hs);
            // Stiffness can grow within a substep (a chamber filling onto the steep part of
            // its EDPVR). If the rate at the substep's end says it was beyond RK4's stability
            // limit, take it again in two halves.
            let end_rate = self.circulation.last_rate_per_s();
            let unstable = !self.y.iter().all(|x| x.is_finite()) || hs * end_rate > RK4_STABILITY_LIMIT;
            if unstable && pieces < MAX_SUBSTEPS {
                self.y = y0;
                self.circulation.set_valves(valves0);
                pieces *= 2;
                done *= 2;
                continue;
            }
            done += 1;
            self.t_s = if done == pieces { t_start + h } else { t_start + done as f64 * hs };
            self.valves_changed |= self.circulation.update_valves(self.t_s, &mut self.y, hs);
        }
        let new_cycle = self.circulation.pacemaker.advance(self.t_s);
        let r_wave = new_cycle && self.circulation.pacemaker.beating();
        if self.circulation.params().assist.mode == AssistMode::Iabp {
            self.run_console(r_wave, aortic_open_before);
        }
        if self.regulation.active() {
            let (lv_mmhg, coronary_ml_per_s) = if self.regulation.needs_heart() {
                self.circulation.lv_and_coronary(self.t_s, &self.state())
            } else {
                (f64::NAN, f64::NAN)
            };
            let params = self.circulation.params();
            let obs = StepObservation {
                t_s: self.t_s,
                dt_s: h,
                aortic_root_mmhg: params.systemic.aortic_root.pressure_mmhg(self.y[State::AORTIC_ROOT_VOLUME]),
                new_cycle,
                lv_mmhg,
                lv_volume_ml: self.y[State::LV_VOLUME],
                coronary_ml_per_s,
            };
            if let Some(effectors) = self.regulation.after_step(&obs, params) {
                self.circulation.set_effectors(effectors);
            }
        }
        StepEvents { r_wave, new_cycle }
    }

    /// Feeds the step's events to the balloon console, which schedules the balloon.
    fn run_console(&mut self, r_wave: bool, aortic_open_before: bool) {
        let t = self.t_s;
        let p = self.circulation.params().assist.iabp;
        let c = &mut self.circulation;
        match (aortic_open_before, c.aortic_valve.open) {
            (false, true) => self.console.on_valve_open(t, &p, &mut c.balloon),
            (true, false) => self.console.on_valve_close(t, &mut c.balloon),
            _ => {}
        }
        if r_wave {
            self.console.on_r_wave(t, &p, &mut c.balloon);
        } else {
            self.console.on_step(t, &mut c.balloon);
        }
    }

    /// With the baroreflex on: the `regulation.baroreflex.set_point_mmhg` that would make the
    /// last beat the patient's rest (the steady pressure at which the receptors fire as they
    /// did on average over that beat). How a preset's set point is measured.
    pub fn baroreflex_equivalent_mmhg(&self) -> Option<f64> {
        self.regulation.baroreflex_equivalent_mmhg()
    }

    /// What the devices want the user to know now.
    pub fn warnings(&self) -> Vec<Warning> {
        match self.circulation.params().assist.mode {
            AssistMode::Iabp => self.console.warning().into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Steps until simulated time reaches `t_s` (no-op if already past it).
    pub fn advance_to(&mut self, t_s: f64) {
        let h = self.dt_s();
        while self.t_s + 0.5 * h < t_s {
            self.step();
        }
    }
}
