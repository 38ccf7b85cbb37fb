//! The app's simulation driver without a window: `MinimalPlugins`, time advanced by hand.
//! Checks the one-way data flow: the driver steps the model in `FixedUpdate`, history
//! fills, messages change the model, pause and speed act on virtual time.
#![cfg(feature = "gui")]

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use counterpulse::app::history::History;
use counterpulse::app::sim_driver::{self, Baseline, Driver, Patient, SimCommand, SimError};
use counterpulse::devices::AssistMode;
use counterpulse::scenario::Preset;

/// Real time per `app.update()`.
const FRAME: Duration = Duration::from_millis(20);

fn app(preset: &str) -> App {
    let params = Preset::by_name(preset).and_then(|p| p.params()).expect("preset");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).insert_resource(TimeUpdateStrategy::ManualDuration(FRAME));
    app.insert_resource(Patient::new(preset, params)).add_plugins(sim_driver::plugin);
    app
}

fn frames(app: &mut App, n: usize) {
    for _ in 0..n {
        app.update();
    }
}

fn sim_time(app: &App) -> f64 {
    app.world().resource::<Driver>().sim.time_s()
}

#[test]
fn the_driver_steps_the_model_in_real_time_and_history_fills() {
    let mut app = app("normal");
    frames(&mut app, 1); // the first update has a zero time step
    let t0 = sim_time(&app);
    frames(&mut app, 250); // 5 s of real time
    let elapsed = sim_time(&app) - t0;
    // FixedUpdate runs in 10 ms ticks, so the simulation trails real time by < 1 tick.
    assert!((elapsed - 5.0).abs() <= 0.021, "5 s of frames advanced the model {elapsed:.3} s");
    let history = app.world().resource::<History>();
    assert!(history.samples().len() > 2000, "{} samples", history.samples().len());
    assert!(history.beats().len() >= 4, "{} beats", history.beats().len());
    let s = history.summary.expect("summary after beats");
    assert!((40.0..120.0).contains(&s.map_mmhg), "MAP {:.1}", s.map_mmhg);
}

#[test]
fn apply_changes_the_running_model_without_restarting() {
    let mut app = app("cardiogenic-shock");
    frames(&mut app, 100);
    let before = sim_time(&app);
    let mut params = app.world().resource::<Patient>().params.clone();
    params.assist.mode = AssistMode::Pump;
    app.world_mut().write_message(SimCommand::Apply(Box::new(params)));
    frames(&mut app, 300);
    let driver = app.world().resource::<Driver>();
    assert_eq!(driver.sim.params().assist.mode, AssistMode::Pump);
    assert!(driver.sim.time_s() > before, "the simulation went on");
    let flow = app.world().resource::<History>().samples().back().map_or(0.0, |s| s.pump_l_min);
    assert!(flow > 1.0, "pump flow {flow:.2} L/min after 6 s of support");
    assert_eq!(app.world().resource::<SimError>().0, None);
}

#[test]
fn an_invalid_setting_is_reported_and_not_applied() {
    let mut app = app("cardiogenic-shock");
    frames(&mut app, 5);
    let mut params = app.world().resource::<Patient>().params.clone();
    params.assist.mode = AssistMode::Iabp;
    params.assist.iabp.inflate_offset_ms = 900.0; // longer than the 600 ms beat at 100/min
    app.world_mut().write_message(SimCommand::Apply(Box::new(params)));
    frames(&mut app, 2);
    let error = app.world().resource::<SimError>().0.clone().expect("an error");
    assert!(error.contains("inflate_offset_ms"), "{error}");
    assert_eq!(app.world().resource::<Driver>().sim.params().assist.mode, AssistMode::Off);
}

