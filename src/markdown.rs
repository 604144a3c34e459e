//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough and task lists, heading
//! anchors and a table of contents, safe links, links between pages, and sanitized raw HTML.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::read::slugify;
use crate::sanitize::{Active, active_content, alignment_classes, safe_link, sanitize};

/// One entry of a page's table of contents (`page.toc` in templates): an h2 or h3 heading.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// The heading's level: 2 or 3.
    pub level: u8,
    /// The heading's `id`, unique in the page: given with `{#id}`, else made from its text.
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
}

/// What a link in Markdown points at, as decided by the caller that knows the site's pages.
pub enum LinkTarget {
    /// Not a link the caller rewrites: keep it as written.
    Keep,
    /// A link to another page, rewritten to its URL.
    Url(String),
    /// A link to a page that does not exist; the message says why.
    Broken(String),
}

/// How [`render`] treats one Markdown text.
pub struct RenderOptions<'a> {
    /// Give h1-h6 `id`s and collect h2/h3 into the table of contents (pages, not short fields).
    pub heading_ids: bool,
    /// Keep raw HTML as written (a page that opted out of sanitizing).
    pub allow_html: bool,
    /// Decides, for each link destination that is safe, whether it is kept, rewritten or broken.
    pub resolve: &'a dyn Fn(&str) -> LinkTarget,
}

/// A Markdown text made HTML, with what was found on the way.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML: sanitized, unless the options allowed raw HTML.
    pub html: String,
    /// The h2 and h3 headings in order; empty unless the options asked for heading ids.
    pub toc: Vec<TocEntry>,
    /// Problems with their byte range in the Markdown source.
    pub problems: Vec<Problem>,
    /// Whether the Markdown holds raw HTML (or heading attributes other than id and classes):
    /// what only the HTML sanitizer can make safe.
    pub has_raw_html: bool,
    /// The inline scripts of a page published without sanitizing, as they stand in its HTML.
    pub scripts: Vec<String>,
}

/// Something wrong in a Markdown text, for the caller to report at its place.
#[derive(Debug)]
pub struct Problem {
    /// Byte range in the Markdown source; `0..0` when the place could not be found.
    pub range: Range<usize>,
    /// What is wrong, for the diagnostic's message.
    pub message: String,
    /// How to fix it, for the diagnostic's help.
    pub help: String,
    /// What kind of problem, which decides the code and severity.
    pub kind: ProblemKind,
}

/// What a [`Problem`] is, for the code and severity it is reported with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A link whose scheme is not allowed; it was removed.
    UnsafeLink,
    /// A link to a page that does not exist.
    BrokenLink,
    /// A script, handler or `javascript:` URL on a page published without sanitizing.
    Active,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Links with no page resolution.
pub fn keep_links(_: &str) -> LinkTarget {
    LinkTarget::Keep
}

/// Where root-relative links point: files (`/docs/report.pdf`) are the same for every
/// language; pages (`/encryption/`, `/#faq`) are in the reader's language.
#[derive(Debug, Clone, Copy)]
pub struct Roots<'a> {
    /// The site's base path: `/` or `/trust/`.
    pub site: &'a str,
    /// The language's home: `/`, `/ja/`, `/trust/ja/`.
    pub lang: &'a str,
}

/// A root-relative link is relative to the site: under a base path such as `/trust/` it
/// becomes `/trust/privacy/`, and on a Japanese page `/trust/ja/privacy/`. A path whose last
/// part has an extension is a file, the same in every language. `None` for other links.
pub fn site_link(dest: &str, roots: Roots) -> Option<LinkTarget> {
    let rest = dest.strip_prefix('/').filter(|r| !r.starts_with('/'))?;
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let is_file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    let root = if is_file { roots.site } else { roots.lang };
    Some(if root == "/" { LinkTarget::Keep } else { LinkTarget::Url(format!("{root}{rest}")) })
}

/// Renders a short Markdown field (a summary, an answer): no heading anchors; root-relative
/// links follow the site's base path and the reader's language.
pub fn render_field(md: &str, roots: Roots) -> String {
    let resolve = |dest: &str| site_link(dest, roots).unwrap_or(LinkTarget::Keep);
    render(md, &RenderOptions { heading_ids: false, allow_html: false, resolve: &resolve }).html
}

