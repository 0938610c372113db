//! Turning the paths a user names into the audits to read: files as given, folders walked,
//! `-` as standard input. Every `*.yaml`/`*.yml` found is read or listed with why it is not:
//! nothing is skipped without a word.

use crate::diagnostic::{Diagnostic, Loc};
use crate::input::source::Input;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// How folders are walked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Follow symbolic links that lead outside the folder named (`--follow-links`); without
    /// it they are listed, not read, so a link in a shared folder cannot make the tool read
    /// (and echo) a file elsewhere.
    pub follow_links: bool,
}

/// How a link out of a folder is said to be left alone, with the option that follows it;
/// `audit serve`, which has no such option, says it in its own words.
pub const NOT_FOLLOWED: &str = "not followed (--follow-links follows it)";

/// Expands `paths` into the audits to grade (see [`collect_with`]), following no link that
/// leaves a folder named.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>) {
    collect_with(paths, Options::default())
}

/// Expands `paths` into the audits to grade: a file as given, a folder as every
/// `*.yaml`/`*.yml` below it in path order, `-` as standard input. A file reached twice
/// (through a link, or named twice) is graded once; link loops are not followed. What
/// cannot be walked or read as an audit is returned as diagnostics.
pub fn collect_with(paths: &[PathBuf], opts: Options) -> (Vec<Input>, Vec<Diagnostic>) {
    let found = walk(paths, opts);
    (found.inputs, found.errors)
}

/// As [`collect_with`], and whether `file` (e.g. an output about to be replaced) is one of
/// the files found: known by device and inode from the walk, so no path is resolved per file.
pub fn collect_finding(
    paths: &[PathBuf],
    opts: Options,
    file: &Path,
) -> (Vec<Input>, Vec<Diagnostic>, bool) {
    let found = walk(paths, opts);
    let is_found = file.exists() && found.seen.contains(&FileId::of(file, None));
    (found.inputs, found.errors, is_found)
}

fn walk(paths: &[PathBuf], opts: Options) -> Found {
    let mut found = Found::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.inputs.push(Input::Stdin);
        } else if path.is_dir() {
            found.folder(path, opts);
        } else {
            found.push(path.clone(), None);
        }
    }
    found
}

#[derive(Default)]
struct Found {
    inputs: Vec<Input>,
    errors: Vec<Diagnostic>,
    /// The files already found, by what identifies a file whatever path reaches it.
    seen: HashSet<FileId>,
}

/// A file's device and inode on Unix (one `stat`, no path resolution); elsewhere its
/// canonical path.
#[derive(PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

impl FileId {
    fn of(path: &Path, meta: Option<std::fs::Metadata>) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Some(m) = meta.or_else(|| std::fs::metadata(path).ok()) {
                return FileId::Inode(m.dev(), m.ino());
            }
        }
        #[cfg(not(unix))]
        drop(meta);
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

impl Found {
    /// `meta`: the file's metadata (following links) if the walk already has it.
    fn push(&mut self, path: PathBuf, meta: Option<std::fs::Metadata>) {
        if self.seen.insert(FileId::of(&path, meta)) {
            self.inputs.push(Input::File(path));
        }
    }

    fn error(&mut self, path: &Path, message: String) {
        let name = Input::File(path.to_path_buf()).name();
        self.errors
            .push(Diagnostic::new(&name, Loc::UNKNOWN, message));
    }

    /// Every audit below `root`, and what else was there (for a folder with none).
    fn folder(&mut self, root: &Path, opts: Options) {
        let mut any_yaml = false;
        let errors_before = self.errors.len();
        let root_real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let mut others: BTreeMap<String, usize> = BTreeMap::new();
        let mut walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let e = match entry {
                Ok(e) => e,
                Err(e) if e.loop_ancestor().is_some() => continue, // already walked
                Err(e) => {
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    self.error(e.path().unwrap_or(root), format!("cannot be read: {why}"));
                    continue;
                }
            };
            let yaml = is_yaml(e.path());
            any_yaml |= yaml;
            let is_dir = e.file_type().is_dir();
            if e.path_is_symlink()
                && !opts.follow_links
                && (yaml || is_dir)
                && let Some(target) = leaves(e.path(), &root_real)
            {
                let message = format!(
                    "is a link to {}, outside {}; {NOT_FOLLOWED}",
                    target.display(),
                    root.display()
                );
                self.error(e.path(), message);
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
            match (yaml, e.file_type()) {
                (_, t) if t.is_dir() => {}
                // Anything else named *.yaml is an input: reading it says what is wrong (a
                // named pipe, a socket, a device), so it is counted, never skipped.
                (true, _) => {
                    let meta = e.metadata().ok();
                    self.push(e.into_path(), meta);
                }
                (false, _) => {
                    let ext = e.path().extension().map_or_else(String::new, |x| {
                        format!(".{}", x.to_string_lossy().to_lowercase())
                    });
                    *others.entry(ext).or_default() += 1;
                }
            }
        }
        if !any_yaml && self.errors.len() == errors_before {
            self.error(root, nothing_found(&others));
        }
    }
}

/// Where a link leads, if that is outside `root` (or nowhere).
fn leaves(link: &Path, root: &Path) -> Option<PathBuf> {
    match std::fs::canonicalize(link) {
        Ok(target) if target.starts_with(root) => None,
        Ok(target) => Some(target),
        Err(_) => Some(PathBuf::from("nothing")),
    }
}

/// `no *.yaml or *.yml files here (3 .docx files: ...)`.
fn nothing_found(others: &BTreeMap<String, usize>) -> String {
    let mut message = "no *.yaml or *.yml files here".to_string();
    if !others.is_empty() {
        let listed: Vec<String> = others
            .iter()
            .map(|(ext, n)| match ext.as_str() {
                "" => format!("{n} without an extension"),
                ext => format!("{n} {ext}"),
            })
            .collect();
        message.push_str(&format!(
            " ({}: {}); audits must be YAML text files: start one with `audit template`",
            crate::model::words::count_of(others.values().sum::<usize>(), "file"),
            listed.join(", ")
        ));
    }
    message
}
