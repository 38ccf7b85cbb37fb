//! The arterial baroreflex after Ursino, AJP 275:H1733 (1998): an afferent pressure filter and
//! sigmoid, sympathetic and vagal efferents, and six effectors with their own gains, pure
//! delays and time constants.
//!
//! ```text
//! afferent   τp·dP̃/dt = P + τz·dP/dt − P̃                     (τp 2.076 s, τz 6.37 s)
//!            f_cs = (f_min + f_max·e^((P̃−Pn)/ka)) / (1 + e^((P̃−Pn)/ka))
//!            f̄_cs = f_cs averaged over each beat, held through the next
//! efferent   f_es = f_es∞ + (f_es0 − f_es∞)·e^(−kes·f̄_cs)
//!            f_ev = (f_ev0 + f_ev∞·e^((f̄_cs−f_cs0)/kev)) / (1 + e^((f̄_cs−f_cs0)/kev))
//! effectors  σ = G·ln(f_es(t − D) − f_es,min + 1)  (0 below f_es,min);  σ_Tv = G_Tv·f_ev(t − D)
//!            τ·dΔθ/dt = σ − Δθ
//! ```
//! Constants are Ursino's (as used by the public re-implementations `viswajithsv-collab/CP-Model`
//! and `matthiaszeller/VAD-0D-DNN`, which agree).
//!
//! **The receptors see the pulse.** The filter's zero (τz) makes the receptors fire more while
//! pressure rises, and amplifies the pulse threefold, so the firing sweeps much of the sigmoid
//! within each beat. A wider pulse at the same mean therefore fires the receptors more, a
//! flattened pulse less (Ursino's pulsatile vs non-pulsatile perfusion). That is how a balloon,
//! which widens the aortic pulse, can lower heart rate and resistance at an unchanged mean
//! pressure (Scheidt et al., NEJM 288:979, 1973: HR 110 → 103, MAP unchanged), and why a pump
//! that flattens the pulse draws more sympathetic drive than its mean pressure alone would.
//!
//! **How the reflex meets this model.** Ursino's effectors are absolute values of his own
//! circulation. Here each preset is its own set point: the firing at the preset's resting
//! state sets the reference at which every effector equals the value the parameters set, so
//! switching the reflex off at rest changes nothing. Away from it each effector changes by the
//! same *fraction* as Ursino's does from the same operating point (contractility, resistance,
//! heart period), or by the same volume (venous unstressed volume, in mL; his and this model's
//! venous unstressed volumes are both ≈ 2.5 L). Ursino's splanchnic and extrasplanchnic
//! resistances act in parallel; their combination scales the one peripheral resistance here.
//! The reference is given as a pressure, `regulation.baroreflex.set_point_mmhg`: the steady
//! (non-pulsatile) pressure at which the receptors would fire as they do, on average, at the
//! preset's resting pulse. The sigmoid keeps Ursino's centre (92 mmHg), so a shock patient
//! sits near its lower end, where the reflex is nearly saturated.
//!
//! **Two choices of this model.** The firing is averaged over each beat before the efferents:
//! fed the raw firing, the heart-period effector carries a ripple at the heart rate that the
//! sinus node samples at the same phase every beat, biasing the rate by ~2 %. And the reflex
//! moves the rate from the next RR interval on, through the pacemaker.

use serde::{Deserialize, Serialize};

use super::regulation::Switch;

/// Afferent filter pole and zero (s).
const TAU_P_S: f64 = 2.076;
const TAU_Z_S: f64 = 6.37;
/// Centre and slope of the afferent sigmoid (mmHg).
const P_N_MMHG: f64 = 92.0;
const K_A_MMHG: f64 = 11.758;
/// Afferent firing range (spikes/s).
const F_CS_MIN: f64 = 2.52;
const F_CS_MAX: f64 = 47.78;
/// Sympathetic efferent (spikes/s; k_es in s).
const F_ES_INF: f64 = 2.10;
const F_ES_0: f64 = 16.11;
const K_ES_S: f64 = 0.0675;
const F_ES_MIN: f64 = 2.66;
/// Vagal efferent (spikes/s).
const F_EV_0: f64 = 3.2;
const F_EV_INF: f64 = 6.3;
const F_CS_0: f64 = 25.0;
const K_EV: f64 = 7.06;
/// Ursino's basal heart period T0 (s), to which the sympathetic and vagal terms add.
const T0_S: f64 = 0.58;

