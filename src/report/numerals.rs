//! The one reader of Chinese numerals, for every part of the parser that meets them: the
//! years and days of dates (「二〇二四年十一月」), the numerals of headings and sub-items
//! (「三、」, 「（十二）」), and counts in prose (「一百零五件」, 「两条」).
//!
//! It is the one writer of them too ([`write()`], [`write_digits`]): the numerals the rules'
//! messages name, Word's list numbers, the headings the format writers and the corpus write.
//!
//! Each reader reads the same digits; they differ in what else they accept, as the places they
//! serve do: a year is written digit by digit and its zero is often typed as ○, O or 0; a count
//! may say 两 for two and carries units up to 亿; a heading is numbered 一 to 十 in one
//! character.

/// The value of one Chinese digit: 〇 or 零, 一 … 九.
pub fn digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A digit of a year or a date: also the zero typed documents often write as a circle, a Latin
/// O or a digit 0 (二O二四).
pub fn year_digit(c: char) -> Option<u8> {
    digit(c).or(match c {
        '○' | 'O' | 'o' | '0' => Some(0),
        _ => None,
    })
}

/// A digit of a count: also 两 (「两条」).
fn count_digit(c: char) -> Option<u8> {
    if c == '两' {
        Some(2)
    } else {
        digit(c)
    }
}

/// The value of a one-character numeral 一 … 十, as headings and list items are numbered
/// (「三、」); `None` for 〇 and anything else.
pub fn ordinal(c: char) -> Option<u8> {
    match c {
        '十' => Some(10),
        _ => digit(c).filter(|&d| d > 0),
    }
}

/// Reads a year written digit by digit in Chinese (`二〇二四`).
pub fn year(text: &str) -> Option<i32> {
    let mut year = 0i32;
    for c in text.chars() {
        year = year * 10 + i32::from(year_digit(c)?);
    }
    Some(year)
}

/// Reads a Chinese number below 100 (`十一`, `三十一`, `二十`), as months, days and
/// sub-items are written.
pub fn small_number(text: &str) -> Option<u32> {
    let d = |c: char| year_digit(c).map(u32::from);
    // Such a number has at most three characters: they are taken into an array, not collected
    // into a `Vec` (this is asked of every date's month and day and of every sub-item's
    // numeral, a dozen times a report, and the `Vec` was an allocation each time).
    let mut chars = text.chars();
    let first_three = [chars.next(), chars.next(), chars.next()];
    if chars.next().is_some() {
        return None;
    }
    match first_three {
        [Some('十'), None, None] => Some(10),
        [Some('十'), Some(units), None] => Some(10 + d(units)?),
        [Some(tens), Some('十'), None] => Some(d(tens)? * 10),
        [Some(tens), Some('十'), Some(units)] => Some(d(tens)? * 10 + d(units)?),
        [Some(digit), None, None] => d(digit),
        _ => None,
    }
}

/// Whether a character is part of a Chinese numeral.
pub fn is_numeral(c: char) -> bool {
    // Every numeral is 〇 or in U+4E00..=U+96F6: one comparison rules out most text.
    (c == '〇' || ('\u{4E00}'..='\u{96F6}').contains(&c))
        && matches!(
            c,
            '零' | '〇'
                | '一'
                | '二'
                | '两'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '千'
                | '万'
                | '亿'
        )
}

/// Reads a Chinese numeral: 「三」 3, 「十二」 12, 「一百零五」 105, 「两」 2, 「一万二千」 12000.
/// A run of bare digits (「二〇二三」, 「一二」) is not a number here: it is a year or a list.
pub fn number(text: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut section: i64 = 0;
    let mut digit: Option<i64> = None;
    let mut last_was_digit = false;
    let mut any = false;
    for c in text.chars() {
        any = true;
        if let Some(d) = count_digit(c).map(i64::from) {
            // Two digits in a row are a list or a year, except after 零 (「一百零五」).
            if last_was_digit && digit.is_some_and(|p| p != 0) {
                return None;
            }
            digit = Some(d);
            last_was_digit = true;
            continue;
        }
        last_was_digit = false;
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        match unit {
            10_000 | 100_000_000 => {
                let part = section + digit.unwrap_or(0);
                if part == 0 && total == 0 {
                    return None;
                }
                total = total.checked_add(part)?.checked_mul(unit)?;
                section = 0;
            }
            _ => {
                // 「十二」 is 12: a 十 with no digit before it counts one ten.
                let d = match digit {
                    Some(d) => d,
                    None if unit == 10 => 1,
                    None => return None,
                };
                section += d * unit;
            }
        }
        digit = None;
    }
    if !any {
        return None;
    }
    total.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

/// 〇, 一 … 九 and 十, three bytes each in UTF-8: the numeral of `n` (0 … 10) is the slice at
/// `3 * n`.
const NUMERALS: &str = "〇一二三四五六七八九十";

/// The one-character numeral of `n` (0 … 10).
fn one_char(n: u32) -> &'static str {
    let at = n.min(10) as usize * 3;
    &NUMERALS[at..at + 3]
}

/// Writes 一 … 十 as headings and list items are numbered (「三、」), the inverse of
/// [`ordinal`]; `None` for 0 and past 十.
pub fn ordinal_text(value: u8) -> Option<&'static str> {
    (1..=10)
        .contains(&value)
        .then(|| one_char(u32::from(value)))
}

