//! Files as a careless or hostile shared folder has them: pipes, links out of the folder,
//! odd output targets, interruptions, races, names that are not UTF-8, folders of the wrong
//! files, and the limits that keep every run bounded.

use crate::common::audit;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXAMPLE: &str = "examples/good-child-in-need.yaml";

/// Waits for `child` at most `limit`; a hang is a failure, not a stuck test run.
fn finish_within(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn spawn(args: &[&str], dir: &Path) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("audit"))
        .args(args)
        .current_dir(dir)
        .env_remove("COLUMNS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_named_pipe_is_an_error_never_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let example = fs::read_to_string(EXAMPLE).unwrap();
    mkfifo(&dir.path().join("pipe.yaml"));
    fs::create_dir(dir.path().join("folder")).unwrap();
    mkfifo(&dir.path().join("folder/pipe.yaml"));
    fs::write(dir.path().join("folder/ok.yaml"), &example).unwrap();
    // Long enough on a loaded machine; a FIFO that blocks would never finish.
    let second = Duration::from_secs(30);

    let out = finish_within(spawn(&["grade", "pipe.yaml"], dir.path()), second);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("pipe.yaml: is not a regular file (a named pipe"));

    let out = finish_within(spawn(&["grade", "folder"], dir.path()), second);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("folder/pipe.yaml: is not a regular file"));
    assert!(stderr(&out).contains("error: 1 of 2 files could not be graded"));

    let out = finish_within(
        spawn(
            &["--rubric", "pipe.yaml", "grade", "folder/ok.yaml"],
            dir.path(),
        ),
        second,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("pipe.yaml: is not a regular file"));
}

