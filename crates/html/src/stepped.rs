//! A page scan in pieces, for the service worker: one tab's huge page must not hold the worker
//! (one thread, shared by every tab) for longer than a piece, so that another tab's scan and the
//! user's reader mode go in between (issue 16).
//!
//! [`PageScan`] owns everything it works on: the parser while the page is parsed (html5ever is
//! fed a chunk per piece), then the parsed page behind an [`IdDom`], whose node handles are
//! plain ids and borrow nothing, so the core's [`Job`] can be kept between pieces. Its result is
//! the same rows as one whole scan ([`crate::page::scan_page`] runs through it).

use crate::depth::DepthCap;
use crate::dom::{hidden_tag, HtmlDom, HtmlPage};
use crate::page::{guarded_row, row, GuardedRow, Row};
use adstrip_core::detect::{Job, Options};
use adstrip_core::dom::{text_matches, Dom, SelectCursor, TextHit, TextQuery};
use adstrip_core::plan::Plan;
use dom_query::{Document, NodeId, NodeRef};
use html5ever::driver::Parser;
use html5ever::tendril::{StrTendril, TendrilSink};
use std::rc::Rc;

/// Bytes of HTML the depth cap goes through per unit of work.
const CAP_CHUNK: usize = 128 * 1024;
/// Bytes of HTML parsed per unit of work (html5ever is linear once the depth is capped).
const PARSE_CHUNK: usize = 32 * 1024;
/// Elements a selector is matched against between two looks at the clock.
const ELEMENTS_PER_CHECK: usize = 2048;
/// Nodes a text walk visits between two looks at the clock.
const TEXT_NODES_PER_CHECK: usize = 512;
/// Findings turned into rows between two looks at the clock.
const ROWS_PER_CHECK: usize = 64;

/// The [`Dom`] view of a parsed page with node ids as handles: it can be kept (in a [`Job`])
/// between two pieces of work without borrowing the page.
#[derive(Clone)]
pub struct IdDom {
    page: Rc<HtmlPage>,
}

impl IdDom {
    pub fn new(page: HtmlPage) -> Self {
        IdDom { page: Rc::new(page) }
    }

    fn view(&self) -> HtmlDom<'_> {
        self.page.dom()
    }

    /// The node behind an id.
    pub fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef::new(id, &self.page.document().tree)
    }

    fn ids(nodes: Vec<NodeRef<'_>>) -> Vec<NodeId> {
        nodes.into_iter().map(|n| n.id).collect()
    }
}

/// The node after `n` in document order (its first child, else the next sibling of it or of
/// its nearest ancestor that has one).
fn next_in_order<'a>(n: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    if let Some(c) = n.first_child() {
        return Some(c);
    }
    let mut cur = Some(*n);
    while let Some(c) = cur {
        if let Some(s) = c.next_sibling() {
            return Some(s);
        }
        cur = c.parent();
    }
    None
}

/// Where an [`IdDom`] text walk stopped: a stack of (parent, its next child, that child's index).
#[derive(Default)]
pub struct TextCursor {
    started: bool,
    stack: Vec<(NodeId, Option<NodeId>, usize)>,
}

impl Dom for IdDom {
    type Node = NodeId;
    type Key = NodeId;
    type TextCursor = TextCursor;