#[test]
fn pause_stops_time_and_speed_scales_it() {
    let mut app = app("normal");
    frames(&mut app, 10);
    app.world_mut().write_message(SimCommand::SetPaused(true));
    frames(&mut app, 2);
    let t = sim_time(&app);
    frames(&mut app, 100);
    assert_eq!(sim_time(&app), t, "paused");

    app.world_mut().write_message(SimCommand::SetPaused(false));
    app.world_mut().write_message(SimCommand::SetSpeed(2.0));
    frames(&mut app, 2);
    let t = sim_time(&app);
    frames(&mut app, 100); // 2 s of real time
    let elapsed = sim_time(&app) - t;
    assert!((elapsed - 4.0).abs() <= 0.05, "2 s at 2× advanced {elapsed:.3} s");
}

#[test]
fn step_beat_pauses_and_advances_exactly_one_beat() {
    let mut app = app("normal");
    frames(&mut app, 150);
    let beats = app.world().resource::<History>().beats().len();
    app.world_mut().write_message(SimCommand::StepBeat);
    frames(&mut app, 1);
    let after = app.world().resource::<History>().beats().len();
    assert_eq!(after, beats + 1, "one more beat");
    let t = sim_time(&app);
    let r = app.world().resource::<Driver>().sim.pacemaker().r_last_s;
    assert!((t - r).abs() < 0.003, "stopped at the R wave: t {t:.3}, R {r:.3}");
    frames(&mut app, 20);
    assert_eq!(sim_time(&app), t, "paused after the step");
}

#[test]
fn loading_a_preset_restarts_and_the_baseline_follows_the_patient() {
    let mut app = app("normal");
    frames(&mut app, 50);
    let normal = app.world().resource::<Baseline>().summary.expect("baseline").map_mmhg;
    app.world_mut().write_message(SimCommand::LoadPreset("cardiogenic-shock".into()));
    frames(&mut app, 30);
    assert!(sim_time(&app) < 1.0, "restarted from rest");
    assert_eq!(app.world().resource::<Patient>().preset, "cardiogenic-shock");
    let baseline = app.world().resource::<Baseline>();
    let shock = baseline.summary.expect("baseline").map_mmhg;
    assert!(shock < normal - 10.0, "baseline MAP {normal:.0} → {shock:.0}");
    assert!(baseline.pv_loop.len() > 100, "ghost loop has {} points", baseline.pv_loop.len());
}

/// Alarms judged on the last beats of a 40 s run of `preset` with `sets`.
fn alarms_after(preset: &str, sets: &[&str]) -> Vec<counterpulse::app::alarms::Alarm> {
    let sets: Vec<String> = sets.iter().map(|s| (*s).to_owned()).collect();
    let scenario = counterpulse::scenario::resolve(Some(preset), None, &sets).expect("scenario");
    let result = counterpulse::run::run(scenario.params.clone(), 40.0, |_| {});
    counterpulse::app::alarms::alarms(&scenario.params, &result.beats, &result.warnings)
}

#[test]
fn alarms_teach_suction_non_ejection_and_low_augmentation_and_stay_quiet_otherwise() {
    use counterpulse::app::alarms::Alarm;
    let quiet = alarms_after("cardiogenic-shock", &["assist.mode=iabp", "assist.iabp.ratio=2"]);
    assert!(quiet.is_empty(), "correct balloon timing: {quiet:?}");
    let quiet = alarms_after("cardiogenic-shock", &["assist.mode=pump", "assist.pump.class=cp"]);
    assert!(quiet.is_empty(), "CP at P8: {quiet:?}");
    let dry = alarms_after(
        "cardiogenic-shock",
        &["assist.mode=pump", "assist.pump.class=5.0", "assist.pump.p_level=9", "blood.total_volume_ml=4300"],
    );
    assert!(dry.contains(&Alarm::Suction), "hypovolaemia at 5.0 P9: {dry:?}");
    let full =
        alarms_after("cardiogenic-shock", &["assist.mode=pump", "assist.pump.class=5.0", "assist.pump.p_level=9"]);
    assert!(full.contains(&Alarm::NonEjecting), "5.0 P9 on a weak ventricle: {full:?}");
    let weak = alarms_after("cardiogenic-shock", &["assist.mode=iabp", "assist.iabp.augmentation_pct=10"]);
    assert!(weak.contains(&Alarm::LowAugmentation), "10 % augmentation: {weak:?}");
    // A ventricle too weak to shut its valve gives the console no notch to time from.
    let no_notch = alarms_after("cardiogenic-shock", &["assist.mode=iabp", "heart.lv.ees_mmhg_per_ml=0.2"]);
    assert!(no_notch.contains(&Alarm::BalloonTiming), "LV Ees 0.2: {no_notch:?}");
    assert!(!quiet.contains(&Alarm::BalloonTiming));
}

