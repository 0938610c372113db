//! One child's peak memory, for the memory test and the benchmark (both include this file).

use std::process::Command;

/// Runs `bin` with `args` and returns its peak resident memory in KiB (its own rusage, via
/// wait4), and whether it exited 0.
#[allow(unsafe_code)] // wait4 is the only way to get one child's peak memory
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives its rusage
pub fn peak_rss_kib(bin: &str, args: &[&str]) -> (i64, bool) {
    let child = Command::new(bin)
        .args(args)
        .spawn()
        .expect("run the binary");
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes only into the status and rusage we pass; the child is ours and is
    // reaped here (std's handle is then dropped without waiting).
    let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(reaped, pid);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (usage.ru_maxrss, ok)
}
