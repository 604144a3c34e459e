//! The command line: commands, options and their help.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

const EXIT_CODES: &str = "Exit codes:\n  0  success (warnings allowed)\n  1  the site has errors (every diagnostic is printed)\n  2  usage or I/O problem (bad arguments, unreadable site, refused or failed write)";

#[derive(Debug, Parser)]
#[command(name = "trustpage", version, about = "Build a security trust center from trust.toml and Markdown", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a starter site, with every field explained, to a new directory
    #[command(after_help = EXIT_CODES)]
    Init {
        /// Directory to create (must not exist, or be empty)
        dir: PathBuf,
        /// The languages to publish in, the default first (e.g. en,ja)
        #[arg(long, value_delimiter = ',', default_value = "en")]
        languages: Vec<String>,
    },
    /// Start a new update or page: its file (and its translations' files), front matter filled
    /// in, as a draft
    #[command(after_help = EXIT_CODES)]
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Copy the theme's templates (and its strings or stylesheet) into the site to edit them
    /// there; the site's own files win over the theme's, one by one
    #[command(after_help = EXIT_CODES)]
    Theme {
        #[command(subcommand)]
        what: ThemeCommand,
    },
    /// Build the site into its output directory
    #[command(after_help = EXIT_CODES)]
    Build {
        /// The site directory (holding trustpage.toml and trust.toml)
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Where to write the site (default: `output_dir` from trustpage.toml, relative to the site)
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
        /// Publish under this URL instead of `base_url` from trustpage.toml (checked the same way)
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Evaluate and render the site as of this day (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// Replace a non-empty output directory that trustpage did not create
        #[arg(long)]
        force: bool,
        /// Also render drafts and pages dated after the as_of day, each marked and kept from
        /// search engines, for review; the feeds, sitemap, trust.json and posts stay those of the
        /// published site. Do not publish this output
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site with live reload: rebuilt in memory on every save, never written to disk
    #[command(after_help = EXIT_CODES)]
    Serve {
        /// The site directory
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Port to listen on (default: 4747, or the next free one)
        #[arg(long, short = 'p')]
        port: Option<u16>,
        /// Address to listen on; anything but a loopback address exposes the preview to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of using the platform's file events (network drives, containers)
        #[arg(long)]
        poll: bool,
        /// Render the site as of this day (YYYY-MM-DD). Without it (and without `[build] as_of`),
        /// the preview moves on to the new day at midnight UTC: a page dated that day appears
        #[arg(long, value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// Also show drafts and pages dated after the as_of day, each marked, for review; the
        /// feeds, sitemap, trust.json and posts stay those of the published site
        #[arg(long)]
        drafts: bool,
    },
    /// Print the social posts of the site with their counts, or count a post of your own
    #[command(after_help = EXIT_CODES, args_conflicts_with_subcommands = true)]
    Social {
        #[command(subcommand)]
        command: Option<SocialCommand>,
        /// The site directory
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Only this platform's posts: x, linkedin, facebook, mastodon, bluesky or threads
        #[arg(long)]
        platform: Option<String>,
        /// Print the posts as JSON
        #[arg(long)]
        json: bool,
    },
    /// Run the whole pipeline in memory and print every diagnostic; writes nothing
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The site directory
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Evaluate the site as of this day (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
        /// How to print diagnostics: for people, one JSON document, or GitHub workflow commands
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Also warn of everything that goes stale or expires within this many days
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(1..=3650))]
        horizon: Option<i64>,
        /// Also print the audit-readiness checklist and its score
        #[arg(long)]
        readiness: bool,
        /// Also check links to other sites (needs the network)
        #[arg(long)]
        external: bool,
        /// Also print, for each claimed principle, which criteria have a control and which none
        #[arg(long)]
        coverage: bool,
    },
    /// Show what readers of the public site would see change between two versions of it: BASE
    /// and HEAD are git revisions of the site's repository or two site directories
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff {
        /// The version before: a git revision (main, HEAD~1, a tag) or a site directory
        base: String,
        /// The version after (default: the site as it is on disk)
        head: Option<String>,
        /// The site directory in the repository's work tree: where revisions are looked up
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Judge both versions as of this day (YYYY-MM-DD; default: HEAD's `[build] as_of`, else
        /// today)
        #[arg(long, value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// How to print the changes: for people, a Markdown pull-request comment, JSON, or
        /// GitHub workflow commands
        #[arg(long, value_enum, default_value_t = DiffFormatArg::Human)]
        format: DiffFormatArg,
        /// Exit with 1 when a claim changed
        #[arg(long)]
        fail_on_change: bool,
        /// Draft an update (content/updates/, `draft = true`) for each changed entry, for a
        /// person to edit; an existing file is never overwritten
        #[arg(long)]
        write_updates: bool,
    },
}

