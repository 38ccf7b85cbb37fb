//! The app's two maps, sweeps of the current patient that a student reads as a landscape: the
//! balloon's timing map (inflation against deflation offset, the four timing errors as its
//! four sides) and the pump's map (P-level against blood volume, where suction begins). The
//! grids, the run length and the indices they are coloured by are defined here, in the core,
//! so the app, its tests and `counterpulse sweep` give the same cells.

use crate::devices::AssistMode;
use crate::metrics::Summary;
use crate::model::Params;
use crate::scenario::{MIN_STRESSED_ML, Scenario, find, unstressed_volume_ml};
use crate::sweep::Axis;

/// Simulated seconds per cell: long enough for the reflexes to answer a new setting (the
/// summary averages the last beats), short enough that a 7 × 7 map takes about a second.
pub const MAP_SECONDS: f64 = 30.0;

/// Which map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MapKind {
    /// Balloon inflation offset (x) against deflation offset (y), 7 × 7 around the ideal.
    #[default]
    BalloonTiming,
    /// Pump P-level (x) against total blood volume (y).
    Pump,
}

/// One index a map can be coloured by.
#[derive(Debug, Clone, Copy)]
pub struct MapIndex {
    /// Short name (CSV and menus), e.g. `evr`.
    pub key: &'static str,
    /// What it is, for the legend.
    pub label: &'static str,
    /// Unit ("" for a ratio).
    pub unit: &'static str,
    /// Decimals shown in a cell.
    pub decimals: usize,
    /// True if a higher value is better for the heart (drawn brighter).
    pub higher_is_better: bool,
    /// The value in a cell's summary (None where it does not apply).
    pub get: fn(&Summary) -> Option<f64>,
    /// What the index shows, a line for the panel.
    pub meaning: &'static str,
}

/// Indices both maps show; each map gives its own meaning where it differs.
const TOTAL_OUTPUT: MapIndex = MapIndex {
    key: "total_output_l_min",
    label: "Total output",
    unit: "L/min",
    decimals: 2,
    higher_is_better: true,
    get: |s| Some(s.total_output_l_min),
    meaning: "Forward flow to the body, with the reflexes' answer to each setting.",
};
const LVEDP: MapIndex = MapIndex {
    key: "lvedp_mmhg",
    label: "LVEDP",
    unit: "mmHg",
    decimals: 1,
    higher_is_better: false,
    get: |s| Some(s.lvedp_mmhg),
    meaning: "LV filling pressure. A ventricle that ejects less fills to a higher pressure.",
};
const MAP: MapIndex = MapIndex {
    key: "map_mmhg",
    label: "Mean arterial pressure",
    unit: "mmHg",
    decimals: 0,
    higher_is_better: true,
    get: |s| Some(s.map_mmhg),
    meaning: "Perfusion pressure of the organs.",
};

/// The balloon timing map's indices. The first, the heart's oxygen demand, rises with each of
/// the four timing errors; the others each miss one or more of them, which is the lesson of
/// reading them side by side (`docs/MODEL.md`, "The timing map").
pub const BALLOON_INDICES: [MapIndex; 8] = [
    MapIndex {
        key: "pva_mmhg_ml",
        label: "Pressure-volume area (oxygen demand)",
        unit: "mmHg·mL",
        decimals: 0,
        higher_is_better: false,
        get: |s| Some(s.pva_mmhg_ml),
        meaning: "Suga's PVA, proportional to the ventricle's oxygen use. Each of the four timing errors raises it.",
    },
    MapIndex {
        key: "evr",
        label: "DPTI/TTI (endocardial viability ratio)",
        unit: "",
        decimals: 2,
        higher_is_better: true,
        get: |s| s.evr,
        meaning: "Supply over demand by pressure-time. It counts the balloon's pressure after an early valve \
                  closure as supply, so early inflation scores well though the ventricle ejects less.",
    },
    MapIndex {
        key: "stroke_volume_ml",
        label: "Stroke volume",
        unit: "mL",
        decimals: 1,
        higher_is_better: true,
        get: |s| Some(s.stroke_volume_ml),
        meaning: "Early inflation cuts ejection short (Schreuder 2005: -20 %); late deflation does not lower it \
                  (Kern 1999: unchanged; Schreuder: +18 %), it costs oxygen instead.",
    },
    TOTAL_OUTPUT,
    LVEDP,
    MapIndex {
        key: "apsp_minus_psp_mmhg",
        label: "APSP - PSP (assisted minus unassisted systolic)",
        unit: "mmHg",
        decimals: 1,
        higher_is_better: false,
        get: |s| Some(s.assisted_systolic_mmhg? - s.unassisted_systolic_mmhg?),
        meaning: "Below 0: the balloon lowers the next systole (afterload). Needs unassisted beats (1:2 or 1:3).",
    },
    MapIndex {
        key: "baedp_minus_paedp_mmhg",
        label: "BAEDP - PAEDP (assisted minus unassisted end-diastolic)",
        unit: "mmHg",
        decimals: 1,
        higher_is_better: false,
        get: |s| Some(s.assisted_end_diastolic_mmhg? - s.unassisted_end_diastolic_mmhg?),
        meaning: "Below 0: deflation empties the aorta before systole. Needs unassisted beats (1:2 or 1:3).",
    },
    MAP,
];

