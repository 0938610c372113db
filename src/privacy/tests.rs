//! The screen, kind by kind: what it finds, what it must not, and that it never shows a
//! value in full, never panics and stays linear (README "Personal data in free text").

use super::screen::{Finding, Kind, Names, nhs_valid, screen, screen_whole};
use proptest::prelude::*;

fn kinds(text: &str) -> Vec<(Kind, String, String)> {
    screen(text, None)
        .into_iter()
        .map(|f| (f.kind, text[f.start..f.end].to_string(), f.masked))
        .collect()
}

fn one(text: &str) -> (Kind, String, String) {
    let found = kinds(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:?}");
    found[0].clone()
}

fn none(text: &str) {
    assert_eq!(kinds(text), vec![], "{text:?}");
}

#[test]
fn nhs_numbers_need_their_check_digit() {
    // 943 476 5919 is the NHS's own example of a valid number.
    assert!(nhs_valid(b"9434765919"));
    assert!(!nhs_valid(b"9434765918"));
    // A remainder of 1 gives a check digit of 10, never issued.
    assert!(!nhs_valid(b"0000000060"));
    for text in [
        "NHS no 943 476 5919.",
        "NHS 9434765919",
        "nhs: 943-476-5919",
    ] {
        let (kind, value, masked) = one(text);
        assert_eq!(kind, Kind::NhsNumber, "{text}");
        assert!(value.starts_with("943"));
        assert_eq!(masked, "943 *** ****");
    }
    none("NHS no 943 476 5918 (a slip in the last digit)");
}

#[test]
fn digit_runs_are_taken_whole() {
    // 19434765919 holds 9434765919, which passes the check, as its last ten digits.
    none("reference 19434765919 on the file");
    none("reference 1 943 476 5919 on the file");
    none("9434765919 1 was the count");
    // Glued to a reference or a word, it is part of that.
    none("CIN-9434765919 was closed");
    none("ref9434765919");
    none("9434765919/2");
}

#[test]
fn national_insurance_numbers_follow_hmrc() {
    let (kind, value, masked) = one("NI number AB 12 34 56 C recorded");
    assert_eq!(
        (kind, value.as_str(), masked.as_str()),
        (Kind::NiNumber, "AB 12 34 56 C", "AB ** ** ** *")
    );
    assert_eq!(one("NINO: JG103759A").0, Kind::NiNumber);
    assert_eq!(one("ni ab123456d").0, Kind::NiNumber);
    // HMRC's example QQ 12 34 56 C is never allocated (Q is never used), nor D, F, I, U, V.
    for prefix in [
        "QQ", "DA", "FA", "IA", "UA", "VA", "AD", "AF", "AI", "AQ", "AU", "AV",
    ] {
        none(&format!("NI {prefix} 12 34 56 C"));
    }
    // O is not used second; these prefixes are not allocated.
    for prefix in ["AO", "BG", "GB", "NK", "KN", "TN", "NT", "ZZ"] {
        none(&format!("NI {prefix}123456A"));
    }
    // The suffix is A to D; the digits six.
    none("NI AB 12 34 56 E");
    none("NI AB 12 34 5 C");
    none("NI AB 12 34 56 78 C");
}

#[test]
fn postcodes_follow_the_official_pattern() {
    for (text, masked) in [
        ("lives at N1 9GU now", "N1 ***"),
        ("moved to sw1a 1aa", "sw1a ***"),
        ("EC1A1BB", "EC1A ***"),
        ("M1 1AE", "M1 ***"),
        ("B33 8TH", "B33 ***"),
        ("CR2 6XH", "CR2 ***"),
        ("DN55 1PT", "DN55 ***"),
        ("W1A 0AX", "W1A ***"),
        ("GIR 0AA", "GIR ***"),
    ] {
        let (kind, _, m) = one(text);
        assert_eq!((kind, m.as_str()), (Kind::Postcode, masked), "{text}");
    }
    // Q, V, X never first; C, I, K, M, O, V never in the inward code; the words they look like.
    none("QA1 1AA");
    none("N1 9CU");
    none("SW1A");
    none("Section A1 2nd paragraph");
    none("on the M1 3pm");
    none("Cin2 1AB");
}

#[test]
fn telephone_numbers_in_uk_forms() {
    for text in [
        "call 07700 900123",
        "mobile 07700900123",
        "tel (020) 7946 0958",
        "on 020 7946 0958",
        "+44 7700 900123",
        "+44 (0)20 7946 0958",
        "0161-496-0000",
        "0800 123456",
        "03069 990000",
    ] {
        let (kind, _, masked) = one(text);
        assert_eq!(kind, Kind::Phone, "{text}");
        assert!(masked.ends_with("*** *** ***"), "{masked}");
    }
    assert_eq!(one("07700 900123").2, "07*** *** ***");
    // Case references, short numbers, other countries, too long.
    none("Mosaic 123456");
    none("case 1234567");
    none("ref 0770 0900");
    none("+33 1 23 45 67 89");
    none("07700 900123 4");
}

#[test]
fn email_addresses() {
    let (kind, value, masked) = one("emailed jo.bloggs@example.org.uk today.");
    assert_eq!(
        (kind, value.as_str(), masked.as_str()),
        (Kind::Email, "jo.bloggs@example.org.uk", "j***@***")
    );
    none("the @ sign");
    none("user@localhost");
    none("met @ 3pm");
}

