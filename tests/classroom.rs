//! The classroom features without a window: the quiz's questions and score, a lesson step
//! loading its patient into the running driver, and the exports carrying the notice.
#![cfg(feature = "gui")]

use std::time::Duration;

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use counterpulse::app::export::{png_with_notice, traces_csv};
use counterpulse::app::history::History;
use counterpulse::app::sim_driver::{self, Driver, Patient, SimCommand};
use counterpulse::app::ui::lessons::LessonProgress;
use counterpulse::app::ui::quiz::Quiz;
use counterpulse::app::ui::{Readout, ReadoutNumber};
use counterpulse::devices::AssistMode;
use counterpulse::lessons::lessons;
use counterpulse::quiz::TIMING_CASES;
use counterpulse::scenario::Preset;

fn patient(preset: &str) -> Patient {
    Patient::new(preset, Preset::by_name(preset).and_then(|p| p.params()).unwrap())
}

fn driver(p: Patient) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(20)));
    app.insert_resource(p).add_plugins(sim_driver::plugin);
    app
}

#[test]
fn a_quiz_question_sets_a_hidden_timing_at_1_2_and_scores_the_answer() {
    let mut quiz = Quiz::new(42);
    let shock = patient("cardiogenic-shock");
    let mut seen = [false; TIMING_CASES.len()];
    for round in 0..40 {
        let (p, from_rest) = quiz.ask(round, &shock, 10.0);
        assert!(!from_rest, "already on the quiz patient: a live change");
        let case = quiz.case.unwrap();
        seen[case] = true;
        // The scenario the timing-error tests and `counterpulse validate` check.
        let expected = counterpulse::scenario::from_query(&counterpulse::quiz::query(&TIMING_CASES[case])).unwrap();
        assert_eq!(p.params, expected.params);
        assert_eq!(p.preset, counterpulse::quiz::QUIZ_PRESET);
        let iabp = &p.params.assist.iabp;
        assert_eq!((p.params.assist.mode, iabp.ratio), (AssistMode::Iabp, 2.0));
        assert_eq!((iabp.inflate_offset_ms, iabp.deflate_offset_ms), {
            let c = &TIMING_CASES[case];
            (c.inflate_offset_ms, c.deflate_offset_ms)
        });
        assert!(quiz.is_open());
        // Answer right on even rounds, wrong on odd ones.
        let choice = if round % 2 == 0 { case } else { (case + 1) % TIMING_CASES.len() };
        assert_eq!(quiz.answer(choice), round % 2 == 0);
        assert!(!quiz.is_open());
        let answered = quiz.answered;
        quiz.answer(case);
        assert_eq!(quiz.answered, answered, "a second answer does not count");
    }
    assert_eq!((quiz.right, quiz.answered), (20, 40));
    assert!(seen.iter().all(|s| *s), "every timing case comes up in 40 questions: {seen:?}");
}

#[test]
fn a_quiz_question_follows_the_running_patient() {
    let mut quiz = Quiz::new(7);
    // From another preset the question starts the quiz patient from rest and waits longer.
    let (p, from_rest) = quiz.ask(1, &patient("normal"), 30.0);
    assert!(from_rest && quiz.asked_at_s == 0.0 && quiz.beats_needed > 4);
    quiz.sync(&p.params, 2.0);
    assert!(quiz.is_open(), "the quiz patient is running");
    // A reset (history from 0 again) restarts the beat count, the question stays.
    let (p, _) = quiz.ask(2, &p, 50.0);
    quiz.sync(&p.params, 1.0);
    assert!(quiz.is_open() && quiz.asked_at_s == 0.0);
    // Another patient (a lesson, a preset, a slider) drops the question unscored.
    quiz.sync(&patient("heart-failure").params, 3.0);
    assert!(!quiz.is_open() && quiz.case.is_none());
    assert_eq!(quiz.answered, 0);
}

#[test]
fn lesson_3_walks_through_the_quiz_timing_cases() {
    let lesson = &lessons().unwrap()[2];
    for (step, case) in lesson.steps.iter().zip(&TIMING_CASES) {
        let params = step.scenario().unwrap().params;
        assert_eq!(params, counterpulse::quiz::params(case), "{}: {}", step.title, case.name);
    }
}

/// Opens `step` of lesson `lesson` as the lesson panel does.
fn open_step(app: &mut App, lesson: usize, step: usize, fresh: bool) {
    app.world_mut()
        .run_system_once(
            move |mut progress: ResMut<LessonProgress>,
                  patient: Res<Patient>,
                  mut commands: MessageWriter<SimCommand>| {
                progress.open((lesson, step), fresh, &patient, &mut commands);
            },
        )
        .unwrap();
    for _ in 0..5 {
        app.update();
    }
}