/// Writes a number as Chinese counts, the inverse of [`number`] (and of [`small_number`] below
/// 100): 一, 十, 十一, 二十三, 一百零一, 一千零五; 0 is 〇. From 10,000 on, in Arabic digits:
/// the headings, sub-items and list numbers written never get there, and 万 is not written.
pub fn write(n: u32) -> String {
    if n == 0 {
        return one_char(0).to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = ["千", "百", "十", ""];
    let mut out = String::new();
    let mut zero = false;
    for (i, (&d, unit)) in digits.iter().zip(units).enumerate() {
        if d == 0 {
            // A zero inside the number is written once (一千零五), a trailing one never.
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十一, not 一十一, when the number starts with its tens.
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push_str(one_char(d));
        }
        out.push_str(unit);
    }
    out
}

/// Writes a number digit by digit, as years are (2024 is 二〇二四), the inverse of [`year`].
pub fn write_digits(n: u32) -> String {
    n.to_string()
        .chars()
        .filter_map(|d| d.to_digit(10).map(one_char))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `small_number` as it was, collecting the characters into a `Vec`: the reference the
    /// array form is checked against.
    fn small_number_by_vec(text: &str) -> Option<u32> {
        let d = |c: char| year_digit(c).map(u32::from);
        let chars: Vec<char> = text.chars().collect();
        match chars.as_slice() {
            ['十'] => Some(10),
            ['十', units] => Some(10 + d(*units)?),
            [tens, '十'] => Some(d(*tens)? * 10),
            [tens, '十', units] => Some(d(*tens)? * 10 + d(*units)?),
            [digit] => d(*digit),
            _ => None,
        }
    }

    #[test]
    fn small_number_reads_as_the_vec_form_did() {
        // Every text of up to five characters over digits, 十, the typed zeros, a numeral that
        // is no digit (百, 两) and other text.
        const ALPHABET: [char; 10] = ['十', '一', '二', '九', '〇', '○', '0', '百', '两', 'x'];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| ALPHABET.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        let mut read = 0;
        for text in &texts {
            assert_eq!(small_number(text), small_number_by_vec(text), "{text}");
            read += usize::from(small_number(text).is_some());
        }
        // 十 and the six digits alone, 十 before and after each digit, and a digit on each side
        // of 十: every shape the reader knows is met.
        assert_eq!(read, 1 + 6 + 6 + 6 + 36);
    }

    #[test]
    fn numbers_with_units() {
        assert_eq!(number("三"), Some(3));
        assert_eq!(number("十二"), Some(12));
        assert_eq!(number("二十"), Some(20));
        assert_eq!(number("一百零五"), Some(105));
        assert_eq!(number("两"), Some(2));
        assert_eq!(number("三千零二"), Some(3002));
        assert_eq!(number("一万二千"), Some(12000));
        assert_eq!(number("十"), Some(10));
        assert_eq!(number("二〇二三"), None);
        assert_eq!(number("一二"), None);
        assert_eq!(number("万"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn years_and_small_numbers() {
        assert_eq!(small_number("三十一"), Some(31));
        assert_eq!(small_number("十二"), Some(12));
        assert_eq!(small_number("二十"), Some(20));
        assert_eq!(small_number("五"), Some(5));
        assert_eq!(small_number("十O"), Some(10));
        assert_eq!(small_number("两"), None);
        assert_eq!(small_number("一百"), None);
        assert_eq!(year("二〇二三"), Some(2023));
        assert_eq!(year("二O二四"), Some(2024));
        assert_eq!(year("二○2五"), None);
    }

    #[test]
    fn ordinals_are_one_to_ten() {
        let read: Vec<Option<u8>> = "一二三四五六七八九十〇零两百"
            .chars()
            .map(ordinal)
            .collect();
        let mut expected: Vec<Option<u8>> = (1..=10).map(Some).collect();
        expected.extend([None, None, None, None]);
        assert_eq!(read, expected);
        for value in 1..=10 {
            let text = ordinal_text(value).unwrap();
            assert_eq!(text.chars().map(ordinal).collect::<Vec<_>>(), [Some(value)]);
        }
        assert_eq!((ordinal_text(0), ordinal_text(11)), (None, None));
    }

    #[test]
    fn what_each_place_accepts_as_a_digit() {
        assert_eq!(digit('〇'), Some(0));
        assert_eq!(digit('○'), None);
        assert_eq!(year_digit('○'), Some(0));
        assert_eq!(year_digit('O'), Some(0));
        assert_eq!(year_digit('两'), None);
        assert_eq!(count_digit('两'), Some(2));
        assert_eq!(count_digit('O'), None);
        assert!(is_numeral('万') && is_numeral('两') && !is_numeral('○'));
    }

    #[test]
    fn written_numbers_read_back() {
        let cases = [
            (0, "〇"),
            (1, "一"),
            (5, "五"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (23, "二十三"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1005, "一千零五"),
            (2020, "二千零二十"),
        ];
        for (n, text) in cases {
            assert_eq!(write(n), text, "{n}");
        }
        assert_eq!(write(10_000), "10000");
        for n in 1..10_000 {
            assert_eq!(number(&write(n)), Some(i64::from(n)), "{n}");
        }
        for n in 0..100 {
            assert_eq!(small_number(&write(n)), Some(n), "{n}");
        }
        assert_eq!(write_digits(2024), "二〇二四");
        assert_eq!(year(&write_digits(2024)), Some(2024));
        assert_eq!(write_digits(12), "一二");
    }
}
