//! The spot-the-timing-error quiz: the balloon at 1:2 with correct timing or one of the four
//! classic errors, and the explanation of each on the waveform's landmarks.
//!
//! The offsets are those of the timing-error tests (`tests/balloon_signatures.rs`), so every
//! textbook sign a question explains is one the model is tested to show. Each error's cost is
//! shown on the numbers that carry it, against correct timing on the same patient
//! ([`costs`]); `tests/balloon_signatures.rs` checks that none of them reads better than
//! correct timing.

use crate::metrics::{Summary, SummaryField};
use crate::model::Params;
use crate::scenario::from_query;

/// Which way a number moves when an error costs the heart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worse {
    /// Higher is worse (LVEDP, afterload, oxygen demand).
    Higher,
    /// Lower is worse (stroke volume, augmentation, supply/demand).
    Lower,
}

/// One timing situation: correct timing or a classic error, with its offsets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimingCase {
    /// Short name (the quiz's answer buttons).
    pub name: &'static str,
    /// One line on what goes wrong.
    pub tip: &'static str,
    /// Inflation offset from the ideal point (ms; negative = earlier).
    pub inflate_offset_ms: f64,
    /// Deflation offset from the ideal point (ms).
    pub deflate_offset_ms: f64,
    /// The textbook signs on the arterial trace.
    pub signs: &'static str,
    /// The numbers that carry this error's cost (summary keys), and which way is worse.
    pub costs: &'static [(&'static str, Worse)],
}

/// Correct timing and the four errors, in the order the quiz offers them.
pub const TIMING_CASES: [TimingCase; 5] = [
    TimingCase {
        name: "Correct",
        tip: "Inflate at the dicrotic notch, deflate just before ejection.",
        inflate_offset_ms: 0.0,
        deflate_offset_ms: 0.0,
        signs: "Inflation starts at the dicrotic notch (a sharp V), the augmented peak (PDP) reaches or \
                passes the unassisted systolic (PSP), and the assisted end-diastolic pressure (BAEDP) \
                dips below the unassisted one (PAEDP).",
        costs: &[],
    },
    TimingCase {
        name: "Early inflation",
        tip: "Inflates 120 ms before valve closure: ejection is cut short.",
        inflate_offset_ms: -120.0,
        deflate_offset_ms: 0.0,
        signs: "Inflation starts before the dicrotic notch, on the downslope of systole: the notch \
                disappears and the augmentation encroaches on systole, pushing that beat's pressure \
                up. The valve is shut early, so the stroke volume falls and LVEDP rises.",
        costs: &[("stroke_volume_ml", Worse::Lower), ("lvedp_mmhg", Worse::Higher)],
    },
    TimingCase {
        name: "Late inflation",
        tip: "Inflates 100 ms after closure: the notch shows, augmentation is smaller.",
        inflate_offset_ms: 100.0,
        deflate_offset_ms: 0.0,
        signs: "The dicrotic notch shows clearly and pressure falls before the balloon inflates: the \
                augmentation comes late, is narrower and its peak (PDP) is lower than with correct timing: \
                less diastolic pressure for the coronaries (DPTI/TTI falls).",
        costs: &[("peak_diastolic_augmentation_mmhg", Worse::Lower), ("evr", Worse::Lower)],
    },
    TimingCase {
        name: "Early deflation",
        tip: "Deflates 150 ms early: pressure falls back before systole, no afterload cut.",
        inflate_offset_ms: 0.0,
        deflate_offset_ms: -150.0,
        signs: "After the augmentation pressure drops sharply and then flattens out long before the \
                next upstroke: BAEDP is about equal to PAEDP, so the next systole meets no lower \
                pressure (no afterload reduction): the ventricle's peak pressure rises and the \
                shortened augmentation gives the coronaries less (DPTI/TTI falls).",
        costs: &[
            ("assisted_end_diastolic_mmhg", Worse::Higher),
            ("lv_peak_mmhg", Worse::Higher),
            ("evr", Worse::Lower),
        ],
    },
    TimingCase {
        name: "Late deflation",
        tip: "Deflates 120 ms late: the ventricle ejects against the balloon.",
        inflate_offset_ms: 0.0,
        deflate_offset_ms: 120.0,
        signs: "The augmentation lasts into the next upstroke: BAEDP is at or above PAEDP, the upstroke \
                of the assisted beat is slow and widened, and the ventricle ejects against a still \
                inflated balloon: afterload and the heart's oxygen demand (pressure-volume area) rise. \
                Output changes little (Kern et al. 1999 found stroke volume unaltered by deflation \
                timing); the cost is the heart's work.",
        costs: &[
            ("assisted_end_diastolic_mmhg", Worse::Higher),
            ("lv_peak_mmhg", Worse::Higher),
            ("pva_mmhg_ml", Worse::Higher),
        ],
    },
];

/// The preset every question is set on: the timing-error tests check each case's signs on
/// it, with its default balloon (40 mL, full augmentation, ECG trigger, predicted deflation)
/// in sinus rhythm.
pub const QUIZ_PRESET: &str = "cardiogenic-shock";