/// The reflex is updated on this fixed tick (s): its delays and time constants are seconds,
/// so 10 ms resolves them, and the result does not depend on the integration step.
pub const TICK_S: f64 = 0.01;

/// Heart rates the reflex can drive the sinus node to (beats/min): a heart rate beyond the
/// adult ceiling of sinus tachycardia, or below the slowest the model is tested at, is not one
/// the baroreflex produces.
pub const HR_RANGE_BPM: (f64, f64) = (30.0, 180.0);

/// One effector of Ursino's Table 2: gain (per spike/s), delay (s), time constant (s) and the
/// basal value θ0 to which the response adds.
#[derive(Debug, Clone, Copy)]
struct Effector {
    gain: f64,
    delay_s: f64,
    tau_s: f64,
    basal: f64,
}

/// Sympathetic effectors: LV and RV Emax (mmHg/mL), splanchnic and extrasplanchnic resistance
/// (mmHg·s/mL), splanchnic and extrasplanchnic venous unstressed volume (mL), and the
/// sympathetic part of the heart period (s).
const E_LV: Effector = Effector { gain: 0.475, delay_s: 2.0, tau_s: 8.0, basal: 2.392 };
const E_RV: Effector = Effector { gain: 0.282, delay_s: 2.0, tau_s: 8.0, basal: 1.412 };
const R_SP: Effector = Effector { gain: 0.695, delay_s: 2.0, tau_s: 6.0, basal: 2.49 };
const R_EP: Effector = Effector { gain: 0.53, delay_s: 2.0, tau_s: 6.0, basal: 0.78 };
const V_USV: Effector = Effector { gain: -265.4, delay_s: 5.0, tau_s: 20.0, basal: 1435.4 };
const V_UEV: Effector = Effector { gain: -132.5, delay_s: 5.0, tau_s: 20.0, basal: 1537.0 };
const T_S: Effector = Effector { gain: -0.13, delay_s: 2.0, tau_s: 2.0, basal: 0.0 };
/// The vagal part of the heart period (s per spike/s of vagal firing).
const T_V: Effector = Effector { gain: 0.09, delay_s: 0.2, tau_s: 1.5, basal: 0.0 };

const SYMPATHETIC: [Effector; 7] = [E_LV, E_RV, R_SP, R_EP, V_USV, V_UEV, T_S];

/// Longest delay in ticks, and the history kept (one more than that).
const HISTORY: usize = 501;

/// Afferent firing (spikes/s) at filtered pressure `p_mmhg`.
fn afferent(p_mmhg: f64) -> f64 {
    let e = ((p_mmhg - P_N_MMHG) / K_A_MMHG).clamp(-50.0, 50.0).exp();
    (F_CS_MIN + F_CS_MAX * e) / (1.0 + e)
}

/// Sympathetic and vagal efferent firing (spikes/s) at afferent firing `f_cs`.
fn efferent(f_cs: f64) -> (f64, f64) {
    let f_es = F_ES_INF + (F_ES_0 - F_ES_INF) * (-K_ES_S * f_cs).exp();
    let e = ((f_cs - F_CS_0) / K_EV).exp();
    let f_ev = (F_EV_0 + F_EV_INF * e) / (1.0 + e);
    (f_es, f_ev)
}

/// Static drive σ of a sympathetic effector at sympathetic firing `f_es`.
fn sympathetic_drive(gain: f64, f_es: f64) -> f64 {
    if f_es >= F_ES_MIN { gain * (f_es - F_ES_MIN + 1.0).ln() } else { 0.0 }
}

/// Ursino's parallel systemic resistance (mmHg·s/mL) with responses `d_sp`, `d_ep` added.
fn parallel_resistance(d_sp: f64, d_ep: f64) -> f64 {
    let (a, b) = (R_SP.basal + d_sp, R_EP.basal + d_ep);
    a * b / (a + b)
}

/// Ursino's heart period (s) with sympathetic and vagal responses added.
fn heart_period(d_ts: f64, d_tv: f64) -> f64 {
    T0_S + d_ts + d_tv
}

