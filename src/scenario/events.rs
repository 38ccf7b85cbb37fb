//! Scenario events: a timeline of changes to the patient or the devices over a run (a coronary
//! occlusion during PCI, a bleed, a change of P-level, a rhythm).
//!
//! In a scenario file:
//! ```toml
//! [[events]]
//! at_s = 60          # when it starts (s)
//! duration_s = 60    # optional: undone after this long
//! ramp_s = 5         # optional: numbers are reached (and undone) gradually over this long
//! set = { "heart.lv.ees_mmhg_per_ml" = 0.4 }   # any parameter key or short name
//! ```
//! `rhythm = "af"` beside `set` is short for `set = { "heart.rhythm" = "af" }`. On the command
//! line and in a URL an event is one line of the same words: `--event
//! at_s=60,duration_s=60,ramp_s=5,heart.lv.ees_mmhg_per_ml=0.4` (`event=...` in a URL).
//!
//! A number moves linearly over the ramp; a named value (a rhythm, a device) switches at the
//! start. An event with a duration returns each key to the value it had just before the event.
//! One key is set by one event at a time: events that would overlap on a key are refused.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ScenarioError, find, find_choice, set_text, short_assignment, validate};
use crate::model::Params;

/// Latest start of an event, and longest duration (s): the longest run.
pub const EVENT_TIME_MAX_S: f64 = crate::run::SECONDS_RANGE.1;
/// Longest ramp (s).
pub const RAMP_MAX_S: f64 = 600.0;
/// Most events in one scenario.
pub const MAX_EVENTS: usize = 100;
/// Keys an event may not set: the integration step is fixed for a run.
const FIXED_KEYS: [&str; 1] = ["solver.dt_ms"];
/// The words of an event other than the keys it sets.
const FIELDS: [&str; 5] = ["at_s", "duration_s", "ramp_s", "set", "rhythm"];

/// The value an event gives a key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Target {
    /// A number, reached over the ramp.
    Number(f64),
    /// A named value (`af`, `pump`), switched at the start.
    Choice(String),
}

/// One change over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// When it starts (s from the start of the run).
    pub at_s: f64,
    /// How long it lasts before it is undone (s); None: it stays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<f64>,
    /// How long numbers take to reach their target, and to return (s).
    pub ramp_s: f64,
    /// The keys it sets (registry keys) and their values.
    pub set: BTreeMap<String, Target>,
}

impl Event {
    /// When the last of its changes is complete (s): after the undo's ramp, or for an event
    /// that stays, after its own ramp.
    pub fn end_s(&self) -> f64 {
        match self.duration_s {
            Some(d) => self.at_s + d + self.ramp_s,
            None => self.at_s + self.ramp_s,
        }
    }

    /// The event in the words of `--event` and a URL.
    pub fn to_words(&self) -> String {
        let mut words = vec![format!("at_s={}", self.at_s)];
        if let Some(d) = self.duration_s {
            words.push(format!("duration_s={d}"));
        }
        if self.ramp_s > 0.0 {
            words.push(format!("ramp_s={}", self.ramp_s));
        }
        for (key, target) in &self.set {
            match target {
                Target::Number(v) => words.push(format!("{key}={v}")),
                Target::Choice(name) => words.push(format!("{key}={name}")),
            }
        }
        words.join(",")
    }

    /// The CSV header's lines naming `events`, one `# event: ...` line each.
    pub fn csv_comment_lines(events: &[Event]) -> String {
        events.iter().map(|e| format!("# event: {}\n", e.describe())).collect()
    }

    /// One line for tables and the CSV header: "60 s for 60 s (ramp 5 s): heart.hr_bpm 120".
    pub fn describe(&self) -> String {
        let mut text = format!("at {} s", self.at_s);
        if let Some(d) = self.duration_s {
            text += &format!(" for {d} s");
        }
        if self.ramp_s > 0.0 {
            text += &format!(" (ramp {} s)", self.ramp_s);
        }
        let sets: Vec<String> = self
            .set
            .iter()
            .map(|(k, t)| match t {
                Target::Number(v) => format!("{k} = {v}"),
                Target::Choice(name) => format!("{k} = {name}"),
            })
            .collect();
        format!("{text}: {}", sets.join(", "))
    }
}