/// Renders Markdown to HTML as `opts` say: unsafe links dropped (their text kept) and
/// reported, links resolved, raw HTML sanitized unless allowed.
pub fn render(md: &str, opts: &RenderOptions) -> Rendered {
    let mut out = Rendered::default();
    let events = transform(md, opts, &mut out);
    let mut body = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut body, events.into_iter());
    let body = alignment_classes(body);
    out.html = if opts.allow_html {
        // Published as written: say what in it can run, and keep its scripts out of the policy.
        let lower = md.to_ascii_lowercase();
        let mut searched = HashMap::new();
        for found in active_content(&body) {
            out.problems.push(active_problem(&lower, &mut searched, &found));
            if let Active::Script(text) = found {
                out.scripts.push(text);
            }
        }
        body
    } else if out.has_raw_html {
        sanitize(&body)
    } else {
        // Without raw HTML the page holds only what the Markdown renderer writes for the
        // events `transform` let through: allowed elements, escaped text, checked URLs, no
        // attribute but the allowed ones (`made_from_markdown_is_already_clean` tests that the
        // sanitizer would change nothing). Parsing it again would cost more than the rest of
        // the build: 2.3 s of 3.4 s on 10,000 pages.
        body
    };
    out
}

/// A warning for something that runs on a page published without sanitizing, at the next place
/// in the Markdown (`lower`, in lower case) where it may be written: `searched` keeps where the
/// search for each kind of thing stopped.
fn active_problem(lower: &str, searched: &mut HashMap<String, usize>, found: &Active) -> Problem {
    let needle = match found {
        Active::Script(_) => "<script",
        Active::Handler { attribute, .. } => attribute.as_str(),
        Active::ScriptUrl { .. } => "javascript:",
    };
    let message = format!("{} published as written", found.describe());
    let from = searched.entry(needle.to_string()).or_insert(0);
    let range = match lower[*from..].find(needle) {
        Some(i) => *from + i..*from + i + needle.len(),
        None => 0..0,
    };
    *from = range.end.max(*from);
    Problem {
        range,
        message,
        help: "this page has `allow_html = true`: the site's Content-Security-Policy does not allow its scripts, so \
               they run only where the policy is not served; remove them unless the page really needs them"
            .into(),
        kind: ProblemKind::Active,
    }
}

fn transform<'a>(md: &'a str, opts: &RenderOptions, out: &mut Rendered) -> Vec<Event<'a>> {
    let parser = Parser::new_ext(md, parser_options()).into_offset_iter();
    // About one event per eight bytes of Markdown, so that the list seldom has to grow.
    let mut events: Vec<Event<'a>> = Vec::with_capacity(md.len() / 8);
    // Indices of heading starts still open, and of links dropped (to drop their end too).
    let mut heading_start: Option<usize> = None;
    let mut dropped: Vec<bool> = Vec::new();
    let mut used_ids = UsedIds::default();
    for (event, range) in parser {
        match event {
            // Heading attributes (`## Title {#id .class key=value}`): the id and classes are
            // kept; any other attribute is dropped here, since that syntax writes whatever
            // name it is given (`onclick`, `style`) into the page.
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                if !attrs.is_empty() {
                    out.has_raw_html = true;
                }
                let heading = Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() });
                if opts.heading_ids {
                    heading_start = Some(events.len());
                    events.push(heading);
                } else {
                    push_joined(&mut events, heading_start.is_none(), heading);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                out.has_raw_html = true;
                push_joined(&mut events, heading_start.is_none(), event);
            }
            Event::End(TagEnd::Heading(level)) if opts.heading_ids => {
                if let Some(start) = heading_start.take() {
                    let title = plain_text(&events[start + 1..]);
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let chosen = match id.take() {
                            Some(given) => given.to_string(),
                            None => unique_id(&slugify(&title), &mut used_ids),
                        };
                        used_ids.ids.insert(chosen.clone());
                        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                            out.toc.push(TocEntry { level: level as u8, id: chosen.clone(), title });
                        }
                        *id = Some(CowStr::from(chosen));
                    }
                    // Its lines are joined now that its title has been read as written.
                    join_cjk_lines(&mut events, start);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match link_destination(&dest_url, opts, &range, out) {
                    Some(url) => {
                        dropped.push(false);
                        let link = Event::Start(Tag::Link { link_type, dest_url: url.unwrap_or(dest_url), title, id });
                        push_joined(&mut events, heading_start.is_none(), link);
                    }
                    None => dropped.push(true),
                }
            }
            Event::End(TagEnd::Link) => {
                if !dropped.pop().unwrap_or(false) {
                    push_joined(&mut events, heading_start.is_none(), event);
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if safe_link(&dest_url) {
                    dropped.push(false);
                    let image = Event::Start(Tag::Image { link_type, dest_url, title, id });
                    push_joined(&mut events, heading_start.is_none(), image);
                } else {
                    out.problems.push(unsafe_link_problem(&dest_url, range));
                    dropped.push(true);
                }
            }
            Event::End(TagEnd::Image) => {
                if !dropped.pop().unwrap_or(false) {
                    push_joined(&mut events, heading_start.is_none(), event);
                }
            }
            e => push_joined(&mut events, heading_start.is_none(), e),
        }
    }
    events
}

