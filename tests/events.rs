//! Scenario events: the timeline a scenario file, `--event` and a URL describe alike, what it
//! does to a run, and the clear refusal of events that cannot work.

use counterpulse::run::run_with_events;
use counterpulse::scenario::{Target, Timeline, from_query, resolve, resolve_with_events, to_query_with_events};

fn shock_with(events: &[&str]) -> counterpulse::scenario::Scenario {
    let texts: Vec<String> = events.iter().map(|e| (*e).to_owned()).collect();
    resolve_with_events(Some("cardiogenic-shock"), None, &[], &texts).expect("valid events")
}

fn error(events: &[&str]) -> String {
    let texts: Vec<String> = events.iter().map(|e| (*e).to_owned()).collect();
    resolve_with_events(Some("cardiogenic-shock"), None, &[], &texts).expect_err("refused").to_string()
}

#[test]
fn a_file_the_command_line_and_a_link_describe_the_same_timeline() {
    let file = r#"
preset = "cardiogenic-shock"
[[events]]
at_s = 60
duration_s = 60
ramp_s = 5
set = { "heart.lv.ees_mmhg_per_ml" = 0.4 }
[[events]]
at_s = 150
duration_s = 20
rhythm = "af"
"#;
    let from_file = resolve(None, Some(("story.toml", file)), &[]).expect("valid file");
    let from_options = shock_with(&[
        "at_s=60,duration_s=60,ramp_s=5,heart.lv.ees_mmhg_per_ml=0.4",
        "at_s=150,duration_s=20,rhythm=af",
    ]);
    assert_eq!(from_file, from_options);
    assert_eq!(from_file.events.len(), 2);
    assert_eq!(from_file.events[0].set["heart.lv.ees_mmhg_per_ml"], Target::Number(0.4));
    assert_eq!(from_file.events[1].set["heart.rhythm"], Target::Choice("af".into()));
    // Nested keys in the file's `set` table are the same keys.
    let nested = "preset = \"cardiogenic-shock\"\n[[events]]\nat_s = 60\n[events.set.heart]\nhr_bpm = 120\n";
    let s = resolve(None, Some(("nested.toml", nested)), &[]).expect("valid file");
    assert_eq!(s.events[0].set["heart.hr_bpm"], Target::Number(120.0));
    // A link carries the events and reads back the same scenario.
    let link = to_query_with_events(&from_file.preset, &from_file.params, &from_file.events);
    assert!(link.contains("event=at_s=60,duration_s=60,ramp_s=5,heart.lv.ees_mmhg_per_ml=0.4"), "{link}");
    assert_eq!(from_query(&link).expect("link reads back"), from_file);
    // Short names work in events as in flags and links.
    assert_eq!(shock_with(&["at_s=10,hr=120"]).events[0].set["heart.hr_bpm"], Target::Number(120.0));
    assert_eq!(shock_with(&["at_s=10,assist=iabp,ratio=1:2"]).events[0].set["assist.iabp.ratio"], Target::Number(2.0));
}

#[test]
fn numbers_ramp_and_return_named_values_switch() {
    let s = shock_with(&["at_s=10,duration_s=20,ramp_s=4,hr=120", "at_s=50,assist=pump"]);
    let timeline = Timeline::new(s.params.clone(), s.events.clone());
    let hr = |t: f64| timeline.params_at(t).heart.hr_bpm;
    assert_eq!(hr(9.9), 100.0);
    assert!((hr(12.0) - 110.0).abs() < 1e-9, "half way up the ramp: {}", hr(12.0));
    assert_eq!(hr(20.0), 120.0);
    assert!((hr(32.0) - 110.0).abs() < 1e-9, "half way back: {}", hr(32.0));
    assert_eq!(hr(40.0), 100.0);
    let mode = |t: f64| timeline.params_at(t).assist.mode;
    assert_eq!(mode(49.9), counterpulse::devices::AssistMode::Off);
    assert_eq!(mode(50.0), counterpulse::devices::AssistMode::Pump);
    assert_eq!(mode(500.0), counterpulse::devices::AssistMode::Pump, "an event without a duration stays");
}