/// The pump map's indices.
pub const PUMP_INDICES: [MapIndex; 5] = [
    MapIndex {
        key: "pump_flow_l_min",
        label: "Pump flow",
        unit: "L/min",
        decimals: 2,
        higher_is_better: true,
        get: |s| Some(s.pump_flow_l_min),
        meaning: "What the pump moves. It falls where the ventricle runs empty (suction).",
    },
    MapIndex { meaning: "Pump flow plus what the heart still ejects.", ..TOTAL_OUTPUT },
    MapIndex {
        key: "suction",
        label: "Beats with suction",
        unit: "fraction",
        decimals: 2,
        higher_is_better: false,
        get: |s| Some(s.suction),
        meaning: "Share of beats where the inlet sucked the ventricle empty: too little volume for the speed.",
    },
    MapIndex { meaning: "LV filling pressure: the pump unloads the ventricle as its speed rises.", ..LVEDP },
    MAP,
];

impl MapKind {
    /// Both maps, in menu order.
    pub const ALL: [Self; 2] = [Self::BalloonTiming, Self::Pump];

    /// The device the map runs.
    pub fn device(self) -> AssistMode {
        match self {
            Self::BalloonTiming => AssistMode::Iabp,
            Self::Pump => AssistMode::Pump,
        }
    }

    /// Its name in menus and file names.
    pub fn title(self) -> &'static str {
        match self {
            Self::BalloonTiming => "Balloon timing map",
            Self::Pump => "Pump map",
        }
    }

    /// Short name for files, e.g. `timing-map`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::BalloonTiming => "timing-map",
            Self::Pump => "pump-map",
        }
    }

    /// The indices it can be coloured by.
    pub fn indices(self) -> &'static [MapIndex] {
        match self {
            Self::BalloonTiming => &BALLOON_INDICES,
            Self::Pump => &PUMP_INDICES,
        }
    }

    /// Its axes for the patient `params`: x (columns) first, then y (rows).
    ///
    /// The balloon's offsets span the quiz's timing errors (inflation −120 and +100 ms,
    /// deflation −150 and +120 ms; `quiz::TIMING_CASES`) in 7 steps with the ideal, 0, in the
    /// middle. The pump's P-levels are those with a flow worth mapping (P2 to P9). Its blood
    /// volumes start at the least the patient's vessels accept (their unstressed volume plus
    /// the stressed minimum, rounded up to 100 mL), where the ventricle runs empty and the
    /// pump sucks, and rise 2.4 L in steps of 400 mL. They depend on the vessels, not on the
    /// patient's blood volume, so loading a cell of the map leaves the map as it is.
    pub fn axes(self, params: &Params) -> Vec<Axis> {
        let axis = |name: &str, key: &str, values: Vec<f64>| Axis {
            name: name.into(),
            spec: find(key).expect("map axes are registry keys"),
            values,
        };
        let steps = |start: f64, step: f64, n: usize| (0..n).map(|i| start + step * i as f64).collect::<Vec<_>>();
        match self {
            Self::BalloonTiming => vec![
                axis("inflate_offset_ms", "assist.iabp.inflate_offset_ms", steps(-120.0, 40.0, 7)),
                axis("deflate_offset_ms", "assist.iabp.deflate_offset_ms", steps(-150.0, 50.0, 7)),
            ],
            Self::Pump => vec![
                axis("assist.pump.p_level", "assist.pump.p_level", steps(2.0, 1.0, 8)),
                axis("blood.total_volume_ml", "blood.total_volume_ml", steps(lowest_blood_volume_ml(params), 400.0, 7)),
            ],
        }
    }

    /// The scenario the map sweeps: the patient with the map's device on and no events (a map
    /// shows the steady patient; events belong to the monitor's timeline).
    pub fn scenario(self, patient: &Scenario) -> Scenario {
        let mut params = patient.params.clone();
        params.assist.mode = self.device();
        Scenario { preset: patient.preset.clone(), params, events: Vec::new() }
    }
}

/// The least blood volume (mL) the pump map runs: the least the scenario checks accept, rounded
/// up to 100 mL.
fn lowest_blood_volume_ml(params: &Params) -> f64 {
    ((unstressed_volume_ml(params) + MIN_STRESSED_ML) / 100.0).ceil() * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::{cell_params, check_axes, grid};

    /// Every cell of both maps is a valid patient for every preset, so a map never fails on a
    /// built-in patient.
    #[test]
    fn every_cell_of_every_map_is_valid_for_every_preset() {
        for preset in crate::scenario::PRESETS {
            let scenario =
                Scenario { preset: preset.name.into(), params: preset.params().unwrap(), events: Vec::new() };
            for kind in MapKind::ALL {
                let axes = kind.axes(&scenario.params);
                check_axes(&axes).unwrap();
                for values in grid(&axes) {
                    cell_params(&kind.scenario(&scenario), &axes, &values).unwrap();
                }
            }
        }
    }

    #[test]
    fn the_balloon_axes_are_centred_on_the_ideal_timing() {
        let params = Params::default();
        for axis in MapKind::BalloonTiming.axes(&params) {
            assert_eq!(axis.values.len(), 7);
            assert_eq!(axis.values[3], 0.0, "{}", axis.name);
        }
        let volumes = &MapKind::Pump.axes(&params)[1].values;
        assert!(volumes[0] < params.blood.total_volume_ml && params.blood.total_volume_ml < volumes[6], "{volumes:?}");
    }
}
