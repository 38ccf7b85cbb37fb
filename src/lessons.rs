//! Guided lessons: data in `assets/lessons/*.toml`, compiled in (the web page reads no files).
//!
//! A lesson is a list of steps. Each step loads a scenario (URL-query syntax, so the names and
//! checks are those of the command line and of shared links), may ask the student to predict,
//! says where to look, explains, and highlights summary indices. Each step also states what
//! the model must show for its explanation to be true ([`Check`]); `tests/lessons.rs` runs
//! every step and fails if the model does not reproduce a claim.

use serde::Deserialize;
use thiserror::Error;

use crate::metrics::{Summary, SummaryField};
use crate::quiz::Draw;
use crate::scenario::{Scenario, ScenarioError, from_query};

/// The lesson files, in order: (file stem, TOML text).
pub const SOURCES: [(&str, &str); 12] = [
    ("01-cardiac-cycle", include_str!("../assets/lessons/01-cardiac-cycle.toml")),
    ("02-why-counterpulsation", include_str!("../assets/lessons/02-why-counterpulsation.toml")),
    ("03-balloon-timing", include_str!("../assets/lessons/03-balloon-timing.toml")),
    ("04-balloon-vs-pump", include_str!("../assets/lessons/04-balloon-vs-pump.toml")),
    ("05-pump-suction", include_str!("../assets/lessons/05-pump-suction.toml")),
    ("06-irregular-rhythm", include_str!("../assets/lessons/06-irregular-rhythm.toml")),
    ("07-when-the-heart-stops", include_str!("../assets/lessons/07-when-the-heart-stops.toml")),
    ("08-weaning", include_str!("../assets/lessons/08-weaning.toml")),
    ("09-shock-spiral", include_str!("../assets/lessons/09-shock-spiral.toml")),
    ("10-high-risk-pci", include_str!("../assets/lessons/10-high-risk-pci.toml")),
    ("11-mechanical-complications", include_str!("../assets/lessons/11-mechanical-complications.toml")),
    ("12-contraindications", include_str!("../assets/lessons/12-contraindications.toml")),
];

/// Seconds a step's scenario is run before its checks are evaluated (the average of the last
/// beats, as everywhere).
pub const CHECK_SECONDS: f64 = 40.0;

/// One lesson.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Heading.
    pub title: String,
    /// What the student can do afterwards.
    pub goal: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Heading.
    pub title: String,
    /// The scenario, as a URL query (`preset=cardiogenic-shock&assist=iabp&ratio=1:2`).
    pub scenario: String,
    /// What is set up and what to look at first.
    pub text: String,
    /// A question asked before the result is explained.
    #[serde(default)]
    pub predict: Option<String>,
    /// The answers offered for `predict`.
    #[serde(default)]
    pub options: Vec<String>,
    /// Index of the right answer in `options`.
    #[serde(default)]
    pub answer: Option<usize>,
    /// Where to look.
    pub observe: String,
    /// Why: shown after the prediction.
    pub explain: String,
    /// Summary keys ([`SummaryField`]) whose values the lesson panel shows.
    #[serde(default)]
    pub highlight: Vec<String>,
    /// What the model must show for `explain` to be true.
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// A claim about the model: `metric` is above or below another metric of the same step, or
/// the same metric in another step of the lesson, by at least `margin`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Summary key.
    pub metric: String,
    /// Another summary key of this step that `metric` exceeds.
    #[serde(default)]
    pub above: Option<String>,
    /// Another summary key of this step that `metric` stays under.
    #[serde(default)]
    pub below: Option<String>,
    /// Step number (1-based) whose value of `metric` this step's exceeds.
    #[serde(default)]
    pub above_step: Option<usize>,
    /// Step number (1-based) whose value of `metric` this step's stays under.
    #[serde(default)]
    pub below_step: Option<usize>,
    /// Smallest difference that counts (same unit as `metric`).
    #[serde(default)]
    pub margin: f64,
}

/// What a check compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'a> {
    /// Another summary key of the same step.
    Metric(&'a str),
    /// The same key in step N (1-based).
    Step(usize),
}

