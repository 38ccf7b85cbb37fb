//! Errors in user input: every message names the field, the value and what is allowed.

use thiserror::Error;

/// Bad scenario input.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScenarioError {
    /// A preset name that does not exist.
    #[error("unknown preset '{}'; available: {available}", clip(.name))]
    UnknownPreset {
        /// The name given.
        name: String,
        /// Comma-separated list of presets.
        available: String,
    },
    /// A parameter path that does not exist.
    #[error("unknown parameter '{}'; run `counterpulse params` for the list", clip(.key))]
    UnknownKey {
        /// The dotted path given.
        key: String,
    },
    /// A value that is not a number where one is needed.
    #[error("{} = '{}' is not a number", clip(.key), clip(.value))]
    NotANumber {
        /// The dotted path.
        key: String,
        /// The text given.
        value: String,
    },
    /// A value outside its documented range.
    #[error("{key} = {} is out of range; allowed {} to {} {unit}", show(*.value), show(*.min), show(*.max))]
    OutOfRange {
        /// The dotted path.
        key: String,
        /// The value given.
        value: f64,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Unit of the value.
        unit: String,
    },
    /// A number too large to represent (`1e309`, `inf`): out of range whatever the range.
    #[error("{key} = {} is out of range; allowed {} to {} {unit}", clip(.text), show(*.min), show(*.max))]
    Overflow {
        /// The dotted path or option.
        key: String,
        /// The text given.
        text: String,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Unit of the value.
        unit: String,
    },
    /// A named value that is not one of the options.
    #[error("{key} = '{}' is not allowed; allowed: {options}", clip(.value))]
    NotAnOption {
        /// The dotted path.
        key: String,
        /// The text given.
        value: String,
        /// Comma-separated options.
        options: String,
    },
    /// A fractional value where a whole number is needed.
    #[error("{key} = {} must be a whole number from {} to {}", show(*.value), show(*.min), show(*.max))]
    NotWhole {
        /// The dotted path.
        key: String,
        /// The value given.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// A `--set` argument without `=`.
    #[error("--set '{}' must look like KEY=VALUE, e.g. heart.hr_bpm=80", clip(.text))]
    MalformedAssignment {
        /// The text given.
        text: String,
    },
    /// A TOML file that does not parse.
    #[error("{source_name}: TOML syntax error at line {line}, column {column}: {message}")]
    Toml {
        /// File name or other source label.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A TOML value of the wrong type.
    #[error("{key} has type {found}; expected {expected}")]
    WrongType {
        /// The dotted path.
        key: String,
        /// What was found.
        found: String,
        /// What is expected.
        expected: String,
    },
    /// A combination of values that cannot work.
    #[error("{key} = {} {unit} is too small: {reason}", show(*.value))]
    Inconsistent {
        /// The dotted path.
        key: String,
        /// The value.
        value: f64,
        /// Its unit.
        unit: String,
        /// Why.
        reason: String,
    },
    /// A simulated duration (`--seconds`, `--after-seconds`).
    #[error("{flag} {} is out of range; allowed {} to {} s", show(*.value), show(*.min), show(*.max))]
    Duration {
        /// The option.
        flag: String,
        /// The value given.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// A scenario event that cannot work: which one (1-based) and why.
    #[error("event {index}: {reason}")]
    Event {
        /// The event's number, in the order written (file first, then `--event`).
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// A bad setting inside an event.
    #[error("event {index}: {source}")]
    InEvent {
        /// The event's number.
        index: usize,
        /// What is wrong with the setting.
        source: Box<ScenarioError>,
    },
    /// A URL query names something that is neither a short name nor a parameter.
    #[error("unknown URL parameter '{}'; known: preset, {known}, or any key of `counterpulse params`", clip(.name))]
    UnknownQueryName {
        /// The name given.
        name: String,
        /// The short names.
        known: String,
    },
    /// A URL query parameter with a bad value: which one, and why.
    #[error("URL parameter {}={}: {source}", clip(.name), clip(.value))]
    Query {
        /// The name in the URL.
        name: String,
        /// The value in the URL.
        value: String,
        /// What is wrong with it.
        source: Box<ScenarioError>,
    },
}

/// Longest user text echoed in a message (characters); longer text is cut, with its length.
const CLIP_CHARS: usize = 40;

/// `text` as a message shows it: whole if short, else its start and its length, so a 100 kB
/// value does not flood the terminal.
pub fn clip(text: &str) -> String {
    let n = text.chars().count();
    if n <= CLIP_CHARS {
        text.to_owned()
    } else {
        let head: String = text.chars().take(CLIP_CHARS).collect();
        format!("{head}… ({n} characters)")
    }
}

/// A number as a message shows it: plain where that is short, else in exponent form
/// (`1e300`, not three hundred digits).
pub fn show(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-4..1e7).contains(&v.abs()) { format!("{v:e}") } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    use super::{clip, show};

    #[test]
    fn long_text_and_huge_numbers_are_shown_short() {
        assert_eq!(clip("heart"), "heart");
        let long = "x".repeat(100_000);
        assert_eq!(clip(&long), format!("{}… (100000 characters)", "x".repeat(40)));
        assert_eq!(show(1e300), "1e300");
        assert_eq!(show(-2.5e-7), "-2.5e-7");
        assert_eq!(show(75.0), "75");
        assert_eq!(show(0.029), "0.029");
        assert_eq!(show(36_000.0), "36000");
    }
}
