//! The parameter registry and the presets agree with the model's parameter tree.

use counterpulse::model::Params;
use counterpulse::scenario::{PRESETS, Preset, ScenarioError, choices, registry, resolve, set_text, validate};
use std::collections::BTreeSet;

fn leaf_paths(prefix: &str, v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                leaf_paths(&p, v, out);
            }
        }
        _ => {
            out.insert(prefix.to_owned());
        }
    }
}

#[test]
fn registry_covers_every_parameter_exactly_once() {
    let mut fields = BTreeSet::new();
    leaf_paths("", &serde_json::to_value(Params::default()).unwrap(), &mut fields);
    let keys: Vec<&str> = registry().iter().map(|s| s.key).chain(choices().iter().map(|c| c.key)).collect();
    let unique: BTreeSet<String> = keys.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(unique.len(), keys.len(), "duplicate keys");
    assert_eq!(unique, fields, "registry keys must equal the parameter tree's paths");
}

#[test]
fn registry_getters_and_setters_address_the_named_field() {
    for spec in registry() {
        let mut p = Params::default();
        let probe = 0.5 * (spec.min + spec.max);
        (spec.set)(&mut p, probe);
        assert_eq!((spec.get)(&p), probe, "{}", spec.key);
        let json = serde_json::to_value(&p).unwrap();
        let found = spec.key.split('.').fold(&json, |v, k| &v[k]);
        assert_eq!(found.as_f64(), Some(probe), "{} set another field", spec.key);
    }
}

#[test]
fn baseline_and_presets_are_valid_and_inside_their_ranges() {
    validate(&Params::default()).expect("baseline valid");
    for p in PRESETS {
        p.params().unwrap_or_else(|e| panic!("preset {}: {e}", p.name));
        assert!(!p.description().is_empty(), "preset {} needs a description", p.name);
    }
}

#[test]
fn toml_errors_carry_line_and_column() {
    let err = resolve(None, Some(("s.toml", "[heart]\nhr_bpm = 80\nbad line\n")), &[]).unwrap_err();
    match err {
        ScenarioError::Toml { line, column, .. } => assert_eq!((line, column), (3, 5), "{err}"),
        other => panic!("expected a TOML error, got {other}"),
    }
}

#[test]
fn cli_preset_wins_over_file_preset() {
    let s = resolve(Some("normal"), Some(("s.toml", "preset = \"cardiogenic-shock\"\n")), &[]).unwrap();
    assert_eq!(s.preset, "normal");
    assert_eq!(s.params, Preset::by_name("normal").unwrap().params().unwrap());
}

#[test]
fn choices_round_trip_and_reject_unknown_names() {
    for c in choices() {
        for option in c.options {
            let mut p = Params::default();
            set_text(&mut p, c.key, option).unwrap();
            assert_eq!((c.get)(&p), *option);
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(c.key.split('.').fold(&json, |v, k| &v[k]).as_str(), Some(*option), "{}", c.key);
        }
        let err = set_text(&mut Params::default(), c.key, "warp-drive").unwrap_err();
        assert!(err.to_string().contains(c.options[0]), "{err}");
    }
}

#[test]
fn whole_number_parameters_reject_fractions() {
    let err = set_text(&mut Params::default(), "assist.pump.p_level", "7.5").unwrap_err();
    assert_eq!(err.to_string(), "assist.pump.p_level = 7.5 must be a whole number from 0 to 9");
}

#[test]
fn scenario_files_take_device_names_as_strings() {
    let toml =
        "preset = \"cardiogenic-shock\"\n[assist]\nmode = \"pump\"\n[assist.pump]\nclass = \"5.0\"\np_level = 6\n";
    let s = resolve(None, Some(("s.toml", toml)), &[]).unwrap();
    assert_eq!(s.params.assist.pump.class.name(), "5.0");
    assert_eq!(s.params.assist.pump.p_level, 6.0);
    let err = resolve(None, Some(("s.toml", "[assist]\nmode = 3\n")), &[]).unwrap_err();
    assert!(err.to_string().contains("assist.mode"), "{err}");
}