const DIFF_EXIT_CODES: &str = "Exit codes:\n  0  no claim changed, or claims changed without --fail-on-change\n  1  claims changed and --fail-on-change was given\n  2  usage or I/O problem (unknown revision, not a site, git missing, a draft not written)";

/// `diff --format`: `check`'s formats and Markdown, for a pull-request comment.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DiffFormatArg {
    Human,
    Markdown,
    Json,
    Github,
}

impl From<DiffFormatArg> for trustpage::diff::format::Format {
    fn from(f: DiffFormatArg) -> Self {
        match f {
            DiffFormatArg::Human => Self::Human,
            DiffFormatArg::Markdown => Self::Markdown,
            DiffFormatArg::Json => Self::Json,
            DiffFormatArg::Github => Self::Github,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A dated update (content/updates/<date>-<slug>.md): a new report, subprocessor or incident
    Update {
        /// The title, in the site's default language
        title: String,
        /// The site directory
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The update's date (YYYY-MM-DD; default: today in UTC)
        #[arg(long, value_parser = parse_date)]
        date: Option<jiff::civil::Date>,
        /// The file name without `.md` (default: made from the title)
        #[arg(long)]
        slug: Option<String>,
    },
    /// A page of its own (content/<slug>.md; the slug may name folders, e.g. policies/access)
    Page {
        /// The title, in the site's default language
        title: String,
        /// The site directory
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The file name without `.md` (default: made from the title)
        #[arg(long)]
        slug: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Copy templates into the site's templates/ (the stylesheet into static/assets/, strings
    /// into i18n/); a file the site already has is never overwritten
    Copy {
        /// Templates (index.html, partials/header.html), folders of them (partials/home),
        /// style.css or i18n/<lang>.toml; without names, `--all`
        names: Vec<String>,
        /// Copy every template of the theme
        #[arg(long)]
        all: bool,
        /// Also copy the theme strings of the site's languages (i18n/<lang>.toml)
        #[arg(long)]
        strings: bool,
        /// Also copy the stylesheet (static/assets/style.css)
        #[arg(long)]
        css: bool,
        /// The site directory
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Print the theme's own version of a file (to compare it with the site's copy)
    Show {
        /// A template (partials/header.html), style.css or i18n/<lang>.toml
        name: String,
        /// The site directory
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum SocialCommand {
    /// Count a post read from standard input by a platform's rule; prints COUNT/LIMIT and exits
    /// 0 when it fits, 1 when it does not
    Count {
        /// The platform whose rule counts: x, linkedin, facebook, mastodon, bluesky or threads
        #[arg(long)]
        platform: String,
        /// Print {"count":..,"limit":..,"valid":..}
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
    Github,
}

impl From<FormatArg> for trustpage::report::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Human => Self::Human,
            FormatArg::Json => Self::Json,
            FormatArg::Github => Self::Github,
        }
    }
}

/// `--base-url` is refused for exactly what refuses `base_url` in trustpage.toml: a usage error
/// (exit code 2) before anything is read or written.
fn parse_base_url(s: &str) -> Result<String, String> {
    trustpage::config::base_url(s).map_err(|why| format!("the base URL {why}; {}", trustpage::config::BASE_URL_HELP))
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    trustpage::read::parse_date(s).ok_or_else(|| format!("\"{s}\" is not a date; write YYYY-MM-DD, e.g. 2026-11-25"))
}
