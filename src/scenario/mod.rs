//! Scenarios: presets, parameter overrides from TOML files and `--set`, and validation.
//!
//! A scenario file is TOML with the same dotted structure as the parameter tree, plus an
//! optional base `preset`:
//! ```toml
//! preset = "cardiogenic-shock"
//! [heart]
//! hr_bpm = 110
//! [heart.lv]
//! ees_mmhg_per_ml = 0.6
//! ```
//! Values are applied in order preset → file → `--set`, then validated once. A file may also
//! hold a timeline of `[[events]]` (see [`Event`]).

mod error;
mod events;
pub mod invariants;
mod query;
mod registry;

pub use error::{ScenarioError, clip, show};
pub use events::{EVENT_TIME_MAX_S, Event, MAX_EVENTS, RAMP_MAX_S, Target, Timeline, check_events, parse_event_words};
pub use query::{
    EVENT_NAME, SHORT_NAMES, ShortName, VIEW_NAME, from_query, query_preset, query_value, short_assignment, to_query,
    to_query_with_events,
};
pub use registry::{ChoiceSpec, ParamSpec, choices, find, find_choice, registry, source_of};

use serde::Serialize;

use crate::model::Params;

/// A built-in preset: TOML overrides of the `normal` baseline, embedded at compile time.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Name used on the command line.
    pub name: &'static str,
    /// The TOML text (its `description` key says what it represents).
    pub toml: &'static str,
}

/// Built-in presets.
pub const PRESETS: &[Preset] = &[
    Preset { name: "normal", toml: include_str!("../../assets/presets/normal.toml") },
    Preset { name: "heart-failure", toml: include_str!("../../assets/presets/heart-failure.toml") },
    Preset { name: "cardiogenic-shock", toml: include_str!("../../assets/presets/cardiogenic-shock.toml") },
    Preset { name: "biventricular-shock", toml: include_str!("../../assets/presets/biventricular-shock.toml") },
    Preset { name: "shock-spiral", toml: include_str!("../../assets/presets/shock-spiral.toml") },
    Preset { name: "high-risk-pci", toml: include_str!("../../assets/presets/high-risk-pci.toml") },
    Preset { name: "acute-mr", toml: include_str!("../../assets/presets/acute-mr.toml") },
    Preset { name: "post-mi-vsd", toml: include_str!("../../assets/presets/post-mi-vsd.toml") },
];

/// Top-level TOML keys that are not parameters.
const META_KEYS: [&str; 3] = ["description", "preset", "events"];

/// A fully resolved scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Name of the preset it started from.
    pub preset: String,
    /// Every parameter after overrides.
    pub params: Params,
    /// Changes over the run, in the order written (file first, then `--event`).
    pub events: Vec<Event>,
}

impl Preset {
    /// Looks a preset up by name.
    pub fn by_name(name: &str) -> Result<Self, ScenarioError> {
        PRESETS.iter().copied().find(|p| p.name == name).ok_or_else(|| ScenarioError::UnknownPreset {
            name: name.to_owned(),
            available: PRESETS.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
        })
    }

    /// The preset's one-line description.
    pub fn description(&self) -> String {
        parse_toml(self.name, self.toml)
            .ok()
            .and_then(|t| t.get("description").and_then(|d| d.as_str()).map(str::to_owned))
            .unwrap_or_default()
    }

    /// The preset's parameters (overrides applied to the baseline, or to the preset named by
    /// its `preset` key, validated).
    pub fn params(&self) -> Result<Params, ScenarioError> {
        let params = self.unchecked_params()?;
        validate(&params)?;
        Ok(params)
    }
}

impl Preset {
    /// The preset's overrides applied to the baseline, or to the preset its `preset` key
    /// names, not yet validated (a scenario validates once all its overrides are in).
    fn unchecked_params(&self) -> Result<Params, ScenarioError> {
        let table = parse_toml(self.name, self.toml)?;
        let mut params = match table.get("preset").and_then(|v| v.as_str()) {
            Some(base) => Preset::by_name(base)?.unchecked_params()?,
            None => Params::default(),
        };
        apply_toml(&mut params, &table)?;
        Ok(params)
    }
}

/// Builds a scenario from an optional preset name, an optional scenario file
/// (`(label, text)`) and `KEY=VALUE` overrides. A preset named on the command line wins
/// over the file's `preset` key.
pub fn resolve(preset: Option<&str>, file: Option<(&str, &str)>, sets: &[String]) -> Result<Scenario, ScenarioError> {
    resolve_with_events(preset, file, sets, &[])
}

