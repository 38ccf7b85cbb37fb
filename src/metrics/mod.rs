//! Beat detection and the indices a clinician reads off a monitor, computed from the
//! simulated waveforms.

mod beat;
mod summary;

pub use beat::{BeatMetrics, BeatRecorder};
pub use summary::{SUMMARY_BEATS, Summary};
