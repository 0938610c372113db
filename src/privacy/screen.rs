//! Finding personal data in a text: NHS numbers, National Insurance numbers, postcodes,
//! telephone numbers, e-mail addresses, dates of birth and the names on a council's list, each
//! with a masked display that never shows the value in full (README "Personal data in free
//! text").
//!
//! Hand-written scanners over the text's bytes, each linear in its length (a bounded amount
//! of work per byte, no backtracking): whatever an auditor pastes in, the screen cannot go
//! slow on it. Every finding starts and ends at an ASCII byte, so its span slices the text.
//!
//! Precision matters more than catching every form: a warning on a visit date or a case
//! reference teaches auditors to ignore warnings. So digit runs are taken whole (`943 476
//! 5919 2` is not an NHS number), an NHS number needs its modulus 11 check digit, a
//! National Insurance number HMRC's allocated prefixes, and a date counts as a date of birth
//! only close after "DOB", "date of birth" or "born".

/// What a finding looks like. The order is the priority where two findings overlap (an
/// e-mail address holding a listed name is one e-mail address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Email,
    NiNumber,
    NhsNumber,
    Phone,
    DateOfBirth,
    Postcode,
    Name,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::NhsNumber,
        Kind::NiNumber,
        Kind::Postcode,
        Kind::Phone,
        Kind::Email,
        Kind::DateOfBirth,
        Kind::Name,
    ];

    /// Its name in tests and annotations.
    pub fn id(self) -> &'static str {
        match self {
            Kind::NhsNumber => "nhs",
            Kind::NiNumber => "ni",
            Kind::Postcode => "postcode",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::DateOfBirth => "dob",
            Kind::Name => "name",
        }
    }

    /// As a warning says it: "this looks like {describe}".
    pub fn describe(self) -> &'static str {
        match self {
            Kind::NhsNumber => "an NHS number",
            Kind::NiNumber => "a National Insurance number",
            Kind::Postcode => "a postcode",
            Kind::Phone => "a telephone number",
            Kind::Email => "an e-mail address",
            Kind::DateOfBirth => "a date of birth",
            Kind::Name => "a name on the names list",
        }
    }
}

/// One thing found: what it looks like, where (a byte span of the text), and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// The value masked: `943 *** ****`, `j***@***`, `N1 ***`, `07*** *** ***`,
    /// `**/**/2015`, `AB ** ** ** *`, `J***`.
    pub masked: String,
}

/// The names a council lists (`--names FILE`: one a line, `#` comments and blank lines
/// skipped), matched as whole words whatever their case. Never shipped with data.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Lower-cased (ASCII), inner spaces single; two characters or more.
    names: Vec<String>,
}

impl Names {
    pub fn parse(text: &str) -> Names {
        let mut names: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#') && l.chars().count() >= 2)
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .map(|l| l.to_ascii_lowercase())
            .collect();
        names.sort();
        names.dedup();
        Names { names }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn find(&self, text: &str, out: &mut Vec<Finding>) {
        if self.names.is_empty() {
            return;
        }
        let lower = text.to_ascii_lowercase();
        let b = lower.as_bytes();
        for name in &self.names {
            let mut from = 0;
            while let Some(p) = lower[from..].find(name.as_str()) {
                let (start, end) = (from + p, from + p + name.len());
                from = end;
                if word_before(b, start) || word_at(b, end) {
                    continue;
                }
                let first = text[start..].chars().next().unwrap_or('*');
                out.push(Finding {
                    kind: Kind::Name,
                    start,
                    end,
                    masked: format!("{first}***"),
                });
            }
        }
    }
}

/// Everything in `text` that looks like personal data, in text order, none overlapping.
pub fn screen(text: &str, names: Option<&Names>) -> Vec<Finding> {
    let mut found = Vec::new();
    for (start, end) in windows(text.as_bytes()) {
        let from = found.len();
        scan(&text.as_bytes()[start..end], &mut found);
        for f in &mut found[from..] {
            f.start += start;
            f.end += start;
        }
    }
    if let Some(names) = names {
        names.find(text, &mut found);
    }
    first_of_each(found)
}

/// [`screen`] reading the whole text, every line: what the windows must agree with.
#[cfg(test)]
pub(crate) fn screen_whole(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    scan(text.as_bytes(), &mut found);
    first_of_each(found)
}

/// Every scanner but the names' over `b`.
fn scan(b: &[u8], found: &mut Vec<Finding>) {
    emails(b, found);
    ni_numbers(b, found);
    digit_runs(b, found);
    dates_of_birth(b, found);
    postcodes(b, found);
}

/// The findings in text order, where two overlap the first (by start, then kind) kept.
fn first_of_each(mut found: Vec<Finding>) -> Vec<Finding> {
    found.sort_by_key(|f| (f.start, f.kind));
    let mut kept: Vec<Finding> = Vec::with_capacity(found.len());
    for f in found {
        if kept.last().is_none_or(|k| k.end <= f.start) {
            kept.push(f);
        }
    }
    kept
}

/// The parts of `b` the scanners read: each line holding a digit or an `@` (every kind but a
/// listed name has one), with the line before it (where a date of birth's keyword may be),
/// joined where they meet. Most of an audit (its answers, its comments, most of its prose)
/// holds neither, so most of it is passed over in one quick look. Each part starts at a line's
/// start and ends after a line break (or at the end), so what the scanners see at its edges
/// is what they would see in the whole text.
fn windows(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut previous = 0;
    let mut start = 0;
    while start < b.len() {
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |p| start + p + 1);
        if b[start..end]
            .iter()
            .any(|&c| c.is_ascii_digit() || c == b'@')
        {
            match out.last_mut() {
                Some(last) if last.1 >= previous => last.1 = end,
                _ => out.push((previous, end)),
            }
        }
        previous = start;
        start = end;
    }
    out
}

