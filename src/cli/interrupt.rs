//! Ctrl-C and SIGTERM: a temporary output file being written is removed before the process
//! ends, so an interrupted run leaves nothing behind (tempfile removes it on every other path).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Temporary files to remove if the run is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// The exit status of a run ended by a signal, as shells report SIGINT.
const INTERRUPTED: i32 = 130;

/// Removes `path` if the run is interrupted before [`forget`] is called.
pub fn remove_if_interrupted(path: &Path) {
    HANDLER.call_once(|| {
        // If no handler can be installed, interruption keeps the default behaviour; the
        // temporary file's name still says what it is.
        let _ = ctrlc::set_handler(|| {
            if let Ok(pending) = PENDING.lock() {
                for p in pending.iter() {
                    let _ = std::fs::remove_file(p);
                }
            }
            std::process::exit(INTERRUPTED);
        });
    });
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

/// `path` was renamed into place or removed: nothing to do for it on interruption.
pub fn forget(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}
