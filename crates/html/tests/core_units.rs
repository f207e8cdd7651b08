//! Unit tests of the core's guard, climb and Job, on small pages through the html5ever adapter
//! (the core itself has no parser).

use adstrip_core::detect::climb::climb_all;
use adstrip_core::detect::{detectors, scan, scan_guarded, scan_with, Job, Options};
use adstrip_core::dom::Dom;
use adstrip_core::guard::{find_article, Guard};
use adstrip_core::plan::{Finding, Kind, Plan};
use adstrip_core::rules::{by_id, RULES};
use adstrip_html::{css_path, HtmlPage};

const PROSE: &str = "A paragraph of article prose, long enough to count towards the article's density and more.";

fn article(paragraphs: usize) -> String {
    format!("<div class='entry-content'>{}</div>", format!("<p>{PROSE}</p>").repeat(paragraphs))
}

fn first<'a>(page: &'a HtmlPage, sel: &str) -> dom_query::NodeRef<'a> {
    page.dom().select(None, sel).into_iter().next().unwrap_or_else(|| panic!("no {sel}"))
}

fn paths(plan: &Plan<dom_query::NodeRef<'_>>) -> Vec<(String, String)> {
    plan.findings.iter().map(|f| (f.rule().to_string(), css_path(f.target.node()))).collect()
}

// ---------------------------------------------------------------- the guard

#[test]
fn the_article_is_the_densest_paragraph_container() {
    let html = format!("<body><aside><p>{PROSE}</p></aside><main><h1>T</h1>{}</main></body>", article(5));
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let a = find_article(&dom).expect("an article");
    assert!(dom.matches(&a, ".entry-content"));
    let guard = Guard::new(&dom);
    assert!(guard.article().is_some_and(|g| dom.same(g, &a)));
}

#[test]
fn the_guard_refuses_structure_the_article_headlines_and_comment_forms() {
    let html = format!(
        "<body><main id=m><article id=art><header id=hd><h1>Headline</h1></header><div class=entry-content>{}<div id=small>Ad</div><div id=big>{}</div></div></article>\
         <aside id=side><h1>Widget title</h1></aside><div id=comments><form id=commentform><input name=subscribe_blog></form></div></main></body>",
        format!("<p>{PROSE}</p>").repeat(10),
        format!("<p>{PROSE}</p>").repeat(5)
    );
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let guard = Guard::new(&dom);
    let why = |sel: &str| guard.refuse(&dom, &first(&page, sel));
    assert_eq!(why("body"), Some("page structure (html, body, main, article)"));
    assert_eq!(why("#m"), Some("page structure (html, body, main, article)"));
    assert_eq!(why("#hd"), Some("holds the headline"));
    assert_eq!(why("#comments"), Some("holds a comment form"));
    assert_eq!(why("#big"), Some("would hide too much of the article's text"));
    assert_eq!(why("#small"), None, "a small box inside the article may go");
    assert_eq!(why("#side"), None, "an h1 in a sidebar is no headline");
    assert!(!guard.may_hide_container(&dom, &first(&page, ".entry-content")), "never the article itself");
}

// ---------------------------------------------------------------- climbing

fn finding<'a>(page: &'a HtmlPage, sel: &str, rule: &str) -> Finding<dom_query::NodeRef<'a>> {
    Finding::element_of(first(page, sel), by_id(rule).expect("rule"))
}

#[test]
fn a_finding_climbs_over_labels_and_empty_wrappers_but_not_over_content() {
    let html = format!(
        "<body>{}<div id=outer><p>{PROSE}</p><div id=slot><span>Advertisement</span><div id=inner><ins class=adsbygoogle></ins></div></div></div></body>",
        article(5)
    );
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let guard = Guard::new(&dom);
    let climbed = climb_all(&dom, &guard, vec![finding(&page, "ins", "adsense")]);
    assert!(dom.matches(climbed[0].target.node(), "#slot"), "climbed to {}", css_path(climbed[0].target.node()));
}

#[test]
fn a_rule_that_must_not_climb_stays_where_it_is() {
    let rule = RULES.iter().find(|r| !r.meta.climb).expect("a rule with climb = false");
    let html =
        format!("<body>{}<div id=wrap><div id=only><a href='https://shop.example/x'><img src=b.png></a></div></div></body>", article(5));
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let guard = Guard::new(&dom);
    let f = Finding::element_of(first(&page, "#only"), &rule.meta);
    let climbed = climb_all(&dom, &guard, vec![f]);
    assert!(dom.matches(climbed[0].target.node(), "#only"));
}

#[test]
fn climbing_never_reaches_the_article_container() {
    let html =
        format!("<body><div class='entry-content'><div id=ad><ins class=adsbygoogle></ins></div><p>{PROSE}</p><p>{PROSE}</p></div></body>");
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let guard = Guard::new(&dom);
    let climbed = climb_all(&dom, &guard, vec![finding(&page, "ins", "adsense")]);
    assert!(dom.matches(climbed[0].target.node(), "#ad"));
}

// ---------------------------------------------------------------- the Job

const PAGE: &str = "<html><head><link rel=canonical href='https://www.example.com/post'></head><body>\
    <div class='entry-content'><p>ARTICLE</p><p>ARTICLE</p><p>ARTICLE</p></div>\
    <div class='wpcnt'><div class='wpa'><span class='wpa-about'>Advertisements</span><div class='u top'><div id='atatags-1'></div></div></div></div>\
    <div class='widget'><span>Anzeige</span><iframe src='https://ads.example/x'></iframe></div>\
    <div class='mailpoet_form'><form><input type=email></form></div>\
    <p>Discover more from Example</p><p>Subscribe to get the latest posts sent to your email.</p></body></html>";

fn page() -> String {
    PAGE.replace("ARTICLE", PROSE)
}

#[test]
fn a_job_cut_after_every_unit_gives_the_plan_of_one_scan() {
    let html = page();
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let whole = scan(&dom);
    assert!(whole.findings.len() >= 4, "{:?}", paths(&whole));
    let mut job = Job::new(Options::default());
    let mut steps = 1;
    while !job.step(&dom, None, &mut || true) {
        steps += 1;
    }
    let pieces = job.take_plan().expect("a plan");
    assert_eq!(paths(&pieces), paths(&whole));
    let units: usize = detectors::<adstrip_html::HtmlDom<'_>>().iter().map(|d| d.units()).sum();
    assert!(steps > units, "every unit is a step: {steps} steps for {units} units");
    assert!(job.take_guard().is_some(), "the job computed its own guard");
}

#[test]
fn options_leave_out_a_kind_and_a_guard_computed_earlier_gives_the_same_plan() {
    let html = page();
    let page = HtmlPage::parse(&html);
    let dom = page.dom();
    let ads = scan_with(&dom, Options { ads: true, subscribe: false, ..Options::default() });
    let nags = scan_with(&dom, Options { ads: false, subscribe: true, ..Options::default() });
    assert!(!ads.findings.is_empty() && ads.findings.iter().all(|f| f.kind() == Kind::Ad));
    assert!(!nags.findings.is_empty() && nags.findings.iter().all(|f| f.kind() == Kind::Subscribe));
    assert_eq!(ads.findings.len() + nags.findings.len(), scan(&dom).findings.len());
    let guard = Guard::new(&dom);
    assert_eq!(paths(&scan_guarded(&dom, Options::default(), &guard)), paths(&scan(&dom)));
}
