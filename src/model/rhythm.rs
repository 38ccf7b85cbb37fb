//! Beat timing (the sinus node) and a synthetic surface ECG.
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

use super::heart::Activation;

crate::names::named_enum! {
    /// Heart rhythm.
    #[derive(Default)]
    pub enum Rhythm {
        /// Regular sinus rhythm with atrial contraction.
        #[default]
        Sinus = "sinus",
        /// Atrial fibrillation: irregular RR, no atrial kick.
        Af = "af",
    }
}

/// Coefficient of variation of RR in atrial fibrillation.
const AF_RR_CV: f64 = 0.22;
/// Ventricular refractory period (s): no RR interval is shorter.
const REFRACTORY_S: f64 = 0.25;

/// PR interval (s) from the onset of atrial activation to the R wave: 0.16 s, mid-range
/// of the normal 0.12–0.20 s (Goldberger, Clinical Electrocardiography, 9th ed.).
pub const PR_INTERVAL_S: f64 = 0.16;

/// When the ventricles and atria of the recent and coming beats are activated.
///
/// Keeping the previous two R waves lets a relaxation that outlasts a short RR
/// interval finish while the next contraction starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Pacemaker {
    /// Heart rate (beats/min) used for the next RR interval.
    pub hr_bpm: f64,
    /// Time (s) of the R wave before the last one.
    pub r_before_last_s: f64,
    /// Time (s) of the most recent R wave (start of the current beat).
    pub r_last_s: f64,
    /// Time (s) of the next R wave.
    pub r_next_s: f64,
    /// Ventricular activation of the last beat and of the one before it.
    last: Activation,
    before_last: Activation,
    /// Ventricular activation of the coming beat.
    next: Activation,
    /// Sinus or atrial fibrillation.
    rhythm: Rhythm,
    /// State of the SplitMix64 generator that draws AF intervals.
    rng_state: u64,
}

impl Pacemaker {
    /// A pacemaker whose first R wave falls at `first_r_s`. No beat precedes it: the
    /// circulation starts at rest, not in the middle of a contraction.
    pub fn new(hr_bpm: f64, rhythm: Rhythm, first_r_s: f64) -> Self {
        let act = Activation::ventricular(60.0 / hr_bpm);
        Self {
            rhythm,
            rng_state: 0x5EED_C0DE_2026_0001,
            hr_bpm,
            r_before_last_s: f64::NEG_INFINITY,
            r_last_s: f64::NEG_INFINITY,
            r_next_s: first_r_s,
            last: act,
            before_last: act,
            next: act,
        }
    }

    /// Changes rate and rhythm from the next RR interval on; the beat in progress and the
    /// one already scheduled keep their timing, as a real heart's would.
    pub fn set_rate(&mut self, hr_bpm: f64, rhythm: Rhythm) {
        self.hr_bpm = hr_bpm;
        self.rhythm = rhythm;
    }

    /// Moves to the next beat if `t_s` has reached the next R wave; returns true if it did.
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
        self.next = Activation::ventricular(rr);
        true
    }

    /// The next RR interval (s): fixed in sinus rhythm, drawn at random in AF.
    fn next_rr_s(&mut self) -> f64 {
        let mean = 60.0 / self.hr_bpm;
        if self.rhythm == Rhythm::Sinus {
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
        let next = self.next.at(t_s - self.r_next_s);
        let last = self.last.at(t_s - self.r_last_s);
        let before = self.before_last.at(t_s - self.r_before_last_s);
        next.max(last).max(before)
    }

    /// Atrial activation e(t) in [0, 1]: the atria fire one PR interval before each R wave.
    #[inline]
    pub fn atrial_activation(&self, t_s: f64) -> f64 {
        if self.rhythm == Rhythm::Af {
            return 0.0;
        }
        let a = Activation::ATRIAL;
        a.at(t_s - (self.r_next_s - PR_INTERVAL_S)).max(a.at(t_s - (self.r_last_s - PR_INTERVAL_S)))
    }

    /// Synthetic lead-II ECG (mV) at `t_s`.
    pub fn ecg_mv(&self, t_s: f64) -> f64 {
        let mut mv = 0.0;
        for (r, act) in [(self.r_last_s, &self.last), (self.r_next_s, &self.next)] {
            mv += ecg_complex_mv(t_s - r, act, self.rhythm == Rhythm::Sinus);
        }
        mv
    }
}

/// One P–QRS–T complex, `tau_s` relative to its R wave. Amplitudes and widths are those of a
/// normal lead II (P 0.15 mV, R 1.2 mV, T 0.3 mV); the T wave peaks near the end of contraction
/// so that it ends around aortic-valve closure, as on a real tracing.
fn ecg_complex_mv(tau_s: f64, act: &Activation, p_wave: bool) -> f64 {
    let wave = |centre_s: f64, width_s: f64, amp_mv: f64| {
        let z = (tau_s - centre_s) / width_s;
        // Beyond 6 widths a wave is below 10⁻⁷ of its peak: skip the exponential.
        if z.abs() > 6.0 { 0.0 } else { amp_mv * (-0.5 * z * z).exp() }
    };
    let p = if p_wave { wave(-PR_INTERVAL_S + 0.05, 0.025, 0.15) } else { 0.0 };
    p + wave(-0.025, 0.008, -0.12)
        + wave(0.0, 0.010, 1.2)
        + wave(0.028, 0.010, -0.25)
        + wave(act.contraction_s - 0.03, 0.045, 0.30)
}
