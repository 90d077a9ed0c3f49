//! Reading the lines [`encode`](super::encode) writes without a general JSON parser: the keys
//! in their order, strings without escapes. Anything else (an escaped string, another key
//! order, a line written by hand or by a later version) returns `None` and goes to
//! `serde_json`, so this only makes the common case fast, it never changes what a line means.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};

use super::line::{LineIn, ReportIn};

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn literal(&mut self, literal: &str) -> Option<()> {
        let rest = self.text.get(self.pos..)?;
        rest.starts_with(literal).then(|| self.pos += literal.len())
    }

    /// A string without escapes or control characters.
    fn string(&mut self) -> Option<&'a str> {
        self.literal("\"")?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        loop {
            match *bytes.get(end)? {
                b'"' => break,
                b'\\' => return None,
                b if b < 0x20 => return None,
                _ => end += 1,
            }
        }
        self.pos = end + 1;
        self.text.get(start..end)
    }

    fn string_or_null(&mut self) -> Option<Option<&'a str>> {
        if self.literal("null").is_some() {
            return Some(None);
        }
        self.string().map(Some)
    }

    fn unsigned(&mut self) -> Option<u64> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let number = self.text.get(start..end)?.parse().ok()?;
        self.pos = end;
        Some(number)
    }

    fn int_or_null(&mut self) -> Option<Option<i32>> {
        if self.literal("null").is_some() {
            return Some(None);
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start + usize::from(bytes.get(start) == Some(&b'-'));
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let number = self.text.get(start..end)?.parse().ok()?;
        self.pos = end;
        Some(Some(number))
    }
}

pub(super) fn line(text: &str) -> Option<LineIn<'_>> {
    let mut c = Cursor { text, pos: 0 };
    c.literal("{\"time\":")?;
    let time = c.string()?;
    c.literal(",\"user\":")?;
    let user = c.string()?;
    c.literal(",\"fingerprint\":")?;
    let fingerprint = c.string()?;
    c.literal(",\"code\":")?;
    let code = c.string()?;
    c.literal(",\"report\":")?;
    let report_start = c.pos;
    c.literal("{\"agency\":")?;
    let agency = c.string_or_null()?;
    c.literal(",\"year\":")?;
    let year = c.int_or_null()?;
    c.literal(",\"file\":")?;
    let file = c.string()?;
    c.literal(",\"hash\":")?;
    let hash = c.string_or_null()?;
    c.literal("}")?;
    let report_raw = text.get(report_start..c.pos)?;
    c.literal(",\"action\":")?;
    let action = c.string()?;
    let note = match c.literal(",\"note\":") {
        Some(()) => Some(c.string()?),
        None => None,
    };
    let undo = c.literal(",\"undo\":true").is_some();
    let host = match c.literal(",\"host\":") {
        Some(()) => Some(c.string()?),
        None => None,
    };
    let seq = match c.literal(",\"seq\":") {
        Some(()) => Some(c.unsigned()?),
        None => None,
    };
    let batch = match c.literal(",\"batch\":") {
        Some(()) => Some(c.unsigned()?),
        None => None,
    };
    let set_agency = match c.literal(",\"set_agency\":") {
        Some(()) => Some(c.string()?),
        None => None,
    };
    let set_year = match c.literal(",\"set_year\":") {
        Some(()) => Some(i64::from(c.int_or_null()??)),
        None => None,
    };
    c.literal("}")?;
    (c.pos == text.len()).then(|| LineIn {
        time: Cow::Borrowed(time),
        user: Cow::Borrowed(user),
        fingerprint: Cow::Borrowed(fingerprint),
        code: Cow::Borrowed(code),
        report: ReportIn {
            agency: agency.map(Cow::Borrowed),
            year,
            file: Cow::Borrowed(file),
            hash: hash.map(Cow::Borrowed),
        },
        action: Cow::Borrowed(action),
        note: note.map(Cow::Borrowed),
        undo,
        host: host.map(Cow::Borrowed),
        seq,
        batch,
        set_agency: set_agency.map(Cow::Borrowed),
        set_year,
        report_raw: Some(report_raw),
    })
}

/// `2024-03-01T08:00:00.123Z`, the form [`super::encode`] writes.
pub(super) fn time(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 24 || &b[4..5] != b"-" || &b[7..8] != b"-" || &b[10..11] != b"T" {
        return None;
    }
    if &b[13..14] != b":" || &b[16..17] != b":" || &b[19..20] != b"." || &b[23..] != b"Z" {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    let time = date.and_hms_milli_opt(
        number(11..13)?,
        number(14..16)?,
        number(17..19)?,
        number(20..23)?,
    )?;
    Some(time.and_utc())
}
