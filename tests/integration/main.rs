//! Integration tests: the `trustpage` binary driven over sites, one module per concern.

mod broken_links;
mod build;
mod check;
mod claims;
mod common;
mod controls;
mod diagnostics;
mod fuzz;
mod hostile;
mod incremental;
mod isolation;
mod kills;
mod languages;
mod layers;
mod new_page;
mod output_dir;
mod outputs;
mod placeholders;
mod program_facts;
mod sanitize;
mod schedule;
mod serve;
mod social;
mod static_files;
mod subprocessors;
mod validation;
