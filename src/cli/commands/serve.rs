//! `audit serve [FOLDER]`: the browser form for the audits in FOLDER (README "Filling in an
//! audit"). The server itself is in the library (`audit::server`).

use crate::cli::{CliError, Global, Status, inputs};
use audit::server::{self, Config, Limits, ServeError, Stopped};
use std::io::Write;
use std::path::{Path, PathBuf};
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
    #[command(flatten)]
    names: inputs::NamesArgs,
    /// Seconds a connection may take to send a request's head, or stay idle between requests
    /// (for tests, which cannot wait the default).
    #[arg(long, hide = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: Option<u64>,
}

/// Names a program to open the page with instead of the system's opener (README; tests set
/// it to one that records what it was given).
const BROWSER_VARIABLE: &str = "AUDIT_BROWSER";

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
        names: args.names.names()?,
    };
    let no_open = args.no_open;
    // The page that opens the address: kept until the server stops, then removed.
    let mut opener_page = None;
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
        if !no_open {
            match RedirectPage::new(url).and_then(|page| open_browser(page.path()).map(|()| page)) {
                Ok(page) => opener_page = Some(page),
                Err(_) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "audit serve: could not open a browser; open the address above"
                    );
                }
            }
        }
    };
    let warn = |message: &str| {
        let _ = writeln!(std::io::stderr(), "audit serve: {message}");
    };
    let stopped = server::serve(config, ready, warn).map_err(|e| match e {
        ServeError::NotLoopback(_) => CliError::Usage(e.to_string()),
        ServeError::Io(source) => CliError::Serve(source),
    })?;
    drop(opener_page);
    Ok(match stopped {
        Stopped::Interrupted => Status::Ok,
        Stopped::Terminated => Status::Terminated,
    })
}

/// A page that sends the browser on to the address with its token, readable only by this
/// user (as Jupyter does): the browser is opened on the page's path, so the token is never on
/// a command line, where any user of the computer could read it.
struct RedirectPage {
    // Dropped in this order: the file, then its folder.
    file: tempfile::NamedTempFile,
    _folder: tempfile::TempDir,
}

impl RedirectPage {
    fn new(url: &str) -> std::io::Result<RedirectPage> {
        // A new folder only this user can enter, with a file only this user can read.
        let mut private = tempfile::Builder::new();
        private.prefix("audit-serve-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            private.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let folder = private.tempdir()?;
        let mut file = tempfile::Builder::new()
            .prefix("open-")
            .suffix(".html")
            .tempfile_in(folder.path())?;
        // The address is ours (digits, a host, hex), but escaped all the same.
        let url = url
            .replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;");
        write!(
            file,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"refresh\" content=\"0;url={url}\"><title>audit serve</title></head>\
             <body><p><a href=\"{url}\">Open the audits</a></p></body></html>\n"
        )?;
        file.as_file().sync_all()?;
        Ok(RedirectPage {
            file,
            _folder: folder,
        })
    }

    fn path(&self) -> &Path {
        self.file.path()
    }
}

/// Opens `page` in the default browser with the system's own opener, or the program named by
/// `AUDIT_BROWSER`. (The `opener` crate does the same but brings in a URL parser and the ICU
/// libraries: 25 crates, doubling the build.)
fn open_browser(page: &Path) -> std::io::Result<()> {
    let mut cmd =
        if let Some(program) = std::env::var_os(BROWSER_VARIABLE).filter(|p| !p.is_empty()) {
            std::process::Command::new(program)
        } else if cfg!(target_os = "windows") {
            let mut c = std::process::Command::new("cmd");
            c.args(["/C", "start", ""]);
            c
        } else if cfg!(target_os = "macos") {
            std::process::Command::new("open")
        } else {
            std::process::Command::new("xdg-open")
        };
    cmd.arg(page)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        // Reaped in the background, so no finished opener lingers.
        .map(|mut child| drop(std::thread::spawn(move || child.wait())))
}