/// Regression test for digits missing on the web page: bevy_egui's atlas update
/// (`EguiPostUpdateSet::PostProcessOutput`) must run before bevy_asset announces changed
/// images (`AssetEventSystems`), or every new glyph is uploaded a frame after it is drawn.
/// The probes are added in the wrong order on purpose: only the app's ordering puts them right.
#[test]
fn egui_atlas_updates_are_announced_in_the_frame_they_are_drawn() {
    #[derive(Resource, Default)]
    struct Order(Vec<&'static str>);
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).init_resource::<Order>();
    app.add_systems(
        PostUpdate,
        (|mut o: ResMut<Order>| o.0.push("asset events")).in_set(bevy::asset::AssetEventSystems),
    );
    app.add_systems(
        PostUpdate,
        (|mut o: ResMut<Order>| o.0.push("egui textures")).in_set(bevy_egui::EguiPostUpdateSet::PostProcessOutput),
    );
    counterpulse::app::egui_textures_before_asset_events(&mut app);
    app.update();
    assert_eq!(app.world().resource::<Order>().0, ["egui textures", "asset events"]);
}

/// The frame runs apply commands → step → record → derive → UI: a command the UI sent is
/// applied before the next step. A reset, then one frame: that frame's steps are already the
/// new run's, recorded in its fresh history (the reset used to run after the frame's steps
/// and leave the monitor empty for a frame).
#[test]
fn a_command_is_applied_before_the_frames_steps() {
    let mut app = app("normal");
    frames(&mut app, 50);
    app.world_mut().write_message(SimCommand::Reset);
    frames(&mut app, 1);
    let t = sim_time(&app);
    assert!(t > 0.0 && t <= 0.021, "one frame after the reset the new run is at {t:.3} s");
    assert!(!app.world().resource::<History>().samples().is_empty(), "the frame's steps were recorded");
}

/// The compare view's three runs go on off the UI pass (bevy's async compute pool): the view
/// first says they are running, then shows exactly `compare::compare`'s columns for the
/// monitor's patient, and runs again when the patient changes.
#[test]
fn the_compare_view_runs_its_simulations_in_the_background() {
    use counterpulse::app::View;
    use counterpulse::app::ui::Comparison;
    use counterpulse::compare::{ALL_DEVICES, compare};

    let params = Preset::by_name("cardiogenic-shock").and_then(|p| p.params()).expect("preset");
    let patient = Patient::new("cardiogenic-shock", params.clone());
    let first = patient.clone();
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(FRAME))
        .insert_resource(patient)
        .insert_state(View::Compare)
        .add_plugins((sim_driver::plugin, counterpulse::app::ui::compare::plugin));
    let wait = |app: &mut App| {
        for _ in 0..3000 {
            app.update();
            if !app.world().resource::<Comparison>().is_running() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the comparison did not finish");
    };
    app.update();
    let comparison = app.world().resource::<Comparison>();
    assert!(comparison.is_running() && comparison.columns_for(&first).is_none(), "runs start in the background");
    wait(&mut app);
    let expected = compare(&params, &ALL_DEVICES, counterpulse::app::ui::COMPARE_SECONDS);
    let columns = app.world().resource::<Comparison>().columns_for(&first).expect("columns of this patient").to_vec();
    let summaries = |c: &[counterpulse::compare::Column]| c.iter().map(|c| c.result.summary).collect::<Vec<_>>();
    assert_eq!(summaries(&columns), summaries(&expected));

    let mut changed = params.clone();
    changed.heart.hr_bpm = 90.0;
    app.world_mut().write_message(SimCommand::Apply(Box::new(changed.clone())));
    app.update();
    let changed = Patient::new("cardiogenic-shock", changed);
    assert!(app.world().resource::<Comparison>().columns_for(&changed).is_none(), "no stale numbers");
    wait(&mut app);
    assert!(app.world().resource::<Comparison>().columns_for(&changed).is_some());
}