/// [`resolve`] with events given as `--event` texts, after the file's own.
pub fn resolve_with_events(
    preset: Option<&str>,
    file: Option<(&str, &str)>,
    sets: &[String],
    event_texts: &[String],
) -> Result<Scenario, ScenarioError> {
    let table = file.map(|(label, text)| parse_toml(label, text)).transpose()?;
    let file_preset = match table.as_ref().and_then(|t| t.get("preset")) {
        Some(toml::Value::String(s)) => Some(s.as_str()),
        Some(other) => {
            return Err(ScenarioError::WrongType {
                key: "preset".into(),
                found: other.type_str().into(),
                expected: "a preset name string".into(),
            });
        }
        None => None,
    };
    let name = preset.or(file_preset).unwrap_or("normal");
    let mut params = Preset::by_name(name)?.unchecked_params()?;
    if let Some(table) = &table {
        apply_toml(&mut params, table)?;
    }
    for assignment in sets {
        let (key, value) = assignment
            .split_once('=')
            .ok_or_else(|| ScenarioError::MalformedAssignment { text: assignment.clone() })?;
        set_text(&mut params, key.trim(), value.trim())?;
    }
    validate(&params)?;
    let mut events = match table.as_ref().and_then(|t| t.get("events")) {
        Some(value) => events::events_from_toml(value)?,
        None => Vec::new(),
    };
    for text in event_texts {
        events.push(parse_event_words(events.len() + 1, text)?);
    }
    check_events(&params, &events)?;
    Ok(Scenario { preset: name.to_owned(), params, events })
}

/// Sets one parameter from text, checking that the key exists and the value parses and lies
/// in range.
pub fn set_text(params: &mut Params, key: &str, value: &str) -> Result<(), ScenarioError> {
    if let Some(choice) = find_choice(key) {
        return set_choice(params, &choice, value);
    }
    let spec = find(key).ok_or_else(|| ScenarioError::UnknownKey { key: key.to_owned() })?;
    let v = parse_number(key, value, (spec.min, spec.max), spec.unit)?;
    set_value(params, &spec, v)
}

/// A number given as text for `key` (a parameter or an option), allowed in `range` of `unit`:
/// the finite value, or why there is none. Text too large to represent (`1e309`, `inf`) is
/// out of range; anything else that does not parse is not a number. The caller checks the
/// range of a finite value.
pub fn parse_number(key: &str, text: &str, range: (f64, f64), unit: &str) -> Result<f64, ScenarioError> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(v) if v.is_infinite() => Err(ScenarioError::Overflow {
            key: key.to_owned(),
            text: text.to_owned(),
            min: range.0,
            max: range.1,
            unit: unit.to_owned(),
        }),
        _ => Err(ScenarioError::NotANumber { key: key.to_owned(), value: text.to_owned() }),
    }
}

/// Sets one parameter, checking its range.
fn set_value(params: &mut Params, spec: &ParamSpec, value: f64) -> Result<(), ScenarioError> {
    check_range(spec, value)?;
    (spec.set)(params, value);
    Ok(())
}

/// Sets a named-value parameter, checking the name.
fn set_choice(params: &mut Params, spec: &ChoiceSpec, value: &str) -> Result<(), ScenarioError> {
    if (spec.set)(params, value) {
        Ok(())
    } else {
        Err(ScenarioError::NotAnOption {
            key: spec.key.to_owned(),
            value: value.to_owned(),
            options: spec.options.join(", "),
        })
    }
}

/// Checks `value` against `spec`: a whole number where one is needed, and within the range.
pub fn check_range(spec: &ParamSpec, value: f64) -> Result<(), ScenarioError> {
    if spec.whole && value.fract() != 0.0 {
        return Err(ScenarioError::NotWhole { key: spec.key.to_owned(), value, min: spec.min, max: spec.max });
    }
    if value.is_finite() && (spec.min..=spec.max).contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::OutOfRange {
            key: spec.key.to_owned(),
            value,
            min: spec.min,
            max: spec.max,
            unit: spec.unit.to_owned(),
        })
    }
}