/// The scenario of a question, as a link query: [`QUIZ_PRESET`] with the balloon at 1:2 and
/// the offsets of `case`. `counterpulse validate` runs the same scenarios.
pub fn query(case: &TimingCase) -> String {
    format!(
        "preset={QUIZ_PRESET}&assist=iabp&ratio=1:2&inflate={}&deflate={}",
        case.inflate_offset_ms, case.deflate_offset_ms
    )
}

/// The patient of a question on `case` (see [`query`]).
pub fn params(case: &TimingCase) -> Params {
    // The five queries are constants of this module and `tests/classroom.rs` checks them.
    from_query(&query(case)).map(|s| s.params).unwrap_or_default()
}

/// `base` with the balloon at 1:2 and the timing of `case` (the controls' timing examples).
pub fn apply(base: &Params, case: &TimingCase) -> Params {
    let mut p = base.clone();
    p.assist.mode = crate::devices::AssistMode::Iabp;
    p.assist.iabp.ratio = 2.0;
    p.assist.iabp.inflate_offset_ms = case.inflate_offset_ms;
    p.assist.iabp.deflate_offset_ms = case.deflate_offset_ms;
    p
}

/// Simulated time (s) of the two runs [`costs`] compares: long enough for the reflexes to
/// settle.
pub const COST_SECONDS: f64 = 40.0;

/// One number of an error's cost: its value with the error and with correct timing.
#[derive(Debug, Clone)]
pub struct Cost {
    /// The summary field.
    pub field: &'static SummaryField,
    /// Which way is worse.
    pub worse: Worse,
    /// With the error.
    pub with_error: f64,
    /// With correct timing.
    pub correct: f64,
}

impl Cost {
    /// True unless the error reads better than correct timing on this number.
    pub fn no_better(&self) -> bool {
        match self.worse {
            Worse::Higher => self.with_error >= self.correct,
            Worse::Lower => self.with_error <= self.correct,
        }
    }
}

/// `case`'s cost numbers on the quiz patient: the error and correct timing, each run headless
/// for [`COST_SECONDS`] and averaged over the last beats. Empty for correct timing.
pub fn costs(case: &TimingCase) -> Vec<Cost> {
    if case.costs.is_empty() {
        return Vec::new();
    }
    // Correct timing on the quiz patient is the same run for every case: run it once.
    static CORRECT: std::sync::OnceLock<Option<Summary>> = std::sync::OnceLock::new();
    let correct = CORRECT.get_or_init(|| cost_summary(&TIMING_CASES[0]));
    let (Some(with_error), Some(correct)) = (cost_summary(case), correct) else {
        return Vec::new();
    };
    case.costs
        .iter()
        .filter_map(|&(key, worse)| {
            let field = SummaryField::find(key)?;
            Some(Cost { field, worse, with_error: (field.get)(&with_error)?, correct: (field.get)(correct)? })
        })
        .collect()
}

/// `case` on the quiz patient, run headless for [`COST_SECONDS`], averaged over the last beats.
fn cost_summary(case: &TimingCase) -> Option<Summary> {
    Summary::of_last(&crate::run::run(params(case), COST_SECONDS, |_| {}).beats)
}

/// The answer explained on this patient's numbers: the textbook signs, the landmarks as
/// measured on the monitor (averaged over the last beats), and the error's cost against
/// correct timing ([`costs`]).
pub fn explain(case: &TimingCase, s: &Summary, costs: &[Cost]) -> String {
    let v = |x: Option<f64>| x.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.0}"));
    let mut text = format!(
        "{}\n\nOn this monitor: PSP {} / PDP {} mmHg; BAEDP {} vs PAEDP {} mmHg; APSP {} mmHg.",
        case.signs,
        v(s.unassisted_systolic_mmhg),
        v(s.peak_diastolic_augmentation_mmhg),
        v(s.assisted_end_diastolic_mmhg),
        v(s.unassisted_end_diastolic_mmhg),
        v(s.assisted_systolic_mmhg),
    );
    if !costs.is_empty() {
        let items: Vec<String> = costs
            .iter()
            .map(|c| {
                let unit = if c.field.unit.is_empty() { String::new() } else { format!(" {}", c.field.unit) };
                format!(
                    "{} {}{unit} (correct timing {})",
                    c.field.label,
                    crate::metrics::format_number(c.with_error),
                    crate::metrics::format_number(c.correct)
                )
            })
            .collect();
        text.push_str(&format!("\nIts cost, against correct timing on the same patient: {}.", items.join("; ")));
    }
    text
}

/// A small deterministic generator (SplitMix64) for drawing questions; the app seeds it from
/// the time of the student's click, tests from a constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw(u64);

impl Draw {
    /// A generator from `seed`.
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Mixes more entropy (e.g. a click time) into the state.
    pub fn mix(&mut self, entropy: u64) {
        self.0 ^= entropy.rotate_left(17);
    }

    /// The next index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_is_drawn_about_equally_often() {
        let mut draw = Draw::new(7);
        let mut counts = [0usize; TIMING_CASES.len()];
        for _ in 0..5000 {
            counts[draw.below(TIMING_CASES.len())] += 1;
        }
        assert!(counts.iter().all(|&c| (850..1150).contains(&c)), "{counts:?}");
    }
}
