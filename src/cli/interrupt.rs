//! Ctrl-C and SIGTERM: a temporary output file being written is removed before the process
//! ends, so an interrupted run leaves nothing behind (tempfile removes it on every other path).
//! The run then exits as shells report a signal, 128 + its number: 130 after Ctrl-C, 143 after
//! SIGTERM, so a service manager or script can tell which ended it.
//!
//! What is registered is the folder and the temporary file's name prefix, which carries the
//! process id, *before* the file is created: a signal that arrives while it is being created
//! still finds it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Temporary files to remove if the run is interrupted: a folder and a name prefix.
static PENDING: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

fn remove_pending() {
    let Ok(pending) = PENDING.lock() else { return };
    for (dir, prefix) in pending.iter() {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(prefix.as_str())
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Removes the files in `dir` named `prefix...` if the run is interrupted before [`forget`].
pub fn remove_if_interrupted(dir: &Path, prefix: &str) {
    // If no handler can be installed, interruption keeps the default behaviour; the
    // temporary file's name still says what it is.
    HANDLER.call_once(install);
    if let Ok(mut pending) = PENDING.lock() {
        pending.push((dir.to_path_buf(), prefix.to_string()));
    }
}

/// Signals are waited for on a thread of their own, where removing files is safe.
#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            remove_pending();
            std::process::exit(128 + signal);
        }
    });
}

/// Windows has only Ctrl-C (and console close), reported as Ctrl-C is on Unix.
#[cfg(not(unix))]
fn install() {
    let _ = ctrlc::set_handler(|| {
        remove_pending();
        std::process::exit(130);
    });
}

/// The temporary file was renamed into place or removed: nothing to do on interruption.
pub fn forget(dir: &Path, prefix: &str) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|(d, p)| d != dir || p != prefix);
    }
}
