//! How tables look on this terminal: colour (`--color`, `NO_COLOR`) and width.

use audit::report::table::Style;
use clap::ValueEnum;
use std::io::IsTerminal;

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The table style for standard output under `--color`.
pub fn table_style(color: ColorWhen) -> Style {
    let choice = match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let stdout = std::io::stdout();
    let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
    let width = if stdout.is_terminal() {
        comfy_table::Table::new().width().unwrap_or(100).max(60)
    } else {
        100
    };
    Style {
        color,
        width,
        markdown: false,
    }
}