/// At 1:1 every diastole is augmented, so the monitor has no unassisted landmarks (PSP,
/// PAEDP): the numerics read the beat before their window to classify its first beat. They
/// used to count that first beat as unassisted and showed a PAEDP and PSP at 1:1.
#[test]
fn at_1_to_1_the_monitor_shows_no_unassisted_landmarks() {
    let mut app = app("cardiogenic-shock");
    let mut params = app.world().resource::<Patient>().params.clone();
    params.assist.mode = AssistMode::Iabp;
    app.world_mut().write_message(SimCommand::Load(Box::new(Patient::new("cardiogenic-shock", params))));
    frames(&mut app, 600); // 12 s
    let s = app.world().resource::<History>().summary.expect("beats");
    assert!(s.assisted_end_diastolic_mmhg.is_some() && s.assisted_systolic_mmhg.is_some());
    assert_eq!((s.unassisted_end_diastolic_mmhg, s.unassisted_systolic_mmhg), (None, None));
}

/// A link's or a lesson's events play in the app as on the command line: the running model
/// takes the event's value at its time, the controls keep the patient's own, and a change
/// from the controls keeps the events playing.
#[test]
fn events_play_in_the_app() {
    let scenario = counterpulse::scenario::resolve_with_events(
        Some("normal"),
        None,
        &[],
        &["at_s=2,duration_s=4,hr=120,heart.lv.ees_mmhg_per_ml=1.5".to_owned()],
    )
    .expect("valid");
    let mut app = app("normal");
    app.world_mut().write_message(SimCommand::Load(Box::new(Patient::from_scenario(scenario))));
    let hr = |app: &App| app.world().resource::<Driver>().sim.params().heart.hr_bpm;
    frames(&mut app, 50); // 1 s
    assert_eq!(hr(&app), 75.0);
    frames(&mut app, 100); // 3 s
    assert_eq!(hr(&app), 120.0, "the event's rate");
    let running = app.world().resource::<History>().running.clone().expect("an event changed the ventricle");
    assert_eq!(running.heart.lv.ees_mmhg_per_ml, 1.5, "the PV loop draws the ESPVR the model runs with");
    assert_eq!(app.world().resource::<Patient>().params.heart.hr_bpm, 75.0, "the controls keep the patient's own");
    let mut params = app.world().resource::<Patient>().params.clone();
    params.blood.total_volume_ml = 4800.0;
    app.world_mut().write_message(SimCommand::Apply(Box::new(params)));
    frames(&mut app, 10);
    assert_eq!(hr(&app), 120.0, "a change from the controls keeps the event playing");
    assert_eq!(app.world().resource::<Driver>().sim.params().blood.total_volume_ml, 4800.0);
    frames(&mut app, 200); // 7.2 s
    assert_eq!(hr(&app), 75.0, "undone after its duration");
}

