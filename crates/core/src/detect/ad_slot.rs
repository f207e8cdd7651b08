//! Ad slots of any plugin, theme or network (`[ad_slot]` in `rules/rules.toml`).

use super::{Context, Detector};
use crate::dom::Dom;
use crate::plan::Finding;

/// Ad slots found by what they are.
pub struct AdSlots;

impl<D: Dom> Detector<D> for AdSlots {
    fn name(&self) -> &'static str {
        "ad slots"
    }

    fn needs_text(&self) -> bool {
        true
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, _out: &mut Vec<Finding<D::Node>>) {
        let _ = cx.opts.ads;
    }
}
