//! A broken link is reported where the user wrote it: the page's Markdown, trust.toml or a
//! template, at its line and column, in every format (so a pull request is annotated there).

use crate::common::*;

fn bilingual(trust: &str) -> Site {
    Site::with(&format!("languages = [\"en\", \"ja\"]\n{SITE_TOML}"), trust)
}

#[test]
fn a_broken_link_in_markdown_is_reported_at_its_line_once_for_every_language() {
    let site = bilingual(TRUST_TOML);
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nIntro.\n\nSee [keys](/keys/) and [top](#nowhere).\n");
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr.contains(
            "error[TP0502]: a/index.html links to /keys/, which is not a page or file of the site (and on 1 more page)\n --> content/a.md:6:12\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(" --> content/a.md:6:30\n"), "{}", run.stderr);
    assert!(!run.stderr.contains("(output)"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[TP0502]").count(), 2, "{}", run.stderr);

    let github = trustpage(&["check", site.path().to_str().unwrap(), "--format", "github"], None);
    assert!(github.stdout.contains("/content/a.md,line=6,col=12,title=TP0502::"), "{}", github.stdout);
}

#[test]
fn a_broken_link_in_trust_toml_is_reported_there() {
    let trust = replace_once(TRUST_TOML, "summary = \"We protect your data.\"", "summary = \"See [keys](/keys/).\"");
    let site = Site::new(&trust);
    let run = site.check();
    run.assert_code(1);
    let line = line_of(&trust, "See [keys]");
    assert!(run.stderr.contains(&format!("  --> trust.toml:{line}:23\n")), "{}", run.stderr);
}

#[test]
fn a_broken_link_in_a_template_is_reported_once_at_the_template() {
    let site = Site::new(TRUST_TOML);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{% block article_lead %}{% endblock article_lead %}\n<a href=\"/gone/\">gone</a>{{ content | safe }}\n{% endblock main %}\n",
    );
    for name in ["a", "b", "c"] {
        site.write(&format!("content/{name}.md"), &format!("+++\ntitle = \"{name}\"\n+++\nText.\n"));
    }
    let run = site.check();
    run.assert_code(1);
    assert_eq!(run.stderr.matches("error[TP0502]").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("(and on 2 more pages)\n --> templates/page.html:2:10\n"), "{}", run.stderr);
}

#[test]
fn a_link_made_by_a_template_expression_is_reported_at_the_output() {
    let site = Site::new(TRUST_TOML);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{% block article_lead %}{% endblock article_lead %}\n<a href=\"{{ \"/gone-\" ~ 2 }}/\">gone</a>\n{% endblock main %}\n",
    );
    site.write("content/a.md", "+++\ntitle = \"a\"\n+++\nText.\n");
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr.contains("links to /gone-2/, which is not a page or file of the site\n --> (output) a/index.html\n"),
        "{}",
        run.stderr
    );
}
