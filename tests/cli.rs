//! The command line as a user meets it: outputs carry the notice, bad input gets exit code 2
//! and one line naming the field, the value and what is allowed.

use std::process::{Command, Output};

fn counterpulse(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_counterpulse")).args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Asserts a bad-input failure: exit code 2, one error line containing every `needle`.
fn assert_bad_input(args: &[&str], needles: &[&str]) {
    let o = counterpulse(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: stderr {}", stderr(&o));
    let err = stderr(&o);
    for n in needles {
        assert!(err.contains(n), "{args:?}: {err:?} lacks {n:?}");
    }
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
}

#[test]
fn simulate_prints_a_table_with_the_notice_and_normal_numbers() {
    let o = counterpulse(&["simulate", "--seconds", "30"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with(counterpulse::DISCLAIMER), "{out}");
    for label in ["Mean arterial pressure", "Cardiac output", "PCWP", "SVR", "DPTI/TTI"] {
        assert!(out.contains(label), "table lacks {label}");
    }
}

#[test]
fn json_has_the_documented_shape() {
    let o = counterpulse(&["simulate", "--preset", "cardiogenic-shock", "--seconds", "20", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(doc["disclaimer"], counterpulse::DISCLAIMER);
    assert_eq!(doc["scenario"]["preset"], "cardiogenic-shock");
    assert_eq!(doc["scenario"]["dt_ms"], 2.0);
    assert_eq!(doc["scenario"]["params"]["heart"]["hr_bpm"], 100.0);
    let summary = doc["summary"].as_object().expect("summary object");
    let expected = [
        "hr_bpm",
        "aortic_systolic_mmhg",
        "aortic_diastolic_mmhg",
        "map_mmhg",
        "pulse_pressure_mmhg",
        "stroke_volume_ml",
        "cardiac_output_l_min",
        "pump_flow_l_min",
        "total_output_l_min",
        "ejection_fraction",
        "lvedv_ml",
        "lvesv_ml",
        "lvedp_mmhg",
        "lv_peak_mmhg",
        "pcwp_mmhg",
        "cvp_mmhg",
        "svr_dyn_s_cm5",
        "stroke_work_mmhg_ml",
        "pva_mmhg_ml",
        "cardiac_power_w",
        "coronary_flow_ml_min",
        "coronary_perfusion_pressure_mmhg",
        "tti_mmhg_s",
        "dpti_mmhg_s",
        "evr",
        "aortic_valve_open_fraction",
        "suction",
    ];
    for key in expected {
        assert!(summary.contains_key(key), "summary lacks {key}");
    }
    let beats = doc["beats"].as_array().expect("beats array");
    assert!(beats.len() > 25, "20 s at 100 bpm has > 25 beats");
    let c = &doc["conservation"];
    let drift = c["final_blood_volume_ml"].as_f64().unwrap() - c["initial_blood_volume_ml"].as_f64().unwrap();
    assert!(drift.abs() < 1e-6);
}

#[test]
fn csv_has_the_notice_a_header_and_at_least_200_hz() {
    let path = std::env::temp_dir().join(format!("counterpulse-test-{}.csv", std::process::id()));
    let p = path.to_str().unwrap();
    let o = counterpulse(&["simulate", "--seconds", "3", "--csv", p, "--dt-ms", "1.5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), format!("# {}", counterpulse::DISCLAIMER));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in ["t_s", "ecg_mv", "aortic_root_mmhg", "lv_mmhg", "lv_volume_ml", "aortic_valve_ml_per_s"] {
        assert!(header.contains(&col), "CSV header lacks {col}");
    }
    let times: Vec<f64> = lines.map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert!(times.len() >= 600, "3 s at ≥ 200 Hz: {} rows", times.len());
    assert!(times.windows(2).all(|w| w[1] - w[0] <= 0.005 + 1e-9));
}

#[test]
fn presets_and_params_list_what_exists() {
    let o = counterpulse(&["presets"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for name in ["normal", "heart-failure", "cardiogenic-shock"] {
        assert!(out.contains(name));
    }
    assert!(out.contains(counterpulse::DISCLAIMER));
    let o = counterpulse(&["params", "--preset", "cardiogenic-shock"]);
    let out = stdout(&o);
    assert!(out.contains("heart.lv.ees_mmhg_per_ml") && out.contains("mmHg/mL") && out.contains("0.2 to 4"));
    assert!(out.contains(counterpulse::DISCLAIMER));
}

#[test]
fn unknown_preset_is_rejected_with_the_list() {
    assert_bad_input(&["simulate", "--preset", "septic"], &["unknown preset 'septic'", "cardiogenic-shock"]);
}

#[test]
fn unknown_key_is_rejected() {
    assert_bad_input(
        &["simulate", "--set", "heart.lv.contractility=2"],
        &["unknown parameter 'heart.lv.contractility'"],
    );
}

#[test]
fn out_of_range_values_name_field_value_and_range() {
    assert_bad_input(&["simulate", "--hr", "300"], &["heart.hr_bpm = 300", "30 to 160", "beats/min"]);
    assert_bad_input(
        &["simulate", "--set", "heart.lv.ees_mmhg_per_ml=-1"],
        &["heart.lv.ees_mmhg_per_ml = -1", "0.2 to 4"],
    );
    assert_bad_input(&["simulate", "--dt-ms", "50"], &["solver.dt_ms = 50", "0.05 to 10"]);
    assert_bad_input(&["simulate", "--set", "blood.total_volume_ml=nan"], &["blood.total_volume_ml", "not a number"]);
}

#[test]
fn seconds_zero_and_garbage_are_rejected() {
    assert_bad_input(&["simulate", "--seconds", "0"], &["--seconds 0", "1 to 36000"]);
    assert_bad_input(&["simulate", "--seconds", "-5"], &["--seconds -5"]);
    assert_bad_input(&["simulate", "--seconds", "ten"], &["--seconds", "'ten'"]);
}

#[test]
fn malformed_assignment_and_bad_scenario_files_are_rejected() {
    assert_bad_input(&["simulate", "--set", "heart.hr_bpm"], &["KEY=VALUE"]);
    let dir = std::env::temp_dir();
    let bad = dir.join(format!("counterpulse-bad-{}.toml", std::process::id()));
    std::fs::write(&bad, "preset = \"normal\"\n[heart]\nhr_bpm = = 80\n").unwrap();
    assert_bad_input(&["simulate", "--scenario", bad.to_str().unwrap()], &["line 3, column", "TOML"]);
    std::fs::write(&bad, "[heart]\nhr_bpm = \"fast\"\n").unwrap();
    assert_bad_input(&["simulate", "--scenario", bad.to_str().unwrap()], &["heart.hr_bpm", "string", "number"]);
    std::fs::write(&bad, "[blood]\ntotal_volume_ml = 3000\n").unwrap();
    assert_bad_input(
        &["simulate", "--scenario", bad.to_str().unwrap()],
        &["blood.total_volume_ml = 3000", "unstressed"],
    );
    std::fs::remove_file(&bad).ok();
    assert_bad_input(
        &["simulate", "--scenario", "/nonexistent/x.toml"],
        &["--scenario /nonexistent/x.toml", "cannot read"],
    );
}

#[test]
fn scenario_file_sets_preset_and_overrides_and_the_cli_wins() {
    let path = std::env::temp_dir().join(format!("counterpulse-ok-{}.toml", std::process::id()));
    std::fs::write(&path, "preset = \"cardiogenic-shock\"\n[heart]\nhr_bpm = 90\n").unwrap();
    let p = path.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["simulate", "--seconds", "5", "--json", "--scenario", p];
        args.extend_from_slice(extra);
        let o = counterpulse(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let doc = run(&[]);
    assert_eq!(doc["scenario"]["preset"], "cardiogenic-shock");
    assert_eq!(doc["scenario"]["params"]["heart"]["hr_bpm"], 90.0);
    let doc = run(&["--hr", "110"]);
    assert_eq!(doc["scenario"]["params"]["heart"]["hr_bpm"], 110.0);
    std::fs::remove_file(&path).ok();
}

#[test]
fn device_settings_out_of_range_are_rejected() {
    assert_bad_input(&["simulate", "--assist", "balloon-pump"], &["assist.mode = 'balloon-pump'", "off, iabp, pump"]);
    assert_bad_input(&["simulate", "--assist", "iabp", "--iabp-ratio", "1:7"], &["assist.iabp.ratio = 7", "1 to 3"]);
    assert_bad_input(
        &["simulate", "--assist", "iabp", "--balloon-ml", "90"],
        &["assist.iabp.balloon_ml = 90", "25 to 50", "mL"],
    );
    assert_bad_input(&["simulate", "--iabp-ratio", "1:1.5"], &["assist.iabp.ratio = 1.5", "whole number"]);
    assert_bad_input(
        &["simulate", "--preset", "cardiogenic-shock", "--inflate-offset-ms", "-650"],
        &["assist.iabp.inflate_offset_ms = -650", "-600 to 600", "shorter than one beat at 100 bpm"],
    );
    assert_bad_input(
        &["simulate", "--deflation", "r-wave", "--deflate-offset-ms", "-20"],
        &["R-wave deflation can only be delayed"],
    );
    assert_bad_input(&["simulate", "--trigger", "pulse-oximeter"], &["assist.iabp.trigger", "ecg, pressure"]);
    assert_bad_input(&["simulate", "--assist", "pump", "--p-level", "12"], &["assist.pump.p_level = 12", "0 to 9"]);
    assert_bad_input(&["simulate", "--pump", "7.0"], &["assist.pump.class = '7.0'", "2.5, cp, 5.0"]);
}

#[test]
fn compare_without_a_device_runs_all_three_as_the_app_does() {
    let o = counterpulse(&["compare", "--preset", "cardiogenic-shock", "--seconds", "20", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let columns = doc["columns"].as_array().expect("columns");
    let devices: Vec<&str> = columns.iter().map(|c| c["device"].as_str().unwrap()).collect();
    assert_eq!(devices, ["off", "iabp", "pump"]);
    // The same core function as the app's compare view, so the same numbers.
    let params = counterpulse::scenario::from_query("preset=cardiogenic-shock").unwrap().params;
    let app = counterpulse::compare::compare(&params, &counterpulse::compare::ALL_DEVICES, 20.0);
    for (c, a) in columns.iter().zip(&app) {
        let s = a.summary().unwrap();
        assert_eq!(c["summary"]["map_mmhg"].as_f64(), Some(s.map_mmhg), "{}", a.label);
        assert_eq!(c["label"], a.label.as_str());
    }
    let text = stdout(&counterpulse(&["compare", "--preset", "cardiogenic-shock", "--seconds", "20"]));
    assert!(text.starts_with(counterpulse::DISCLAIMER));
    for head in ["none", "balloon", "pump", "balloon-none", "pump-none"] {
        assert!(text.contains(head), "{head} column missing:\n{text}");
    }
}

#[test]
fn compare_prints_both_runs_and_their_difference() {
    let o = counterpulse(&["compare", "--preset", "cardiogenic-shock", "--assist", "pump", "--seconds", "20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with(counterpulse::DISCLAIMER));
    assert!(out.contains("without") && out.contains("no assist vs pump cp P8") && out.contains("Pump flow"));
    let o =
        counterpulse(&["compare", "--preset", "cardiogenic-shock", "--assist", "pump", "--seconds", "20", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["disclaimer"], counterpulse::DISCLAIMER);
    let (a, b, d) = (&doc["without"], &doc["with"], &doc["difference"]);
    assert_eq!(a["pump_flow_l_min"], 0.0);
    let flow = b["pump_flow_l_min"].as_f64().unwrap();
    assert!(flow > 2.0, "pump flow {flow}");
    let dm = d["map_mmhg"].as_f64().unwrap();
    assert!((dm - (b["map_mmhg"].as_f64().unwrap() - a["map_mmhg"].as_f64().unwrap())).abs() < 1e-9);
}

#[test]
fn compare_with_the_balloon_reports_its_landmarks() {
    let o = counterpulse(&[
        "compare",
        "--preset",
        "cardiogenic-shock",
        "--assist",
        "iabp",
        "--iabp-ratio",
        "1:2",
        "--seconds",
        "30",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    for key in [
        "unassisted_systolic_mmhg",
        "peak_diastolic_augmentation_mmhg",
        "assisted_end_diastolic_mmhg",
        "unassisted_end_diastolic_mmhg",
        "assisted_systolic_mmhg",
    ] {
        assert!(doc["with"][key].is_number(), "{key} missing with the balloon");
        assert!(doc["without"][key].is_null(), "{key} must be null without it");
    }
    let o = counterpulse(&[
        "simulate",
        "--preset",
        "cardiogenic-shock",
        "--assist",
        "iabp",
        "--iabp-ratio",
        "1:2",
        "--seconds",
        "20",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let beats = doc["beats"].as_array().unwrap();
    let assisted = beats.iter().filter(|b| b["assisted"] == true).count();
    assert!(
        assisted * 2 >= beats.len() - 6 && assisted * 2 <= beats.len() + 2,
        "{assisted} of {} beats assisted at 1:2",
        beats.len()
    );
}

/// Without a display the app explains itself instead of panicking inside the windowing code.
#[cfg(feature = "gui")]
#[test]
fn the_app_without_a_display_says_what_to_do() {
    let o = Command::new(env!("CARGO_BIN_EXE_counterpulse")).env_remove("DISPLAY").output().expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("DISPLAY is not set") && stderr(&o).contains("counterpulse simulate"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// App options are checked like the others: bad values exit 2 and name the option.
#[cfg(feature = "gui")]
#[test]
fn bad_app_options_are_rejected_before_a_window_opens() {
    assert_bad_input(&["--screenshot", "x.png", "--after-seconds", "-3"], &["--after-seconds", "-3"]);
    assert_bad_input(&["--after-seconds", "5"], &["--screenshot"]);
    assert_bad_input(&["--report-frames", "0"], &["--report-frames"]);
    assert_bad_input(&["--preset", "cardiogenic-shock", "--iabp-ratio", "1:7"], &["assist.iabp.ratio", "1 to 3"]);
}

#[test]
fn validate_prints_the_table_with_the_notice() {
    let o = counterpulse(&["validate"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with(counterpulse::DISCLAIMER));
    assert!(out.contains("| setting | quantity | expected | source | Counterpulse | agrees |"), "{out}");
}

#[test]
fn compare_with_events_reports_the_event_figures_in_the_table_and_the_json() {
    let args = [
        "compare",
        "--preset",
        "high-risk-pci",
        "--pump",
        "2.5",
        "--event",
        "at_s=20,duration_s=30,coronary.occluded_fraction=0.35",
        "--seconds",
        "50",
    ];
    let o = counterpulse(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in ["During the events", "CPO nadir - unassisted baseline", "Time with MAP < 60 mmHg", "Peak LVEDP"] {
        assert!(out.contains(line), "{line} missing: {out}");
    }
    let o = counterpulse(&[&args[..], &["--json"]].concat());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for column in doc["columns"].as_array().unwrap() {
        let f = &column["event_figures"];
        assert_eq!(f["start_s"], 20.0);
        assert!(f["cpo_nadir_w"].as_f64().unwrap() < f["baseline_cpo_w"].as_f64().unwrap());
    }
    // Without events there are no event figures.
    let o = counterpulse(&["compare", "--seconds", "20", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["columns"][0]["event_figures"].is_null());
    assert!(!stdout(&counterpulse(&["compare", "--seconds", "20"])).contains("During the events"));
}

#[cfg(feature = "gui")]
#[test]
fn app_view_names_are_checked() {
    assert_bad_input(&["--view", "lesson-13"], &["--view", "lesson-13", "lesson-1 to lesson-12"]);
    assert_bad_input(&["--view", "lesson-10.9"], &["--view", "lesson-10.9", "lesson-10 has steps 1 to 6"]);
    assert_bad_input(&["--view", "quiz.2"], &["--view", "quiz.2", "only a lesson has steps"]);
}

// Hardening (issue 13): each failure of the adversarial pass, reproduced.

/// A scratch directory for one test (removed at the end of the test).
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("counterpulse-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Self(dir)
    }

    fn path(&self, file: &str) -> String {
        self.0.join(file).display().to_string()
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("scratch dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(target_os = "linux")]
fn dev_full() -> std::process::Stdio {
    std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full").into()
}

/// An error message that cannot be written is not a panic (exit 101) but the error's exit code.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_stderr_does_not_panic() {
    let o = Command::new(env!("CARGO_BIN_EXE_counterpulse"))
        .args(["simulate", "--hr", "999"])
        .stderr(dev_full())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
}

/// Output that cannot be written is a failure with a message, not a silent success.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_stdout_is_a_failure() {
    for args in [&["simulate", "--seconds", "5", "--json"][..], &["presets"], &["validate"]] {
        let o = Command::new(env!("CARGO_BIN_EXE_counterpulse")).args(args).stdout(dev_full()).output().expect("runs");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("cannot write to standard output"), "{args:?}: {}", stderr(&o));
    }
}

/// The app's options given before a subcommand would be ignored: they are refused.
#[test]
fn app_options_before_a_subcommand_are_refused() {
    assert_bad_input(&["--hr", "120", "simulate"], &["simulate", "--hr"]);
    assert_bad_input(&["--preset", "nope", "compare"], &["compare", "--preset"]);
    assert_bad_input(&["--scenario", "missing.toml", "simulate"], &["simulate", "--scenario"]);
}

/// Without the app, its options are checked and then refused: no exit 0 without the PNG.
#[cfg(not(feature = "gui"))]
#[test]
fn a_build_without_the_app_refuses_the_apps_options() {
    let dir = Scratch::new("noapp");
    let png = dir.path("x.png");
    assert_bad_input(&["--screenshot", &png], &["no app", "nothing was written"]);
    assert!(dir.files().is_empty(), "{:?}", dir.files());
    assert_bad_input(&["--preset", "nope"], &["unknown preset 'nope'"]);
}

/// Scenario files are small regular files; a FIFO, a device or a huge file is refused at once.
#[cfg(target_os = "linux")]
#[test]
fn scenario_files_that_are_not_small_regular_files_are_refused() {
    let dir = Scratch::new("scenario-kinds");
    let fifo = dir.path("pipe.toml");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    assert_bad_input(&["simulate", "--scenario", &fifo], &["not a regular file"]);
    assert_bad_input(&["simulate", "--scenario", "/dev/zero"], &["not a regular file"]);
    let big = dir.path("big.toml");
    std::fs::write(&big, format!("preset = \"normal\"\n{}", "#\n".repeat(600_000))).expect("write");
    assert_bad_input(&["simulate", "--scenario", &big], &["bytes", "at most"]);
}

/// The CSV never overwrites the scenario, never truncates an existing file for a run that does
/// not happen, and leaves no partial file behind.
#[test]
fn the_csv_never_destroys_input_or_leaves_partial_files() {
    let dir = Scratch::new("csv-safety");
    let scenario = dir.path("s.toml");
    std::fs::write(&scenario, "preset = \"normal\"\n").expect("write");
    assert_bad_input(
        &["simulate", "--scenario", &scenario, "--csv", &scenario, "--seconds", "5"],
        &["--csv", "scenario"],
    );
    assert_eq!(std::fs::read_to_string(&scenario).expect("read"), "preset = \"normal\"\n");

    let csv = dir.path("out.csv");
    std::fs::write(&csv, "keep\n").expect("write");
    assert_bad_input(&["simulate", "--hr", "999", "--csv", &csv], &["heart.hr_bpm"]);
    assert_eq!(std::fs::read_to_string(&csv).expect("read"), "keep\n");

    let o = counterpulse(&["simulate", "--seconds", "5", "--csv", &csv]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&csv).expect("read").starts_with("# "));
    assert_eq!(dir.files(), ["out.csv", "s.toml"]);
    assert_bad_input(&["simulate", "--seconds", "5", "--csv", &dir.0.display().to_string()], &["is a directory"]);
}

/// Messages that misled or flooded: each names the real reason, briefly.
#[test]
fn messages_say_the_real_reason_briefly() {
    assert_bad_input(&["compare", "--seconds", "2", "--hr", "30"], &["no complete beat", "30 bpm", "--seconds"]);
    // R-wave deflation may be delayed by anything shorter than a beat, and the message says so.
    let o = counterpulse(&["simulate", "--seconds", "5", "--deflation", "r-wave", "--deflate-offset-ms", "500"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_bad_input(
        &["simulate", "--deflation", "r-wave", "--deflate-offset-ms", "-50"],
        &["allowed 0 to 800 ms", "less than one beat"],
    );
    assert_bad_input(&["simulate", "--rhythm", "-inf"], &["heart.rhythm = '-inf'", "sinus, af"]);
    assert_bad_input(&["simulate", "--assist", "-x"], &["assist.mode = '-x'"]);
    assert_bad_input(&["params", "--preset", "-x"], &["unknown preset '-x'"]);
    let huge = format!("1{}", "0".repeat(300));
    assert_bad_input(&["simulate", "--hr", &huge], &["heart.hr_bpm = 1e300 is out of range", "30 to 160"]);
    assert_bad_input(&["simulate", "--hr", "1e309"], &["heart.hr_bpm = 1e309 is out of range"]);
    assert_bad_input(&["simulate", "--seconds", "1e309"], &["1e309 is out of range"]);
    let long = "x".repeat(100_000);
    let o = counterpulse(&["simulate", "--hr", &long]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).len() < 200 && stderr(&o).contains("100000 characters"), "{}", stderr(&o));
}

/// Without a terminal (a pipe, a file, CI) a long run prints nothing but its output.
#[test]
fn runs_without_a_terminal_print_no_progress() {
    let o = counterpulse(&["simulate", "--seconds", "2500", "--dt-ms", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn every_flag_row_of_the_short_names_is_a_flag_that_sets_its_key() {
    let help = stdout(&counterpulse(&["simulate", "--help"]));
    let flags: Vec<_> = counterpulse::scenario::SHORT_NAMES.iter().filter(|s| s.flag).collect();
    assert!(flags.len() >= 15, "{flags:?}");
    for short in &flags {
        let shown = format!("--{} <{}>", short.name, short.value_name());
        assert!(help.contains(&shown) && help.contains(short.key), "help lacks {shown} / {}", short.key);
    }
    // A URL alias is not a flag.
    assert_bad_input(&["simulate", "--ratio", "2"], &["--ratio"]);
    // The flag and `--set` give the same scenario.
    let params = |args: &[&str]| -> serde_json::Value {
        let o = counterpulse(&[&["simulate", "--seconds", "2", "--json"], args].concat());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("json")["scenario"]["params"].clone()
    };
    assert_eq!(
        params(&["--assist", "pump", "--pump", "2.5", "--p-level", "5", "--hr", "90", "--dt-ms", "1"]),
        params(&[
            "--set",
            "assist.mode=pump",
            "--set",
            "assist.pump.class=2.5",
            "--set",
            "assist.pump.p_level=5",
            "--set",
            "heart.hr_bpm=90",
            "--set",
            "solver.dt_ms=1"
        ])
    );
}

#[test]
fn events_reach_every_output_and_bad_ones_are_refused() {
    let csv = std::env::temp_dir().join(format!("counterpulse-story-{}.csv", std::process::id()));
    let event = "at_s=5,duration_s=5,ramp_s=1,hr=120";
    let o = counterpulse(&["simulate", "--seconds", "12", "--event", event, "--csv", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Event 1: at 5 s for 5 s (ramp 1 s): heart.hr_bpm = 120"), "{}", stdout(&o));
    let text = std::fs::read_to_string(&csv).expect("csv");
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("EDUCATIONAL"));
    assert_eq!(lines.next(), Some("# event: at 5 s for 5 s (ramp 1 s): heart.hr_bpm = 120"));
    let o = counterpulse(&["simulate", "--seconds", "12", "--event", event, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(doc["scenario"]["events"][0]["set"]["heart.hr_bpm"], 120.0);
    assert_eq!(doc["scenario"]["events"][0]["duration_s"], 5.0);
    let o = counterpulse(&["compare", "--seconds", "12", "--assist", "iabp", "--event", event, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(doc["scenario"]["events"].as_array().map(Vec::len), Some(1));
    // Without events the JSON has no `events` key, as before.
    let o = counterpulse(&["simulate", "--seconds", "2", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(doc["scenario"].get("events").is_none());
    assert_bad_input(&["simulate", "--event", "at_s=-1,hr=90"], &["events[1].at_s", "-1"]);
    assert_bad_input(&["simulate", "--event", "at_s=1,rhythm=vfib"], &["event 1", "vfib", "sinus, af"]);
    assert_bad_input(
        &["simulate", "--event", "at_s=1,duration_s=9,hr=90", "--event", "at_s=5,hr=100"],
        &["event 2", "heart.hr_bpm", "event 1"],
    );
    let _ = std::fs::remove_file(&csv);
}
