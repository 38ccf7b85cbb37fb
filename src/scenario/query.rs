//! Scenarios in a URL query, for shareable links to the web app:
//! `?preset=cardiogenic-shock&assist=iabp&ratio=1:2&inflate=-40`.
//!
//! The names are the command line's flag names without `--` (plus the short aliases `ratio`,
//! `inflate` and `deflate`), or any registry key; the values are checked exactly as on the
//! command line. [`to_query`] writes the parameters that differ from the preset.

use super::{Scenario, ScenarioError, choices, registry};
use crate::model::Params;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// A short name for a parameter: a URL query name and, for most, a command-line flag
/// (`--hr 90` = `hr=90` = `--set heart.hr_bpm=90`). The flags, their help and the URL names are
/// all derived from [`SHORT_NAMES`], so adding one is one row there.
#[derive(Debug, Clone, Copy)]
pub struct ShortName {
    /// The name, without `--`.
    pub name: &'static str,
    /// The registry key it stands for.
    pub key: &'static str,
    /// Also a command-line flag (false: a shorter URL alias of a flag, e.g. `ratio`).
    pub flag: bool,
}

impl ShortName {
    const fn flag(name: &'static str, key: &'static str) -> Self {
        Self { name, key, flag: true }
    }

    const fn alias(name: &'static str, key: &'static str) -> Self {
        Self { name, key, flag: false }
    }

    /// The flag's value as help shows it: the choices (`sinus|af`) or the allowed range
    /// (`30..160`).
    pub fn value_name(&self) -> String {
        if let Some(c) = registry::find_choice(self.key) {
            c.options.join("|")
        } else if let Some(s) = registry::find(self.key) {
            format!("{}..{}", s.min, s.max)
        } else {
            "VALUE".into()
        }
    }

    /// The flag's help: the parameter's meaning, its unit and the key it sets.
    pub fn help(&self) -> String {
        let (doc, unit) = match (registry::find_choice(self.key), registry::find(self.key)) {
            (Some(c), _) => (c.doc, ""),
            (None, Some(s)) => (s.doc, s.unit),
            (None, None) => ("", ""),
        };
        let mut chars = doc.chars();
        let doc: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        let unit = if unit.is_empty() { String::new() } else { format!(" [{unit}]") };
        format!("{doc}{unit}; same as `--set {}=...`", self.key)
    }
}

/// Short names accepted in a URL and as command-line flags → registry keys. When a key has
/// several names, the first is the one [`to_query`] writes. Flags are applied in this order,
/// after `--set`.
pub const SHORT_NAMES: &[ShortName] = &[
    ShortName::flag("hr", "heart.hr_bpm"),
    ShortName::flag("rhythm", "heart.rhythm"),
    ShortName::flag("assist", "assist.mode"),
    ShortName::alias("ratio", "assist.iabp.ratio"),
    ShortName::flag("iabp-ratio", "assist.iabp.ratio"),
    ShortName::flag("balloon-ml", "assist.iabp.balloon_ml"),
    ShortName::flag("augmentation-pct", "assist.iabp.augmentation_pct"),
    ShortName::flag("trigger", "assist.iabp.trigger"),
    ShortName::flag("deflation", "assist.iabp.deflation"),
    ShortName::alias("inflate", "assist.iabp.inflate_offset_ms"),
    ShortName::flag("inflate-offset-ms", "assist.iabp.inflate_offset_ms"),
    ShortName::alias("deflate", "assist.iabp.deflate_offset_ms"),
    ShortName::flag("deflate-offset-ms", "assist.iabp.deflate_offset_ms"),
    ShortName::flag("pump", "assist.pump.class"),
    ShortName::flag("p-level", "assist.pump.p_level"),
    ShortName::flag("baroreflex", "regulation.baroreflex.enabled"),
    ShortName::flag("autoregulation", "regulation.autoregulation.enabled"),
    ShortName::flag("ischaemia", "regulation.ischaemia.enabled"),
    ShortName::flag("dt-ms", "solver.dt_ms"),
];

