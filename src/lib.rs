//! Counterpulse: an educational simulator of cardiac counterpulsation.
//!
//! **Educational toy: not a medical device, not a controller.** It talks to no hardware and
//! its numbers must never guide the care of a patient.
//!
//! The core ([`model`], [`devices`], [`metrics`], [`scenario`], [`run`], [`compare`], [`lessons`],
//! [`quiz`], [`validate`]) is plain Rust with no rendering
//! dependency; it builds and runs headless and on `wasm32-unknown-unknown`.
//!
//! ```
//! use counterpulse::{run::run, scenario::Preset};
//! let params = Preset::by_name("normal").unwrap().params().unwrap();
//! let result = run(params, 20.0, |_| {});
//! let summary = result.summary.unwrap();
//! assert!((70.0..100.0).contains(&summary.map_mmhg));
//! ```

#[cfg(feature = "gui")]
pub mod app;
pub mod compare;
pub mod devices;
pub mod lessons;
pub mod maps;
pub mod metrics;
pub mod model;
mod names;
pub mod quiz;
pub mod run;
pub mod scenario;
pub mod sweep;
pub mod validate;

/// The notice every surface carries.
pub const DISCLAIMER: &str =
    "EDUCATIONAL SIMULATOR - not a medical device, not a controller; never use it for patient care.";