/// Builds event `index` (1-based, for messages) from its fields, given as (word, text) pairs in
/// the order written; keys may be registry keys or short names.
fn event_from_words(index: usize, words: &[(String, String)]) -> Result<Event, ScenarioError> {
    let field = |name: &str| format!("events[{index}].{name}");
    let time = |name: &str, text: &str, min: f64, max: f64| -> Result<f64, ScenarioError> {
        let key = field(name);
        let v = super::parse_number(&key, text, (min, max), "s")?;
        if (min..=max).contains(&v) {
            Ok(v)
        } else {
            Err(ScenarioError::OutOfRange { key, value: v, min, max, unit: "s".into() })
        }
    };
    let (mut at_s, mut duration_s, mut ramp_s) = (None, None, 0.0);
    let mut set = BTreeMap::new();
    for (word, text) in words {
        match word.as_str() {
            "at_s" => at_s = Some(time("at_s", text, 0.0, EVENT_TIME_MAX_S)?),
            "duration_s" => {
                let d = time("duration_s", text, 0.0, EVENT_TIME_MAX_S)?;
                if d == 0.0 {
                    return Err(ScenarioError::Event {
                        index,
                        reason: "duration_s = 0 undoes the event as it starts; leave it out for a change that stays"
                            .into(),
                    });
                }
                duration_s = Some(d);
            }
            "ramp_s" => ramp_s = time("ramp_s", text, 0.0, RAMP_MAX_S)?,
            "set" => {
                return Err(ScenarioError::Event {
                    index,
                    reason: "write the keys themselves (KEY=VALUE), not set=".into(),
                });
            }
            name => {
                let name = if name == "rhythm" { "heart.rhythm" } else { name };
                let assignment = short_assignment(name, text).unwrap_or_else(|| format!("{name}={text}"));
                let (key, value) = assignment.split_once('=').unwrap_or((name, text));
                let key = key.trim().to_owned();
                if FIXED_KEYS.contains(&key.as_str()) {
                    return Err(ScenarioError::Event {
                        index,
                        reason: format!("{key} cannot change during a run; set it for the whole scenario"),
                    });
                }
                // Checked alone first, so the error names the key, value and range.
                let mut probe = Params::default();
                set_text(&mut probe, &key, value.trim())
                    .map_err(|e| ScenarioError::InEvent { index, source: Box::new(e) })?;
                let target = if find_choice(&key).is_some() {
                    Target::Choice(value.trim().to_owned())
                } else {
                    let spec = find(&key).ok_or_else(|| ScenarioError::UnknownKey { key: key.clone() })?;
                    Target::Number((spec.get)(&probe))
                };
                if set.insert(key.clone(), target).is_some() {
                    return Err(ScenarioError::Event { index, reason: format!("sets {key} twice") });
                }
            }
        }
    }
    let at_s = at_s.ok_or_else(|| ScenarioError::Event { index, reason: "needs at_s, when it starts (s)".into() })?;
    if set.is_empty() {
        return Err(ScenarioError::Event {
            index,
            reason: "sets nothing; give at least one KEY=VALUE (or rhythm=...)".into(),
        });
    }
    Ok(Event { at_s, duration_s, ramp_s, set })
}

/// Parses one `--event` (or URL `event=`) text: comma-separated `WORD=VALUE` pairs.
pub fn parse_event_words(index: usize, text: &str) -> Result<Event, ScenarioError> {
    let mut words = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (word, value) = part.split_once('=').ok_or_else(|| ScenarioError::Event {
            index,
            reason: format!(
                "'{}' must look like WORD=VALUE (at_s=60, duration_s=30, ramp_s=5, or a parameter key)",
                super::clip(part)
            ),
        })?;
        words.push((word.trim().to_owned(), value.trim().to_owned()));
    }
    event_from_words(index, &words)
}