/// The `KEY=VALUE` assignment a short name stands for (`ratio`, `1:2` → `assist.iabp.ratio=2`),
/// or None if `name` is not a short name. The command line's flags and URL queries both use it.
pub fn short_assignment(name: &str, value: &str) -> Option<String> {
    let key = SHORT_NAMES.iter().find(|s| s.name == name)?.key;
    // "1:2" → 2; anything else is passed on for the registry to reject by name.
    let value = if key == "assist.iabp.ratio" { value.strip_prefix("1:").unwrap_or(value) } else { value };
    Some(format!("{key}={value}"))
}

/// The scenario a URL query describes (with or without the leading `?`). A missing preset
/// means `normal`; a later repetition of a name wins, as on the command line.
pub fn from_query(query: &str) -> Result<Scenario, ScenarioError> {
    let mut preset: Option<String> = None;
    let mut sets = Vec::new();
    let mut events = Vec::new();
    for (name, value) in pairs(query) {
        if name == "preset" {
            preset = Some(value);
            continue;
        }
        if name == EVENT_NAME {
            events.push(value);
            continue;
        }
        if name == VIEW_NAME {
            continue;
        }
        let assignment = match short_assignment(&name, &value) {
            Some(assignment) => assignment,
            None if registry::find(&name).is_some() || registry::find_choice(&name).is_some() => {
                format!("{name}={value}")
            }
            None => {
                let known: Vec<&str> = SHORT_NAMES.iter().map(|s| s.name).collect();
                return Err(ScenarioError::UnknownQueryName { name, known: known.join(", ") });
            }
        };
        // Check each parameter alone first, so the error names the URL's own words.
        let (key, value_for_key) = assignment.split_once('=').unwrap_or((assignment.as_str(), ""));
        let mut probe = Params::default();
        super::set_text(&mut probe, key, value_for_key).map_err(|e| ScenarioError::Query {
            name: name.clone(),
            value: value.clone(),
            source: Box::new(e),
        })?;
        sets.push(assignment);
    }
    super::resolve_with_events(Some(preset.as_deref().unwrap_or("normal")), None, &sets, &events)
}

/// The query name of an event (`event=at_s=60,duration_s=30,hr=120`), repeatable, in the words
/// of `--event`.
pub const EVENT_NAME: &str = "event";

/// The query name of the app's view (`view=lesson-3`): read by the app, not part of the
/// scenario, so [`from_query`] passes over it.
pub const VIEW_NAME: &str = "view";

/// The preset a URL query names (the last `preset=`), decoded, whether or not the rest of the
/// query is valid: what a page falls back to when the link is bad.
pub fn query_preset(query: &str) -> Option<String> {
    query_value(query, "preset")
}

/// The decoded value of the last `name=` in a URL query, if any.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    pairs(query).filter(|(n, _)| n == name).map(|(_, value)| value).last()
}

/// The decoded `name=value` pairs of a query (with or without the leading `?`).
fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(name), decode(value))
    })
}

/// A URL query for `params` as changes to `preset`: `preset=NAME` and every parameter that
/// differs from it, by its short name where it has one. `from_query` reads it back exactly.
pub fn to_query(preset: &str, params: &Params) -> String {
    let base = super::Preset::by_name(preset).and_then(|p| p.params()).unwrap_or_default();
    let name_of = |key: &'static str| SHORT_NAMES.iter().find(|s| s.key == key).map_or(key, |s| s.name);
    let mut parts = vec![format!("preset={}", encode(preset))];
    for choice in choices() {
        let value = (choice.get)(params);
        if value != (choice.get)(&base) {
            parts.push(format!("{}={}", name_of(choice.key), encode(value)));
        }
    }
    for spec in registry::registry() {
        let value = (spec.get)(params);
        if value != (spec.get)(&base) {
            let text = if spec.key == "assist.iabp.ratio" { format!("1:{value}") } else { format!("{value}") };
            parts.push(format!("{}={}", name_of(spec.key), encode(&text)));
        }
    }
    parts.join("&")
}

