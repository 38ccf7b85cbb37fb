//! `counterpulse sweep`: a grid of one or two varied settings, each cell exactly the run of
//! `simulate` with those settings, run in parallel with a deterministic result.

use std::process::Command;

use counterpulse::scenario::resolve;
use counterpulse::sweep::{self, Axis};

fn counterpulse(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_counterpulse")).args(args).output().expect("runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = counterpulse(args);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn every_cell_is_the_run_simulate_makes() {
    let patient = ["--preset", "cardiogenic-shock", "--assist", "iabp", "--iabp-ratio", "1:2", "--seconds", "20"];
    let doc = json(&[&["sweep", "--inflate-offsets", "-40:40:40", "--json"], &patient[..]].concat());
    assert!(doc["disclaimer"].as_str().unwrap().contains("not a medical device"));
    assert_eq!(doc["axes"][0]["name"], "inflate_offset_ms");
    assert_eq!(doc["axes"][0]["values"], serde_json::json!([-40.0, 0.0, 40.0]));
    let cells = doc["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 3);
    for cell in cells {
        let offset = cell["inflate_offset_ms"].as_f64().unwrap().to_string();
        let single = json(&[&["simulate", "--json", "--inflate-offset-ms", &offset], &patient[..]].concat());
        assert_eq!(cell["summary"], single["summary"], "cell {offset} ms");
    }
}

#[test]
fn the_timing_map_shows_the_textbook_signs() {
    let scenario = resolve(Some("cardiogenic-shock"), None, &["assist.mode=iabp".into(), "assist.iabp.ratio=2".into()])
        .expect("valid");
    let axes = [
        Axis::parse("--inflate-offsets", "inflate_offset_ms", "assist.iabp.inflate_offset_ms", "-120:0:120").unwrap(),
        Axis::parse("--deflate-offsets", "deflate_offset_ms", "assist.iabp.deflate_offset_ms", "0:120:120").unwrap(),
    ];
    let cells = sweep::run(&scenario, &axes, 30.0, |_| {}).unwrap();
    let at = |i: f64, d: f64| {
        cells.iter().find(|c| c.values == [i, d]).and_then(|c| c.summary).expect("the cell completed beats")
    };
    // Early inflation shuts the aortic valve early: stroke volume falls.
    assert!(at(-120.0, 0.0).stroke_volume_ml < at(0.0, 0.0).stroke_volume_ml);
    // Late deflation: the next beat ejects against a still-full balloon, BAEDP above PAEDP.
    let late = at(0.0, 120.0);
    assert!(late.assisted_end_diastolic_mmhg.unwrap() > late.unassisted_end_diastolic_mmhg.unwrap());
    let right = at(0.0, 0.0);
    assert!(right.assisted_end_diastolic_mmhg.unwrap() < right.unassisted_end_diastolic_mmhg.unwrap());
    // The same grid again gives the same numbers, whatever order the threads took.
    assert_eq!(sweep::run(&scenario, &axes, 30.0, |_| {}).unwrap(), cells);
}

#[test]
fn the_table_and_the_csv_hold_every_cell() {
    let dir = std::env::temp_dir().join(format!("counterpulse-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("map.csv");
    let o = counterpulse(&[
        "sweep",
        "--preset",
        "cardiogenic-shock",
        "--assist",
        "pump",
        "--vary",
        "assist.pump.p_level=2:8:3",
        "--vary",
        "blood.total_volume_ml=4500:5000:500",
        "--show",
        "total_output_l_min",
        "--seconds",
        "20",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.starts_with(counterpulse::DISCLAIMER));
    assert!(table.contains("rows: assist.pump.p_level; columns: blood.total_volume_ml"), "{table}");
    assert!(table.contains("Total output (L/min)"));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("not a medical device"));
    let header = lines.iter().find(|l| !l.starts_with('#')).unwrap();
    assert!(header.starts_with("assist.pump.p_level,blood.total_volume_ml,hr_bpm,"), "{header}");
    assert_eq!(lines.iter().filter(|l| !l.starts_with('#')).count(), 1 + 3 * 2);
    std::fs::remove_dir_all(&dir).unwrap();
    // Without a terminal there is no progress text on stderr.
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn bad_axes_exit_2_with_one_clear_line() {
    let cases: [(&[&str], &str); 8] = [
        (&["--vary", "heart.nope=1:2:1"], "not a numeric parameter"),
        (&["--vary", "heart.hr_bpm=120:60:10"], "reversed"),
        (&["--vary", "heart.hr_bpm=60:120:0"], "STEP must be above 0"),
        (&["--vary", "heart.hr_bpm=30:160:1", "--vary", "blood.total_volume_ml=4000:5000:100"], "at most 400"),
        (&["--vary", "heart.hr_bpm=60:70:10", "--vary", "heart.hr_bpm=60:70:10"], "varied twice"),
        (&["--inflate-offsets", "-40:40:40"], "needs the balloon"),
        (&["--vary", "heart.hr_bpm=60:70:10", "--show", "nope"], "not a summary index"),
        (&[], "nothing to sweep"),
    ];
    for (args, needle) in cases {
        let o = counterpulse(&[&["sweep", "--seconds", "5"], args].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err:?} lacks {needle:?}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    // Three axes: two offsets and a --vary.
    let o = counterpulse(&[
        "sweep",
        "--assist",
        "iabp",
        "--inflate-offsets",
        "0:40:40",
        "--deflate-offsets",
        "0:40:40",
        "--vary",
        "heart.hr_bpm=60:70:10",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("at most 2 settings"));
}