fn word_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_alphanumeric)
}

fn word_before(b: &[u8], i: usize) -> bool {
    i > 0 && b[i - 1].is_ascii_alphanumeric()
}

fn digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

fn text_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// --- NHS numbers and telephone numbers: runs of digits, taken whole ---

/// Each run of digits joined by spaces and hyphens (and brackets, in a run that opens with
/// `(` or `+`), as one number: an NHS number, a telephone number, or neither.
fn digit_runs(b: &[u8], out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < b.len() {
        let opener = matches!(b[i], b'+' | b'(') && digit_at(b, i + 1);
        if !(b[i].is_ascii_digit() || opener) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = if opener { i + 1 } else { i };
        let mut digits = Vec::new();
        let end = loop {
            while digit_at(b, j) {
                digits.push(b[j]);
                j += 1;
            }
            let mut k = j;
            while k < b.len() && k - j < 3 && separator(b[k], opener) {
                k += 1;
            }
            if k > j && digit_at(b, k) {
                j = k;
            } else {
                break if opener && b.get(j) == Some(&b')') {
                    j + 1
                } else {
                    j
                };
            }
        };
        classify_run(b, start, end, &digits, b[start] == b'+', out);
        i = end;
    }
}

fn separator(c: u8, bracketed: bool) -> bool {
    matches!(c, b' ' | b'-') || (bracketed && matches!(c, b'(' | b')'))
}

