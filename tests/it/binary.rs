//! The binary as cargo builds it is a position-independent executable, so the system loads it
//! at a random address: a tool that reads other people's files and serves a page keeps
//! address-space randomisation (README "Speed and memory"). A build without PIE (for example
//! `-C relocation-model=static` in RUSTFLAGS) fails here. (Linux on x86_64 only: `main.rs`
//! leaves this module out elsewhere.)

/// `e_type` of an ELF file (64-bit little-endian only): 2 is a fixed-address executable, 3 a
/// position-independent one.
fn elf_type(bytes: &[u8]) -> u16 {
    assert_eq!(&bytes[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(
        (bytes[4], bytes[5]),
        (2, 1),
        "64-bit little-endian expected"
    );
    u16::from_le_bytes([bytes[16], bytes[17]])
}

const ET_DYN: u16 = 3;

#[test]
fn the_binary_loads_at_a_random_address() {
    let kind = elf_type(&std::fs::read(env!("CARGO_BIN_EXE_audit")).unwrap());
    assert_eq!(
        kind, ET_DYN,
        "position-independent, so its address is randomised"
    );
}
