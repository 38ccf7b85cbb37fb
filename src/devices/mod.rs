//! Assist devices that act on the circulation: the intra-aortic balloon and the
//! continuous-flow pump. Each is a physical part of the loop, not an offset on a curve.

pub mod balloon;
pub mod pump;
pub mod timing;

use serde::{Deserialize, Serialize};

pub use balloon::{Balloon, Deflation, IabpParams, Trigger};
pub use pump::{PumpClass, PumpParams};
pub use timing::Console;

/// Something a device wants the user to know: a machine-readable code and a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable identifier, e.g. `balloon_timing_fallback`.
    pub code: &'static str,
    /// What happened and what to do.
    pub message: &'static str,
}

crate::names::named_enum! {
    /// Which assist device runs.
    #[derive(Default)]
    pub enum AssistMode {
        /// No assist.
        #[default]
        Off = "off",
        /// Intra-aortic balloon counterpulsation.
        Iabp = "iabp",
        /// Continuous-flow pump, LV → aortic root.
        Pump = "pump",
    }
}

/// Assist device settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct AssistParams {
    /// Which device runs.
    pub mode: AssistMode,
    /// Balloon pump settings (used when `mode` is `iabp`).
    pub iabp: IabpParams,
    /// Continuous-flow pump settings (used when `mode` is `pump`).
    pub pump: PumpParams,
}
