//! Fixed-step classical Runge–Kutta (RK4) integration.
//!
//! ```text
//! k1 = f(t, y)
//! k2 = f(t + h/2, y + h/2·k1)
//! k3 = f(t + h/2, y + h/2·k2)
//! k4 = f(t + h,   y + h·k3)
//! y(t + h) = y + h/6·(k1 + 2·k2 + 2·k3 + k4)        local error O(h⁵), global O(h⁴)
//! ```
//!
//! A fixed step keeps the simulator deterministic (the same input always gives the same
//! trace, whatever the frame rate of a front end) and cheap: the circulation has no stiff
//! mode faster than a few milliseconds once the aortic valve carries inertance, so an
//! explicit method is stable at the steps we use (see `docs/MODEL.md`).

use nalgebra::SVector;

/// A system of ordinary differential equations `dy/dt = f(t, y)` with `N` states.
pub trait OdeSystem<const N: usize> {
    /// Writes `f(t, y)` into `dydt`. Takes `&mut self` so a system may cache work shared
    /// between stages at the same time (RK4 evaluates twice at t + h/2).
    fn derivative(&mut self, t: f64, y: &SVector<f64, N>, dydt: &mut SVector<f64, N>);
}

/// Advances `y` from `t` to `t + h` with one classical RK4 step.
pub fn rk4_step<S: OdeSystem<N>, const N: usize>(system: &mut S, t: f64, y: &mut SVector<f64, N>, h: f64) {
    let mut k1 = SVector::<f64, N>::zeros();
    let mut k2 = SVector::<f64, N>::zeros();
    let mut k3 = SVector::<f64, N>::zeros();
    let mut k4 = SVector::<f64, N>::zeros();
    let half = 0.5 * h;
    system.derivative(t, y, &mut k1);
    system.derivative(t + half, &(*y + k1 * half), &mut k2);
    system.derivative(t + half, &(*y + k2 * half), &mut k3);
    system.derivative(t + h, &(*y + k3 * h), &mut k4);
    *y += (k1 + (k2 + k3) * 2.0 + k4) * (h / 6.0);
}
