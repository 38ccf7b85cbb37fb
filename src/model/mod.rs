//! The physiology: a closed-loop lumped-parameter circulation with a time-varying-elastance
//! heart. No rendering, no clock, no globals: `Simulation::step` is all a front end calls.

mod autoregulation;
mod baroreflex;
mod circulation;
mod coronary;
mod effectors;
mod heart;
pub mod integrator;
mod ischaemia;
mod lesions;
mod loop_area;
mod params;
mod regulation;
mod rhythm;
mod simulation;
mod valves;
mod vessels;

pub use autoregulation::AutoregulationParams;
pub use baroreflex::BaroreflexParams;
pub use circulation::{Hemodynamics, N_STATES, State};
pub use coronary::CoronaryParams;
pub use effectors::Effectors;
pub use heart::{Activation, ChamberParams};
pub use ischaemia::IschaemiaParams;
pub use lesions::{LesionParams, orifice_flow_ml_per_s};
pub use loop_area::LoopArea;
pub use params::{BloodParams, HeartParams, Params, PulmonaryParams, SolverParams, SystemicParams, ValveParams};
pub use regulation::{RegulationParams, Switch};
pub use rhythm::{PR_INTERVAL_S, Pacemaker, Rhythm, SILENT_CYCLE_S};
pub use simulation::{CHANNELS, Channel, Simulation, Snapshot, StepEvents};
pub use valves::{InertialValveParams, ValveState};
pub use vessels::Compliance;