#[test]
fn the_no_assist_comparison_follows_an_event() {
    // A pump patient who fibrillates at 1 s: the grey "no assist" column must be the same
    // fibrillating patient without the pump (no output), not the patient in sinus rhythm.
    let scenario = counterpulse::scenario::resolve_with_events(
        Some("normal"),
        None,
        &["assist.mode=pump".to_owned()],
        &["at_s=1,rhythm=vf".to_owned()],
    )
    .expect("valid");
    let mut app = app("normal");
    app.world_mut().write_message(SimCommand::Load(Box::new(Patient::from_scenario(scenario))));
    frames(&mut app, 20);
    let output = |app: &App| app.world().resource::<Baseline>().summary.expect("computed").total_output_l_min;
    assert!(output(&app) > 4.0, "before the event: the sinus patient ({:.2} L/min)", output(&app));
    frames(&mut app, 600); // 12 s: past the pump's 5 s start-up ramp
    assert!(output(&app) < 0.1, "in fibrillation without the pump: {:.2} L/min", output(&app));
    let pump = app.world().resource::<History>().summary.expect("cycles").pump_flow_l_min;
    assert!(pump > 2.0, "the pump keeps its flow: {pump:.2} L/min");
}

#[test]
fn an_event_button_starts_its_event_now_and_clear_drops_them() {
    let mut app = app("normal");
    frames(&mut app, 100); // 2 s
    let rhythm = |app: &App| app.world().resource::<Driver>().sim.params().heart.rhythm;
    app.world_mut().write_message(SimCommand::StartEvent("duration_s=20,rhythm=vf".into()));
    frames(&mut app, 5);
    let events = app.world().resource::<Patient>().events.clone();
    assert_eq!(events.len(), 1);
    assert!((events[0].at_s - 2.0).abs() < 0.05, "starts now: {}", events[0].at_s);
    assert_eq!(rhythm(&app), counterpulse::model::Rhythm::Vf);
    // A second fibrillation while the first runs sets the same key twice: refused, named.
    app.world_mut().write_message(SimCommand::StartEvent("duration_s=20,rhythm=vf".into()));
    frames(&mut app, 1);
    let error = app.world().resource::<SimError>().0.clone().expect("an overlapping event is refused");
    assert!(error.contains("heart.rhythm"), "{error}");
    assert_eq!(app.world().resource::<Patient>().events.len(), 1);
    app.world_mut().write_message(SimCommand::ClearEvents);
    frames(&mut app, 1);
    assert!(app.world().resource::<Patient>().events.is_empty());
    assert_eq!(rhythm(&app), counterpulse::model::Rhythm::Sinus, "back to the controls' rhythm at once");
}