/// A run glued to a word or a reference around it (`CIN-9434765919`, `12/...`, `3.14`) is
/// part of something else.
fn glued(b: &[u8], start: usize, end: usize) -> bool {
    let sep_word = |sep: u8, other: Option<&u8>| match sep {
        b'-' | b'/' => other.is_some_and(u8::is_ascii_alphanumeric),
        b'.' | b':' | b',' => other.is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    let before = start.checked_sub(1).map(|p| b[p]);
    let glued_before = before.is_some_and(|c| {
        c.is_ascii_alphanumeric() || sep_word(c, start.checked_sub(2).and_then(|p| b.get(p)))
    });
    let after = b.get(end).copied();
    let glued_after =
        after.is_some_and(|c| c.is_ascii_alphanumeric() || sep_word(c, b.get(end + 1)));
    glued_before || glued_after
}

fn classify_run(
    b: &[u8],
    start: usize,
    end: usize,
    digits: &[u8],
    plus: bool,
    out: &mut Vec<Finding>,
) {
    if glued(b, start, end) {
        return;
    }
    let national = if plus {
        let Some(rest) = digits.strip_prefix(b"44") else {
            return;
        };
        if rest.first() == Some(&b'0') {
            rest.to_vec()
        } else {
            [b"0", rest].concat()
        }
    } else {
        digits.to_vec()
    };
    if is_phone(&national) {
        out.push(Finding {
            kind: Kind::Phone,
            start,
            end,
            masked: format!("{}*** *** ***", text_of(&national[..2])),
        });
    } else if !plus && nhs_valid(digits) {
        out.push(Finding {
            kind: Kind::NhsNumber,
            start,
            end,
            masked: format!("{} *** ****", text_of(&digits[..3])),
        });
    }
}

/// A UK number as dialled at home: 0, then 1 or 2 (geographic), 3 (national rate), 7
/// (mobile) or 8 (freephone and special), eleven digits; ten for some 01 areas and 0800.
pub fn is_phone(d: &[u8]) -> bool {
    d.first() == Some(&b'0')
        && matches!(
            (d.len(), d.get(1)),
            (11, Some(b'1' | b'2' | b'3' | b'7' | b'8')) | (10, Some(b'1' | b'8'))
        )
}

/// Ten digits whose tenth is the modulus 11 check digit of the first nine (weights 10 down
/// to 2; 11 reads as 0; 10 is never issued).
pub fn nhs_valid(d: &[u8]) -> bool {
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    u32::from(d[9] - b'0') == check
}

// --- National Insurance numbers ---

/// Never first or second (HMRC's NIM39110): D F I Q U V; O not second.
const NI_NEVER: &[u8] = b"DFIQUV";
/// Prefixes HMRC does not allocate.
const NI_UNALLOCATED: [&[u8; 2]; 7] = [b"BG", b"GB", b"NK", b"KN", b"TN", b"NT", b"ZZ"];

fn ni_numbers(b: &[u8], out: &mut Vec<Finding>) {
    for i in 0..b.len() {
        if !b[i].is_ascii_alphabetic() || word_before(b, i) {
            continue;
        }
        if let Some(end) = ni_at(b, i) {
            out.push(Finding {
                kind: Kind::NiNumber,
                start: i,
                end,
                masked: format!("{}{} ** ** ** *", b[i] as char, b[i + 1] as char),
            });
        }
    }
}

/// Two prefix letters, six digits and a suffix A to D, one space allowed between any parts
/// (letters in one case), ending at a word boundary.
fn ni_at(b: &[u8], i: usize) -> Option<usize> {
    let (p, q) = (b[i], *b.get(i + 1)?);
    let upper = p.is_ascii_uppercase();
    if !q.is_ascii_alphabetic() || q.is_ascii_uppercase() != upper {
        return None;
    }
    let (p, q) = (p.to_ascii_uppercase(), q.to_ascii_uppercase());
    if NI_NEVER.contains(&p) || NI_NEVER.contains(&q) || q == b'O' {
        return None;
    }
    if NI_UNALLOCATED.contains(&&[p, q]) {
        return None;
    }
    let mut j = i + 2;
    for _ in 0..6 {
        if b.get(j) == Some(&b' ') {
            j += 1;
        }
        if !digit_at(b, j) {
            return None;
        }
        j += 1;
    }
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    let suffix = *b.get(j)?;
    if suffix.is_ascii_uppercase() != upper || !b"ABCD".contains(&suffix.to_ascii_uppercase()) {
        return None;
    }
    (!word_at(b, j + 1)).then_some(j + 1)
}

// --- Postcodes ---

/// The first letter of an outward code: not Q, V or X.
const PC_FIRST: &[u8] = b"ABCDEFGHIJKLMNOPRSTUWYZ";
/// The second letter: not I, J or Z.
const PC_SECOND: &[u8] = b"ABCDEFGHKLMNOPQRSTUVWXY";
/// A letter after the digit of `A9A`.
const PC_THIRD: &[u8] = b"ABCDEFGHJKPSTUW";
/// A letter after the digit of `AA9A`.
const PC_FOURTH: &[u8] = b"ABEHMNPRVWXY";
/// The inward code's letters: not C, I, K, M, O or V.
const PC_INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

fn postcodes(b: &[u8], out: &mut Vec<Finding>) {
    for i in 0..b.len() {
        if !b[i].is_ascii_alphabetic() || word_before(b, i) {
            continue;
        }
        if let Some((outward, end)) = postcode_at(b, i) {
            out.push(Finding {
                kind: Kind::Postcode,
                start: i,
                end,
                masked: format!("{} ***", text_of(&b[i..outward])),
            });
        }
    }
}

/// The official pattern (outward `A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A`; an optional
/// space; inward `9AA`; or `GIR 0AA`), letters in one case, ending at a word boundary: the
/// end of the outward code and of the postcode.
fn postcode_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let upper = b[i].is_ascii_uppercase();
    let letter = |j: usize, set: &[u8]| {
        b.get(j).is_some_and(|&c| {
            c.is_ascii_alphabetic()
                && c.is_ascii_uppercase() == upper
                && set.contains(&c.to_ascii_uppercase())
        })
    };
    let gir = b.len() >= i + 3 && b[i..i + 3].eq_ignore_ascii_case(b"GIR");
    let mut outward: Vec<usize> = Vec::with_capacity(3);
    if gir {
        outward.push(i + 3);
    }
    if letter(i, PC_FIRST) {
        if digit_at(b, i + 1) {
            outward.push(i + 2);
            if digit_at(b, i + 2) || letter(i + 2, PC_THIRD) {
                outward.push(i + 3);
            }
        } else if letter(i + 1, PC_SECOND) && digit_at(b, i + 2) {
            outward.push(i + 3);
            if digit_at(b, i + 3) || letter(i + 3, PC_FOURTH) {
                outward.push(i + 4);
            }
        }
    }
    outward.into_iter().find_map(|o| {
        let j = if b.get(o) == Some(&b' ') { o + 1 } else { o };
        let inward = if gir && o == i + 3 {
            b.get(j..j + 3)?.eq_ignore_ascii_case(b"0AA")
        } else {
            digit_at(b, j) && letter(j + 1, PC_INWARD) && letter(j + 2, PC_INWARD)
        };
        let end = j + 3;
        (inward && !word_at(b, end) && !ordinal_or_time(b, j, upper)).then_some((o, end))
    })
}

