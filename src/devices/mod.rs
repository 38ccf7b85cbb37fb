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

/// Which assist device runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AssistMode {
    /// No assist.
    #[default]
    Off,
    /// Intra-aortic balloon counterpulsation.
    Iabp,
    /// Continuous-flow pump, LV → aortic root.
    Pump,
}

impl AssistMode {
    /// Names accepted on the command line and in scenario files.
    pub const NAMES: [&'static str; 3] = ["off", "iabp", "pump"];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Iabp => "iabp",
            Self::Pump => "pump",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "off" => Some(Self::Off),
            "iabp" => Some(Self::Iabp),
            "pump" => Some(Self::Pump),
            _ => None,
        }
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
