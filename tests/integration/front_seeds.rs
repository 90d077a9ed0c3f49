//! The front and end matter of the seed reports, as the parser reads them.

use std::path::Path;

use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::report::Report;

fn seed(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-reports")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("seed is readable");
    parse_text(&text, SourceEncoding::Utf8)
}

#[test]
fn seed_titles() {
    let expected = [
        ("000_480d39c3490e058f.txt", 3, 3, "北关区司法局", 2023),
        (
            "001_5a1fe3ed23e367d7.txt",
            3,
            3,
            "三门峡市陕州区司法局",
            2024,
        ),
        ("002_a03528d1c919b0a1.txt", 3, 3, "司法局", 2020),
        ("003_80a41c86f4ba9762.txt", 1, 1, "市司法局", 2023),
        ("004_060f1afac52ad05c.txt", 5, 6, "乌拉特中旗司法局", 2023),
    ];
    for (name, line, last_line, agency, year) in expected {
        let report = seed(name);
        let title = report.title.expect(name);
        assert_eq!((title.line, title.last_line), (line, last_line), "{name}");
        assert_eq!(title.agency.as_deref(), Some(agency), "{name}");
        assert_eq!(title.year, Some(year), "{name}");
    }
}

#[test]
fn seed_periods() {
    assert!(seed("000_480d39c3490e058f.txt").period.is_none());
    assert!(seed("002_a03528d1c919b0a1.txt").period.is_none());

    let p = seed("001_5a1fe3ed23e367d7.txt").period.expect("001");
    assert_eq!(p.line, 98);
    assert!(p.end_truncated);
    assert_eq!(p.end.map(|d| d.raw), Some("2024年12月31".to_string()));

    let p = seed("003_80a41c86f4ba9762.txt").period.expect("003");
    assert_eq!(p.line, 2);
    assert!(p
        .end
        .as_ref()
        .is_some_and(|d| d.year_inherited && d.year == Some(2023)));
    assert!(p.is_well_formed());

    let p = seed("004_060f1afac52ad05c.txt").period.expect("004");
    assert_eq!(p.line, 8);
    assert_eq!(p.end.and_then(|d| d.year), Some(2022));
}

#[test]
fn seed_signatures() {
    for name in [
        "000_480d39c3490e058f.txt",
        "001_5a1fe3ed23e367d7.txt",
        "002_a03528d1c919b0a1.txt",
        "003_80a41c86f4ba9762.txt",
    ] {
        assert!(seed(name).signature.is_none(), "{name}");
    }
    let report = seed("004_060f1afac52ad05c.txt");
    let s = report.signature.expect("004");
    assert_eq!(s.line, 421);
    assert_eq!(s.date().map(|d| d.iso()), Some("2024-01-11".to_string()));
}