/// The reflex's output as fractions of the set point's values (volume in mL).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReflexResponse {
    /// Heart period relative to the set point's.
    pub period_ratio: f64,
    /// LV Emax relative to the set point's.
    pub lv_ees_ratio: f64,
    /// RV Emax relative to the set point's.
    pub rv_ees_ratio: f64,
    /// Systemic resistance relative to the set point's.
    pub resistance_ratio: f64,
    /// Change of venous unstressed volume from the set point's (mL).
    pub venous_unstressed_change_ml: f64,
}

/// Baroreflex switch and set point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BaroreflexParams {
    /// The reflex runs.
    pub enabled: Switch,
    /// Steady pressure (mmHg) at which the receptors fire as they do on average at the
    /// patient's resting pulse: where the effectors equal the values the parameters set.
    pub set_point_mmhg: f64,
}

/// The reflex's state.
#[derive(Debug, Clone)]
pub struct Baroreflex {
    /// Steady pressure (mmHg) whose firing is the reference.
    set_point_mmhg: f64,
    /// Lead–lag filter state x = P̃ − (τz/τp)·P.
    filter_x: f64,
    /// Root pressure at the end of the last step (mmHg), the filter's input.
    input_mmhg: f64,
    /// Mean afferent firing of the last complete beat (spikes/s), driving the efferents.
    beat_firing: f64,
    /// Sum of f_cs over the ticks of the beat in progress, their number, and whether a beat
    /// has started.
    firing_sum: f64,
    firing_ticks: u32,
    beat_started: bool,
    /// Sympathetic and vagal firing of the last `HISTORY` ticks, newest at `head`.
    history: Vec<(f64, f64)>,
    head: usize,
    /// Responses Δθ of the sympathetic effectors (order of `SYMPATHETIC`) and the vagal one.
    responses: [f64; 7],
    vagal_response: f64,
    /// The same at the set point.
    set: [f64; 7],
    set_vagal: f64,
    /// Time (s) of the next tick.
    next_tick_s: f64,
}

impl Baroreflex {
    /// A reflex at rest at `set_point_mmhg`: filter, firing history and effector responses are
    /// those of a steady pressure equal to the set point.
    pub fn new(set_point_mmhg: f64) -> Self {
        let f_cs = afferent(set_point_mmhg);
        let (f_es, f_ev) = efferent(f_cs);
        let set = SYMPATHETIC.map(|e| sympathetic_drive(e.gain, f_es));
        let set_vagal = T_V.gain * f_ev;
        Self {
            set_point_mmhg,
            filter_x: (1.0 - TAU_Z_S / TAU_P_S) * set_point_mmhg,
            input_mmhg: set_point_mmhg,
            beat_firing: f_cs,
            firing_sum: 0.0,
            firing_ticks: 0,
            beat_started: false,
            history: vec![(f_es, f_ev); HISTORY],
            head: 0,
            responses: set,
            vagal_response: set_vagal,
            set,
            set_vagal,
            next_tick_s: 0.0,
        }
    }

    /// Feeds one integration step ending at `t_s` with root pressure `root_mmhg` at its end;
    /// `new_cycle` marks the start of a new beat (or silent cycle). Returns true after a tick (the response may
    /// have moved; read it with [`Baroreflex::response`]).
    pub fn step(&mut self, t_s: f64, root_mmhg: f64, new_cycle: bool) -> bool {
        self.input_mmhg = root_mmhg;
        let mut ticked = false;
        while t_s + 1e-9 >= self.next_tick_s {
            self.tick();
            self.next_tick_s += TICK_S;
            ticked = true;
        }
        if new_cycle {
            if self.firing_ticks > 0 {
                self.beat_firing = self.firing_sum / f64::from(self.firing_ticks);
            }
            self.beat_started = true;
            self.firing_sum = 0.0;
            self.firing_ticks = 0;
        }
        ticked
    }

    /// The set point (mmHg).
    pub fn set_point_mmhg(&self) -> f64 {
        self.set_point_mmhg
    }

    /// The steady pressure (mmHg) at which the receptors would fire as they did on average
    /// over the last complete beat: what `set_point_mmhg` should be for the current state to
    /// be the patient's rest.
    pub fn equivalent_pressure_mmhg(&self) -> f64 {
        // Inverse of the afferent sigmoid.
        let f = self.beat_firing.clamp(F_CS_MIN + 1e-9, F_CS_MAX - 1e-9);
        P_N_MMHG + K_A_MMHG * ((f - F_CS_MIN) / (F_CS_MAX - f)).ln()
    }

