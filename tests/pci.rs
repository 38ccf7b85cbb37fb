//! High-risk PCI: a coronary balloon stops the LAD's territory in the PROTECT II patient, with
//! no support, the balloon pump and the micro-axial pump; the event figures of `compare`.

mod common;

use counterpulse::compare::{ALL_DEVICES, EventFigures, compare_observed, event_rows};
use counterpulse::devices::AssistMode;
use counterpulse::scenario::from_query;

/// The lesson's occlusion: 35 % of the bed (the LAD's share) for 60 s from 30 s.
const OCCLUSION: &str = "event=at_s=30,duration_s=60,coronary.occluded_fraction=0.35";

fn figures(device: &str) -> EventFigures {
    let s = from_query(&format!("preset=high-risk-pci&{device}&{OCCLUSION}")).unwrap();
    let run = counterpulse::run::run_with_events(s.params, &s.events, 100.0, |_| {});
    EventFigures::of(&run.beats, &s.events).expect("the occlusion lies within the run")
}

#[test]
fn the_balloon_arm_falls_as_far_as_protect_ii_reports() {
    common::assert_claims(&["pci-balloon-cpo"]);
}

#[test]
fn an_occlusion_lowers_cardiac_power_and_raises_filling_pressure() {
    let none = figures("assist=off");
    let baseline = none.baseline_cpo_w.unwrap();
    assert!(none.cpo_nadir_w < baseline - 0.2, "nadir {:.2} vs {baseline:.2} W", none.cpo_nadir_w);
    // The window runs from the balloon's inflation to its deflation.
    assert_eq!((none.start_s, none.end_s), (30.0, 90.0));
    let before = from_query(&format!("preset=high-risk-pci&{OCCLUSION}")).unwrap();
    let rest = counterpulse::run::run_with_events(before.params, &[], 30.0, |_| {}).summary.unwrap();
    assert!(
        none.lvedp_peak_mmhg > rest.lvedp_mmhg + 8.0,
        "LVEDP {:.1} -> {:.1}",
        rest.lvedp_mmhg,
        none.lvedp_peak_mmhg
    );
}

#[test]
fn the_more_of_the_output_a_pump_carries_the_more_power_it_holds() {
    // Support that does not depend on the ventricle's strength holds cardiac power in
    // proportion to its share of the output: at total support (5.0 at P9, the aortic valve
    // shut) the occlusion no longer shows in the output.
    let none = figures("assist=off");
    let baseline = none.baseline_cpo_w.unwrap();
    let nadir = |device: &str| figures(device).cpo_nadir_w;
    let (p25, cp, p50) = (
        nadir("assist=pump&pump=2.5&p-level=8"),
        nadir("assist=pump&pump=cp&p-level=8"),
        nadir("assist=pump&pump=5.0&p-level=9"),
    );
    assert!(none.cpo_nadir_w < p25 && p25 < cp && cp < p50, "{:.2} < {p25:.2} < {cp:.2} < {p50:.2}", none.cpo_nadir_w);
    assert!((p50 - baseline).abs() < 0.05, "5.0 P9 nadir {p50:.2} vs unsupported baseline {baseline:.2} W");
    let balloon = figures("assist=iabp&ratio=1:1");
    assert!(balloon.cpo_nadir_w > none.cpo_nadir_w + 0.05);
    assert!(balloon.lvedp_peak_mmhg < none.lvedp_peak_mmhg);
}

#[test]
fn compare_reports_the_event_figures_side_by_side_only_with_events() {
    let s = from_query(&format!("preset=high-risk-pci&pump=2.5&{OCCLUSION}")).unwrap();
    let columns = compare_observed(&s.params, &s.events, &ALL_DEVICES, 100.0, |_, _| {});
    let rows = event_rows(&columns, &s.events);
    let labels: Vec<&str> = rows.iter().map(|r| r.label).collect();
    assert_eq!(
        labels,
        [
            "CPO before the event",
            "CPO nadir (5-beat reading)",
            "CPO nadir - unassisted baseline",
            "Time with MAP < 60 mmHg",
            "Peak LVEDP"
        ]
    );
    assert!(rows.iter().all(|r| r.cells.len() == 3 && r.changes.len() == 2));
    // The unassisted column's own fall, and no hypotension in this compensated patient.
    assert!(rows[2].cells[0].starts_with('-'));
    assert_eq!(rows[3].cells, ["0.00", "0.00", "0.00"]);
    let quiet = compare_observed(&s.params, &[], &[AssistMode::Off], 20.0, |_, _| {});
    assert!(event_rows(&quiet, &[]).is_empty());
}

#[test]
fn a_long_occlusion_in_a_weaker_heart_spends_time_below_map_60_without_support() {
    let q =
        "preset=high-risk-pci&heart.lv.ees_mmhg_per_ml=0.7&event=at_s=30,duration_s=60,coronary.occluded_fraction=0.45";
    let s = from_query(q).unwrap();
    let columns = compare_observed(&s.params, &s.events, &ALL_DEVICES, 100.0, |_, _| {});
    let below: Vec<f64> =
        columns.iter().map(|c| EventFigures::of(&c.result.beats, &s.events).unwrap().below_map_60_s).collect();
    assert!(below[0] > 3.0, "unsupported {:.1} s below MAP 60", below[0]);
    assert_eq!(&below[1..], [0.0, 0.0], "both devices hold MAP above 60");
}