#[test]
fn links_out_of_the_folder_are_listed_not_read_unless_asked() {
    let outside = tempfile::tempdir().unwrap();
    let mut secret = String::new();
    for i in 0..200 {
        secret.push_str(&format!(
            "user{i}:$6$saltsaltsalt${}:19000:0:99999:7:::\n",
            "hash".repeat(16)
        ));
    }
    fs::write(outside.path().join("shadow.yaml"), &secret).unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::copy(EXAMPLE, dir.path().join("ok.yaml")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("shadow.yaml"),
        dir.path().join("x.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        EXAMPLE.rsplit('/').next().unwrap(),
        dir.path().join("inside.yml"),
    )
    .unwrap_or(());
    let out = audit()
        .args(["grade", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(err.contains("x.yaml: is a link to "), "{err}");
    assert!(
        err.contains("not followed (--follow-links follows it)"),
        "{err}"
    );
    let all = format!("{err}{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        !all.contains("hashhash"),
        "the file outside was read:\n{all}"
    );

    // Followed on request: then it is read like any file, and still echoed only in part.
    let out = audit()
        .args(["check", "--follow-links"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(err.contains("x.yaml"), "{err}");
    // No more than 80 characters of any line of it are shown, and no more than 50 lines.
    assert!(!err.contains(":19000:0:99999"), "{err}");
    assert!(err.matches("unknown key 'user").count() <= 50, "{err}");
}

#[test]
fn output_targets_are_written_never_replaced_when_they_are_not_regular_files() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // A symbolic link is followed: the file it points to is replaced, the link stays.
    fs::write(p.join("real.json"), "old").unwrap();
    std::os::unix::fs::symlink(p.join("real.json"), p.join("link.json")).unwrap();
    let out = audit()
        .args(["grade", EXAMPLE, "--format", "json", "-o"])
        .arg(p.join("link.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(p.join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(p.join("real.json"))
            .unwrap()
            .contains("CIN-2041")
    );

    // A device stays a device.
    let out = audit()
        .args(["grade", EXAMPLE, "-o", "/dev/null"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    // /dev/stdout is standard output.
    let out = audit()
        .args(["grade", EXAMPLE, "--format", "json", "-o", "/dev/stdout"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("CIN-2041"));

    // A folder is refused, with one clear message.
    let out = audit()
        .args(["grade", EXAMPLE, "-o"])
        .arg(p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot write {}: it is a folder; give a file name\n",
            p.display()
        )
    );
}

#[test]
fn an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("shared.csv");
    fs::write(&existing, "old").unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o644)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("audit");
    let script = format!(
        "umask 027; '{bin}' grade {EXAMPLE} --format csv -o '{old}' && '{bin}' grade {EXAMPLE} -o '{new}'",
        bin = bin.display(),
        old = existing.display(),
        new = dir.path().join("new.txt").display()
    );
    assert!(
        Command::new("sh")
            .args(["-c", &script])
            .status()
            .unwrap()
            .success()
    );
    let mode = |f: &str| {
        fs::metadata(dir.path().join(f))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("shared.csv"), 0o644);
    assert_eq!(mode("new.txt"), 0o640);
}

#[test]
fn an_interrupted_run_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let audits = dir.path().join("audits");
    fs::create_dir(&audits).unwrap();
    let rubric = audit::model::rubric::Rubric::builtin();
    for n in 0..3000 {
        let text = audit::synthetic::audit_yaml(&rubric, n);
        fs::write(audits.join(format!("a{n:05}.yaml")), text).unwrap();
    }
    for signal in ["-INT", "-TERM"] {
        let child = spawn(
            &["grade", "audits", "--format", "json", "-o", "q3.json"],
            dir.path(),
        );
        // The temporary file exists from the start of the run: wait for it, then interrupt.
        let start = Instant::now();
        let temporary = || {
            fs::read_dir(dir.path())
                .unwrap()
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with(".q3.json.tmp"))
        };
        while !temporary() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let pid = child.id().to_string();
        assert!(
            Command::new("kill")
                .args([signal, &pid])
                .status()
                .unwrap()
                .success()
        );
        let out = finish_within(child, Duration::from_secs(20));
        // 128 + the signal's number, as shells report it.
        let status = if signal == "-INT" { 130 } else { 143 };
        assert_eq!(
            out.status.code(),
            Some(status),
            "{signal}: {}",
            stderr(&out)
        );
        assert!(!temporary(), "{signal}: a temporary file was left behind");
        assert!(!dir.path().join("q3.json").exists());
    }
}

#[test]
fn templates_racing_for_one_name_never_replace_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let runs: Vec<Child> = (0..20)
        .map(|i| {
            let name = format!("auditor-{i}");
            spawn(
                &["template", "--auditor", &name, "-o", "new.yaml"],
                dir.path(),
            )
        })
        .collect();
    let outs: Vec<Output> = runs
        .into_iter()
        .map(|c| finish_within(c, Duration::from_secs(20)))
        .collect();
    let made: Vec<usize> = (0..20).filter(|i| outs[*i].status.success()).collect();
    assert_eq!(made.len(), 1, "exactly one run creates the file");
    let written = fs::read_to_string(dir.path().join("new.yaml")).unwrap();
    assert!(written.contains(&format!("auditor: auditor-{}\n", made[0])));
    for out in outs.iter().filter(|o| !o.status.success()) {
        assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
        assert!(stderr(out).contains("already exists; a template never replaces a file"));
    }
}

#[test]
fn files_whose_names_are_not_utf8_keep_their_own_rows() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = |b: u8| {
        std::ffi::OsStr::from_bytes(&[b'c', b'a', b's', b'e', b, b'.', b'y', b'a', b'm', b'l'])
            .to_owned()
    };
    fs::copy(EXAMPLE, dir.path().join(name(0xff))).unwrap();
    fs::copy(
        "examples/inadequate-drift.yaml",
        dir.path().join(name(0xfe)),
    )
    .unwrap();
    fs::write(dir.path().join(name(0xfd)), "case: [\n").unwrap();
    let out = audit()
        .args(["grade", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let files: std::collections::HashSet<&str> = rows.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(files.len(), 3, "three files, three names: {rows:?}");
    assert!(rows.iter().any(|(f, _)| f.ends_with("case\\xFD.yaml")));
    assert_eq!(rows.iter().filter(|(_, s)| s == "graded").count(), 2);
    assert_eq!(
        rows.iter().filter(|(_, s)| s.starts_with("error")).count(),
        1
    );
}

#[test]
fn a_folder_without_audits_says_what_it_holds_and_counts_are_of_files() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("docx");
    fs::create_dir(&docx).unwrap();
    for n in 0..3 {
        fs::write(docx.join(format!("audit{n}.docx")), "PK").unwrap();
    }
    fs::create_dir(dir.path().join("empty")).unwrap();
    fs::copy(EXAMPLE, dir.path().join("ok.yaml")).unwrap();
    let out = audit()
        .current_dir(dir.path())
        .args(["grade", "docx", "empty", "ok.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "docx: no *.yaml or *.yml files here (3 files: 3 .docx); audits must be YAML text \
         files: start one with `audit template`\n\
         empty: no *.yaml or *.yml files here\n\
         error: 2 paths could not be searched for audits (listed above)\n"
    );
}

#[test]
fn comment_lines_are_not_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = fs::read_to_string(EXAMPLE).unwrap();
    text.push_str(&"#\n".repeat(1_000_000));
    fs::write(dir.path().join("a.yaml"), text).unwrap();
    let out = audit()
        .arg("check")
        .arg(dir.path().join("a.yaml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn grading_goes_on_in_one_thread_when_the_system_refuses_threads() {
    let bin = assert_cmd::cargo::cargo_bin("audit");
    // 64 thread stacks do not fit in 100 MB of address space.
    let script = format!(
        "ulimit -v 100000; RAYON_NUM_THREADS=64 '{}' grade examples/",
        bin.display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 audits graded"));
}

#[test]
fn a_rubric_too_large_is_refused_as_a_rubric() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    fs::write(&big, "#".repeat(11 * 1024 * 1024)).unwrap();
    let out = audit()
        .arg("--rubric")
        .arg(&big)
        .args(["grade", EXAMPLE])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is larger than the limit of 10485760 bytes for a rubric"),
        "{err}"
    );
    assert!(!err.contains("--max-file-size"), "{err}");
}

#[test]
fn problems_in_one_file_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = fs::read_to_string(EXAMPLE).unwrap();
    for i in 0..49_000 {
        text.push_str(&format!("unknown_{i}: x\n"));
    }
    fs::write(dir.path().join("a.yaml"), text).unwrap();
    let start = Instant::now();
    let out = audit()
        .arg("check")
        .arg(dir.path().join("a.yaml"))
        .output()
        .unwrap();
    // A guard against a hang (quadratic work would take hours), not a speed measurement:
    // the benchmarks measure speed.
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "{:?}",
        start.elapsed()
    );
    let err = stderr(&out);
    assert_eq!(err.matches("unknown key").count(), 50, "{}", &err[..500]);
    assert!(
        err.contains("and 48950 more problems in this file"),
        "{}",
        &err[err.len() - 300..]
    );
    assert!(err.len() < 100_000, "{} bytes of errors", err.len());
}

#[test]
fn one_enormous_value_does_not_stall_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x".repeat(1_000_000);
    let text = fs::read_to_string(EXAMPLE)
        .unwrap()
        .replacen("J. Smith", &name, 1);
    fs::write(dir.path().join("a.yaml"), &text).unwrap();
    fs::copy(EXAMPLE, dir.path().join("b.yaml")).unwrap();
    for args in [vec!["grade", "a.yaml"], vec!["grade", "."]] {
        // A stall (comfy-table wrapping a million characters takes minutes) ends the run;
        // speed is the benchmarks' business.
        let out = finish_within(spawn(&args, dir.path()), Duration::from_secs(60));
        assert!(out.status.success(), "{}", stderr(&out));
        let table = String::from_utf8_lossy(&out.stdout);
        assert!(table.len() < 200_000, "{args:?}: {} bytes", table.len());
        // Grade columns stay whole however long the name.
        if args[1] == "." {
            let row = table
                .lines()
                .find(|l| l.contains("CIN-2041"))
                .unwrap_or_default();
            assert!(row.contains("┆ R"), "{table}");
        }
    }
}
