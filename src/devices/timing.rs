//! The balloon console's timing: which beats to assist, and when to inflate and deflate,
//! predicted from the preceding beats as a real console does.
//!
//! ```text
//! ideal inflation  = aortic-valve closure        ≈ R + (R→closure of a clean preceding beat)
//!                    (pressure trigger: upstroke + predicted ejection time)
//! ideal deflation  = balloon empty as the valve opens
//!                  ≈ predicted next R + (R→opening of a clean preceding beat) − T_def
//!                    (R-wave deflation: start deflating on the next R wave)
//! actual           = ideal + the operator's offset
//! ```
//! "Clean" means the measurement was not disturbed by the balloon: a closure is learnt only
//! from a beat whose inflation did not start before it (an early inflation that shuts the
//! valve early must not drag its own trigger earlier), an opening only from a beat whose
//! preceding diastole was not augmented (a deflation can pull the valve open early, which
//! must not pull the next deflation earlier still; at 1:1 the console keeps the opening time
//! it learnt before assistance began). The
//! next R wave is predicted from the last RR interval, which is exact in sinus rhythm and
//! wrong in an irregular one, as on a real console.

use super::Warning;
use super::balloon::{Balloon, Cycle, DEFLATION_S, Deflation, IabpParams, Trigger};

/// A learnt interval and the heart rate it was learnt at. Systolic time intervals shorten as
/// the rate rises (Weissler, Harris & Schoenfeld, Circulation 37:149, 1968, in men: R to
/// closure QS2 = 546 − 2.1·HR ms, ejection LVET = 413 − 1.7·HR, pre-ejection PEP = 131 −
/// 0.4·HR): the console moves a learnt interval along that slope when the rate changes, so a
/// reflex that slows the heart does not leave inflation inside the lengthened ejection (at
/// 1:1 an early inflation hides the notch it would relearn from).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Interval {
    s: f64,
    hr_bpm: f64,
    /// Change of the interval with heart rate (s per beat/min).
    slope_s_per_bpm: f64,
}

impl Interval {
    /// The interval at heart rate `hr_bpm`.
    fn at(&self, hr_bpm: f64) -> f64 {
        self.s + self.slope_s_per_bpm * (hr_bpm - self.hr_bpm)
    }
}

/// Weight of the newest RR interval in the console's mean (about the last eight beats).
const RATE_AVERAGING: f64 = 0.125;

/// Weissler's slopes (s per beat/min): QS2, LVET, PEP.
const QS2_SLOPE: f64 = -2.1e-3;
const LVET_SLOPE: f64 = -1.7e-3;
const PEP_SLOPE: f64 = -0.4e-3;

/// Beats the console cannot time (no valve closure, or its intervals never learnt) after
/// which it times from the ECG.
pub const FALLBACK_AFTER_BEATS: u32 = 5;

/// Corrected QT interval (s) the ECG fallback assumes: the upper end of normal (Bazett).
const QTC_S: f64 = 0.42;

/// The warning a console timing from the ECG raises.
pub const BALLOON_TIMING_FALLBACK: Warning = Warning {
    code: "balloon_timing_fallback",
    message: "The balloon console found no aortic-valve closure (no dicrotic notch) for 5 beats: it now inflates \
              at the end of the T wave (R + QT) and deflates on the R wave. Check the timing on the arterial trace.",
};

/// Time without an R wave (s) after which the console declares its trigger lost: it stops
/// pumping, deflates the balloon and alarms ("trigger loss"). Consoles need a trigger for
/// every cycle and stop, deflated, within seconds of losing it (the exact delay is the
/// maker's); 2 s is longer than any RR interval down to 30 bpm, so no slow beat trips it.
/// In arrest a console offers a pressure trigger on chest compressions or an internal
/// (asynchronous) trigger at a set rate (Webb, Weyker & Flynn, Semin Cardiothorac Vasc
/// Anesth 19:106, 2015); with compressions the balloon raised diastolic and coronary
/// perfusion pressure in dogs (Am J Emerg Med 7:378, 1989), without them there is no
/// pressure to augment.
pub const TRIGGER_LOSS_S: f64 = 2.0;

/// The warning a console without a trigger raises.
pub const BALLOON_NO_TRIGGER: Warning = Warning {
    code: "balloon_no_trigger",
    message: "Trigger lost: no R wave for 2 s (fibrillation or asystole). The balloon console has stopped and the \
              balloon is deflated: it can only augment the pressure a heartbeat, or chest compressions, make. Treat \
              the rhythm; during CPR a console can pump on the compressions' pressure or on an internal trigger.",
};

