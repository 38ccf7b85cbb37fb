//! The maps' background computation: the cells of the balloon's timing map or the pump's map
//! ([`crate::maps`]) for the patient on the monitor, run off the UI pass so the monitor keeps
//! sweeping. Natively each cell is a task on bevy's async compute pool; on the web page, which
//! has one thread, the cells run in slices of a few milliseconds per frame ([`run::Run`]).
//! Either way every cell is exactly the run `counterpulse sweep` makes (tested).

use std::collections::VecDeque;

use bevy::platform::time::Instant;
use bevy::prelude::*;
#[cfg(not(target_arch = "wasm32"))]
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use super::ui::View;
use super::{AppSystems, Patient};
use crate::devices::AssistMode;
use crate::maps::{MAP_SECONDS, MapKind};
use crate::model::Params;
use crate::run::Run;
use crate::scenario::Scenario;
use crate::sweep::{Axis, Cell, cell_params, grid};

/// Wall time (ms) the web page's slices may take per frame: at least a third of a 60 Hz
/// frame, and a quarter of the last frame's time when frames are slower (software WebGL
/// draws a frame in a few hundred ms: the map then takes its share of the same frame rate),
/// at most 50 ms.
pub const SLICE_BUDGET_MS: (f64, f64) = (5.0, 50.0);
/// Share of the last frame's time the slices may take.
const SLICE_SHARE: f64 = 0.25;
/// Steps between looks at the clock within a slice.
const STEPS_PER_LOOK: usize = 100;

/// How cells run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// One task per cell on the async compute pool (native).
    Tasks,
    /// Slices within [`SLICE_BUDGET_MS`] per frame on the main thread (the web page).
    Slices,
}

impl Default for Engine {
    fn default() -> Self {
        if cfg!(target_arch = "wasm32") { Self::Slices } else { Self::Tasks }
    }
}

/// The cells still to run.
enum Pending {
    #[cfg(not(target_arch = "wasm32"))]
    Tasks(Vec<(usize, Task<Cell>)>),
    Slices {
        queue: VecDeque<usize>,
        current: Option<(usize, Box<Run>)>,
    },
}

/// A map of one patient: its cells as they finish.
pub struct MapRun {
    /// Which map.
    pub kind: MapKind,
    /// The swept scenario (the patient with the map's device on, no events).
    pub scenario: Scenario,
    /// x axis, then y axis.
    pub axes: Vec<Axis>,
    /// One per cell in [`grid`] order (x outermost), filled as the cells finish.
    pub cells: Vec<Option<Cell>>,
    /// Every cell's axis values ([`grid`] order) and parameters.
    values: Vec<Vec<f64>>,
    params: Vec<Params>,
    /// What identifies the patient: the swept scenario with the axes at their first values.
    key: Params,
    pending: Pending,
    started: Instant,
    /// Wall time (s) the whole map took, once finished.
    pub took_s: Option<f64>,
}

impl std::fmt::Debug for MapRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapRun").field("kind", &self.kind).field("done", &self.done()).finish_non_exhaustive()
    }
}

impl MapRun {
    /// Cells finished.
    pub fn done(&self) -> usize {
        self.cells.iter().filter(|c| c.is_some()).count()
    }

    /// True when every cell has finished.
    pub fn is_complete(&self) -> bool {
        self.took_s.is_some()
    }

    /// The parameters of the monitor's patient with this cell's settings (the map's device
    /// on), what a click on the cell loads.
    pub fn load(&self, patient: &Params, cell: usize) -> Params {
        let mut params = patient.clone();
        params.assist.mode = self.kind.device();
        for (axis, &v) in self.axes.iter().zip(&self.values[cell]) {
            (axis.spec.set)(&mut params, v);
        }
        params
    }
}

/// The chosen map, its index, and the map of the monitor's patient (complete or running).
#[derive(Resource, Debug, Default)]
pub struct Maps {
    /// The map shown.
    pub kind: MapKind,
    /// The index each map is coloured by (into [`MapKind::indices`]), balloon then pump.
    pub index: [usize; 2],
    /// The current map, if any.
    pub map: Option<MapRun>,
    /// Why the map cannot run for this patient (a cell that is not a valid patient).
    pub error: Option<String>,
    /// How cells run.
    pub engine: Engine,
}

impl Maps {
    /// True while a map's cells are running.
    pub fn is_running(&self) -> bool {
        self.map.as_ref().is_some_and(|m| !m.is_complete())
    }

    /// The index the shown map is coloured by.
    pub fn shown_index(&self) -> &'static crate::maps::MapIndex {
        let i = self.index[self.kind as usize];
        &self.kind.indices()[i.min(self.kind.indices().len() - 1)]
    }
}