    fn body(&self) -> Option<NodeId> {
        self.view().body().map(|n| n.id)
    }
    fn select(&self, scope: Option<&NodeId>, selector: &str) -> Vec<NodeId> {
        let scope = scope.map(|id| self.node(*id));
        IdDom::ids(self.view().select(scope.as_ref(), selector))
    }
    fn matches(&self, node: &NodeId, selector: &str) -> bool {
        self.view().matches(&self.node(*node), selector)
    }
    fn tag(&self, node: &NodeId) -> String {
        self.view().tag(&self.node(*node))
    }
    fn attr(&self, node: &NodeId, name: &str) -> Option<String> {
        self.view().attr(&self.node(*node), name)
    }
    fn parent(&self, node: &NodeId) -> Option<NodeId> {
        self.view().parent(&self.node(*node)).map(|n| n.id)
    }
    fn children(&self, node: &NodeId) -> Vec<NodeId> {
        IdDom::ids(self.view().children(&self.node(*node)))
    }
    fn has_more_children_than(&self, node: &NodeId, n: usize) -> bool {
        self.view().has_more_children_than(&self.node(*node), n)
    }
    fn text(&self, node: &NodeId) -> String {
        self.view().text(&self.node(*node))
    }
    fn own_text(&self, node: &NodeId) -> String {
        self.view().own_text(&self.node(*node))
    }
    fn contains(&self, ancestor: &NodeId, node: &NodeId) -> bool {
        self.view().contains(&self.node(*ancestor), &self.node(*node))
    }
    fn same(&self, a: &NodeId, b: &NodeId) -> bool {
        a == b
    }
    fn key(&self, node: &NodeId) -> NodeId {
        *node
    }

    /// The matches in document order, as `select(None, ..)` gives them, looking at the clock
    /// every [`ELEMENTS_PER_CHECK`] elements.
    fn select_step(
        &self,
        selector: &str,
        cursor: &mut SelectCursor<NodeId>,
        out: &mut Vec<NodeId>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        let Some(m) = self.page.matcher(selector) else { return true };
        if !cursor.started {
            cursor.started = true;
            cursor.next = self.page.document().root().first_child().map(|c| c.id);
        }
        let mut caches = selectors::context::SelectorCaches::default();
        let mut seen = 0;
        while let Some(id) = cursor.next {
            let n = self.node(id);
            if n.is_element() {
                if m.match_element_with_caches(&n, &mut caches) {
                    out.push(id);
                }
                seen += 1;
            }
            cursor.next = next_in_order(&n).map(|n| n.id);
            if seen % ELEMENTS_PER_CHECK == 0 && seen > 0 && cursor.next.is_some() && out_of_time() {
                return false;
            }
        }
        true
    }

    /// The same walk as [`HtmlDom`]'s (from the root, document order, script and style text
    /// left out), looking at the clock every [`TEXT_NODES_PER_CHECK`] nodes.
    fn find_text_step(
        &self,
        q: &TextQuery<'_>,
        cursor: &mut TextCursor,
        out: &mut Vec<TextHit<NodeId>>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        if !cursor.started {
            let root = self.page.document().html_root();
            cursor.stack.push((root.id, root.first_child().map(|c| c.id), 0));
            cursor.started = true;
        }
        let mut visited = 0;
        while let Some((parent, next, index)) = cursor.stack.pop() {
            let Some(c) = next.map(|id| self.node(id)) else { continue };
            cursor.stack.push((parent, c.next_sibling().map(|s| s.id), index + 1));
            if c.is_text() {
                let t = c.text();
                if text_matches(q, &t) {
                    out.push(TextHit { parent, index, text: t.to_string() });
                }
            } else if c.is_element() && !hidden_tag(&c) {
                cursor.stack.push((c.id, c.first_child().map(|f| f.id), 0));
            }
            visited += 1;
            if visited % TEXT_NODES_PER_CHECK == 0 && out_of_time() {
                return false;
            }
        }
        true
    }

    fn host(&self) -> Option<String> {
        self.view().host()
    }
}

enum Stage {
    Cap { cap: DepthCap },
    Parse { parser: Box<Parser<Document>>, html: String, at: usize },
    Scan { dom: IdDom, job: Box<Job<IdDom>> },
    Rows { dom: IdDom, plan: Plan<NodeId>, next: usize, rows: Vec<Row> },
    Done { rows: Vec<Row>, guarded: Vec<GuardedRow> },
    Taken,
}