#[test]
fn a_lesson_step_loads_its_patient_into_the_running_app() {
    let all = lessons().unwrap();
    let mut app = driver(patient("normal"));
    app.insert_resource(LessonProgress { lessons: all.clone(), ..default() });
    app.update();
    // Lesson 3 step 1 is another preset: a start from rest.
    open_step(&mut app, 2, 0, false);
    let step1 = all[2].steps[0].scenario().unwrap();
    assert_eq!(app.world().resource::<Driver>().sim.params(), &step1.params);
    assert!(app.world().resource::<Driver>().sim.time_s() < 0.2, "started from rest");
    let running = app.world().resource::<Patient>().params.clone();
    assert!(app.world().resource::<LessonProgress>().is_loaded(&running));
    // Step 2, same preset: a live change, the simulation goes on.
    for _ in 0..100 {
        app.update();
    }
    open_step(&mut app, 2, 1, false);
    let step2 = all[2].steps[1].scenario().unwrap();
    assert_eq!(app.world().resource::<Driver>().sim.params(), &step2.params);
    assert!(app.world().resource::<Driver>().sim.time_s() > 1.5, "a live change keeps the time");
    // A slider moved by hand: the step no longer counts as loaded.
    let mut changed = step2.params.clone();
    changed.heart.hr_bpm = 90.0;
    app.world_mut().write_message(SimCommand::Apply(Box::new(changed)));
    app.update();
    let running = app.world().resource::<Patient>().params.clone();
    assert!(!app.world().resource::<LessonProgress>().is_loaded(&running));
}

#[test]
fn exported_traces_and_pictures_carry_the_notice() {
    let mut app = driver(patient("cardiogenic-shock"));
    for _ in 0..200 {
        app.update();
    }
    let history = app.world().resource::<History>();
    let csv = traces_csv(history, app.world().resource::<Patient>());
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(format!("# {}", counterpulse::DISCLAIMER).as_str()));
    assert!(lines.next().unwrap().contains("?preset=cardiogenic-shock"));
    assert_eq!(lines.next(), Some("t_s,ecg_mv,aortic_root_mmhg,lv_mmhg,la_mmhg,lv_volume_ml,balloon_ml,pump_l_min"));
    assert_eq!(lines.count(), history.samples().len());

    let png = png_with_notice(2, 1, &[0, 0, 0, 255, 255, 255], None).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let text = String::from_utf8_lossy(&png);
    assert!(text.contains("Disclaimer") && text.contains(counterpulse::DISCLAIMER));
    assert!(!text.contains("Numbers"), "no panel, no Numbers chunk");

    // A picture of the app carries the numbers panel it shows, for .ci/panel_check.py.
    let numbers = Readout {
        pixels_per_point: 1.0,
        numbers: vec![ReadoutNumber { key: "hr_bpm".into(), text: "75".into(), rect: [1.0, 2.0, 30.0, 28.0] }],
    };
    let png = png_with_notice(2, 1, &[0, 0, 0, 255, 255, 255], Some(&numbers)).unwrap();
    let text = String::from_utf8_lossy(&png);
    assert!(text.contains(counterpulse::DISCLAIMER));
    assert!(text.contains(r#"Numbers"#) && text.contains(r#"{"key":"hr_bpm","text":"75","rect":[1.0,2.0,30.0,28.0]}"#));
}

#[test]
fn a_predictions_key_numbers_stay_hidden_until_it_is_answered() {
    use counterpulse::app::ui::View;
    let mut progress = LessonProgress { lessons: lessons().unwrap(), ..Default::default() };
    // Lesson 7, step 2 (VT) asks a prediction about its highlighted stroke volume.
    progress.lesson = 6;
    progress.step = 1;
    let step = progress.current().unwrap().clone();
    assert!(step.predict.is_some());
    let key = step.highlight.iter().find(|k| *k == "stroke_volume_ml").expect("highlighted");
    assert!(progress.hides(View::Lessons(6), key), "hidden while the prediction is open");
    assert!(!progress.hides(View::Monitor, key), "the monitor view hides nothing");
    assert!(!progress.hides(View::Lessons(6), "cvp_mmhg"), "numbers not asked about stay");
    progress.chosen = Some(0);
    assert!(!progress.hides(View::Lessons(6), key), "shown once answered (or skipped)");
    // A step without a prediction hides nothing.
    progress.step = 0;
    assert!(!progress.hides(View::Lessons(6), "hr_bpm"));
}