/// `2nd`, `3rd`, `4th`, `1st`, `3pm` in lower case: the inward code's shape, but words.
fn ordinal_or_time(b: &[u8], j: usize, upper: bool) -> bool {
    const WORDS: [&[u8]; 6] = [b"st", b"nd", b"rd", b"th", b"am", b"pm"];
    !upper && b.get(j + 1..j + 3).is_some_and(|s| WORDS.contains(&s))
}

// --- E-mail addresses ---

fn emails(b: &[u8], out: &mut Vec<Finding>) {
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-'".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut floor = 0;
    for at in 0..b.len() {
        if b[at] != b'@' || at < floor {
            continue;
        }
        let mut s = at;
        while s > floor && local(b[s - 1]) {
            s -= 1;
        }
        while s < at && matches!(b[s], b'.' | b'\'') {
            s += 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        let host = &b[at + 1..e];
        let tld_ok = host.iter().rposition(|&c| c == b'.').is_some_and(|dot| {
            let tld = &host[dot + 1..];
            tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)
        });
        let labels_ok = !host.starts_with(b".") && !host.windows(2).any(|w| w == b"..");
        if s == at || !tld_ok || !labels_ok {
            continue;
        }
        out.push(Finding {
            kind: Kind::Email,
            start: s,
            end: e,
            masked: format!("{}***@***", b[s] as char),
        });
        floor = e;
    }
}

// --- Dates of birth ---

/// What says the date that follows is a date of birth.
const DOB_WORDS: [&[u8]; 5] = [b"date of birth", b"d.o.b.", b"d.o.b", b"dob", b"born"];
/// How far after those words (in bytes) the date may start.
const DOB_REACH: usize = 24;

fn dates_of_birth(b: &[u8], out: &mut Vec<Finding>) {
    let lower = b.to_ascii_lowercase();
    let mut i = 0;
    while i < lower.len() {
        // Every keyword starts with `d` or `b`: most bytes are passed over at once.
        if !matches!(lower[i], b'd' | b'b') {
            i += 1;
            continue;
        }
        let kw = DOB_WORDS.iter().find(|w| lower[i..].starts_with(w));
        let Some(kw) = kw.filter(|w| {
            let glued_after =
                w.last().is_some_and(u8::is_ascii_alphanumeric) && word_at(&lower, i + w.len());
            !(word_before(&lower, i) || glued_after)
        }) else {
            i += 1;
            continue;
        };
        let from = i + kw.len();
        i = from;
        for k in from..(from + DOB_REACH).min(b.len()) {
            if let Some((end, masked)) = (!word_before(b, k)).then(|| date_at(b, k)).flatten() {
                out.push(Finding {
                    kind: Kind::DateOfBirth,
                    start: k,
                    end,
                    masked,
                });
                i = end;
                break;
            }
            let sentence_end =
                matches!(b[k], b';' | b'\n' | b'!' | b'?') || (b[k] == b'.' && !digit_at(b, k + 1));
            if sentence_end && k > from {
                break;
            }
        }
    }
}