/// Whether a character belongs to a script written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

fn ends_cjk(e: &Event) -> bool {
    matches!(e, Event::Text(t) if t.chars().next_back().is_some_and(is_cjk))
}

fn starts_cjk(e: &Event) -> bool {
    matches!(e, Event::Text(t) if t.chars().next().is_some_and(is_cjk))
}

/// A line break inside a paragraph becomes a space in the browser; between two Japanese or
/// Chinese characters that space is wrong, so the break is dropped there. Pushes `e`, with
/// `join` first dropping such a break just before it: the events are joined as they come,
/// without a second list.
#[inline]
fn push_joined<'a>(events: &mut Vec<Event<'a>>, join: bool, e: Event<'a>) {
    if join
        && let [.., before, Event::SoftBreak] = events.as_slice()
        && starts_cjk(&e)
        && ends_cjk(before)
    {
        events.pop();
    }
    events.push(e);
}

/// The same for the events from `from` on, already pushed: a heading, whose title is read
/// with its line breaks before they are joined.
fn join_cjk_lines(events: &mut Vec<Event<'_>>, from: usize) {
    let mut kept = from;
    for i in from..events.len() {
        let drop = matches!(events[i], Event::SoftBreak)
            && kept > 0
            && ends_cjk(&events[kept - 1])
            && events.get(i + 1).is_some_and(starts_cjk);
        if !drop {
            events.swap(kept, i);
            kept += 1;
        }
    }
    events.truncate(kept);
}

/// `Some(None)`: keep the link as is; `Some(Some(url))`: rewrite it; `None`: drop the link
/// (its text stays).
fn link_destination<'a>(
    dest: &str,
    opts: &RenderOptions,
    range: &Range<usize>,
    out: &mut Rendered,
) -> Option<Option<CowStr<'a>>> {
    if !safe_link(dest) {
        out.problems.push(unsafe_link_problem(dest, range.clone()));
        return None;
    }
    match (opts.resolve)(dest) {
        LinkTarget::Keep => Some(None),
        LinkTarget::Url(u) => Some(Some(CowStr::from(u))),
        LinkTarget::Broken(message) => {
            out.problems.push(Problem {
                range: range.clone(),
                message,
                help: "link to another page by its file, relative to this one, e.g. [retention](data-retention.md)"
                    .into(),
                kind: ProblemKind::BrokenLink,
            });
            None
        }
    }
}

fn unsafe_link_problem(dest: &str, range: Range<usize>) -> Problem {
    Problem {
        range,
        message: format!("the link \"{dest}\" uses a scheme that is not allowed and was removed"),
        help: "links may use https:, http:, mailto: and tel:, or point to a page of the site".into(),
        kind: ProblemKind::UnsafeLink,
    }
}

/// The heading ids of a page so far, and for each base the next suffix worth trying.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `base`, or `base-1`, `base-2`... the first not used yet. Ids only ever get used, so the
/// suffixes a base tried before stay taken: each base resumes where it stopped, and a page of
/// thousands of equal headings takes linear time, not cubic.
fn unique_id(base: &str, used: &mut UsedIds) -> String {
    let base = if base.is_empty() { "section" } else { base };
    if !used.ids.contains(base) {
        return base.to_string();
    }
    let n = used.next.entry(base.to_string()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if !used.ids.contains(&candidate) {
            return candidate;
        }
    }
}

