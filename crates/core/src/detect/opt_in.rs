//! Email opt-ins of any provider, plugin or theme (`[opt_in]` in `rules/rules.toml`).

use super::{Context, Detector};
use crate::dom::Dom;
use crate::plan::Finding;

/// Email sign-up boxes.
pub struct OptIns;

impl<D: Dom> Detector<D> for OptIns {
    fn name(&self) -> &'static str {
        "opt-ins"
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, _out: &mut Vec<Finding<D::Node>>) {
        let _ = cx.opts.subscribe;
    }
}