/// A date in a common UK form starting at `k`: `14/10/2015`, `14.10.15`, `14-10-2015`,
/// `2015-10-14`, `14 October 2015`, `14th Oct. 2015`; its end and its masked display (the
/// year alone).
fn date_at(b: &[u8], k: usize) -> Option<(usize, String)> {
    let num = |j: usize, max: usize| -> (u32, usize) {
        let mut n = 0;
        let mut e = j;
        while e < b.len() && e - j < max && b[e].is_ascii_digit() {
            n = n * 10 + u32::from(b[e] - b'0');
            e += 1;
        }
        (n, e - j)
    };
    let masked = |year: &[u8]| format!("**/**/{}", text_of(year));
    let ended = |e: usize| {
        let more = matches!(b.get(e), Some(b'/' | b'.' | b'-')) && digit_at(b, e + 1);
        !(word_at(b, e) || more)
    };
    let (y, yl) = num(k, 4);
    if yl == 4 && b.get(k + 4) == Some(&b'-') {
        let (m, ml) = num(k + 5, 2);
        let (d, dl) = num(k + 8, 2);
        let ok = ml == 2 && b.get(k + 7) == Some(&b'-') && dl == 2;
        let e = k + 10;
        return (ok && (1900..2100).contains(&y) && valid(d, m) && ended(e))
            .then(|| (e, masked(&b[k..k + 4])));
    }
    let (d, dl) = num(k, 2);
    if dl == 0 || digit_at(b, k + dl) {
        return None;
    }
    let sep = *b.get(k + dl)?;
    if matches!(sep, b'/' | b'.' | b'-') {
        let (m, ml) = num(k + dl + 1, 2);
        let ys = k + dl + 1 + ml + 1;
        if ml == 0 || b.get(ys - 1) != Some(&sep) {
            return None;
        }
        let (_, yl) = num(ys, 4);
        let e = ys + yl;
        return ((yl == 2 || yl == 4) && valid(d, m) && ended(e)).then(|| (e, masked(&b[ys..e])));
    }
    worded_date(b, k + dl, d).map(|(ys, e)| (e, masked(&b[ys..e])))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// After a day number at `j`: `th`, a space, a month's name or its short form, and a
/// four-digit year; the year's start and the date's end.
fn worded_date(b: &[u8], mut j: usize, d: u32) -> Option<(usize, usize)> {
    if b.get(j..j + 2).is_some_and(|s| {
        [&b"st"[..], b"nd", b"rd", b"th"]
            .iter()
            .any(|o| s.eq_ignore_ascii_case(o))
    }) {
        j += 2;
    }
    if b.get(j) != Some(&b' ') {
        return None;
    }
    j += 1;
    if b.get(j..j + 3)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"of "))
    {
        j += 3;
    }
    let w = j;
    while j < b.len() && b[j].is_ascii_alphabetic() && j - w < 10 {
        j += 1;
    }
    let word = String::from_utf8_lossy(&b[w..j]).to_ascii_lowercase();
    let m = MONTHS.iter().position(|name| {
        word == *name || (word.len() >= 3 && name.starts_with(&word) && word.len() <= 4)
    })?;
    if b.get(j) == Some(&b'.') {
        j += 1;
    }
    if b.get(j) == Some(&b',') {
        j += 1;
    }
    if b.get(j) != Some(&b' ') {
        return None;
    }
    j += 1;
    let ys = j;
    while j < b.len() && j - ys < 4 && b[j].is_ascii_digit() {
        j += 1;
    }
    let ok = j - ys == 4 && !word_at(b, j) && valid(d, m as u32 + 1);
    ok.then_some((ys, j))
}

fn valid(d: u32, m: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}
