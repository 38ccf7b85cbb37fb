//! Rhythms that stop the pump of the heart: what each does to the ECG, the beat analysis,
//! the balloon console and the pump. The published comparisons (Baron's VT, Repessé's
//! filling pressure, Yokota's fibrillating goats) are validation claims, checked here too.

mod common;

use counterpulse::devices::timing::{BALLOON_NO_TRIGGER, TRIGGER_LOSS_S};
use counterpulse::metrics::BeatRecorder;
use counterpulse::model::{Rhythm, SILENT_CYCLE_S, Simulation};
use counterpulse::run::run_with_events;
use counterpulse::scenario::from_query;

#[test]
fn the_published_arrest_comparisons_hold() {
    common::assert_claims(&[
        "vt-filling",
        "vf-filling-pressure",
        "vf-pump-lung-flow",
        "vf-pump-coronary-flow",
        "vf-pump-needs-the-lungs",
        "vf-balloon-stops",
    ]);
}

/// The ECG samples of `query` between `from_s` and `to_s`.
fn ecg(query: &str, from_s: f64, to_s: f64) -> Vec<f64> {
    let scenario = from_query(query).unwrap();
    let mut out = Vec::new();
    run_with_events(scenario.params, &scenario.events, to_s, |s| {
        if s.t_s >= from_s {
            out.push(s.ecg_mv);
        }
    });
    out
}

/// The summary of a 60 s run of `query`.
fn summary(query: &str) -> counterpulse::metrics::Summary {
    let scenario = from_query(query).unwrap();
    run_with_events(scenario.params, &scenario.events, 60.0, |_| {}).summary.unwrap()
}

#[test]
fn each_rhythm_draws_its_own_ecg() {
    let dt = 0.002;
    // Fibrillation: an irregular wave of about 1 mV that crosses zero 4-6 times a second
    // in each direction (coarse VF, dominant frequency near 4.6 Hz), never a flat line.
    let vf = ecg("preset=normal&rhythm=vf", 10.0, 20.0);
    let (lo, hi) = vf.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    assert!((0.6..1.6).contains(&(hi - lo)), "VF trough to peak {:.2} mV", hi - lo);
    let rising = vf.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count() as f64 / (vf.len() as f64 * dt);
    assert!((4.0..6.5).contains(&rising), "VF {rising:.1} upward crossings per second");
    // Asystole: a flat line.
    assert!(ecg("preset=normal&rhythm=asystole", 5.0, 10.0).iter().all(|v| *v == 0.0));
    // VT: one wide complex per 1/3 s and no P wave: nothing but the complexes' own waves.
    let vt = ecg("preset=normal&rhythm=vt", 10.0, 12.0);
    let peaks = |trace: &[f64]| trace.windows(3).filter(|w| w[1] > 0.8 && w[1] >= w[0] && w[1] > w[2]).count();
    assert_eq!(peaks(&vt), 6, "VT at 180/min: six R waves in 2 s");
    // The QRS is wide: above half its height for at least twice as long as a sinus R wave.
    let above_half_s = |trace: &[f64]| trace.iter().filter(|v| **v > 0.6).count() as f64 * dt / peaks(trace) as f64;
    let sinus = ecg("preset=normal", 10.0, 12.0);
    assert!(
        above_half_s(&vt) > 2.0 * above_half_s(&sinus),
        "VT {:.3} s vs sinus {:.3} s",
        above_half_s(&vt),
        above_half_s(&sinus)
    );
}

#[test]
fn without_beats_cycles_are_silent_and_the_rate_is_zero() {
    let scenario = from_query("preset=normal&event=at_s=10,rhythm=vf").unwrap();
    let run = run_with_events(scenario.params, &scenario.events, 30.0, |_| {});
    let silent: Vec<_> = run.beats.iter().filter(|b| b.rhythm == Rhythm::Vf).collect();
    assert!(silent.len() >= 15, "{} silent cycles", silent.len());
    for b in &silent {
        assert_eq!(b.hr_bpm, 0.0);
        assert!((b.rr_s - SILENT_CYCLE_S).abs() < 0.01, "cycle {:.3} s", b.rr_s);
        assert_eq!(b.tti_mmhg_s, 0.0, "no systole");
    }
    let s = run.summary.unwrap();
    assert_eq!(s.hr_bpm, 0.0);
    assert!(s.total_output_l_min < 0.05 && s.evr.is_none());
    // The monitor still tracks what happens: pressures are finite, volumes positive.
    assert!(run.finite && run.min_volume_ml > 0.0);
}

