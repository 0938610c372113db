//! `audit serve [FOLDER]`: the browser form for the audits in FOLDER (README "Filling in an
//! audit"). The server itself is in the library (`audit::server`).

use crate::cli::{CliError, Global, Status, inputs};
use audit::server::{self, Config, Limits, ServeError, Stopped};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

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
    /// Seconds a connection may take to send a request's head, or stay idle between requests
    /// (for tests, which cannot wait the default).
    #[arg(long, hide = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: Option<u64>,
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
    let mut limits = Limits::default();
    if let Some(seconds) = args.header_timeout {
        limits.header_timeout = Duration::from_secs(seconds);
    }
    let config = Config {
        folder: args.folder.clone(),
        rubric,
        address,
        port: args.port,
        limits,
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
    let warn = |message: &str| {
        let _ = writeln!(std::io::stderr(), "audit serve: {message}");
    };
    let stopped = server::serve(config, ready, warn).map_err(|e| match e {
        ServeError::NotLoopback(_) => CliError::Usage(e.to_string()),
        ServeError::Io(source) => CliError::Serve(source),
    })?;
    Ok(match stopped {
        Stopped::Interrupted => Status::Ok,
        Stopped::Terminated => Status::Terminated,
    })
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
