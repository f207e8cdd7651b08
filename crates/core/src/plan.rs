//! The core's output: findings, each with a kind, the rule that made it and a reason.

use crate::rules::RuleMeta;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ad,
    Subscribe,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ad => "ad",
            Kind::Subscribe => "subscribe",
        }
    }
}

/// What a finding points at: an element, or a bare text node (the `index`-th child node of
/// `parent`) that the adapter wraps before hiding.
#[derive(Clone, Debug)]
pub enum Target<N> {
    Element(N),
    Text { parent: N, index: usize, text: String },
}

impl<N> Target<N> {
    /// The element the finding hides, or that holds its text.
    pub fn node(&self) -> &N {
        match self {
            Target::Element(n) => n,
            Target::Text { parent, .. } => parent,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Finding<N> {
    pub target: Target<N>,
    /// The rule that made it (kind, id, family, reason).
    pub meta: &'static RuleMeta,
}

impl<N> Finding<N> {
    pub fn new(target: Target<N>, meta: &'static RuleMeta) -> Self {
        Finding { target, meta }
    }

    /// A finding of this element.
    pub fn element_of(node: N, meta: &'static RuleMeta) -> Self {
        Finding { target: Target::Element(node), meta }
    }

    pub fn kind(&self) -> Kind {
        self.meta.kind
    }

    /// The rule's id.
    pub fn rule(&self) -> &'static str {
        self.meta.id
    }

    pub fn reason(&self) -> &'static str {
        self.meta.reason
    }

    /// The marker value adapters write: `KIND:RULE`.
    pub fn marker(&self) -> String {
        format!("{}:{}", self.meta.kind.as_str(), self.meta.id)
    }

    /// The element the finding hides, when it is an element (not a text run).
    pub fn element(&self) -> Option<&N> {
        match &self.target {
            Target::Element(n) => Some(n),
            Target::Text { .. } => None,
        }
    }
}

/// A candidate the article guard refused, with why.
#[derive(Clone, Debug)]
pub struct Guarded<N> {
    pub finding: Finding<N>,
    pub why: &'static str,
}

#[derive(Clone, Debug)]
pub struct Plan<N> {
    pub findings: Vec<Finding<N>>,
    pub guarded: Vec<Guarded<N>>,
}

impl<N> Default for Plan<N> {
    fn default() -> Self {
        Plan { findings: Vec::new(), guarded: Vec::new() }
    }
}

impl<N> Plan<N> {
    pub fn count(&self, kind: Kind) -> usize {
        self.findings.iter().filter(|f| f.kind() == kind).count()
    }
}