#[test]
fn dates_of_birth_need_the_words() {
    for (text, masked) in [
        ("DOB 14/10/2015", "**/**/2015"),
        ("D.O.B. 14.10.15", "**/**/15"),
        ("d.o.b: 2015-10-14", "**/**/2015"),
        ("date of birth: 14 October 2015", "**/**/2015"),
        ("was born on 14th Oct 2015", "**/**/2015"),
        ("born 1st of May 2015", "**/**/2015"),
    ] {
        let (kind, _, m) = one(text);
        assert_eq!((kind, m.as_str()), (Kind::DateOfBirth, masked), "{text}");
    }
    none("visited on 14/10/2015");
    none("review due 2025-10-14");
    none("the newborn was seen on 14/10/2015");
    none("born in Leeds; seen on 14/10/2015");
    none("DOB 31/13/2015");
}

#[test]
fn names_from_the_list_as_whole_words() {
    let names = Names::parse("# names\nJayden\n  Kerry  Ann \n\nX\n");
    assert_eq!(names.len(), 2);
    let found: Vec<Finding> = screen(
        "jayden and KERRY ANN; Jaydens not; Jayden's yes",
        Some(&names),
    );
    let masked: Vec<&str> = found.iter().map(|f| f.masked.as_str()).collect();
    assert_eq!(masked, ["j***", "K***", "J***"]);
    assert!(screen("Jayden", None).is_empty());
}

#[test]
fn overlaps_are_one_finding() {
    let names = Names::parse("bloggs\n");
    let found = screen("jo.bloggs@example.org", Some(&names));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, Kind::Email);
}

/// Values of each kind, for the property tests.
fn planted() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{10}",
        "07[0-9]{3} [0-9]{6}",
        "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] [0-9]{2} [0-9]{2} [0-9]{2} [A-D]",
        "[A-PR-UWYZ][0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}",
        "[a-z]{1,8}@[a-z]{2,8}\\.(org|gov\\.uk|com)",
        "DOB [0-3][0-9]/[01][0-9]/20[0-2][0-9]",
    ]
}

proptest! {
    /// Reading only the lines with a digit or an `@` (and the line before each) finds what
    /// reading every line finds.
    #[test]
    fn the_windows_find_what_the_whole_text_holds(
        lines in proptest::collection::vec(
            prop_oneof![
                "[a-z ,.]{0,30}",
                planted(),
                Just("Date of birth:".to_string()),
                Just("born on".to_string()),
                Just("a child born".to_string()),
                Just("DOB".to_string()),
                Just("14/10/2015".to_string()),
                Just("3 March 2016, seen at home".to_string()),
                Just("  narrative: >-".to_string()),
                "[a-zA-Z0-9 @./+()-]{0,30}",
            ],
            0..12,
        ),
    ) {
        let text = lines.join("\n");
        let spans = |f: Vec<Finding>| -> Vec<(Kind, usize, usize)> {
            f.into_iter().map(|f| (f.kind, f.start, f.end)).collect()
        };
        prop_assert_eq!(spans(screen(&text, None)), spans(screen_whole(&text)));
    }

    #[test]
    fn the_masked_value_never_holds_the_value(
        before in "[a-z .,]{0,20}",
        value in planted(),
        after in "[a-z .,]{0,20}",
        name in "[A-Z][a-z]{1,8}",
    ) {
        let text = format!("{before} {value} {after} {name}");
        let names = Names::parse(&name);
        for f in screen(&text, Some(&names)) {
            let found = &text[f.start..f.end];
            let squeezed: String = found.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert!(!f.masked.contains(found), "{:?} shows {found:?}", f.masked);
            prop_assert!(!f.masked.replace(' ', "").contains(&squeezed), "{:?} shows {found:?}", f.masked);
        }
    }

    #[test]
    fn the_screen_never_panics(text in "\\PC{0,300}", names in "\\PC{0,40}") {
        let names = Names::parse(&names);
        let found = screen(&text, Some(&names));
        for w in found.windows(2) {
            prop_assert!(w[0].end <= w[1].start);
        }
        for f in &found {
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        }
    }

    #[test]
    fn the_screen_never_panics_on_near_misses(text in "[0-9A-Za-z@./:() +-]{0,300}") {
        let _ = screen(&text, None);
    }
}

/// Texts built to make a backtracking matcher slow: long runs of digits and separators,
/// of `@` and dots, of keywords without dates, of postcode-like letters.
#[test]
fn the_screen_is_linear() {
    let size = 1 << 20;
    let adversarial = [
        "1 ".repeat(size / 2),
        "1-".repeat(size / 2),
        "a@".repeat(size / 2),
        "a.".repeat(size / 2) + "@",
        "@".to_string() + &"a.".repeat(size / 2),
        "born ".repeat(size / 5),
        "DOB 1/".repeat(size / 6),
        "AB1 ".repeat(size / 4),
        "+(".repeat(size / 2),
        "9".repeat(size),
    ];
    let names = Names::parse(&"aaaaaaaaaa\n".repeat(50));
    let started = std::time::Instant::now();
    for text in &adversarial {
        let _ = screen(text, Some(&names));
    }
    // Linear work is tens of milliseconds here; quadratic would be hours.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
