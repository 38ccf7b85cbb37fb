//! The classroom features without a window: the quiz's questions and score, a lesson step
//! loading its patient into the running driver, and the exports carrying the notice.
#![cfg(feature = "gui")]

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use counterpulse::app::export::{png_with_notice, traces_csv};
use counterpulse::app::history::History;
use counterpulse::app::sim_driver::{self, Driver, Patient, SimCommand};
use counterpulse::app::ui::quiz::Quiz;
use counterpulse::devices::AssistMode;
use counterpulse::lessons::lessons;
use counterpulse::quiz::TIMING_CASES;
use counterpulse::scenario::Preset;

fn patient(preset: &str) -> Patient {
    Patient { preset: preset.to_owned(), params: Preset::by_name(preset).and_then(|p| p.params()).unwrap() }
}

fn driver(p: Patient) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins).insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(20)));
    sim_driver::plugin(&mut app, p, None);
    app
}

#[test]
fn a_quiz_question_sets_a_hidden_timing_at_1_2_and_scores_the_answer() {
    let mut quiz = Quiz::new(42);
    let shock = patient("cardiogenic-shock");
    let mut seen = [false; TIMING_CASES.len()];
    for round in 0..40 {
        let p = quiz.ask(round, &shock, 0.0);
        let case = quiz.case.unwrap();
        seen[case] = true;
        let iabp = &p.params.assist.iabp;
        assert_eq!(p.params.assist.mode, AssistMode::Iabp);
        assert_eq!(iabp.ratio, 2.0);
        assert_eq!((iabp.inflate_offset_ms, iabp.deflate_offset_ms), {
            let c = &TIMING_CASES[case];
            (c.inflate_offset_ms, c.deflate_offset_ms)
        });
        assert!(counterpulse::scenario::validate(&p.params).is_ok(), "{case}: a quiz patient must be valid");
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
fn a_lesson_step_loads_its_patient_into_the_running_app() {
    let lesson = &lessons().unwrap()[2];
    let step = &lesson.steps[1];
    let scenario = step.scenario().unwrap();
    let mut app = driver(patient("normal"));
    app.update();
    app.world_mut().write_message(SimCommand::Load(Box::new(Patient {
        preset: scenario.preset.clone(),
        params: scenario.params.clone(),
    })));
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(app.world().resource::<Driver>().sim.params(), &scenario.params);
    assert_eq!(app.world().resource::<Patient>().preset, scenario.preset);
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

    let png = png_with_notice(2, 1, &[0, 0, 0, 255, 255, 255]).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let text = String::from_utf8_lossy(&png);
    assert!(text.contains("Disclaimer") && text.contains(counterpulse::DISCLAIMER));
}
