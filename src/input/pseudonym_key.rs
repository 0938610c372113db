//! The pseudonym key (README "Personal data"): a local file of 64 hexadecimal digits, created
//! on first use readable by its owner only, so that a board paper's case pseudonyms are the
//! same every quarter. Whoever has the key can test a guessed case reference against a
//! pseudonym; it is kept like the audits, never put in a report.

use crate::privacy::pseudonym::{KEY_BYTES, format_key, parse_key};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What can go wrong with the key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: cannot read the pseudonym key: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}:1:1: not a pseudonym key: a key file holds 64 hexadecimal digits (0-9, a-f) \
         and nothing else; give another with --pseudonym-key FILE, or move this one away to \
         have a new key made (pseudonyms then change)"
    )]
    Malformed { path: String },
    #[error("{path}: cannot create the pseudonym key: {source}")]
    Create {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}: no pseudonym key there: check the path (a key given with --pseudonym-key is \
         never made, so that a mistyped path cannot change every pseudonym); to share a key, \
         copy the one audit made (README \"Personal data\")"
    )]
    Missing { path: String },
    #[error("{path}: is a folder, not a pseudonym key: give the key file inside it")]
    Folder { path: String },
    #[error(
        "no place for the pseudonym key: set HOME (or XDG_CONFIG_HOME), or give a key file \
         with --pseudonym-key FILE"
    )]
    NoPlace,
}

/// A key read, and what the user should be told about it.
pub struct Key {
    pub key: [u8; KEY_BYTES],
    pub path: PathBuf,
    /// Made by this run: the user is told where, so that they keep it.
    pub created: bool,
    /// On Unix: others may read the file.
    pub readable_by_others: bool,
}

/// Where the key is kept when `--pseudonym-key` is not given: `$AUDIT_PSEUDONYM_KEY`, else
/// `audit/pseudonym-key` in the user's configuration folder (`$XDG_CONFIG_HOME`,
/// `~/.config`, or `%APPDATA%` on Windows).
pub fn default_path() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(p) = var("AUDIT_PSEUDONYM_KEY") {
        return Some(PathBuf::from(p));
    }
    let config = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".config")))
        .or_else(|| var("APPDATA").map(PathBuf::from))?;
    Some(config.join("audit").join("pseudonym-key"))
}

/// The key a user named (`--pseudonym-key`): it must be there.
pub fn load(path: &Path) -> Result<Key, KeyError> {
    if !path.exists() {
        return Err(KeyError::Missing {
            path: path.display().to_string(),
        });
    }
    load_or_create(path)
}

/// The key at `path`, made there (with its folder) when there is none.
pub fn load_or_create(path: &Path) -> Result<Key, KeyError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return Err(KeyError::Folder { path: shown });
    }
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).unwrap_or_default();
            let key = parse_key(&text).ok_or(KeyError::Malformed {
                path: shown.clone(),
            })?;
            Ok(Key {
                key,
                path: path.to_path_buf(),
                created: false,
                readable_by_others: readable_by_others(path),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(source) => Err(KeyError::Read {
            path: shown,
            source,
        }),
    }
}

/// A new random key, written beside `path` owner-only and linked into place, so that two runs
/// starting at once agree on one key and none reads a half-written file.
fn create(path: &Path) -> Result<Key, KeyError> {
    let err = |source| KeyError::Create {
        path: path.display().to_string(),
        source,
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(err)?;
    let mut key = [0u8; KEY_BYTES];
    getrandom::fill(&mut key).map_err(|e| err(std::io::Error::other(e.to_string())))?;
    // tempfile creates its file readable by its owner only (0600 on Unix).
    let mut tmp = tempfile::NamedTempFile::new_in(folder).map_err(err)?;
    tmp.write_all(format_key(&key).as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(Key {
            key,
            path: path.to_path_buf(),
            created: true,
            readable_by_others: false,
        }),
        // Another run made it first: use theirs.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => load_or_create(path),
        Err(e) => Err(err(e.error)),
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit").join("pseudonym-key");
        let made = load_or_create(&path).unwrap();
        assert!(made.created);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = load_or_create(&path).unwrap();
        assert!(!again.created && !again.readable_by_others);
        assert_eq!(made.key, again.key);
    }

    #[test]
    fn a_key_named_must_be_there_and_be_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let typo = dir.path().join("shared").join("pseudonym-kye");
        let e = load(&typo).err().unwrap().to_string();
        assert!(e.contains("no pseudonym key there"), "{e}");
        assert!(
            !typo.exists() && !dir.path().join("shared").exists(),
            "nothing made"
        );
        let e = load(dir.path()).err().unwrap().to_string();
        assert!(e.contains("is a folder"), "{e}");
        let binary = dir.path().join("key.bin");
        std::fs::write(&binary, [0xff, 0xfe, 0]).unwrap();
        assert!(
            load(&binary)
                .err()
                .unwrap()
                .to_string()
                .contains("not a pseudonym key")
        );
    }

    #[test]
    fn a_file_that_is_not_a_key_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "not a key\n").unwrap();
        let e = load_or_create(&path).err().unwrap().to_string();
        assert!(e.contains(":1:1: not a pseudonym key"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key\n");
    }
}