/// The console's learnt intervals and beat bookkeeping.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Console {
    /// The last R wave, or when the console started watching for one (s).
    last_trigger_s: Option<f64>,
    /// No R wave for [`TRIGGER_LOSS_S`]: the console has stopped.
    trigger_lost: bool,
    beat_index: u64,
    r_s: Option<f64>,
    last_rr_s: Option<f64>,
    /// RR interval averaged over the last beats (s): the rate the learnt intervals are
    /// corrected for, slow enough that an irregular rhythm does not jolt them beat by beat.
    mean_rr_s: Option<f64>,
    /// Learnt intervals (s), each with the heart rate (beats/min) of the beat it was learnt on.
    r_to_open_s: Option<Interval>,
    r_to_close_s: Option<Interval>,
    open_to_close_s: Option<Interval>,
    opened_s: Option<f64>,
    /// The current beat's diastole is being augmented.
    assisted: bool,
    /// The previous beat's diastole was augmented.
    previous_assisted: bool,
    /// Deflation time waiting for the upstroke that places inflation (pressure trigger).
    pending_deflate_s: Option<f64>,
    /// The deflation time of a cycle scheduled at this beat's opening (pressure trigger), kept
    /// until the opening proves to be an ejection.
    scheduled_at_open: Option<f64>,
    /// R waves since the console last could time a beat: it had learnt its intervals and saw
    /// the valve shut after an ejection in the beat before (or since it started).
    beats_without_timing: u32,
    /// The valve shut after an ejection during the beat in progress.
    closed_this_beat: bool,
}

/// Shortest valve opening taken as an ejection (s). Deflating at the R wave can drop the
/// aortic pressure below the isovolumic LV pressure and flick the valve open for about 30 ms
/// before the real ejection; a console reading the pressure waveform sees no systolic
/// upstroke and no notch there. Learning that flicker's "closure" would place every later
/// inflation inside the next ejection (and, at 1:1, never unlearn it). The shortest real
/// ejection, in a failing ventricle, lasts about 200 ms.
pub const MIN_EJECTION_S: f64 = 0.08;

impl Console {
    /// Called at the end of every step without an R wave: watches for a lost trigger.
    pub fn on_step(&mut self, t_s: f64, balloon: &mut Balloon) {
        let since = *self.last_trigger_s.get_or_insert(t_s);
        if !self.trigger_lost && t_s - since >= TRIGGER_LOSS_S {
            self.trigger_lost = true;
            self.assisted = false;
            balloon.stop(t_s);
        }
    }

    /// Called at every R wave.
    pub fn on_r_wave(&mut self, t_s: f64, p: &IabpParams, balloon: &mut Balloon) {
        if self.trigger_lost {
            // The rhythm is back: start afresh, as a console relearns a patient after a pause
            // (the intervals learnt before the arrest, and the pause itself as an RR, would
            // misplace the first cycles).
            *self = Self::default();
        }
        self.last_trigger_s = Some(t_s);
        if let Some(r) = self.r_s {
            let rr = t_s - r;
            self.last_rr_s = Some(rr);
            self.mean_rr_s = Some(self.mean_rr_s.map_or(rr, |m| m + RATE_AVERAGING * (rr - m)));
        }
        self.previous_assisted = self.assisted;
        // A cycle left open for this R wave (R-wave deflation, or the ECG fallback, even one
        // the console has just left) deflates now: none may stay inflated into the ejection.
        if let Some(c) = balloon.current.as_mut()
            && c.deflate_s.is_infinite()
        {
            let offset_ms = if p.deflation == Deflation::RWave { p.deflate_offset_ms } else { 0.0 };
            c.deflate_s = t_s + offset_ms * 1e-3;
        }
        self.r_s = Some(t_s);
        self.opened_s = None;
        self.pending_deflate_s = None;
        self.scheduled_at_open = None;
        self.beat_index += 1;
        let intervals_known = self.last_rr_s.is_some() && self.r_to_open_s.is_some() && self.r_to_close_s.is_some();
        self.beats_without_timing =
            if self.closed_this_beat && intervals_known { 0 } else { self.beats_without_timing.saturating_add(1) };
        self.closed_this_beat = false;
        let ratio = p.ratio.round().max(1.0) as u64;
        if self.timing_from_ecg() {
            // No closure to learn from: inflate at the end of the T wave, deflate on the R wave.
            let Some(rr) = self.last_rr_s else {
                self.assisted = false;
                return;
            };
            self.assisted = self.beat_index.is_multiple_of(ratio);
            if self.assisted {
                let end_of_t = QTC_S * rr.sqrt();
                schedule(balloon, t_s + end_of_t + p.inflate_offset_ms * 1e-3, f64::INFINITY, p);
            }
            return;
        }
        let (Some(rr), Some(r_to_open), Some(r_to_close)) = (self.last_rr_s, self.r_to_open_s, self.r_to_close_s)
        else {
            // Still learning the patient's timing.
            self.assisted = false;
            return;
        };
        self.assisted = self.beat_index.is_multiple_of(ratio);
        if !self.assisted {
            return;
        }
        let hr = self.mean_hr_bpm().unwrap_or(60.0 / rr);
        let deflate_s = match p.deflation {
            Deflation::Predicted => t_s + rr + r_to_open.at(hr) - DEFLATION_S + p.deflate_offset_ms * 1e-3,
            Deflation::RWave => f64::INFINITY,
        };
        match p.trigger {
            Trigger::Ecg => {
                schedule(balloon, t_s + r_to_close.at(hr) + p.inflate_offset_ms * 1e-3, deflate_s, p);
            }
            Trigger::Pressure => self.pending_deflate_s = Some(deflate_s),
        }
    }

