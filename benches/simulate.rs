//! Simulation throughput: 60 s of `cardiogenic-shock`, reported by criterion as time per
//! run; simulated seconds per wall second = 60 s / that time (printed at the end). The
//! regulation (baroreflex and coronary autoregulation) is timed on and off in the same run.
//!
//! And the speed target of issue 15: one hour of `cardiogenic-shock` with the balloon at 1:1,
//! reflexes and autoregulation on, at the default step, the model alone and with the beat
//! analysis a `simulate` run adds; the target is 14 400 simulated seconds per wall second
//! (the hour in 0.25 s on one core).

use counterpulse::model::{Simulation, Switch};
use counterpulse::run::run;
use counterpulse::scenario::Preset;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SIMULATED_S: f64 = 60.0;

/// Steps benchmarked: the default (2 ms) and 6 ms, a step at which MAP and LVEDP
/// stay within 0.5 mmHg of a run at half the step (`tests/convergence.rs` checks it).
const STEPS_MS: [f64; 2] = [2.0, 6.0];

fn bench(c: &mut Criterion) {
    let base = Preset::by_name("cardiogenic-shock").and_then(|p| p.params()).expect("built-in preset is valid");
    let mut group = c.benchmark_group("cardiogenic-shock-60s");
    group.sample_size(30);
    for dt_ms in STEPS_MS {
        for regulation in [Switch::Off, Switch::On] {
            let mut params = base.clone();
            params.solver.dt_ms = dt_ms;
            params.regulation.baroreflex.enabled = regulation;
            params.regulation.autoregulation.enabled = regulation;
            let label = format!("dt={dt_ms}ms/regulation-{}", regulation.name());
            group.bench_function(format!("model-only/{label}"), |b| {
                b.iter(|| {
                    let mut sim = Simulation::new(params.clone());
                    sim.advance_to(black_box(SIMULATED_S));
                    black_box(sim.state())
                });
            });
            group.bench_function(format!("with-beat-metrics/{label}"), |b| {
                b.iter(|| black_box(run(params.clone(), black_box(SIMULATED_S), |_| {}).summary));
            });
            // Criterion reports time per 60 s run; print the ratio the project tracks, best of
            // 30 runs (the least disturbed by other load on the machine).
            let best = (0..30)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let mut sim = Simulation::new(params.clone());
                    sim.advance_to(SIMULATED_S);
                    black_box(sim.state());
                    start.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min);
            println!("model-only, {label}: {:.0} simulated seconds per wall second", SIMULATED_S / best);
        }
    }
    group.finish();
}

/// The hour of the speed target.
const TARGET_S: f64 = 3600.0;
/// Simulated seconds per wall second the target asks for.
const TARGET_RATIO: f64 = 14_400.0;

fn bench_target(c: &mut Criterion) {
    let mut params = Preset::by_name("cardiogenic-shock").and_then(|p| p.params()).expect("built-in preset is valid");
    params.assist.mode = counterpulse::devices::AssistMode::Iabp;
    params.assist.iabp.ratio = 1.0;
    assert_eq!(params.regulation.baroreflex.enabled, Switch::On, "the target runs with the reflexes on");
    assert_eq!(params.regulation.autoregulation.enabled, Switch::On);
    let mut group = c.benchmark_group("target-shock-balloon-1h");
    group.sample_size(10);
    group.bench_function("model-only", |b| {
        b.iter(|| {
            let mut sim = Simulation::new(params.clone());
            sim.advance_to(black_box(TARGET_S));
            black_box(sim.state())
        });
    });
    group.bench_function("with-beat-metrics", |b| {
        b.iter(|| black_box(run(params.clone(), black_box(TARGET_S), |_| {}).summary));
    });
    group.finish();
    // The ratios, best of 3 (the least disturbed by other load on the machine).
    let best = |f: &dyn Fn()| {
        (0..3)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let model = best(&|| {
        let mut sim = Simulation::new(params.clone());
        sim.advance_to(TARGET_S);
        black_box(sim.state());
    });
    let full = best(&|| {
        black_box(run(params.clone(), TARGET_S, |_| {}).summary);
    });
    for (what, s) in [("model-only", model), ("with beat metrics", full)] {
        println!(
            "target (1 h shock, balloon 1:1, regulation on, step {} ms), {what}: {:.0} simulated seconds per wall \
             second, {:.2} of the target {TARGET_RATIO:.0}",
            params.solver.dt_ms,
            TARGET_S / s,
            TARGET_S / s / TARGET_RATIO
        );
    }
}

// criterion's macros generate undocumented items.
#[allow(missing_docs)]
mod harness {
    use super::*;
    criterion_group!(benches, bench, bench_target);
}
criterion_main!(harness::benches);
