//! The binary as `.cargo/config.toml` and `Cargo.toml` build it (README "Speed and memory"):
//! position-independent, so the system loads it at a random address, and on Linux with glibc
//! linked statically, so no dynamic loader runs at start-up and the one file runs on any Linux
//! of its architecture. (Linux on x86_64 only: `main.rs` leaves this module out elsewhere.)

/// The ELF header fields these checks need, read by hand (64-bit little-endian only).
struct Elf {
    /// `e_type`: 2 is a fixed-address executable, 3 a position-independent one.
    kind: u16,
    /// `p_type` of each program header: 3 asks for a dynamic loader (`PT_INTERP`).
    segments: Vec<u32>,
}

fn read_elf(bytes: &[u8]) -> Elf {
    assert_eq!(&bytes[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(
        (bytes[4], bytes[5]),
        (2, 1),
        "64-bit little-endian expected"
    );
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    let table = usize::try_from(u64_at(32)).unwrap();
    let (size, count) = (usize::from(u16_at(54)), usize::from(u16_at(56)));
    Elf {
        kind: u16_at(16),
        segments: (0..count).map(|i| u32_at(table + i * size)).collect(),
    }
}

const PT_INTERP: u32 = 3;
const ET_DYN: u16 = 3;

#[test]
fn the_binary_loads_at_a_random_address_and_without_a_dynamic_loader() {
    let elf = read_elf(&std::fs::read(env!("CARGO_BIN_EXE_audit")).unwrap());
    assert_eq!(
        elf.kind, ET_DYN,
        "position-independent, so its address is randomised"
    );
    // Built as the repository's config says (no RUSTFLAGS of one's own): statically linked.
    if cfg!(target_feature = "crt-static") {
        assert!(
            !elf.segments.contains(&PT_INTERP),
            "statically linked: no dynamic loader named"
        );
    } else {
        // Passing here checks only the address; say so (shown with --nocapture).
        eprintln!(
            "skipped: the static-linking check (this build is not crt-static: RUSTFLAGS set?)"
        );
    }
}

#[test]
fn a_program_that_names_a_dynamic_loader_is_told_apart() {
    // So the check above can fail: the shell these tests run under names its loader.
    let shell = read_elf(&std::fs::read("/bin/sh").unwrap());
    assert!(shell.segments.contains(&PT_INTERP));
}
