//! Beat timing (the sinus node, or a ventricular rhythm) and a synthetic surface ECG.
//!
//! Each beat starts at its R wave, when ventricular activation begins. The atria
//! contract one PR interval earlier. The ECG is a sum of Gaussian waves placed on
//! those events (McSharry et al., IEEE TBME 50:289, 2003, use the same construction);
//! it is a timing display and trigger source, not an electrophysiology model.
//!
//! Atrial fibrillation: no organised atrial contraction (no atrial kick, no P wave) and
//! irregular RR intervals, drawn independently from a log-normal distribution with the mean
//! RR of the set heart rate and a coefficient of variation of 0.22 (AF RR series are close to
//! uncorrelated with CV ≈ 0.2–0.3; Tateno & Glass, Med Biol Eng Comput 39:664, 2001). Intervals
//! shorter than the 0.25 s ventricular refractory period are redrawn. The generator is
//! seeded, so a run is reproducible.
//!
//! Ventricular tachycardia: regular beats at `heart.vt_rate_bpm`, whatever the sinus rate
//! (the reflexes do not drive it), wide QRS complexes and no atrial contribution (the atria
//! are dissociated or captured backwards, and a dissociated atrial beat rarely falls where it
//! would fill the ventricle). Contraction and relaxation keep their rate dependence, so at
//! fast rates relaxation runs into the next beat and the ventricle barely fills: in patients
//! the fall of output in VT is one of filling (Baron, Huang & Comess, Chest 96:275, 1989:
//! ejection fraction unchanged, PCWP 10 → 24 mmHg). The incoordinate contraction of a wide
//! QRS, which costs a failing ventricle more, is not modelled.
//!
//! Ventricular fibrillation and asystole: no coordinated contraction, atrial or
//! ventricular; the chambers are passive. With no R wave to start a beat, the rhythm is cut
//! into silent cycles of [`SILENT_CYCLE_S`], so monitors, summaries and reflexes keep a
//! window to average over; a silent cycle has no R wave (a balloon console gets no trigger)
//! and no heart rate. The fibrillation ECG is an irregular oscillation with its dominant
//! frequency near 4.6 Hz and about 1 mV from trough to peak, as in coarse out-of-hospital VF
//! (Strohmenger, Lindner & Brown, Chest 111:584, 1997: 4.56 Hz, 1.33 mV); asystole is a flat
//! line.

use super::heart::Activation;
use super::params::HeartParams;

crate::names::named_enum! {
    /// Heart rhythm.
    #[derive(Default)]
    pub enum Rhythm {
        /// Regular sinus rhythm with atrial contraction.
        #[default]
        Sinus = "sinus",
        /// Atrial fibrillation: irregular RR, no atrial kick.
        Af = "af",
        /// Ventricular tachycardia: fast regular wide-complex beats, no atrial kick.
        Vt = "vt",
        /// Ventricular fibrillation: no coordinated contraction.
        Vf = "vf",
        /// Asystole: no electrical or mechanical activity.
        Asystole = "asystole",
    }
}

impl Rhythm {
    /// True if the ventricles contract in this rhythm (each cycle starts at an R wave).
    pub fn ventricles_contract(self) -> bool {
        matches!(self, Self::Sinus | Self::Af | Self::Vt)
    }
}

/// Coefficient of variation of RR in atrial fibrillation.
const AF_RR_CV: f64 = 0.22;
/// Ventricular refractory period (s): no RR interval is shorter.
const REFRACTORY_S: f64 = 0.25;

/// Length (s) of one analysis cycle when the ventricles do not beat (fibrillation,
/// asystole): long enough to average a pressure over, short enough that a monitor's
/// 12-cycle summary follows the minutes after an arrest.
pub const SILENT_CYCLE_S: f64 = 1.0;

/// PR interval (s) from the onset of atrial activation to the R wave: 0.16 s, mid-range
/// of the normal 0.12–0.20 s (Goldberger, Clinical Electrocardiography, 9th ed.).
pub const PR_INTERVAL_S: f64 = 0.16;

/// One cycle of the schedule: the rhythm it belongs to and, when the ventricles beat, the
/// shape of their activation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cycle {
    rhythm: Rhythm,
    activation: Activation,
}

impl Cycle {
    fn new(rhythm: Rhythm, rr_s: f64) -> Self {
        Self { rhythm, activation: Activation::ventricular(rr_s) }
    }

    /// Ventricular activation `tau_s` after the cycle's start.
    #[inline]
    fn ventricular(&self, tau_s: f64) -> f64 {
        if self.rhythm.ventricles_contract() { self.activation.at(tau_s) } else { 0.0 }
    }