    /// True while the console has gone [`FALLBACK_AFTER_BEATS`] beats unable to time them (no
    /// closure seen, or intervals it never learnt) and times the balloon from the ECG.
    pub fn timing_from_ecg(&self) -> bool {
        self.beats_without_timing > FALLBACK_AFTER_BEATS
    }

    /// The mean heart rate (beats/min) of the last beats.
    fn mean_hr_bpm(&self) -> Option<f64> {
        self.mean_rr_s.map(|rr| 60.0 / rr)
    }

    /// An interval learnt on this beat, at the mean rate of the last beats.
    fn learnt(&self, s: f64, slope_s_per_bpm: f64) -> Option<Interval> {
        self.mean_hr_bpm().map(|hr_bpm| Interval { s, hr_bpm, slope_s_per_bpm })
    }

    /// The console's warning, if it has one.
    pub fn warning(&self) -> Option<Warning> {
        if self.trigger_lost {
            return Some(BALLOON_NO_TRIGGER);
        }
        self.timing_from_ecg().then_some(BALLOON_TIMING_FALLBACK)
    }

    /// Called when the aortic valve opens (the arterial upstroke).
    pub fn on_valve_open(&mut self, t_s: f64, p: &IabpParams, balloon: &mut Balloon) {
        if self.opened_s.is_some() {
            return;
        }
        self.opened_s = Some(t_s);
        if let (Some(deflate_s), Some(ejection), Some(hr)) =
            (self.pending_deflate_s.take(), self.open_to_close_s, self.mean_hr_bpm())
            && schedule(balloon, t_s + ejection.at(hr) + p.inflate_offset_ms * 1e-3, deflate_s, p)
        {
            self.scheduled_at_open = Some(deflate_s);
        }
    }

    /// Called when the aortic valve shuts (the dicrotic notch).
    pub fn on_valve_close(&mut self, t_s: f64, balloon: &mut Balloon) {
        if let Some(opened) = self.opened_s
            && t_s - opened < MIN_EJECTION_S
        {
            // A flicker, not an ejection: forget it, and take back an inflation placed on it
            // that has not begun. (An inflation already under way, e.g. a very early offset
            // that shut the valve itself, stays: the balloon cannot un-inflate in a step.)
            self.opened_s = None;
            let not_begun = balloon.current.is_some_and(|c| c.inflate_s > t_s);
            if let Some(deflate_s) = self.scheduled_at_open.take()
                && not_begun
            {
                balloon.current = balloon.previous.take();
                self.pending_deflate_s = Some(deflate_s);
            }
            return;
        }
        self.scheduled_at_open = None;
        // A real closure (learnt or not: an early inflation may have caused it).
        self.closed_this_beat = true;
        if let (Some(r), Some(o)) = (self.r_s, self.opened_s)
            && !self.previous_assisted
        {
            self.r_to_open_s = self.learnt(o - r, PEP_SLOPE);
        }
        let inflated_before = self.assisted && balloon.current.is_some_and(|c| c.inflate_s < t_s);
        if inflated_before {
            return;
        }
        if let Some(r) = self.r_s {
            self.r_to_close_s = self.learnt(t_s - r, QS2_SLOPE);
        }
        if let Some(o) = self.opened_s {
            self.open_to_close_s = self.learnt(t_s - o, LVET_SLOPE);
        }
    }
}

/// Schedules a cycle; false (nothing scheduled) if its deflation would come before its
/// inflation, which is not a cycle.
fn schedule(balloon: &mut Balloon, inflate_s: f64, deflate_s: f64, p: &IabpParams) -> bool {
    let valid = deflate_s > inflate_s;
    if valid {
        balloon.schedule(Cycle { inflate_s, deflate_s, fill_ml: p.fill_ml() });
    }
    valid
}
