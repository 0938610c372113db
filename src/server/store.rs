//! The folder `audit serve` works in: its audits, opened and saved (README "Filling in an
//! audit"). Nothing is written outside it, nothing is replaced that changed on disk since it
//! was opened, and every write is atomic (a temporary file in the folder, then a rename).

use crate::input::source::{self, Input};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("'{0}' is not an audit in this folder: give a .yaml file inside it")]
    NotInFolder(String),
    #[error(
        "'{rel}' is a symbolic link to {target}, outside this folder: the form opens and saves \
         only files inside it, so the file is left as it is. Edit it in a text editor, or copy it \
         into the folder"
    )]
    LinkOutside { rel: String, target: String },
    #[error("{0}")]
    Unreadable(String),
    #[error("could not save in {folder}: {error}")]
    Write {
        folder: String,
        error: std::io::Error,
    },
}

/// A file as it was when opened: its text, and a version to tell whether it changed since.
pub struct Opened {
    pub rel: String,
    pub text: String,
    pub version: String,
}

/// Where a save went.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written to this file (new, or replacing the version opened); `kept`, the copy of the
    /// file as it was, where it held what the form does not keep.
    Written {
        rel: String,
        version: String,
        kept: Option<String>,
    },
    /// The file opened changed on disk since: it was left as it is, and the form's version
    /// written beside it under a new name.
    Conflict {
        rel: String,
        version: String,
        theirs: String,
    },
}

pub struct Store {
    folder: PathBuf,
}

/// The version of a file's contents: changes whenever they do.
pub fn version(text: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    format!("{:016x}-{}", h.finish(), text.len())
}

/// Whether Windows reserves `name` for a device whatever its extension (`CON`, `nul.1.yaml`,
/// `COM2.draft.yaml`): such a file cannot be made there, or opens the device instead.
pub fn reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_ascii_lowercase();
    match stem.as_bytes() {
        [a, b, c] => matches!(&[*a, *b, *c], b"con" | b"prn" | b"aux" | b"nul"),
        [a, b, c, digit] => matches!(&[*a, *b, *c], b"com" | b"lpt") && digit.is_ascii_digit(),
        _ => false,
    }
}

/// A file name from a case reference: letters, digits, `-`, `_` and `.` kept, anything else
/// (separators, spaces, `..`) a `-`; never empty, hidden or a name Windows reserves (that
/// gets `audit-` in front, so a folder shared with Windows can hold it).
pub fn safe_name(case: &str) -> String {
    let mut name = String::new();
    for c in case.trim().chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '-'
        };
        let repeated = matches!(c, '-' | '.') && name.ends_with(c);
        if !repeated {
            name.push(c);
        }
    }
    let mut name: String = name.trim_matches(['-', '.']).chars().take(80).collect();
    if name.is_empty() || reserved_on_windows(&name) {
        name.insert_str(0, "audit-");
    }
    name.trim_end_matches(['-', '.']).to_string() + ".yaml"
}