/// A lesson file that cannot be used.
#[derive(Debug, Error, PartialEq)]
pub enum LessonError {
    /// Not valid TOML or not the lesson schema.
    #[error("lesson {file}: {message}")]
    Format {
        /// File stem.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A step is inconsistent.
    #[error("lesson {file}, step {step}: {message}")]
    Step {
        /// File stem.
        file: String,
        /// Step number (1-based).
        step: usize,
        /// What is wrong.
        message: String,
    },
}

impl Check {
    /// The comparison: `(above, reference)`; an error unless exactly one is given.
    pub fn reference(&self) -> Result<(bool, Reference<'_>), String> {
        let given = [
            self.above.as_deref().map(|k| (true, Reference::Metric(k))),
            self.below.as_deref().map(|k| (false, Reference::Metric(k))),
            self.above_step.map(|n| (true, Reference::Step(n))),
            self.below_step.map(|n| (false, Reference::Step(n))),
        ];
        let mut set = given.into_iter().flatten();
        match (set.next(), set.next()) {
            (Some(one), None) => Ok(one),
            _ => Err(format!("check on {}: give exactly one of above, below, above_step, below_step", self.metric)),
        }
    }

    /// Evaluates the check on `this` step's summary, with `steps` the summaries of the
    /// lesson's steps (index 0 = step 1). Returns (value, reference value, holds).
    pub fn evaluate(&self, this: &Summary, steps: &[Summary]) -> Result<(f64, f64, bool), String> {
        let (above, reference) = self.reference()?;
        let value = this.get(&self.metric).ok_or_else(|| format!("{} has no value here", self.metric))?;
        let other = match reference {
            Reference::Metric(key) => this.get(key).ok_or_else(|| format!("{key} has no value here"))?,
            Reference::Step(n) => steps
                .get(n.wrapping_sub(1))
                .and_then(|s| s.get(&self.metric))
                .ok_or_else(|| format!("{} has no value in step {n}", self.metric))?,
        };
        let holds = if above { value >= other + self.margin } else { value <= other - self.margin };
        Ok((value, other, holds))
    }

    /// The claim in words, e.g. "PDP above PSP".
    pub fn describe(&self) -> String {
        let name = |k: &str| SummaryField::find(k).map_or_else(|| k.to_owned(), |f| f.label.to_owned());
        match self.reference() {
            Ok((above, r)) => {
                let word = if above { "above" } else { "below" };
                let margin = if self.margin > 0.0 { format!(" by at least {}", self.margin) } else { String::new() };
                match r {
                    Reference::Metric(k) => format!("{} {word} {}{margin}", name(&self.metric), name(k)),
                    Reference::Step(n) => format!("{} {word} its value in step {n}{margin}", name(&self.metric)),
                }
            }
            Err(e) => e,
        }
    }
}

impl Step {
    /// The step's scenario, validated as a link would be.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        from_query(&self.scenario)
    }

    /// Everything that can be checked without running the model.
    fn validate(&self, number: usize, steps: usize) -> Result<(), String> {
        self.scenario().map_err(|e| format!("scenario: {e}"))?;
        match (&self.predict, self.answer) {
            (None, None) if self.options.is_empty() => {}
            (Some(_), Some(a)) if self.options.len() >= 2 && a < self.options.len() => {
                if self.checks.is_empty() {
                    return Err("a prediction needs a check that proves its answer".into());
                }
            }
            _ => return Err("predict, options (two or more) and answer (an index into options) go together".into()),
        }
        for key in &self.highlight {
            SummaryField::find(key).ok_or_else(|| format!("highlight: unknown summary key {key}"))?;
        }
        for check in &self.checks {
            SummaryField::find(&check.metric).ok_or_else(|| format!("check: unknown summary key {}", check.metric))?;
            if !(check.margin.is_finite() && check.margin >= 0.0) {
                return Err(format!("check on {}: margin {} must be 0 or more", check.metric, check.margin));
            }
            match check.reference()?.1 {
                Reference::Metric(k) => {
                    SummaryField::find(k).ok_or_else(|| format!("check: unknown summary key {k}"))?;
                }
                Reference::Step(n) if n == 0 || n > steps || n == number => {
                    return Err(format!("check on {}: step {n} is not another step of this lesson", check.metric));
                }
                Reference::Step(_) => {}
            }
        }
        Ok(())
    }
}

impl Lesson {
    /// Parses and validates one lesson file.
    pub fn parse(file: &str, text: &str) -> Result<Self, LessonError> {
        let lesson: Lesson =
            toml::from_str(text).map_err(|e| LessonError::Format { file: file.into(), message: e.to_string() })?;
        if lesson.steps.is_empty() {
            return Err(LessonError::Format { file: file.into(), message: "a lesson needs at least one step".into() });
        }
        let mut lesson = lesson;
        let steps = lesson.steps.len();
        for (i, step) in lesson.steps.iter_mut().enumerate() {
            step.validate(i + 1, steps).map_err(|message| LessonError::Step {
                file: file.into(),
                step: i + 1,
                message,
            })?;
            step.shuffle_options(&format!("{file}/{i}"));
        }
        Ok(lesson)
    }
}