/// [`to_query`] followed by the scenario's events (`event=...`, in their `--event` words).
pub fn to_query_with_events(preset: &str, params: &Params, events: &[super::Event]) -> String {
    let mut query = to_query(preset, params);
    for e in events {
        query.push_str(&format!("&{EVENT_NAME}={}", utf8_percent_encode(&e.to_words(), ESCAPED_EVENT)));
    }
    query
}

/// An event's words keep their `=` and `,` readable in a link (both are allowed in a query
/// value, and the value is read up to the next `&`).
const ESCAPED_EVENT: &AsciiSet = &ESCAPED.remove(b'=').remove(b',');

/// Characters a link escapes: everything but the unreserved ones of RFC 3986, and `:`, which
/// stays readable (`ratio=1:2`).
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b':');

/// Percent-decoding with `+` as space (application/x-www-form-urlencoded); a malformed
/// escape is kept as written, so the value check reports it.
fn decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Percent-encoding of everything in [`ESCAPED`].
fn encode(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_example_reads_like_the_command_line() {
        let s = from_query("?preset=cardiogenic-shock&assist=iabp&ratio=1:2&inflate=-40").expect("valid");
        assert_eq!(s.preset, "cardiogenic-shock");
        assert_eq!(s.params.assist.mode, crate::devices::AssistMode::Iabp);
        assert_eq!(s.params.assist.iabp.ratio, 2.0);
        assert_eq!(s.params.assist.iabp.inflate_offset_ms, -40.0);
    }

    #[test]
    fn a_link_reads_back_the_same_scenario() {
        let mut s = from_query("preset=heart-failure&assist=pump&pump=5.0&p-level=6&rhythm=af").expect("valid");
        s.params.heart.lv.ees_mmhg_per_ml = 0.95;
        s.params.assist.iabp.ratio = 3.0;
        let query = to_query(&s.preset, &s.params);
        let back = from_query(&query).expect("round trip");
        assert_eq!(back, s, "{query}");
        assert!(query.contains("ratio=1:3") && query.contains("heart.lv.ees_mmhg_per_ml=0.95"), "{query}");
    }

    #[test]
    fn bad_parameters_name_the_url_words_and_the_range() {
        let e = from_query("preset=cardiogenic-shock&ratio=1:7").unwrap_err().to_string();
        assert!(e.contains("ratio=1:7") && e.contains("1 to 3"), "{e}");
        let e = from_query("preset=nope").unwrap_err().to_string();
        assert!(e.contains("nope") && e.contains("cardiogenic-shock"), "{e}");
        let e = from_query("colour=red").unwrap_err().to_string();
        assert!(e.contains("colour") && e.contains("inflate"), "{e}");
        let e = from_query("hr=fast").unwrap_err().to_string();
        assert!(e.contains("hr=fast") && e.contains("not a number"), "{e}");
        // Cross-field checks run on the whole scenario: an offset longer than the beat.
        let e = from_query("preset=cardiogenic-shock&assist=iabp&inflate=900").unwrap_err().to_string();
        assert!(e.contains("inflate_offset_ms"), "{e}");
    }

    #[test]
    fn every_short_name_stands_for_a_real_parameter() {
        for s in SHORT_NAMES {
            assert!(
                registry::find(s.key).is_some() || registry::find_choice(s.key).is_some(),
                "{} → {}",
                s.name,
                s.key
            );
            assert!(!s.help().starts_with(';') && s.value_name() != "VALUE", "{s:?}");
        }
    }

    #[test]
    fn the_preset_of_a_bad_link_is_still_found() {
        assert_eq!(query_preset("?preset=heart%2Dfailure&ratio=1:7").as_deref(), Some("heart-failure"));
        assert_eq!(query_preset("ratio=1:7"), None);
    }

    #[test]
    fn escapes_are_decoded_and_encoded() {
        assert_eq!(decode("a%3Ab+c%zz"), "a:b c%zz");
        assert_eq!(encode("1:2 x/y"), "1:2%20x%2Fy");
    }
}
