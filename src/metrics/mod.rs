//! Beat detection and the indices a clinician reads off a monitor, computed from the
//! simulated waveforms.

mod beat;
mod landmarks;
mod summary;

pub use beat::{BeatMarks, BeatMetrics, BeatRecorder};
pub use landmarks::{Landmark, LandmarkKind, after_augmented, balloon_landmarks};
pub use summary::{FIELDS, SUMMARY_BEATS, Summary, SummaryField, format_change, format_number};