/// A scan of a serialised page in pieces: [`step`](PageScan::step) until it says done, then
/// [`take`](PageScan::take) the rows. Each piece is a few units of work (a chunk of the parse,
/// one rule, a few hundred text nodes, a few dozen rows) and stops at the first unit after
/// `out_of_time()` says so.
pub struct PageScan {
    stage: Stage,
    /// The page as given; once the depth cap is through, its capped copy if it differs.
    html: String,
    opts: Options,
    pieces: usize,
}

impl PageScan {
    /// The scan of `html` (the depth cap applied first, as every parse of page HTML does, in
    /// pieces too). Nothing is done before the first [`step`](PageScan::step).
    pub fn new(html: impl Into<String>, opts: Options) -> Self {
        PageScan { stage: Stage::Cap { cap: DepthCap::default() }, html: html.into(), opts, pieces: 0 }
    }

    /// Works until the scan is done (true) or `out_of_time()` says to stop (false; call again).
    pub fn step(&mut self, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.pieces += 1;
        loop {
            match &mut self.stage {
                Stage::Cap { cap } => {
                    if cap.step(&self.html, CAP_CHUNK) {
                        let Stage::Cap { cap } = std::mem::replace(&mut self.stage, Stage::Taken) else { unreachable!() };
                        let html = std::mem::take(&mut self.html);
                        let capped = match cap.finish(&html).0 {
                            std::borrow::Cow::Owned(c) => c,
                            std::borrow::Cow::Borrowed(_) => html,
                        };
                        self.stage = Stage::Parse { parser: Box::new(crate::dom::parser()), html: capped, at: 0 };
                    }
                }
                Stage::Parse { parser, html, at } => {
                    if *at < html.len() {
                        let mut end = (*at + PARSE_CHUNK).min(html.len());
                        while !html.is_char_boundary(end) {
                            end += 1;
                        }
                        parser.process(StrTendril::from_slice(&html[*at..end]));
                        *at = end;
                    } else {
                        let Stage::Parse { parser, .. } = std::mem::replace(&mut self.stage, Stage::Taken) else { unreachable!() };
                        let dom = IdDom::new(HtmlPage::from_document(parser.finish()));
                        self.stage = Stage::Scan { dom, job: Box::new(Job::new(self.opts)) };
                    }
                }
                Stage::Scan { dom, job } => {
                    if job.step(dom, None, out_of_time) {
                        let plan = job.take_plan().unwrap_or_default();
                        let Stage::Scan { dom, .. } = std::mem::replace(&mut self.stage, Stage::Taken) else { unreachable!() };
                        self.stage = Stage::Rows { dom, plan, next: 0, rows: Vec::new() };
                    }
                }
                Stage::Rows { dom, plan, next, rows } => {
                    let end = (*next + ROWS_PER_CHECK).min(plan.findings.len());
                    for f in &plan.findings[*next..end] {
                        rows.push(row(dom, f));
                    }
                    *next = end;
                    if end == plan.findings.len() {
                        let guarded = plan.guarded.iter().map(|g| guarded_row(dom, g)).collect();
                        self.stage = Stage::Done { rows: std::mem::take(rows), guarded };
                    }
                }
                Stage::Done { .. } => return true,
                Stage::Taken => return true,
            }
            if matches!(self.stage, Stage::Done { .. }) {
                return true;
            }
            if out_of_time() {
                return false;
            }
        }
    }

    /// The rows and the guarded candidates, once [`step`](PageScan::step) said done (empty
    /// before, and after a first take).
    pub fn take(&mut self) -> (Vec<Row>, Vec<GuardedRow>) {
        match std::mem::replace(&mut self.stage, Stage::Taken) {
            Stage::Done { rows, guarded } => (rows, guarded),
            other => {
                self.stage = other;
                (Vec::new(), Vec::new())
            }
        }
    }

    /// How many calls of [`step`](PageScan::step) the scan has had.
    pub fn pieces(&self) -> usize {
        self.pieces
    }

    /// Steps until done and gives the rows: one whole scan.
    pub fn run(mut self) -> (Vec<Row>, Vec<GuardedRow>) {
        while !self.step(&mut || false) {}
        self.take()
    }
}
