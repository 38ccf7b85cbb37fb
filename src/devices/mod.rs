//! Assist devices that act on the circulation: the continuous-flow pump (and, next, the
//! intra-aortic balloon). Each is a physical part of the loop, not an offset on a curve.

pub mod pump;

use serde::{Deserialize, Serialize};

pub use pump::{PumpClass, PumpParams};

/// Which assist device runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AssistMode {
    /// No assist.
    #[default]
    Off,
    /// Continuous-flow pump, LV → aortic root.
    Pump,
}

impl AssistMode {
    /// Names accepted on the command line and in scenario files.
    pub const NAMES: [&'static str; 2] = ["off", "pump"];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Pump => "pump",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "off" => Some(Self::Off),
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
    /// Continuous-flow pump settings (used when `mode` is `pump`).
    pub pump: PumpParams,
}
