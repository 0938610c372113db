//! How tables look: colour (`--color`, `NO_COLOR`) and width (`--width`, `COLUMNS`, the
//! terminal's, or 100).

use audit::report::table::Style;
use clap::ValueEnum;
use std::io::IsTerminal;

#[derive(Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The table style for standard output under `--color` and `--width`.
pub fn table_style(color: ColorWhen, width: Option<u16>) -> Style {
    let choice = match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let stdout = std::io::stdout();
    let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
    let columns = || std::env::var("COLUMNS").ok()?.trim().parse::<u16>().ok();
    let terminal = || {
        stdout
            .is_terminal()
            .then(|| comfy_table::Table::new().width())
            .flatten()
    };
    let width = width
        .or_else(columns)
        .or_else(terminal)
        .unwrap_or(100)
        .max(40);
    Style {
        color,
        width,
        markdown: false,
    }
}
