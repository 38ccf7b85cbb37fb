//! The balloon's waveform landmarks, placed on the beats that carry them.
//!
//! A beat's systole and the diastole *before* it belong to different balloon cycles: beat i
//! ejects after the diastole of beat i − 1. So beat i's systolic peak is assisted (APSP) and
//! its end-diastolic point balloon-assisted (BAEDP) when beat i − 1's diastole was augmented,
//! and unassisted (PSP, PAEDP) otherwise; an augmented beat carries the peak diastolic
//! augmentation (PDP) after its own valve closure. Definitions as in `docs/MODEL.md` §2 and §5
//! (systolic = peak while the valve is open, end-diastolic = pressure at opening).

use super::BeatMetrics;

/// Which landmark a point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LandmarkKind {
    /// Unassisted systolic pressure.
    Psp,
    /// Dicrotic notch (aortic-valve closure).
    DicroticNotch,
    /// Peak diastolic augmentation.
    Pdp,
    /// Balloon-assisted aortic end-diastolic pressure.
    Baedp,
    /// Unassisted (patient) aortic end-diastolic pressure.
    Paedp,
    /// Assisted systolic pressure.
    Apsp,
}

impl LandmarkKind {
    /// The abbreviation printed on a monitor.
    pub fn label(self) -> &'static str {
        match self {
            Self::Psp => "PSP",
            Self::DicroticNotch => "DN",
            Self::Pdp => "PDP",
            Self::Baedp => "BAEDP",
            Self::Paedp => "PAEDP",
            Self::Apsp => "APSP",
        }
    }
}

/// One landmark: what it is and where it lies on the aortic trace.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Landmark {
    /// Which landmark.
    pub kind: LandmarkKind,
    /// Time (s).
    pub t_s: f64,
    /// Aortic-root pressure (mmHg).
    pub mmhg: f64,
}

/// True when the diastole before beat `i`'s systole was augmented (beat i − 1 assisted).
pub fn after_augmented(beats: &[BeatMetrics], i: usize) -> bool {
    i > 0 && beats[i - 1].assisted
}

/// The landmarks of `beats` (consecutive beats, oldest first); empty when none of them was
/// assisted, since PSP/PAEDP only mean something next to assisted beats.
pub fn balloon_landmarks(beats: &[BeatMetrics]) -> Vec<Landmark> {
    if !beats.iter().any(|b| b.assisted) {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(beats.len() * 4);
    let mut push = |kind, [t_s, mmhg]: [f64; 2]| out.push(Landmark { kind, t_s, mmhg });
    for (i, beat) in beats.iter().enumerate() {
        let augmented_before = after_augmented(beats, i);
        // Beat 0's end-diastole belongs to a diastole whose balloon state is unknown here.
        if i > 0 && beat.ejected {
            let kind = if augmented_before { LandmarkKind::Baedp } else { LandmarkKind::Paedp };
            push(kind, beat.marks.end_diastolic);
        }
        if let Some(p) = beat.marks.systolic {
            push(if augmented_before { LandmarkKind::Apsp } else { LandmarkKind::Psp }, p);
        }
        if let Some(p) = beat.marks.dicrotic_notch {
            push(LandmarkKind::DicroticNotch, p);
        }
        if beat.assisted
            && let Some(p) = beat.marks.peak_diastolic
        {
            push(LandmarkKind::Pdp, p);
        }
    }
    out
}