    /// One tick: the filter and the firing of the beat in progress, the efferents of the last
    /// complete beat into the history, and the effectors, each exact for inputs held over
    /// the tick.
    fn tick(&mut self) {
        let ratio = TAU_Z_S / TAU_P_S;
        self.filter_x += ((1.0 - ratio) * self.input_mmhg - self.filter_x) * (1.0 - (-TICK_S / TAU_P_S).exp());
        let filtered = self.filter_x + ratio * self.input_mmhg;
        if self.beat_started {
            self.firing_sum += afferent(filtered);
            self.firing_ticks += 1;
        }
        self.head = (self.head + 1) % HISTORY;
        self.history[self.head] = efferent(self.beat_firing);
        let delayed = |delay_s: f64| {
            let back = (delay_s / TICK_S).round() as usize;
            self.history[(self.head + HISTORY - back) % HISTORY]
        };
        for (i, e) in SYMPATHETIC.iter().enumerate() {
            let sigma = sympathetic_drive(e.gain, delayed(e.delay_s).0);
            self.responses[i] += (sigma - self.responses[i]) * (1.0 - (-TICK_S / e.tau_s).exp());
        }
        let sigma_v = T_V.gain * delayed(T_V.delay_s).1;
        self.vagal_response += (sigma_v - self.vagal_response) * (1.0 - (-TICK_S / T_V.tau_s).exp());
    }

    /// The effectors relative to the set point.
    pub fn response(&self) -> ReflexResponse {
        let [e_lv, e_rv, r_sp, r_ep, v_sv, v_ev, t_s] = self.responses;
        let [e_lv0, e_rv0, r_sp0, r_ep0, v_sv0, v_ev0, t_s0] = self.set;
        ReflexResponse {
            period_ratio: heart_period(t_s, self.vagal_response) / heart_period(t_s0, self.set_vagal),
            lv_ees_ratio: (E_LV.basal + e_lv) / (E_LV.basal + e_lv0),
            rv_ees_ratio: (E_RV.basal + e_rv) / (E_RV.basal + e_rv0),
            resistance_ratio: parallel_resistance(r_sp, r_ep) / parallel_resistance(r_sp0, r_ep0),
            venous_unstressed_change_ml: (v_sv - v_sv0) + (v_ev - v_ev0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ursinos_operating_point_at_92_mmhg() {
        // Worked from the published constants: at P̃ = Pn, f_cs = 25.15, f_es = 4.665,
        // f_ev = 4.766 spikes/s; heart period 0.866 s (69 bpm), LV Emax 2.915 mmHg/mL.
        let f_cs = afferent(P_N_MMHG);
        assert!((f_cs - 25.15).abs() < 0.01, "{f_cs}");
        let (f_es, f_ev) = efferent(f_cs);
        assert!((f_es - 4.665).abs() < 0.01 && (f_ev - 4.766).abs() < 0.01, "{f_es} {f_ev}");
        let t = heart_period(sympathetic_drive(T_S.gain, f_es), T_V.gain * f_ev);
        assert!((t - 0.866).abs() < 0.002, "{t}");
        assert!((E_LV.basal + sympathetic_drive(E_LV.gain, f_es) - 2.915).abs() < 0.002);
    }

    #[test]
    fn at_the_set_point_nothing_moves_and_a_fall_in_pressure_raises_the_drive() {
        let mut reflex = Baroreflex::new(85.0);
        let rest = reflex.response();
        assert_eq!(rest.period_ratio, 1.0);
        assert_eq!(rest.venous_unstressed_change_ml, 0.0);
        // Beats of 75 mmHg for 30 s.
        let (dt, rr): (f64, f64) = (0.002, 0.8);
        let mut t = 0.0;
        let mut last = rest;
        while t < 30.0 {
            t += dt;
            let r_wave = (t / rr).fract() < dt / rr;
            if reflex.step(t, 75.0, r_wave) {
                last = reflex.response();
            }
        }
        assert!(last.period_ratio < 0.97, "heart period {:.3}", last.period_ratio);
        assert!(last.resistance_ratio > 1.03 && last.lv_ees_ratio > 1.02 && last.rv_ees_ratio > 1.02);
        assert!(last.venous_unstressed_change_ml < -50.0, "{}", last.venous_unstressed_change_ml);
    }
}
