//! Every lesson step's claims hold in the model: each step's scenario is run and each of its
//! checks evaluated, so a lesson cannot teach what the simulator does not show.

use counterpulse::lessons::{CHECK_SECONDS, lessons};
use counterpulse::run::run_with_events;

#[test]
fn every_lesson_claim_holds_in_the_model() {
    let mut failures = Vec::new();
    for (n, lesson) in lessons().expect("lessons parse").iter().enumerate() {
        let summaries: Vec<_> = lesson
            .steps
            .iter()
            .map(|step| {
                let scenario = step.scenario().expect("validated scenario");
                run_with_events(scenario.params, &scenario.events, CHECK_SECONDS, |_| {}).summary.expect("beats")
            })
            .collect();
        for (i, step) in lesson.steps.iter().enumerate() {
            for check in &step.checks {
                match check.evaluate(&summaries[i], &summaries) {
                    Ok((_, _, true)) => {}
                    Ok((value, other, false)) => failures.push(format!(
                        "lesson {} step {} ({}): {} fails: {value:.3} vs {other:.3}",
                        n + 1,
                        i + 1,
                        step.title,
                        check.describe()
                    )),
                    Err(e) => failures.push(format!("lesson {} step {}: {e}", n + 1, i + 1)),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn there_are_twelve_lessons_of_several_steps() {
    let all = lessons().unwrap();
    assert_eq!(all.len(), 12);
    for lesson in &all {
        assert!(lesson.steps.len() >= 3, "{} has {} steps", lesson.title, lesson.steps.len());
    }
}