/// Parses the `events` array of a scenario file.
pub fn events_from_toml(value: &toml::Value) -> Result<Vec<Event>, ScenarioError> {
    let toml::Value::Array(items) = value else {
        return Err(ScenarioError::WrongType {
            key: "events".into(),
            found: value.type_str().into(),
            expected: "an array of tables ([[events]])".into(),
        });
    };
    let mut events = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let index = i + 1;
        let toml::Value::Table(table) = item else {
            return Err(ScenarioError::WrongType {
                key: format!("events[{index}]"),
                found: item.type_str().into(),
                expected: "a table with at_s and set".into(),
            });
        };
        let mut words = Vec::new();
        for (name, v) in table {
            match (name.as_str(), v) {
                ("set", toml::Value::Table(keys)) => flatten(index, "", keys, &mut words)?,
                ("set", other) => {
                    return Err(ScenarioError::WrongType {
                        key: format!("events[{index}].set"),
                        found: other.type_str().into(),
                        expected: "a table of parameter keys and values".into(),
                    });
                }
                (field, _) if !FIELDS.contains(&field) => {
                    return Err(ScenarioError::Event {
                        index,
                        reason: format!(
                            "unknown field '{}'; allowed: {} (parameter keys go in set)",
                            super::clip(field),
                            FIELDS.join(", ")
                        ),
                    });
                }
                (field, value) => words.push((field.to_owned(), scalar_text(index, field, value)?)),
            }
        }
        events.push(event_from_words(index, &words)?);
    }
    Ok(events)
}

/// The keys of a `set` table, with nested tables (`heart.lv.ees = 0.4` unquoted) joined by dots.
fn flatten(
    index: usize,
    prefix: &str,
    table: &toml::Table,
    words: &mut Vec<(String, String)>,
) -> Result<(), ScenarioError> {
    for (k, v) in table {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(inner) => flatten(index, &key, inner, words)?,
            other => {
                let text = scalar_text(index, &key, other)?;
                words.push((key, text));
            }
        }
    }
    Ok(())
}

/// A TOML number or string as text; anything else is the wrong type.
fn scalar_text(index: usize, name: &str, value: &toml::Value) -> Result<String, ScenarioError> {
    match value {
        toml::Value::Integer(i) => Ok(i.to_string()),
        toml::Value::Float(x) => Ok(x.to_string()),
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(ScenarioError::WrongType {
            key: format!("events[{index}].{name}"),
            found: other.type_str().into(),
            expected: "a number or a name".into(),
        }),
    }
}

/// Checks events together with the scenario's parameters: no two events set one key at the
/// same time, and the patient is valid at every moment the timeline changes it.
pub fn check_events(base: &Params, events: &[Event]) -> Result<(), ScenarioError> {
    if events.len() > MAX_EVENTS {
        return Err(ScenarioError::Event {
            index: MAX_EVENTS + 1,
            reason: format!("{} events; a scenario holds at most {MAX_EVENTS}", events.len()),
        });
    }
    for (i, a) in events.iter().enumerate() {
        for (j, b) in events.iter().enumerate().skip(i + 1) {
            let (first, second, fi, si) = if a.at_s <= b.at_s { (a, b, i, j) } else { (b, a, j, i) };
            if let Some(key) = first.set.keys().find(|k| second.set.contains_key(*k))
                && second.at_s < first.end_s()
            {
                return Err(ScenarioError::Event {
                    index: si + 1,
                    reason: format!(
                        "sets {key} at {} s while event {} still does (from {} s until {} s); one event per key at a time",
                        second.at_s,
                        fi + 1,
                        first.at_s,
                        first.end_s()
                    ),
                });
            }
        }
    }
    let timeline = Timeline::new(base.clone(), events.to_vec());
    for (i, e) in events.iter().enumerate() {
        let mut moments = vec![e.at_s, e.at_s + e.ramp_s];
        if let Some(d) = e.duration_s {
            moments.extend([e.at_s + d, e.end_s()]);
        }
        for t in moments {
            validate(&timeline.params_at(t))
                .map_err(|err| ScenarioError::InEvent { index: i + 1, source: Box::new(err) })?;
        }
    }
    Ok(())
}

