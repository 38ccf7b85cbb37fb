//! Ischaemia: LV contractility that follows coronary supply and demand, the shock spiral, and
//! a coronary occlusion. The published directions are validation claims, checked here too.

mod common;

use counterpulse::model::Simulation;
use counterpulse::run::run_with_events;
use counterpulse::scenario::{Timeline, from_query};

#[test]
fn the_spiral_and_an_occlusion_show_their_signatures() {
    common::assert_claims(&["ischaemia-spiral", "ischaemia-devices-break-spiral", "occlusion-weakens"]);
}

#[test]
fn a_heart_with_its_reserve_is_not_ischaemic() {
    // The normal adult: autoregulation meets demand, so switching ischaemia on changes nothing.
    let run = |q: &str| {
        let s = from_query(q).unwrap();
        run_with_events(s.params, &s.events, 60.0, |_| {}).summary.unwrap()
    };
    let (off, on) = (run("preset=normal"), run("preset=normal&ischaemia=on"));
    assert_eq!(off.map_mmhg, on.map_mmhg);
    assert_eq!(off.stroke_volume_ml, on.stroke_volume_ml);
}

#[test]
fn an_occlusion_weakens_the_ventricle_over_tens_of_seconds_and_recovers_when_undone() {
    // Reflexes off, so the LV elastance the model runs with is the ischaemia's alone.
    let s = from_query(
        "preset=normal&ischaemia=on&baroreflex=off&event=at_s=30,duration_s=90,coronary.occluded_fraction=0.4",
    )
    .unwrap();
    let mut sim = Simulation::new(s.params.clone());
    let mut timeline = Timeline::new(s.params, s.events);
    let mut ees_at = |t: f64, sim: &mut Simulation| {
        while sim.time_s() < t {
            if let Some(p) = timeline.due(sim.time_s()) {
                sim.set_params(p);
            }
            sim.step();
        }
        sim.snapshot().effectors.lv_ees_mmhg_per_ml
    };
    let before = ees_at(29.0, &mut sim);
    assert_eq!(before, 2.5);
    let after_20_s = ees_at(50.0, &mut sim);
    let after_80_s = ees_at(110.0, &mut sim);
    // Towards 2.5 x 0.6 = 1.5 with tau 20 s: about 63 % of the way after 20 s.
    let share = |ees: f64| (2.5 - ees) / (2.5 - 1.5);
    assert!((0.5..0.75).contains(&share(after_20_s)), "after 20 s {:.2} of the fall", share(after_20_s));
    assert!(share(after_80_s) > 0.95, "after 80 s {:.2}", share(after_80_s));
    // Undone at 120 s: the territory contracts again (no stunning modelled).
    let recovered = ees_at(230.0, &mut sim);
    assert!(recovered > 2.45, "recovered to {recovered:.2}");
}