/// What identifies the patient a map belongs to: the swept scenario with every axis at its
/// first value (so loading a cell, which moves only the axes, keeps the map). The axes follow
/// from it: the pump's blood volumes depend on the vessels' unstressed volumes, which it holds.
fn key_of(scenario: &Scenario, axes: &[Axis]) -> Params {
    let mut key = scenario.params.clone();
    for axis in axes {
        (axis.spec.set)(&mut key, axis.values[0]);
    }
    key
}

/// The maps (needs the `View` state and the [`Patient`]). A patient on the pump opens on the
/// pump's map, any other on the balloon's, unless a [`Maps`] resource was inserted before.
pub fn plugin(app: &mut App) {
    if app.world().get_resource::<Maps>().is_none() {
        let on_pump = app.world().get_resource::<Patient>().is_some_and(|p| p.params.assist.mode == AssistMode::Pump);
        let kind = if on_pump { MapKind::Pump } else { MapKind::BalloonTiming };
        app.insert_resource(Maps { kind, ..default() });
    }
    app.add_systems(Update, update_map.in_set(AppSystems::Derive).run_if(in_state(View::Map)));
}

/// Starts the map of the monitor's patient when the shown one belongs to another patient or
/// map, and runs its cells on.
fn update_map(patient: Res<Patient>, mut maps: ResMut<Maps>, time: Res<Time<Real>>) {
    let scenario = Scenario { preset: patient.preset.clone(), params: patient.params.clone(), events: Vec::new() };
    let kind = maps.kind;
    let swept = kind.scenario(&scenario);
    let axes = kind.axes(&swept.params);
    let key = key_of(&swept, &axes);
    let current = maps.map.as_ref().is_some_and(|m| m.kind == kind && m.key == key);
    if !current {
        maps.error = None;
        maps.map = None;
        match start(kind, swept, axes, key, maps.engine) {
            Ok(run) => maps.map = Some(run),
            Err(e) => maps.error = Some(e),
        }
    }
    let budget_ms = (time.delta_secs_f64() * 1e3 * SLICE_SHARE).clamp(SLICE_BUDGET_MS.0, SLICE_BUDGET_MS.1);
    if let Some(map) = maps.map.as_mut() {
        map.progress(budget_ms);
    }
}

impl MapRun {
    /// Collects finished cells and runs the next ones (slices for up to `budget_ms`).
    fn progress(&mut self, budget_ms: f64) {
        if self.is_complete() {
            return;
        }
        match &mut self.pending {
            #[cfg(not(target_arch = "wasm32"))]
            Pending::Tasks(tasks) => {
                let cells = &mut self.cells;
                tasks.retain_mut(|(i, task)| match check_ready(task) {
                    Some(cell) => {
                        cells[*i] = Some(cell);
                        false
                    }
                    None => true,
                });
            }
            Pending::Slices { queue, current } => {
                let started = Instant::now();
                while started.elapsed().as_secs_f64() * 1e3 < budget_ms {
                    if current.is_none() {
                        let Some(i) = queue.pop_front() else { break };
                        *current = Some((i, Box::new(Run::new(self.params[i].clone(), &[]))));
                    }
                    let Some((i, run)) = current.as_mut() else { break };
                    run.advance(MAP_SECONDS, STEPS_PER_LOOK, |_| {});
                    if run.is_done(MAP_SECONDS) {
                        let i = *i;
                        if let Some((_, run)) = current.take() {
                            self.cells[i] = Some(Cell::from_result(self.values[i].clone(), &run.finish()));
                        }
                    }
                }
            }
        }
        if self.cells.iter().all(Option::is_some) {
            let took = self.started.elapsed().as_secs_f64();
            self.took_s = Some(took);
            info!("map: {} ready, {} cells in {took:.2} s", self.kind.slug(), self.cells.len());
        }
    }
}

/// Checks every cell and starts them.
fn start(kind: MapKind, scenario: Scenario, axes: Vec<Axis>, key: Params, engine: Engine) -> Result<MapRun, String> {
    let values = grid(&axes);
    let params = values.iter().map(|v| cell_params(&scenario, &axes, v)).collect::<Result<Vec<_>, _>>();
    let params = params.map_err(|e| e.to_string())?;
    let pending = match engine {
        #[cfg(not(target_arch = "wasm32"))]
        Engine::Tasks => {
            let pool = AsyncComputeTaskPool::get();
            Pending::Tasks(
                params
                    .iter()
                    .zip(&values)
                    .enumerate()
                    .map(|(i, (p, v))| {
                        let (p, v) = (p.clone(), v.clone());
                        (
                            i,
                            pool.spawn(async move {
                                Cell::from_result(v, &crate::run::run_with_events(p, &[], MAP_SECONDS, |_| {}))
                            }),
                        )
                    })
                    .collect(),
            )
        }
        // The web page has no threads to give tasks: it always slices.
        _ => Pending::Slices { queue: (0..params.len()).collect(), current: None },
    };
    Ok(MapRun {
        kind,
        cells: vec![None; params.len()],
        scenario,
        axes,
        values,
        params,
        key,
        pending,
        started: Instant::now(),
        took_s: None,
    })
}
