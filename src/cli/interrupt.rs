//! Ctrl-C and SIGTERM: a temporary output file being written is removed before the process
//! ends, so an interrupted run leaves nothing behind (tempfile removes it on every other path).
//!
//! What is registered is the folder and the temporary file's name prefix, which carries the
//! process id, *before* the file is created: a signal that arrives while it is being created
//! still finds it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Temporary files to remove if the run is interrupted: a folder and a name prefix.
static PENDING: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// The exit status of a run ended by a signal, as shells report SIGINT.
const INTERRUPTED: i32 = 130;

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
    HANDLER.call_once(|| {
        // If no handler can be installed, interruption keeps the default behaviour; the
        // temporary file's name still says what it is.
        let _ = ctrlc::set_handler(|| {
            remove_pending();
            std::process::exit(INTERRUPTED);
        });
    });
    if let Ok(mut pending) = PENDING.lock() {
        pending.push((dir.to_path_buf(), prefix.to_string()));
    }
}

/// The temporary file was renamed into place or removed: nothing to do on interruption.
pub fn forget(dir: &Path, prefix: &str) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|(d, p)| d != dir || p != prefix);
    }
}
