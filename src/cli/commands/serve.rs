//! `audit serve [FOLDER]`: the browser form for the audits in FOLDER (README "Filling in an
//! audit"). The server itself is in the library (`audit::server`).

use crate::cli::{CliError, Global, Status, inputs};
use audit::server::{self, Config, ServeError};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The folder whose audits are listed and where new ones are saved.
    #[arg(default_value = ".", value_name = "FOLDER")]
    folder: PathBuf,
    /// The port to listen on (default: a free one).
    #[arg(long, default_value_t = 0, value_name = "N")]
    port: u16,
    /// The address to listen on: only this computer's (127.0.0.1, ::1, localhost).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    bind: String,
    /// Print the address without opening the browser.
    #[arg(long)]
    no_open: bool,
}

pub fn run(global: &Global, args: Args) -> Result<Status, CliError> {
    let address = server::loopback(&args.bind).map_err(|e| CliError::Usage(e.to_string()))?;
    if !args.folder.is_dir() {
        return Err(CliError::Usage(format!(
            "{} is not a folder: give the folder of audits to work in",
            args.folder.display()
        )));
    }
    let rubric = inputs::rubric(global.rubric.as_deref())?;
    let config = Config {
        folder: args.folder.clone(),
        rubric,
        address,
        port: args.port,
    };
    let no_open = args.no_open;
    let ready = |url: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "audit serve: the audits in {} at",
            args.folder.display()
        );
        let _ = writeln!(out, "  {url}");
        let _ = writeln!(
            out,
            "Open that address in your browser (it has the key to this server in it). Ctrl-C stops the server."
        );
        let _ = out.flush();
        if !no_open && open_browser(url).is_err() {
            let _ = writeln!(
                std::io::stderr(),
                "audit serve: could not open a browser; open the address above"
            );
        }
    };
    server::serve(config, ready).map_err(|e| match e {
        ServeError::NotLoopback(_) => CliError::Usage(e.to_string()),
        ServeError::Io(source) => CliError::Serve(source),
    })?;
    Ok(Status::Ok)
}

/// Opens `url` in the default browser with the system's own opener. (The `opener` crate does
/// the same but brings in a URL parser and the ICU libraries: 25 crates, doubling the build.)
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        // Reaped in the background, so no finished opener lingers.
        .map(|mut child| drop(std::thread::spawn(move || child.wait())))
}