impl Store {
    pub fn new(folder: &Path) -> std::io::Result<Store> {
        Ok(Store {
            folder: folder.canonicalize()?,
        })
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// `rel` (as the folder page links it) as a path in the folder: relative, no `..`, a
    /// `.yaml`/`.yml` name, and still inside the folder once links are followed. An existing
    /// file is named by its real path, so a symbolic link in the folder is read and saved
    /// through (the file it points to gets the edit, and the link stays a link).
    fn resolve(&self, rel: &str) -> Result<PathBuf, StoreError> {
        let not_in = || StoreError::NotInFolder(rel.to_string());
        let path = Path::new(rel);
        let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if rel.is_empty() || !plain || !yaml {
            return Err(not_in());
        }
        let full = self.folder.join(path);
        match full.canonicalize() {
            Ok(real) if real.starts_with(&self.folder) => Ok(real),
            // A plain relative path can lead out only through a link.
            Ok(real) => Err(StoreError::LinkOutside {
                rel: rel.to_string(),
                target: real.display().to_string(),
            }),
            // Not there (yet): its folder must be.
            Err(_) => match full.parent().map(Path::canonicalize) {
                Some(Ok(dir)) if dir.starts_with(&self.folder) => Ok(full),
                _ => Err(not_in()),
            },
        }
    }

    /// The path of `p` as the folder page names it.
    pub fn rel(&self, p: &Path) -> String {
        let rel = p.strip_prefix(&self.folder).unwrap_or(p);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// Every audit in the folder and its subfolders, in path order, as `audit grade` finds
    /// them.
    pub fn list(&self) -> (Vec<Input>, Vec<crate::diagnostic::Diagnostic>) {
        crate::input::walk::collect(std::slice::from_ref(&self.folder))
    }

    pub fn open(&self, rel: &str) -> Result<Opened, StoreError> {
        let path = self.resolve(rel)?;
        let text = source::read(&Input::File(path), source::DEFAULT_MAX_BYTES)
            .map_err(|d| StoreError::Unreadable(format!("{rel}: {}", d.message)))?;
        Ok(Opened {
            rel: rel.to_string(),
            version: version(&text),
            text,
        })
    }

    /// Saves `yaml`: over `base` (the file opened, and its version then) if it has not
    /// changed since, else as a new file named after `case`. Before replacing a file,
    /// `faithful` says whether the form writes its text exactly as it is; where not (comments,
    /// text after ` #`, other formatting), the file as it was is first kept beside it.
    pub fn save(
        &self,
        yaml: &str,
        case: &str,
        base: Option<(&str, &str)>,
        faithful: impl FnOnce(&str) -> bool,
    ) -> Result<Saved, StoreError> {
        let Some((rel, opened)) = base else {
            let rel = self.write_new(yaml, &safe_name(case))?;
            return Ok(Saved::Written {
                rel,
                version: version(yaml),
                kept: None,
            });
        };
        let path = self.resolve(rel)?;
        let now = std::fs::read_to_string(&path).ok();
        if now.as_deref().map(version).as_deref() != Some(opened) {
            let ours = self.write_new(yaml, &safe_name(case))?;
            return Ok(Saved::Conflict {
                rel: ours,
                version: version(yaml),
                theirs: rel.to_string(),
            });
        }
        let now = now.unwrap_or_default();
        let kept = if faithful(&now) {
            None
        } else {
            Some(self.keep_copy(&now, &path)?)
        };
        self.write_at(yaml, &path, true)?;
        Ok(Saved::Written {
            rel: rel.to_string(),
            version: version(yaml),
            kept,
        })
    }

    /// Keeps `text`, the file at `path` as it was, beside it as `NAME.yaml.orig` (or
    /// `.orig.1`, `.orig.2`, ... where taken: a copy is never replaced); its name relative to
    /// the folder.
    fn keep_copy(&self, text: &str, path: &Path) -> Result<String, StoreError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for n in 0..1000 {
            let copy = if n == 0 {
                format!("{name}.orig")
            } else {
                format!("{name}.orig.{n}")
            };
            let copy = path.with_file_name(copy);
            match self.write_at(text, &copy, false) {
                Ok(()) => return Ok(self.rel(&copy)),
                Err(StoreError::Write { error, .. })
                    if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(self.error(std::io::Error::other(format!(
            "1000 copies of {name} already"
        ))))
    }

    /// Writes a new file named `name` (or `name (2)` and so on where taken), never replacing
    /// one; its name relative to the folder.
    fn write_new(&self, yaml: &str, name: &str) -> Result<String, StoreError> {
        let stem = name.trim_end_matches(".yaml");
        for n in 1..=1000 {
            let candidate = if n == 1 {
                name.to_string()
            } else {
                format!("{stem} ({n}).yaml")
            };
            let path = self.folder.join(&candidate);
            match self.write_at(yaml, &path, false) {
                Ok(()) => return Ok(candidate),
                Err(StoreError::Write { error, .. })
                    if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(self.error(std::io::Error::other(format!(
            "1000 files named like {name} already"
        ))))
    }

    fn error(&self, error: std::io::Error) -> StoreError {
        StoreError::Write {
            folder: self.folder.display().to_string(),
            error,
        }
    }

    /// Writes `text` to `path` atomically; `replace` says whether an existing file may be
    /// replaced (keeping its permissions).
    fn write_at(&self, text: &str, path: &Path, replace: bool) -> Result<(), StoreError> {
        let dir = path.parent().unwrap_or(&self.folder);
        let mut tmp = tempfile::Builder::new()
            .prefix(".audit-serve-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| self.error(e))?;
        tmp.write_all(text.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| self.error(e))?;
        if replace {
            if let Ok(meta) = std::fs::metadata(path) {
                let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
            }
            tmp.persist(path).map_err(|e| self.error(e.error))?;
        } else {
            tmp.persist_noclobber(path)
                .map_err(|e| self.error(e.error))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_reference_becomes_a_safe_file_name() {
        assert_eq!(safe_name("CIN-2041"), "CIN-2041.yaml");
        assert_eq!(safe_name("../../etc/passwd"), "etc-passwd.yaml");
        assert_eq!(safe_name("EH 2041 / Smith"), "EH-2041-Smith.yaml");
        assert_eq!(safe_name(".hidden"), "hidden.yaml");
        assert_eq!(safe_name(""), "audit.yaml");
        assert_eq!(safe_name("NUL"), "audit-NUL.yaml");
        assert_eq!(safe_name("“curly”"), "curly.yaml");
    }

    #[test]
    fn no_name_windows_reserves_is_made_whatever_its_case_or_extension() {
        for (case, name) in [
            ("COM2", "audit-COM2.yaml"),
            ("LPT9", "audit-LPT9.yaml"),
            ("nul.1", "audit-nul.1.yaml"),
            ("CON.draft", "audit-CON.draft.yaml"),
            ("aux", "audit-aux.yaml"),
            ("Prn.", "audit-Prn.yaml"),
            ("com0", "audit-com0.yaml"),
            ("con .x", "con-.x.yaml"),
        ] {
            assert_eq!(safe_name(case), name, "{case}");
            assert!(!reserved_on_windows(&safe_name(case)), "{case}");
        }
        for fine in ["COM10", "CONSOLE", "LPT", "NULL", "CIN-2041", "a.con"] {
            assert_eq!(safe_name(fine), format!("{fine}.yaml"));
        }
        for reserved in [
            "CON",
            "con.yaml",
            "COM1.draft.yaml",
            "lpt3.yml",
            "Nul.1.yaml",
            "AUX ",
        ] {
            assert!(reserved_on_windows(reserved), "{reserved}");
        }
    }

    #[test]
    fn nothing_outside_the_folder_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "x").unwrap();
        let store = Store::new(dir.path()).unwrap();
        assert!(store.resolve("a.yaml").is_ok());
        for bad in [
            "../a.yaml",
            "/etc/passwd",
            "a.txt",
            "",
            "sub/../../a.yaml",
            ".",
        ] {
            assert!(
                matches!(store.resolve(bad), Err(StoreError::NotInFolder(_))),
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.path().join("out.yaml")).unwrap();
            assert!(store.resolve("out.yaml").is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_in_the_folder_edits_the_file_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("shared")).unwrap();
        let first = "# Saved by audit serve\ncase: A\n".to_string();
        std::fs::write(dir.path().join("shared/real.yaml"), &first).unwrap();
        std::os::unix::fs::symlink("shared/real.yaml", dir.path().join("a.yaml")).unwrap();
        let store = Store::new(dir.path()).unwrap();
        let opened = store.open("a.yaml").unwrap();
        assert_eq!(opened.text, first);
        let ours = "# Saved by audit serve\ncase: A\nauditor: me\n".to_string();
        let saved = store
            .save(&ours, "A", Some(("a.yaml", &opened.version)), |_| true)
            .unwrap();
        assert!(
            matches!(&saved, Saved::Written { rel, .. } if rel == "a.yaml"),
            "{saved:?}"
        );
        let link = std::fs::symlink_metadata(dir.path().join("a.yaml")).unwrap();
        assert!(link.file_type().is_symlink(), "the link stays a link");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("shared/real.yaml")).unwrap(),
            ours
        );
        let names: Vec<String> = std::fs::read_dir(dir.path().join("shared"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["real.yaml"], "no temporary file left");
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_out_of_the_folder_is_refused_saying_why() {
        let outside = tempfile::tempdir().unwrap();
        let elsewhere = outside.path().join("elsewhere.yaml");
        let theirs = "# Saved by audit serve\ncase: A\n".to_string();
        std::fs::write(&elsewhere, &theirs).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("out.yaml")).unwrap();
        let store = Store::new(dir.path()).unwrap();
        let ours = "# Saved by audit serve\ncase: A\nauditor: me\n".to_string();
        let refused = store
            .save(&ours, "A", Some(("out.yaml", &version(&theirs))), |_| true)
            .unwrap_err();
        assert!(matches!(refused, StoreError::LinkOutside { .. }));
        let why = refused.to_string();
        assert!(
            why.contains("'out.yaml' is a symbolic link to")
                && why.contains("outside this folder")
                && why.contains("left as it is"),
            "{why}"
        );
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), theirs);
        let link = std::fs::symlink_metadata(dir.path().join("out.yaml")).unwrap();
        assert!(link.file_type().is_symlink());
        assert!(store.open("out.yaml").is_err());
    }

    #[test]
    fn a_file_changed_on_disk_is_kept_and_the_forms_version_saved_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path()).unwrap();
        let first = "case: A\n";
        let Saved::Written {
            rel, version: v1, ..
        } = store.save(first, "A", None, |_| true).unwrap()
        else {
            panic!()
        };
        assert_eq!(rel, "A.yaml");
        // Someone else edits it.
        std::fs::write(dir.path().join("A.yaml"), "case: A\n# theirs\n").unwrap();
        let ours = "case: A\nauditor: me\n";
        let saved = store.save(ours, "A", Some((&rel, &v1)), |_| true).unwrap();
        assert!(
            matches!(&saved, Saved::Conflict { rel, theirs, .. } if rel == "A (2).yaml" && theirs == "A.yaml"),
            "{saved:?}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("A.yaml")).unwrap(),
            "case: A\n# theirs\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("A (2).yaml")).unwrap(),
            ours
        );
    }

    #[test]
    fn a_new_audit_never_replaces_a_file_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("A.yaml"), "mine").unwrap();
        let store = Store::new(dir.path()).unwrap();
        let saved = store.save("new", "A", None, |_| true).unwrap();
        assert!(matches!(saved, Saved::Written { ref rel, .. } if rel == "A (2).yaml"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("A.yaml")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn saving_over_what_the_form_does_not_keep_keeps_a_copy_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let hand = "# my notes\ncase: A\n";
        std::fs::write(dir.path().join("A.yaml"), hand).unwrap();
        std::fs::write(dir.path().join("A.yaml.orig"), "older").unwrap();
        let store = Store::new(dir.path()).unwrap();
        let opened = store.open("A.yaml").unwrap();
        let ours = "case: A\n";
        let saved = store
            .save(ours, "A", Some(("A.yaml", &opened.version)), |t| {
                !t.contains('#')
            })
            .unwrap();
        assert!(
            matches!(&saved, Saved::Written { kept: Some(k), .. } if k == "A.yaml.orig.1"),
            "{saved:?}"
        );
        let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
        assert_eq!(read("A.yaml.orig"), "older");
        assert_eq!(read("A.yaml.orig.1"), hand);
        assert_eq!(read("A.yaml"), ours);
        // Saved again: nothing the form does not keep, so no copy.
        let saved = store
            .save(ours, "A", Some(("A.yaml", &version(ours))), |t| {
                !t.contains('#')
            })
            .unwrap();
        assert!(matches!(saved, Saved::Written { kept: None, .. }));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }
}
