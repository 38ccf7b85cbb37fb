//! Stroke work and pressure–volume area of one beat, accumulated sample by sample: the beat
//! metrics read them off the recorded loop, and the coronary autoregulation uses the same
//! sums for the heart's oxygen demand.
//!
//! ```text
//! SW  = −∮ P dV                        (trapezoid rule, the loop closed back to its first sample)
//! end-systole: the sample with the largest P / (V − V0), V − V0 > 1 mL
//! PVA = SW + ½·P_es·(V_es − V0)        (Suga, AJP 236:H498, 1979)
//! ```

/// A beat's loop, sample by sample.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoopArea {
    /// First and last (pressure mmHg, volume mL) sample.
    first: Option<(f64, f64)>,
    last: (f64, f64),
    /// −∫P dV so far (mmHg·mL), not yet closed.
    open_work: f64,
    /// End-systolic sample so far and its ratio P/(V − V0).
    end_systole: (f64, f64),
    es_ratio: f64,
}

impl LoopArea {
    /// An empty loop.
    pub fn new() -> Self {
        Self { es_ratio: f64::NEG_INFINITY, ..Self::default() }
    }

    /// Adds a sample of LV pressure and volume; `v0_ml` is the ESPVR's volume intercept.
    /// Returns true if the sample is the beat's end-systole so far.
    #[inline]
    pub fn push(&mut self, p_mmhg: f64, v_ml: f64, v0_ml: f64) -> bool {
        match self.first {
            None => {
                self.first = Some((p_mmhg, v_ml));
                self.end_systole = (p_mmhg, v_ml);
            }
            Some(_) => {
                let (p, v) = self.last;
                self.open_work -= 0.5 * (p + p_mmhg) * (v_ml - v);
            }
        }
        self.last = (p_mmhg, v_ml);
        let dv = v_ml - v0_ml;
        let new_es = dv > 1.0 && p_mmhg / dv > self.es_ratio;
        if new_es {
            self.es_ratio = p_mmhg / dv;
            self.end_systole = (p_mmhg, v_ml);
        }
        new_es
    }

    /// True if no sample was added.
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Stroke work (mmHg·mL): the loop's area, closed back to its first sample.
    pub fn stroke_work_mmhg_ml(&self) -> f64 {
        match self.first {
            Some((p0, v0)) => {
                let (p, v) = self.last;
                self.open_work - 0.5 * (p + p0) * (v0 - v)
            }
            None => 0.0,
        }
    }

    /// Pressure–volume area (mmHg·mL): stroke work plus the end-systolic potential energy.
    pub fn pva_mmhg_ml(&self, v0_ml: f64) -> f64 {
        let (p_es, v_es) = self.end_systole;
        self.stroke_work_mmhg_ml() + 0.5 * p_es * (v_es - v0_ml).max(0.0)
    }
}