/// The parameters over time: the scenario's, changed by its events.
#[derive(Debug, Clone)]
pub struct Timeline {
    base: Params,
    events: Vec<Event>,
    /// Times (s) at which the parameters change step-wise or a ramp starts or ends, sorted.
    breakpoints: Vec<f64>,
    /// Index of the next breakpoint not yet passed.
    next: usize,
    /// The parameters last handed out.
    current: Params,
}

impl Timeline {
    /// The timeline of `events` on `base`.
    pub fn new(base: Params, mut events: Vec<Event>) -> Self {
        events.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
        let mut breakpoints: Vec<f64> = events
            .iter()
            .flat_map(|e| {
                let undo = e.duration_s.map(|d| [e.at_s + d, e.at_s + d + e.ramp_s]);
                [e.at_s, e.at_s + e.ramp_s].into_iter().chain(undo.into_iter().flatten())
            })
            .collect();
        breakpoints.sort_by(f64::total_cmp);
        breakpoints.dedup();
        Self { current: base.clone(), base, events, breakpoints, next: 0 }
    }

    /// True if the timeline changes nothing.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The parameters at time `t_s`.
    pub fn params_at(&self, t_s: f64) -> Params {
        let mut p = self.base.clone();
        // Each key on its own: the events that set it, in time order, each starting from the
        // value the key had just before it.
        let mut keys: Vec<&String> = self.events.iter().flat_map(|e| e.set.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            if let Some(choice) = find_choice(key) {
                let mut name = (choice.get)(&self.base).to_owned();
                for e in self.events.iter().filter(|e| e.set.contains_key(key.as_str())) {
                    let Some(Target::Choice(target)) = e.set.get(key.as_str()) else { continue };
                    if t_s < e.at_s {
                        break;
                    }
                    if e.duration_s.is_none_or(|d| t_s < e.at_s + d) {
                        name.clone_from(target);
                    }
                }
                (choice.set)(&mut p, &name);
            } else if let Some(spec) = find(key) {
                let mut v = (spec.get)(&self.base);
                for e in self.events.iter().filter(|e| e.set.contains_key(key.as_str())) {
                    let Some(Target::Number(target)) = e.set.get(key.as_str()) else { continue };
                    if t_s < e.at_s {
                        break;
                    }
                    let before = v;
                    let reached = |since_s: f64| before + (target - before) * ramp_fraction(since_s, e.ramp_s);
                    v = match e.duration_s {
                        None => reached(t_s - e.at_s),
                        Some(d) if t_s < e.at_s + d => reached(t_s - e.at_s),
                        Some(d) => {
                            let at_end = reached(d);
                            at_end + (before - at_end) * ramp_fraction(t_s - e.at_s - d, e.ramp_s)
                        }
                    };
                }
                (spec.set)(&mut p, v);
            }
        }
        p
    }

    /// The parameters at `t_s` if they differ from those last handed out (a step-wise change
    /// or a ramp in progress); None while nothing changes. Call with increasing times.
    pub fn due(&mut self, t_s: f64) -> Option<Params> {
        let mut crossed = false;
        while self.next < self.breakpoints.len() && self.breakpoints[self.next] <= t_s {
            self.next += 1;
            crossed = true;
        }
        let ramping = self.events.iter().any(|e| {
            let in_ramp = |start: f64| e.ramp_s > 0.0 && t_s > start && t_s < start + e.ramp_s;
            in_ramp(e.at_s) || e.duration_s.is_some_and(|d| in_ramp(e.at_s + d))
        });
        if !(crossed || ramping) {
            return None;
        }
        let p = self.params_at(t_s);
        if p == self.current {
            return None;
        }
        self.current = p.clone();
        Some(p)
    }
}

/// How far a ramp of `ramp_s` is `since_s` after it started: 0 to 1 (1 at once without a ramp).
fn ramp_fraction(since_s: f64, ramp_s: f64) -> f64 {
    if ramp_s <= 0.0 { if since_s >= 0.0 { 1.0 } else { 0.0 } } else { (since_s / ramp_s).clamp(0.0, 1.0) }
}
