//! Errors in user input: every message names the field, the value and what is allowed.

use thiserror::Error;

/// Bad scenario input.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ScenarioError {
    /// A preset name that does not exist.
    #[error("unknown preset '{name}'; available: {available}")]
    UnknownPreset {
        /// The name given.
        name: String,
        /// Comma-separated list of presets.
        available: String,
    },
    /// A parameter path that does not exist.
    #[error("unknown parameter '{key}'; run `counterpulse params` for the list")]
    UnknownKey {
        /// The dotted path given.
        key: String,
    },
    /// A value that is not a number where one is needed.
    #[error("{key} = '{value}' is not a number")]
    NotANumber {
        /// The dotted path.
        key: String,
        /// The text given.
        value: String,
    },
    /// A value outside its documented range.
    #[error("{key} = {value} is out of range; allowed {min} to {max} {unit}")]
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
    /// A named value that is not one of the options.
    #[error("{key} = '{value}' is not allowed; allowed: {options}")]
    NotAnOption {
        /// The dotted path.
        key: String,
        /// The text given.
        value: String,
        /// Comma-separated options.
        options: String,
    },
    /// A fractional value where a whole number is needed.
    #[error("{key} = {value} must be a whole number from {min} to {max}")]
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
    #[error("--set '{text}' must look like KEY=VALUE, e.g. heart.hr_bpm=80")]
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
    #[error("{key} = {value} {unit} is too small: {reason}")]
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
    #[error("{flag} {value} is out of range; allowed {min} to {max} s")]
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
    /// A URL query names something that is neither a short name nor a parameter.
    #[error("unknown URL parameter '{name}'; known: preset, {known}, or any key of `counterpulse params`")]
    UnknownQueryName {
        /// The name given.
        name: String,
        /// The short names.
        known: String,
    },
    /// A URL query parameter with a bad value: which one, and why.
    #[error("URL parameter {name}={value}: {source}")]
    Query {
        /// The name in the URL.
        name: String,
        /// The value in the URL.
        value: String,
        /// What is wrong with it.
        source: Box<ScenarioError>,
    },
}
