//! Integration tests: the `trustpage` binary driven over sites, one module per concern.

mod build;
mod check;
mod claims;
mod common;
mod diagnostics;
mod frameworks;
mod fuzz;
mod hostile;
mod incremental;
mod isolation;
mod kills;
mod languages;
mod layers;
mod output_dir;
mod outputs;
mod placeholders;
mod sanitize;
mod schedule;
mod serve;
mod social;
mod static_files;
mod validation;