#[test]
fn ventricular_tachycardia_keeps_its_rate_whatever_the_reflex_does() {
    let s = summary("preset=cardiogenic-shock&rhythm=vt&heart.vt_rate_bpm=150");
    assert!((s.hr_bpm - 150.0).abs() < 0.5, "HR {:.1}", s.hr_bpm);
    // Sinus rate in the same shock patient is moved by the baroreflex.
    let sinus = summary("preset=cardiogenic-shock");
    assert!((sinus.hr_bpm - 150.0).abs() > 20.0);
}

#[test]
fn the_balloon_console_stops_when_the_trigger_goes_and_restarts_when_it_returns() {
    let scenario =
        from_query("preset=cardiogenic-shock&assist=iabp&ratio=1:1&event=at_s=20,duration_s=15,rhythm=vf").unwrap();
    let mut sim = Simulation::new(scenario.params.clone());
    let mut timeline = counterpulse::scenario::Timeline::new(scenario.params, scenario.events);
    let mut recorder = BeatRecorder::new();
    let mut last_r_wave_s = 0.0;
    let (mut stopped_at, mut inflated_after_stop, mut assisted_after) = (None, false, 0);
    while sim.time_s() < 60.0 {
        if let Some(p) = timeline.due(sim.time_s()) {
            sim.set_params(p);
        }
        let (events, snap, beat) = recorder.step(&mut sim);
        if events.r_wave {
            last_r_wave_s = snap.t_s;
        }
        let warned = sim.warnings().contains(&BALLOON_NO_TRIGGER);
        if warned && stopped_at.is_none() {
            stopped_at = Some(snap.t_s);
        }
        if stopped_at.is_some() && snap.t_s < 35.0 && snap.t_s > stopped_at.unwrap() + 0.1 {
            inflated_after_stop |= snap.hemo.balloon_ml > 3.0;
        }
        if beat.is_some_and(|b| b.assisted && b.start_s > 40.0) {
            assisted_after += 1;
        }
        if snap.t_s > 40.0 {
            assert!(!warned, "the alarm clears once R waves return ({:.1} s)", snap.t_s);
        }
    }
    let stopped_at = stopped_at.expect("the console alarms");
    assert!(stopped_at < 20.0 + 1.0 + TRIGGER_LOSS_S + 0.1, "stopped at {stopped_at:.2} s");
    assert!(!inflated_after_stop, "the balloon stays deflated without a trigger");
    assert!(last_r_wave_s > 50.0);
    assert!(assisted_after >= 10, "{assisted_after} assisted beats after the rhythm returned");
}

const VF_PUMP: &str = "preset=normal&rhythm=vf&assist=pump&pump=cp&p-level=";

#[test]
fn the_pump_flow_in_fibrillation_follows_its_speed_and_venous_return() {
    let p5 = summary(&format!("{VF_PUMP}5"));
    let p8 = summary(&format!("{VF_PUMP}8"));
    assert!(p8.map_mmhg > p5.map_mmhg + 4.0 && p8.pump_flow_l_min > p5.pump_flow_l_min + 0.3);
    // A bleed of 600 mL empties the ventricle around the inlet: suction.
    let bled = summary(&format!("{VF_PUMP}8&blood.total_volume_ml=4100"));
    assert!(bled.suction > 0.3 && bled.pump_flow_l_min < p8.pump_flow_l_min, "suction {:.2}", bled.suction);
    assert!(bled.cvp_mmhg < p8.cvp_mmhg - 3.0);
}