    /// Atrial activation at `t_s` of the cycle starting at `r_s`: the atria fire one PR
    /// interval before the R wave of a sinus beat, and only then.
    #[inline]
    fn atrial(&self, t_s: f64, r_s: f64) -> f64 {
        if self.rhythm == Rhythm::Sinus { Activation::ATRIAL.at(t_s - (r_s - PR_INTERVAL_S)) } else { 0.0 }
    }
}

/// When the ventricles and atria of the recent and coming beats are activated.
///
/// Keeping the previous two R waves lets a relaxation that outlasts a short RR
/// interval finish while the next contraction starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacemaker {
    /// Heart rate (beats/min) used for the next RR interval in sinus rhythm and AF.
    pub hr_bpm: f64,
    /// Rate (beats/min) of ventricular tachycardia.
    vt_rate_bpm: f64,
    /// Time (s) of the R wave before the last one.
    pub r_before_last_s: f64,
    /// Time (s) of the most recent R wave (start of the current beat, or silent cycle).
    pub r_last_s: f64,
    /// Time (s) of the next R wave (or silent cycle).
    pub r_next_s: f64,
    /// The last cycle and the one before it.
    last: Cycle,
    before_last: Cycle,
    /// The coming cycle.
    next: Cycle,
    /// The rhythm of the cycles scheduled from now on.
    rhythm: Rhythm,
    /// State of the SplitMix64 generator that draws AF intervals.
    rng_state: u64,
}

impl Pacemaker {
    /// A pacemaker whose first cycle starts at `first_r_s`. No beat precedes it: the
    /// circulation starts at rest, not in the middle of a contraction.
    pub fn new(heart: &HeartParams, first_r_s: f64) -> Self {
        let mut pacemaker = Self {
            rhythm: heart.rhythm,
            rng_state: 0x5EED_C0DE_2026_0001,
            hr_bpm: heart.hr_bpm,
            vt_rate_bpm: heart.vt_rate_bpm,
            r_before_last_s: f64::NEG_INFINITY,
            r_last_s: f64::NEG_INFINITY,
            r_next_s: first_r_s,
            last: Cycle::new(Rhythm::Asystole, 1.0),
            before_last: Cycle::new(Rhythm::Asystole, 1.0),
            next: Cycle::new(heart.rhythm, 1.0),
        };
        let rr = pacemaker.mean_rr_s();
        pacemaker.next = Cycle::new(heart.rhythm, rr);
        pacemaker
    }

    /// Changes rate and rhythm from the next cycle on; the beat in progress and the one
    /// already scheduled keep their timing, as a real heart's would.
    pub fn set_rate(&mut self, heart: &HeartParams) {
        self.hr_bpm = heart.hr_bpm;
        self.vt_rate_bpm = heart.vt_rate_bpm;
        self.rhythm = heart.rhythm;
    }

    /// Moves to the next cycle if `t_s` has reached its start; returns true if it did.
    pub fn advance(&mut self, t_s: f64) -> bool {
        if t_s < self.r_next_s {
            return false;
        }
        let rr = self.next_rr_s();
        self.r_before_last_s = self.r_last_s;
        self.r_last_s = self.r_next_s;
        self.r_next_s += rr;
        self.before_last = self.last;
        self.last = self.next;
        self.next = Cycle::new(self.rhythm, rr);
        true
    }

    /// True if the current cycle began with an R wave (a ventricular beat), false in a
    /// silent cycle of fibrillation or asystole.
    pub fn beating(&self) -> bool {
        self.last.rhythm.ventricles_contract()
    }

    /// The rhythm of the current cycle.
    pub fn rhythm(&self) -> Rhythm {
        self.last.rhythm
    }

    /// The mean cycle length (s) of the rhythm set.
    fn mean_rr_s(&self) -> f64 {
        match self.rhythm {
            Rhythm::Sinus | Rhythm::Af => 60.0 / self.hr_bpm,
            Rhythm::Vt => 60.0 / self.vt_rate_bpm,
            Rhythm::Vf | Rhythm::Asystole => SILENT_CYCLE_S,
        }
    }

    /// The next cycle length (s): drawn at random in AF, fixed otherwise.
    fn next_rr_s(&mut self) -> f64 {
        let mean = self.mean_rr_s();
        if self.rhythm != Rhythm::Af {
            return mean;
        }
        // Log-normal with mean `mean` and coefficient of variation AF_RR_CV.
        let sigma = (1.0 + AF_RR_CV * AF_RR_CV).ln().sqrt();
        loop {
            let (u1, u2) = (self.uniform(), self.uniform());
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            let rr = mean * (sigma * z - 0.5 * sigma * sigma).exp();
            if rr >= REFRACTORY_S {
                return rr;
            }
        }
    }