impl Step {
    /// Puts the prediction's options in an order drawn from `seed` (the lesson file and step),
    /// so where the right answer sits teaches nothing: authors tend to write it first. The
    /// order is the same on every run and every machine.
    fn shuffle_options(&mut self, seed: &str) {
        let Some(answer) = self.answer else { return };
        // FNV-1a of the seed, then the quiz's SplitMix64 draws for a Fisher-Yates shuffle.
        let mut draw = Draw::new(
            seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)),
        );
        let mut order: Vec<usize> = (0..self.options.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, draw.below(i + 1));
        }
        self.options = order.iter().map(|&i| self.options[i].clone()).collect();
        self.answer = order.iter().position(|&i| i == answer);
    }
}

/// Every built-in lesson, in order.
pub fn lessons() -> Result<Vec<Lesson>, LessonError> {
    SOURCES.iter().map(|(file, text)| Lesson::parse(file, text)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: &str = r#"
title = "t"
goal = "g"
[[steps]]
title = "s"
scenario = "preset=cardiogenic-shock&assist=iabp&ratio=1:2"
text = "x"
observe = "o"
explain = "e"
"#;

    #[test]
    fn every_built_in_lesson_parses() {
        assert_eq!(lessons().unwrap().len(), SOURCES.len());
    }

    #[test]
    fn options_are_shuffled_and_the_answer_follows_its_words() {
        let (mut first, mut predictions) = (0, 0);
        for ((file, text), lesson) in SOURCES.iter().zip(lessons().unwrap()) {
            let authored: Lesson = toml::from_str(text).unwrap();
            for (a, s) in authored.steps.iter().zip(&lesson.steps) {
                let (Some(a_answer), Some(answer)) = (a.answer, s.answer) else { continue };
                assert_eq!(s.options[answer], a.options[a_answer], "{file}: {}", s.title);
                let mut sorted = s.options.clone();
                sorted.sort();
                let mut authored_sorted = a.options.clone();
                authored_sorted.sort();
                assert_eq!(sorted, authored_sorted);
                predictions += 1;
                first += usize::from(answer == 0);
            }
        }
        // Authored, the first option was right in 24 of 35; a fair order puts about a third first.
        assert!(predictions >= 30 && 2 * first <= predictions, "{first} of {predictions} first");
        assert_eq!(lessons().unwrap(), lessons().unwrap(), "the same order every time");
    }

    #[test]
    fn inconsistent_steps_are_named() {
        let bad_scenario = STEP.replace("ratio=1:2", "ratio=1:7");
        let e = Lesson::parse("x", &bad_scenario).unwrap_err().to_string();
        assert!(e.contains("step 1") && e.contains("ratio=1:7"), "{e}");
        let no_check = format!("{STEP}predict = \"?\"\noptions = [\"a\", \"b\"]\nanswer = 1\n");
        assert!(Lesson::parse("x", &no_check).unwrap_err().to_string().contains("needs a check"));
        let bad_answer = format!("{STEP}predict = \"?\"\noptions = [\"a\", \"b\"]\nanswer = 2\n");
        assert!(Lesson::parse("x", &bad_answer).unwrap_err().to_string().contains("go together"));
        let bad_key = format!("{STEP}highlight = [\"lvedp\"]\n");
        assert!(Lesson::parse("x", &bad_key).unwrap_err().to_string().contains("unknown summary key lvedp"));
        let two_refs = format!("{STEP}[[steps.checks]]\nmetric = \"map_mmhg\"\nabove = \"cvp_mmhg\"\nbelow_step = 1\n");
        assert!(Lesson::parse("x", &two_refs).unwrap_err().to_string().contains("exactly one"));
        let self_ref = format!("{STEP}[[steps.checks]]\nmetric = \"map_mmhg\"\nbelow_step = 1\n");
        assert!(Lesson::parse("x", &self_ref).unwrap_err().to_string().contains("not another step"));
        let unknown_field = format!("{STEP}colour = \"red\"\n");
        assert!(Lesson::parse("x", &unknown_field).unwrap_err().to_string().contains("colour"));
    }
}
