//! Reflexes and autoregulation: each preset is its own set point, and the baroreflex answers a
//! bleed as Ursino's model does (the direction of every effector, its delay, and a partial
//! restoration of pressure that is smaller in shock, where the reflex is nearly saturated).

mod common;
use common::summary;
use counterpulse::metrics::BeatRecorder;
use counterpulse::model::Simulation;
use counterpulse::scenario::{PRESETS, resolve};

#[test]
fn each_preset_rests_at_its_own_set_point() {
    // The preset's set point is where its receptors fire at its resting pulse, so switching
    // the reflex on at rest changes nothing a monitor shows.
    for preset in PRESETS {
        let name = preset.name;
        let set_point = preset.params().unwrap().regulation.baroreflex.set_point_mmhg;
        // The set point is the patient at rest before any ischaemic spiral.
        let on_params = resolve(
            Some(name),
            None,
            &["regulation.baroreflex.enabled=on".into(), "regulation.ischaemia.enabled=off".into()],
        )
        .unwrap()
        .params;
        // Read at every beat of the last 20 s of a minute: one beat's reading wanders by
        // ±0.2 mmHg in the shock patients.
        let mut sim = Simulation::new(on_params);
        let mut readings = Vec::new();
        while sim.time_s() < 60.0 {
            if sim.step().r_wave && sim.time_s() > 40.0 {
                readings.push(sim.baroreflex_equivalent_mmhg().unwrap());
            }
        }
        let equivalent = readings.iter().sum::<f64>() / readings.len() as f64;
        assert!(
            (equivalent - set_point).abs() < 0.3,
            "{name}: set regulation.baroreflex.set_point_mmhg = {equivalent:.1} (now {set_point})"
        );
        let off = summary(name, &["regulation.baroreflex.enabled=off", "regulation.ischaemia.enabled=off"]);
        let on = summary(name, &["regulation.baroreflex.enabled=on", "regulation.ischaemia.enabled=off"]);
        assert!((on.map_mmhg - off.map_mmhg).abs() < 0.5, "{name}: MAP {:.2} on, {:.2} off", on.map_mmhg, off.map_mmhg);
        assert!((on.hr_bpm - off.hr_bpm).abs() < 0.5, "{name}: HR {:.2} on, {:.2} off", on.hr_bpm, off.hr_bpm);
        assert!((on.cardiac_output_l_min - off.cardiac_output_l_min).abs() < 0.05, "{name}: output");
    }
}

/// What a monitor shows over one window after the bleed.
#[derive(Debug, Clone, Copy)]
struct Window {
    map_mmhg: f64,
    hr_bpm: f64,
    peripheral_r: f64,
    veins_v0_ml: f64,
}

/// Bleeds 10 % of the blood volume (from the veins, within one step) at t = 60 s and averages
/// each `(from, to)` window, in seconds after the bleed.
fn bleed(preset: &str, reflex: &str, windows: &[(f64, f64)]) -> Vec<Window> {
    let sets = vec![format!("regulation.baroreflex.enabled={reflex}")];
    let mut params = resolve(Some(preset), None, &sets).unwrap().params;
    let mut sim = Simulation::new(params.clone());
    let mut recorder = BeatRecorder::new();
    let mut samples = Vec::new();
    let end = 60.0 + windows.iter().map(|w| w.1).fold(0.0, f64::max);
    let mut bled = false;
    while sim.time_s() < end {
        if !bled && sim.time_s() >= 60.0 {
            params.blood.total_volume_ml *= 0.9;
            sim.set_params(params.clone());
            bled = true;
        }
        let (_, snap, beat) = recorder.step(&mut sim);
        let e = snap.effectors;
        // Effectors every step; pressure and rate per beat.
        samples.push((snap.t_s - 60.0, None, e.peripheral_r_mmhg_s_per_ml, e.veins_unstressed_volume_ml));
        if let Some(b) = beat {
            samples.push((b.start_s - 60.0, Some((b.map_mmhg, b.hr_bpm)), f64::NAN, f64::NAN));
        }
    }
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    windows
        .iter()
        .map(|&(a, b)| {
            let inside: Vec<_> = samples.iter().filter(|s| s.0 >= a && s.0 < b).collect();
            let beats: Vec<(f64, f64)> = inside.iter().filter_map(|s| s.1).collect();
            let steps: Vec<_> = inside.iter().filter(|s| s.1.is_none()).collect();
            Window {
                map_mmhg: mean(beats.iter().map(|b| b.0).collect()),
                hr_bpm: mean(beats.iter().map(|b| b.1).collect()),
                peripheral_r: mean(steps.iter().map(|s| s.2).collect()),
                veins_v0_ml: mean(steps.iter().map(|s| s.3).collect()),
            }
        })
        .collect()
}