    /// Uniform in (0, 1] from SplitMix64 (Steele, Lea & Flood, OOPSLA 2014).
    fn uniform(&mut self) -> f64 {
        self.rng_state = self.rng_state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng_state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    /// Ventricular activation e(t) in [0, 1].
    #[inline]
    pub fn ventricular_activation(&self, t_s: f64) -> f64 {
        // Stage times of one integration step may pass the next R wave before `advance`.
        let next = self.next.ventricular(t_s - self.r_next_s);
        let last = self.last.ventricular(t_s - self.r_last_s);
        let before = self.before_last.ventricular(t_s - self.r_before_last_s);
        next.max(last).max(before)
    }

    /// Atrial activation e(t) in [0, 1]: the atria fire one PR interval before each sinus R wave.
    #[inline]
    pub fn atrial_activation(&self, t_s: f64) -> f64 {
        self.next.atrial(t_s, self.r_next_s).max(self.last.atrial(t_s, self.r_last_s))
    }

    /// Synthetic lead-II ECG (mV) at `t_s`.
    pub fn ecg_mv(&self, t_s: f64) -> f64 {
        let mut mv = 0.0;
        for (r, cycle, end) in [(self.r_last_s, &self.last, self.r_next_s), (self.r_next_s, &self.next, f64::INFINITY)]
        {
            let tau = t_s - r;
            mv += match cycle.rhythm {
                Rhythm::Sinus | Rhythm::Af => narrow_complex_mv(tau, &cycle.activation, cycle.rhythm == Rhythm::Sinus),
                Rhythm::Vt => wide_complex_mv(tau, &cycle.activation),
                Rhythm::Vf if (r..end).contains(&t_s) => fibrillation_mv(t_s),
                Rhythm::Vf | Rhythm::Asystole => 0.0,
            };
        }
        mv
    }
}

/// A Gaussian wave centred `centre_s` after the R wave, `tau_s` from it.
#[inline]
fn wave(tau_s: f64, centre_s: f64, width_s: f64, amp_mv: f64) -> f64 {
    let z = (tau_s - centre_s) / width_s;
    // Beyond 6 widths a wave is below 10⁻⁷ of its peak: skip the exponential.
    if z.abs() > 6.0 { 0.0 } else { amp_mv * (-0.5 * z * z).exp() }
}

/// One P–QRS–T complex, `tau_s` relative to its R wave. Amplitudes and widths are those of a
/// normal lead II (P 0.15 mV, R 1.2 mV, T 0.3 mV); the T wave peaks near the end of contraction
/// so that it ends around aortic-valve closure, as on a real tracing.
fn narrow_complex_mv(tau_s: f64, act: &Activation, p_wave: bool) -> f64 {
    let p = if p_wave { wave(tau_s, -PR_INTERVAL_S + 0.05, 0.025, 0.15) } else { 0.0 };
    p + wave(tau_s, -0.025, 0.008, -0.12)
        + wave(tau_s, 0.0, 0.010, 1.2)
        + wave(tau_s, 0.028, 0.010, -0.25)
        + wave(tau_s, act.contraction_s - 0.03, 0.045, 0.30)
}

/// A ventricular (VT) complex: a broad, slurred QRS of about 160 ms and a large T wave of
/// the opposite direction (discordant), no P wave.
fn wide_complex_mv(tau_s: f64, act: &Activation) -> f64 {
    wave(tau_s, 0.03, 0.030, 1.3) + wave(tau_s, 0.10, 0.025, -0.45) + wave(tau_s, act.contraction_s - 0.02, 0.05, -0.45)
}

/// Coarse ventricular fibrillation (mV) at `t_s`: three incommensurate sinusoids between 4
/// and 8 Hz under a slow amplitude modulation, so the trace never repeats on a monitor's
/// sweep.
fn fibrillation_mv(t_s: f64) -> f64 {
    use std::f64::consts::TAU;
    let envelope = 0.75 + 0.25 * (TAU * 0.23 * t_s).sin();
    envelope
        * (0.35 * (TAU * 4.7 * t_s).sin() + 0.2 * (TAU * 6.1 * t_s + 1.3).sin() + 0.1 * (TAU * 7.9 * t_s + 2.1).sin())
}