#[test]
fn a_weaker_heart_for_a_minute_lowers_pressure_and_the_patient_recovers() {
    // A stand-in for an ischaemic minute: contractility halves, then returns.
    let s = shock_with(&["at_s=60,duration_s=60,ramp_s=5,heart.lv.ees_mmhg_per_ml=0.35"]);
    let mut map = Vec::new();
    let r = run_with_events(s.params.clone(), &s.events, 240.0, |_| {});
    for b in &r.beats {
        map.push((b.start_s, b.map_mmhg));
    }
    let mean = |from: f64, to: f64| {
        let v: Vec<f64> = map.iter().filter(|(t, _)| (from..to).contains(t)).map(|(_, m)| *m).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let (before, during, after) = (mean(40.0, 60.0), mean(100.0, 120.0), mean(220.0, 240.0));
    assert!(during < before - 5.0, "MAP {before:.1} before, {during:.1} during");
    assert!((after - before).abs() < 1.5, "MAP {before:.1} before, {after:.1} two minutes after");
    assert!(r.finite);
}

#[test]
fn a_bleed_is_counted_apart_from_numerical_drift() {
    let s = shock_with(&["at_s=20,ramp_s=30,blood.total_volume_ml=4500"]);
    let r = run_with_events(s.params.clone(), &s.events, 80.0, |_| {});
    let c = r.conservation;
    assert_eq!(c.events_added_ml, -500.0);
    let drift = c.final_blood_volume_ml - c.initial_blood_volume_ml - c.events_added_ml;
    assert!(drift.abs() < 1e-6, "drift {drift:e} mL");
}

#[test]
fn events_that_cannot_work_are_refused_with_one_clear_line() {
    for (events, needles) in [
        (vec!["at_s=10,heart.lv.nope=1"], vec!["event 1", "heart.lv.nope"]),
        (vec!["at_s=-5,hr=80"], vec!["events[1].at_s", "-5", "0 to 36000"]),
        (vec!["at_s=10,hr=500"], vec!["event 1", "heart.hr_bpm", "500", "30 to 160"]),
        (vec!["at_s=10,rhythm=vfib"], vec!["event 1", "heart.rhythm", "vfib", "sinus"]),
        (vec!["at_s=10,duration_s=30,hr=120", "at_s=20,hr=90"], vec!["event 2", "heart.hr_bpm", "event 1"]),
        (vec!["at_s=10,duration_s=0,hr=120"], vec!["event 1", "duration_s"]),
        (vec!["duration_s=10,hr=120"], vec!["event 1", "at_s"]),
        (vec!["at_s=10"], vec!["event 1", "sets nothing"]),
        (vec!["at_s=10,dt-ms=1"], vec!["event 1", "solver.dt_ms", "cannot change"]),
        (vec!["at_s=10,hr"], vec!["event 1", "WORD=VALUE"]),
        (vec!["at_s=10,ramp_s=9999,hr=90"], vec!["events[1].ramp_s", "0 to 600"]),
        // Valid alone, but the balloon's inflation offset no longer fits in a beat at 160 bpm.
        (vec!["at_s=10,assist=iabp,inflate=380", "at_s=20,hr=160"], vec!["event", "inflate_offset_ms"]),
    ] {
        let e = error(&events);
        for n in needles {
            assert!(e.contains(n), "{events:?}: {e:?} lacks {n:?}");
        }
        assert!(!e.contains('\n'), "one line: {e:?}");
    }
    let bad_file = "[[events]]\nat_s = 10\nwhen = 3\nset = { \"heart.hr_bpm\" = 90 }\n";
    let e = resolve(Some("normal"), Some(("f.toml", bad_file)), &[]).expect_err("unknown field").to_string();
    assert!(e.contains("event 1") && e.contains("when") && e.contains("at_s, duration_s"), "{e}");
    let e = resolve(Some("normal"), Some(("f.toml", "events = 3\n")), &[]).expect_err("not a list").to_string();
    assert!(e.contains("events") && e.contains("[[events]]"), "{e}");
}