/// The words of a Markdown text without its markup, for places that take plain text.
pub fn to_plain_text(md: &str) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(md, parser_options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(md: &str) -> Rendered {
        render(md, &RenderOptions { heading_ids: true, allow_html: false, resolve: &keep_links })
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = page("## Access control\n\n### Reviews\n\n## Access control\n\n#### Deep\n");
        assert!(r.html.contains(r#"<h2 id="access-control">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="access-control-1">"#), "{}", r.html);
        assert_eq!(
            r.toc.iter().map(|t| (t.level, t.id.as_str())).collect::<Vec<_>>(),
            vec![(2, "access-control"), (3, "reviews"), (2, "access-control-1")]
        );
    }

    #[test]
    fn duplicate_heading_ids_are_numbered_in_linear_time() {
        // An explicit id takes a number a later heading would have had; one that repeats an id
        // is kept as written; numbered ids can themselves collide with a heading's slug.
        let r = page("## A\n\n## A {#a-2}\n\n## A\n\n## A\n\n## A 1\n\n## A {#a}\n\n##\n\n##\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "a-2", "a-1", "a-3", "a-1-1", "a", "section", "section-1"]);
        // 4,000 equal headings once took 10.9 s (every id compared with every earlier one, for
        // every suffix tried), and setext headings past 20 s.
        for md in ["## A\n\n".repeat(4000), "A\n-\n\n".repeat(4000)] {
            let started = std::time::Instant::now();
            let r = page(&md);
            assert_eq!(r.toc.len(), 4000);
            assert_eq!(r.toc[3999].id, "a-3999");
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        }
    }

    #[test]
    fn script_links_are_dropped_keeping_text() {
        let r = page("[click](javascript:alert(1)) and ![x](javascript:alert(2))");
        assert!(!r.html.contains("javascript"), "{}", r.html);
        assert!(r.html.contains("click"));
        assert_eq!(r.problems.len(), 2);
    }

    #[test]
    fn raw_html_is_sanitized() {
        let r = page("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> <b>bold</b>\n");
        assert!(!r.html.contains("script") && !r.html.contains("onerror"), "{}", r.html);
        assert!(r.html.contains("<b>bold</b>"));
    }

    #[test]
    fn japanese_lines_join_without_a_space() {
        let r = page("当社は暗号化を\n徹底しています。\nWe also\nwrap English.\n");
        assert!(r.html.contains("当社は暗号化を徹底しています。"), "{}", r.html);
        assert!(r.html.contains("We also\nwrap English."), "{}", r.html);
    }

    #[test]
    fn japanese_lines_join_in_headings_after_their_title_is_read() {
        let r = page("当社は\n暗号化\n=====\n\n当社\n[](javascript:x)\n徹底\n\n当社\n[徹底](javascript:x)\n");
        assert!(r.html.contains("<h1 id=\"当社は-暗号化\">当社は暗号化</h1>"), "{}", r.html);
        assert!(r.html.contains("<p>当社\n\n徹底</p>"), "{}", r.html);
        assert!(r.html.contains("<p>当社徹底</p>"), "{}", r.html);
    }

    #[test]
    fn extensions_render() {
        let r = page("| a | b |\n|:-:|--|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n");
        assert!(r.html.contains(r#"<th class="align-center">a</th>"#), "{}", r.html);
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote"));
    }

    /// Markdown without raw HTML is published without a second parse, so everything the
    /// renderer can write for it must already be what the sanitizer keeps: random documents
    /// made of every construct (heading attributes, links and images with hostile URLs,
    /// tables, task lists, footnotes, code info strings, entities) are checked against the
    /// allowlist.
    #[test]
    fn made_from_markdown_is_already_clean() {
        const PIECES: &[&str] = &[
            "## Title {onclick=alert(1) style=\"x\" #id .cls data-x=1}\n",
            "Setext {onmouseover=alert(1)}\n===\n",
            "# H {#a\"b .c'd key=\"v\\\"\"}\n",
            "[a](javascript:alert(1))",
            "[a](JaVa&#x09;Script:alert(1))",
            "[a](java&#10;script:x)",
            "[a](https://e.example/?q=\"onmouseover=x \"t\\\" onclick=x\")",
            "[a]( data:text/html,x )",
            "![i\" onerror=\"x](x.png \"t\\\" onload=\\\"x\")",
            "![i](javascript:x)",
            "<javascript:alert(1)>",
            "<https://e.example/\"onclick=\"x>",
            "[r]\n\n[r]: javascript:alert(1) \"t\"\n",
            "| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
            "- [x] done\n- [ ] todo\n",
            "Note[^n\"x]\n\n[^n\"x]: foot\n",
            "```js\" onclick=\"x\ncode <script>\n```\n",
            "    indented <b>\n",
            "`<img src=x onerror=x>`",
            "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img&#62; &amp;",
            "*em* **strong** ~~del~~ ",
            "> quote\n",
            "1. one\n2. two\n",
            "5) five\n",
            "line  \nbreak\n",
            "***\n",
            "text \\<script\\> escaped\n",
            "当社は\n暗号化\n",
            "\n\n",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for _ in 0..4000 {
            let n = 1 + (next() % 8) as usize;
            let md: String = (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            for heading_ids in [true, false] {
                let r = render(&md, &RenderOptions { heading_ids, allow_html: false, resolve: &keep_links });
                if r.has_raw_html {
                    continue;
                }
                checked += 1;
                let bad = crate::sanitize::allowlist_violations(&r.html);
                assert!(bad.is_empty(), "{md:?}\n{}\n{bad:?}", r.html);
            }
        }
        assert!(checked > 4000, "only {checked} documents were free of raw HTML");
    }
}