/// Checks every parameter against its range and the cross-field constraints.
pub fn validate(params: &Params) -> Result<(), ScenarioError> {
    for spec in registry() {
        check_range(&spec, (spec.get)(params))?;
    }
    // Timing offsets must fit inside one beat, and R-wave deflation cannot be brought forward.
    let rr_ms = 60_000.0 / params.heart.hr_bpm;
    let iabp = &params.assist.iabp;
    for (key, value) in [
        ("assist.iabp.inflate_offset_ms", iabp.inflate_offset_ms),
        ("assist.iabp.deflate_offset_ms", iabp.deflate_offset_ms),
    ] {
        if value.abs() >= rr_ms {
            return Err(ScenarioError::OutOfRange {
                key: key.into(),
                value,
                min: -rr_ms.floor(),
                max: rr_ms.floor(),
                unit: format!("ms (shorter than one beat at {} bpm)", params.heart.hr_bpm),
            });
        }
    }
    if iabp.deflation == crate::devices::Deflation::RWave && iabp.deflate_offset_ms < 0.0 {
        return Err(ScenarioError::OutOfRange {
            key: "assist.iabp.deflate_offset_ms".into(),
            value: iabp.deflate_offset_ms,
            min: 0.0,
            max: rr_ms.floor(),
            unit: format!(
                "ms (R-wave deflation can only be delayed, by less than one beat at {} bpm)",
                params.heart.hr_bpm
            ),
        });
    }
    // The exhausted and the occluded shares are parts of one coronary bed.
    let coronary = &params.coronary;
    if coronary.ischaemic_fraction + coronary.occluded_fraction > 1.0 {
        return Err(ScenarioError::Inconsistent {
            key: "coronary.occluded_fraction".into(),
            value: coronary.occluded_fraction,
            unit: String::new(),
            reason: format!(
                "the occluded and the exhausted (coronary.ischaemic_fraction = {}) shares of the bed add up to more \
                 than 1",
                coronary.ischaemic_fraction
            ),
        });
    }
    // The blood must at least fill every compartment to its unstressed volume, with some
    // stressed volume left to generate pressure.
    let unstressed = unstressed_volume_ml(params);
    let total = params.blood.total_volume_ml;
    if total < unstressed + MIN_STRESSED_ML {
        return Err(ScenarioError::Inconsistent {
            key: "blood.total_volume_ml".into(),
            value: total,
            unit: "mL".into(),
            reason: format!(
                "the unstressed volumes of all compartments add up to {unstressed:.0} mL; \
                 need at least {:.0} mL (raise the volume or lower unstressed volumes)",
                unstressed + MIN_STRESSED_ML
            ),
        });
    }
    Ok(())
}

/// Least stressed volume (mL) a patient may have: the blood beyond the unstressed volumes that
/// generates pressure.
pub const MIN_STRESSED_ML: f64 = 150.0;

/// Sum of all unstressed volumes (mL): blood that fills the circulation without raising pressure.
pub fn unstressed_volume_ml(p: &Params) -> f64 {
    let h = &p.heart;
    h.lv.v0_ml
        + h.la.v0_ml
        + h.rv.v0_ml
        + h.ra.v0_ml
        + p.systemic.aortic_root.unstressed_volume_ml
        + p.systemic.descending_aorta.unstressed_volume_ml
        + p.systemic.arteries.unstressed_volume_ml
        + p.systemic.veins.unstressed_volume_ml
        + p.pulmonary.arteries.unstressed_volume_ml
        + p.pulmonary.veins.unstressed_volume_ml
}

fn parse_toml(label: &str, text: &str) -> Result<toml::Table, ScenarioError> {
    text.parse::<toml::Table>().map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start).min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ScenarioError::Toml { source_name: label.to_owned(), line, column, message: e.message().trim().to_owned() }
    })
}

fn apply_toml(params: &mut Params, table: &toml::Table) -> Result<(), ScenarioError> {
    fn walk(params: &mut Params, prefix: &str, table: &toml::Table) -> Result<(), ScenarioError> {
        for (k, v) in table {
            if prefix.is_empty() && META_KEYS.contains(&k.as_str()) {
                continue;
            }
            let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                toml::Value::Table(t) => walk(params, &key, t)?,
                toml::Value::Float(x) => apply_number(params, &key, *x)?,
                toml::Value::Integer(i) => apply_number(params, &key, *i as f64)?,
                toml::Value::String(text) if find_choice(&key).is_some() => set_text(params, &key, text)?,
                other => {
                    if let Some(choice) = find_choice(&key) {
                        return Err(ScenarioError::WrongType {
                            key,
                            found: other.type_str().into(),
                            expected: format!("one of {}", choice.options.join(", ")),
                        });
                    }
                    find(&key).ok_or_else(|| ScenarioError::UnknownKey { key: key.clone() })?;
                    return Err(ScenarioError::WrongType {
                        key,
                        found: other.type_str().into(),
                        expected: "a number".into(),
                    });
                }
            }
        }
        Ok(())
    }
    walk(params, "", table)
}

fn apply_number(params: &mut Params, key: &str, value: f64) -> Result<(), ScenarioError> {
    if find_choice(key).is_some() {
        // e.g. the pump class written as the number 5.0 rather than the string "5.0".
        return set_text(params, key, &format!("{value:.1}"));
    }
    let spec = find(key).ok_or_else(|| ScenarioError::UnknownKey { key: key.to_owned() })?;
    set_value(params, &spec, value)
}
