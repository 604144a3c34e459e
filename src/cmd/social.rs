//! `trustpage social`: the posts the build makes, printed for people or as JSON; and
//! `trustpage social count`, a post's length as a platform counts it.

use trustpage::Options;

use super::{OK, SITE_ERRORS, USAGE_OR_IO, exit_code, platform, report, run};

/// Prints the site's posts, for one platform or all.
pub fn posts(opts: &Options, only: Option<&str>, json: bool) -> u8 {
    if let Some(p) = only
        && let Err(code) = platform(p)
    {
        return code;
    }
    let built = match run(opts) {
        Ok(b) => b,
        Err(code) => return code,
    };
    report(&built.diagnostics);
    let posts: Vec<serde_json::Value> = built
        .files
        .get("social/snippets.json")
        .and_then(|b| serde_json::from_slice::<Vec<serde_json::Value>>(b).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| only.is_none_or(|p| s["platform"] == p))
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&posts).unwrap_or_default());
    } else {
        for s in &posts {
            println!(
                "== {} · {} · {}  {}/{}",
                s["announcement"].as_str().unwrap_or(""),
                s["platform"].as_str().unwrap_or(""),
                s["language"].as_str().unwrap_or(""),
                s["count"],
                s["limit"]
            );
            println!("{}\n", s["text"].as_str().unwrap_or(""));
        }
    }
    exit_code(&built.diagnostics)
}

/// Counts standard input as `name` counts a post.
pub fn count(name: &str, json: bool) -> u8 {
    let p = match platform(name) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut text = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
        eprintln!("error: cannot read standard input: {e}");
        return USAGE_OR_IO;
    }
    // A trailing newline from `echo` or an editor is not part of the post.
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let c = trustpage::social::count::count(p, text);
    if json {
        #[derive(serde::Serialize)]
        struct Counted {
            count: usize,
            limit: usize,
            valid: bool,
        }
        let counted = Counted { count: c.count, limit: c.limit, valid: c.fits() };
        println!("{}", serde_json::to_string(&counted).unwrap_or_default());
    } else {
        println!("{}/{}", c.count, c.limit);
        if let Some(problem) = &c.problem {
            eprintln!("{problem}");
        }
    }
    if c.fits() { OK } else { SITE_ERRORS }
}
