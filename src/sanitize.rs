//! Making untrusted report text safe to show.
//!
//! Report text comes from agencies' files and may hold terminal escape sequences, C0/C1 control
//! characters and bidirectional overrides that would rewrite what a supervisor sees. Everything
//! shown on a terminal goes through [`for_terminal`]; tabs become spaces so columns stay put.
//! Machine output (JSON) keeps the text recoverable instead: [`escape_terminal_controls`]
//! writes the same characters as `\uXXXX` escapes. Columns of text tables are padded by
//! display width ([`pad_to_width`]), since a CJK character takes two terminal columns.

/// Replaces every control character, escape, and bidirectional control in `text` with a visible
/// stand-in; tabs become a space, newlines are kept only when `keep_newlines`.
pub fn for_terminal(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether a character must never reach a terminal as is: C0 and C1 controls, DEL, the
/// bidirectional embedding, override and isolate controls, and the Unicode line and paragraph
/// separators (U+2028, U+2029), which some terminals and log viewers break lines on, so that a
/// forged line could pose as a message of its own.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Whether the bytes of a valid UTF-8 text (as [`has_unsafe`] takes it) may hold a character
/// [`is_unsafe`] names: a C0 control or DEL, or the first byte of a C1 control (0xC2), of
/// U+061C (0xD8) or of the U+20xx marks and separators (0xE2). None of them is a continuation
/// byte, so each starts a character.
const MAY_START_UNSAFE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe2] = true;
    table
};

/// Whether UTF-8 bytes hold a character [`is_unsafe`] names. The bytes are looked at first:
/// text without a byte that can start such a character (nearly every line, Chinese included)
/// is decided without decoding it; from the first that can, the characters are decoded.
pub fn has_unsafe_utf8(bytes: &[u8]) -> bool {
    match bytes.iter().position(|&b| MAY_START_UNSAFE[usize::from(b)]) {
        None => false,
        Some(at) => String::from_utf8_lossy(&bytes[at..]).chars().any(is_unsafe),
    }
}

/// Whether `text` holds a character [`is_unsafe`] names (see [`has_unsafe_utf8`]).
pub fn has_unsafe(text: &str) -> bool {
    has_unsafe_utf8(text.as_bytes())
}

/// Escapes, as `\uXXXX`, the characters serde_json leaves raw that a terminal would act on.
/// They can only occur inside JSON strings, where the escape is valid.
pub fn escape_terminal_controls(json: &str) -> String {
    if !has_unsafe(json) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Pads text to a display width (CJK characters are two columns wide).
pub fn pad_to_width(text: &str, width: usize) -> String {
    let current = unicode_width::UnicodeWidthStr::width(text);
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', width.saturating_sub(current)));
    padded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_controls_are_replaced() {
        let hostile = "a\u{1b}[2Jb\u{202E}c\u{9b}d\te\u{7}f\u{2028}g\u{2029}";
        let safe = for_terminal(hostile, false);
        assert_eq!(
            safe,
            "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}d e\u{FFFD}f\u{FFFD}g\u{FFFD}"
        );
        assert!(!safe.chars().any(is_unsafe));
    }

    proptest::proptest! {
        /// The byte test finds what decoding every character finds, on text mixing Chinese,
        /// controls, curly quotes (which start with 0xE2 too) and the bidirectional marks.
        #[test]
        fn has_unsafe_is_any_unsafe_character(
            text in "[a-z甲乙“”\u{3000}\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{202e}\u{2028}\u{2066}\u{a0}]{0,12}"
        ) {
            proptest::prop_assert_eq!(has_unsafe(&text), text.chars().any(is_unsafe));
        }
    }

    #[test]
    fn chinese_text_passes_unchanged() {
        assert_eq!(
            for_terminal("统计期限（2023年）", false),
            "统计期限（2023年）"
        );
        assert_eq!(for_terminal("一\n二", true), "一\n二");
    }
}