/// The maps run off the UI pass, natively as tasks and on the web page in slices per frame
/// (both engines tested here): the view first shows progress, then exactly the cells
/// `counterpulse sweep` gives for the same grid. Loading a cell keeps the map; changing the
/// patient starts a new one.
#[test]
fn the_maps_run_in_the_background_and_equal_the_sweep() {
    use counterpulse::app::View;
    use counterpulse::app::maps::{self, Engine, Maps};
    use counterpulse::maps::{MAP_SECONDS, MapKind};
    use counterpulse::scenario::Scenario;

    let wait = |app: &mut App| {
        for _ in 0..20_000 {
            app.update();
            if !app.world().resource::<Maps>().is_running() {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("the map did not finish");
    };
    let mut params = Preset::by_name("cardiogenic-shock").and_then(|p| p.params()).expect("preset");
    params.assist.mode = AssistMode::Iabp;
    for engine in [Engine::Tasks, Engine::Slices] {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin))
            .insert_resource(TimeUpdateStrategy::ManualDuration(FRAME))
            .insert_resource(Patient::new("cardiogenic-shock", params.clone()))
            .insert_resource(Maps { engine, ..Default::default() })
            .insert_state(View::Map)
            .add_plugins((sim_driver::plugin, maps::plugin));
        app.update();
        let done = |app: &App| app.world().resource::<Maps>().map.as_ref().map_or(0, |m| m.done());
        assert!(app.world().resource::<Maps>().is_running(), "{engine:?}: the cells run in the background");
        assert!(done(&app) < 49, "{engine:?}: not all in one frame");
        wait(&mut app);
        let maps = app.world().resource::<Maps>();
        let map = maps.map.as_ref().expect("a map");
        assert_eq!((map.kind, map.cells.len()), (MapKind::BalloonTiming, 49));
        let patient = Scenario { preset: "cardiogenic-shock".into(), params: params.clone(), events: Vec::new() };
        let swept = MapKind::BalloonTiming.scenario(&patient);
        let expected = counterpulse::sweep::run(&swept, &map.axes, MAP_SECONDS, |_| {}).expect("sweep");
        let cells: Vec<_> = map.cells.iter().map(|c| c.clone().expect("every cell finished")).collect();
        assert_eq!(cells, expected, "{engine:?}: the map's cells are the sweep's");
        // Its CSV: the notice first, then sweep's columns and rows.
        let csv = counterpulse::app::export::map_csv(map).expect("a complete map has a CSV");
        assert!(csv.starts_with("# EDUCATIONAL SIMULATOR"), "{}", &csv[..80]);
        let rows: Vec<&str> = csv.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(rows.len(), 1 + 49);
        assert!(rows[0].starts_with("inflate_offset_ms,deflate_offset_ms,hr_bpm,"), "{}", rows[0]);
        assert_eq!(rows[1], counterpulse::sweep::csv_row(&expected[0]));

        // A click loads cell 8 (column 1, row 1: inflation -80 ms, deflation -100 ms): the map stays.
        let loaded = map.load(&params, 8);
        assert_eq!((loaded.assist.iabp.inflate_offset_ms, loaded.assist.iabp.deflate_offset_ms), (-80.0, -100.0));
        app.world_mut().write_message(SimCommand::Apply(Box::new(loaded)));
        app.update();
        let maps = app.world().resource::<Maps>();
        assert!(maps.map.as_ref().is_some_and(|m| m.is_complete()), "{engine:?}: loading a cell keeps the map");
        assert_eq!(app.world().resource::<Patient>().params.assist.iabp.inflate_offset_ms, -80.0);

        // Another patient: a new map.
        let mut weaker = app.world().resource::<Patient>().params.clone();
        weaker.heart.lv.ees_mmhg_per_ml = 0.6;
        app.world_mut().write_message(SimCommand::Apply(Box::new(weaker)));
        app.update();
        assert!(app.world().resource::<Maps>().is_running(), "{engine:?}: a changed patient starts a new map");
    }
}

/// The pump's map shows the textbook signature of suction: at the least blood volume the
/// fastest speeds suck the ventricle empty, while the slowest speed at the largest volume never
/// does; and flow rises with speed where the ventricle stays full.
#[test]
fn the_pump_map_shows_suction_at_low_volume_and_high_speed() {
    use counterpulse::app::View;
    use counterpulse::app::maps::{self, Maps};
    use counterpulse::maps::MapKind;

    let mut params = Preset::by_name("cardiogenic-shock").and_then(|p| p.params()).expect("preset");
    params.assist.mode = AssistMode::Pump;
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, bevy::state::app::StatesPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(FRAME))
        .insert_resource(Patient::new("cardiogenic-shock", params))
        .insert_state(View::Map)
        .add_plugins((sim_driver::plugin, maps::plugin));
    for _ in 0..20_000 {
        app.update();
        if app.world().resource::<Maps>().map.as_ref().is_some_and(|m| m.is_complete()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let maps = app.world().resource::<Maps>();
    let map = maps.map.as_ref().filter(|m| m.is_complete()).expect("the pump map finished");
    assert_eq!(map.kind, MapKind::Pump, "a patient on the pump opens on the pump's map");
    let (nx, ny) = (map.axes[0].values.len(), map.axes[1].values.len());
    let summary = |ix: usize, iy: usize| map.cells[ix * ny + iy].as_ref().and_then(|c| c.summary).expect("a summary");
    assert!(summary(nx - 1, 0).suction > 0.5, "P9 at the least volume sucks: {}", summary(nx - 1, 0).suction);
    assert_eq!(summary(0, ny - 1).suction, 0.0, "P2 at the largest volume does not");
    let full = ny - 1;
    assert!(summary(nx - 1, full).pump_flow_l_min > summary(0, full).pump_flow_l_min + 1.0);
}