#[test]
fn a_ten_percent_bleed_is_partly_compensated_after_the_reflex_delays() {
    // Windows: before, the first 1.5 s (inside every sympathetic delay), the last 20 s of two
    // minutes (the new steady state).
    let windows = [(-10.0, 0.0), (0.0, 1.5), (100.0, 120.0)];
    let on = bleed("normal", "on", &windows);
    let off = bleed("normal", "off", &windows);
    let (before, early, late) = (on[0], on[1], on[2]);
    // Nothing sympathetic moves within its 2 s (resistance) and 5 s (venous tone) delays.
    // (At rest they wander by a fraction of that with the beat-to-beat pressure.)
    assert!((early.peripheral_r / before.peripheral_r - 1.0).abs() < 0.002, "{before:?} {early:?}");
    assert!((early.veins_v0_ml - before.veins_v0_ml).abs() < 1.0, "{before:?} {early:?}");
    // Then every effector moves the way that restores pressure.
    assert!(late.hr_bpm > before.hr_bpm + 5.0, "HR {:.1} → {:.1}", before.hr_bpm, late.hr_bpm);
    assert!(late.peripheral_r > before.peripheral_r * 1.05, "R {:.3} → {:.3}", before.peripheral_r, late.peripheral_r);
    assert!(late.veins_v0_ml < before.veins_v0_ml - 50.0, "V0 {:.0} → {:.0}", before.veins_v0_ml, late.veins_v0_ml);
    // Pressure falls with or without the reflex; the reflex restores most of the fall but not
    // all of it (a proportional controller leaves an error).
    let fall_on = before.map_mmhg - late.map_mmhg;
    let fall_off = off[0].map_mmhg - off[2].map_mmhg;
    assert!(fall_off > 10.0, "without the reflex MAP falls {fall_off:.1} mmHg");
    assert!(fall_on > 1.0 && fall_on < 0.5 * fall_off, "MAP falls {fall_on:.1} with the reflex, {fall_off:.1} without");
    assert_eq!(off[2].hr_bpm.round(), off[0].hr_bpm.round(), "no reflex, no change of rate");
}

#[test]
fn in_shock_the_reflex_is_blunted() {
    // The shock patient's receptors already fire near the lower end of the afferent sigmoid
    // (sympathetic drive near its maximum): the same bleed is compensated less than in the
    // normal adult.
    let windows = [(-10.0, 0.0), (100.0, 120.0)];
    let restored = |preset: &str| {
        let (on, off) = (bleed(preset, "on", &windows), bleed(preset, "off", &windows));
        let fall_off = off[0].map_mmhg - off[1].map_mmhg;
        let fall_on = on[0].map_mmhg - on[1].map_mmhg;
        (1.0 - fall_on / fall_off, on[1].hr_bpm - on[0].hr_bpm)
    };
    let (normal, normal_hr) = restored("normal");
    let (shock, shock_hr) = restored("cardiogenic-shock");
    assert!(shock < 0.7 * normal, "share of the fall restored: normal {normal:.2}, shock {shock:.2}");
    assert!(shock_hr < 0.7 * normal_hr, "rate rise: normal {normal_hr:.1}, shock {shock_hr:.1}");
}

/// Coronary flow (mL/min) of `preset` with autoregulation `on` or off and extra overrides.
fn coronary(preset: &str, autoregulation: &str, sets: &[&str]) -> f64 {
    let switch = format!("regulation.autoregulation.enabled={autoregulation}");
    let mut all = vec![switch.as_str()];
    all.extend_from_slice(sets);
    summary(preset, &all).coronary_flow_ml_min
}

#[test]
fn autoregulation_keeps_the_normal_hearts_own_flow() {
    let (on, off) = (coronary("normal", "on", &[]), coronary("normal", "off", &[]));
    assert!((on / off - 1.0).abs() < 0.02, "normal coronary flow {on:.1} on, {off:.1} off");
}

#[test]
fn autoregulated_flow_follows_demand() {
    // A faster heart works more per minute: with autoregulation its flow rises with the work;
    // a passive bed gets less (shorter diastoles). (That the bed cancels most of a pressure
    // change at fixed demand is a unit test of `model::autoregulation`.)
    let fast = ["heart.hr_bpm=110"];
    let demand_off = coronary("normal", "off", &fast) / coronary("normal", "off", &[]);
    let demand_on = coronary("normal", "on", &fast) / coronary("normal", "on", &[]);
    assert!(demand_on > demand_off + 0.1, "flow at 110 bpm: ×{demand_on:.2} on, ×{demand_off:.2} off");
}

#[test]
fn with_no_reserve_left_flow_follows_pressure_again() {
    // The failing heart asks for more than its resting flow; with a reserve of 1 the bed cannot
    // widen, so autoregulation changes nothing.
    let none = ["coronary.flow_reserve=1"];
    let (on, off) = (coronary("heart-failure", "on", &none), coronary("heart-failure", "off", &none));
    assert!((on / off - 1.0).abs() < 0.01, "no reserve: {on:.1} on, {off:.1} off");
    assert!(coronary("heart-failure", "on", &[]) > 1.1 * off, "with reserve the bed widens");
}

#[test]
fn the_balloon_raises_coronary_flow_only_where_the_reserve_is_exhausted() {
    // An isolated heart, as in Schampaert et al. 2015: no baroreflex slowing the heart.
    let gain = |preset: &str, sets: &[&str]| {
        let mut sets = sets.to_vec();
        sets.push("regulation.baroreflex.enabled=off");
        let sets = sets.as_slice();
        let mut with: Vec<&str> = vec!["assist.mode=iabp"];
        with.extend_from_slice(sets);
        coronary(preset, "on", &with) / coronary(preset, "on", sets) - 1.0
    };
    let regulating = gain("normal", &[]);
    let ischaemic = gain("normal", &["coronary.ischaemic_fraction=1"]);
    assert!(regulating.abs() < 0.05, "autoregulating bed: {:+.1} %", 100.0 * regulating);
    assert!(ischaemic > 0.08, "exhausted bed: {:+.1} %", 100.0 * ischaemic);
}
