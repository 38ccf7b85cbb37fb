//! The integrator converges at its stated (fourth) order on problems with known answers.

use counterpulse::model::integrator::{OdeSystem, rk4_step};
use nalgebra::SVector;

/// Harmonic oscillator x'' = −x: exact solution cos t.
struct Oscillator;
impl OdeSystem<2> for Oscillator {
    fn derivative(&mut self, _t: f64, y: &SVector<f64, 2>, dydt: &mut SVector<f64, 2>) {
        dydt[0] = y[1];
        dydt[1] = -y[0];
    }
}

/// Time-dependent decay y' = −2t·y: exact solution exp(−t²). Exercises the stage times.
struct GaussianDecay;
impl OdeSystem<1> for GaussianDecay {
    fn derivative(&mut self, t: f64, y: &SVector<f64, 1>, dydt: &mut SVector<f64, 1>) {
        dydt[0] = -2.0 * t * y[0];
    }
}

fn oscillator_error(steps: usize) -> f64 {
    let h = std::f64::consts::TAU / steps as f64;
    let mut y = SVector::<f64, 2>::new(1.0, 0.0);
    for i in 0..steps {
        rk4_step(&mut Oscillator, i as f64 * h, &mut y, h);
    }
    ((y[0] - 1.0).powi(2) + y[1].powi(2)).sqrt()
}

fn decay_error(steps: usize) -> f64 {
    let t_end = 2.0;
    let h = t_end / steps as f64;
    let mut y = SVector::<f64, 1>::new(1.0);
    for i in 0..steps {
        rk4_step(&mut GaussianDecay, i as f64 * h, &mut y, h);
    }
    (y[0] - (-t_end * t_end).exp()).abs()
}

/// Observed order log2(e(h)/e(h/2)) must be 4 within ±0.2 (the asymptotic regime, far from
/// round-off at these step counts).
fn assert_fourth_order(error: fn(usize) -> f64) {
    for steps in [40, 80, 160] {
        let order = (error(steps) / error(2 * steps)).log2();
        assert!((order - 4.0).abs() < 0.2, "observed order {order:.3} at {steps} steps");
    }
}

#[test]
fn rk4_is_fourth_order_on_the_harmonic_oscillator() {
    assert_fourth_order(oscillator_error);
}

#[test]
fn rk4_is_fourth_order_on_a_time_dependent_problem() {
    assert_fourth_order(decay_error);
}
