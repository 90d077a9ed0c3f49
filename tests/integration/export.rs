//! Exports: each format snapshot-tested over a fixed review, the xlsx read back, the csv's BOM
//! and formula neutralisation, and hostile report text in every format.
//!
//! The review is built from checked reports and flags constructed here (not from the parser),
//! and from decisions with fixed times and users, so the snapshots do not move.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::{FixedOffset, TimeZone, Utc};
use nianbao::config::NoticeSettings;
use nianbao::export::{self, ExportFormat, ExportOptions, StatusFilter};
use nianbao::flag::{Evidence, Fingerprint, Flag, Location, Severity};
use nianbao::i18n::{Lang, Localized};
use nianbao::pipeline::{CheckedReport, ParseSummary};
use nianbao::triage::{Action, Decision, ReportRef, Review, RowStatus, TriageStore};

const INBOX: &str = "/srv/inbox";

const FP_PERIOD: u64 = 0x1111_0000_0000_0001;
const FP_TABLE: u64 = 0x1111_0000_0000_0002;
const FP_TEXT: u64 = 0x1111_0000_0000_0003;
const FP_LABEL: u64 = 0x2222_0000_0000_0001;
const FP_EVIL: u64 = 0x6666_0000_0000_0001;
const FP_FIXED: u64 = 0x1111_0000_0000_0009;
const FP_WITHDRAWN: u64 = 0x9999_0000_0000_0001;

/// Report text that tries everything: markup, formulas, terminal escapes, bidi overrides,
/// table-breaking pipes and newlines.
const EVIL_AGENCY: &str = "<script>alert('局')</script>&\u{202E}局";
const EVIL_MESSAGE: &str = "=HYPERLINK(\"http://evil.example\",\"点我\")\u{1b}[31m红字\u{7}";
const EVIL_EVIDENCE: &str = "@SUM(1)\t<b>粗</b>\r\n| # * _ ` [x](javascript:alert(1))";
const EVIL_NOTE: &str = "-2+3 </td><img src=x onerror=alert(1)>\n第二行";

fn evidence(pairs: &[(&str, serde_json::Value)]) -> Evidence {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn flag(
    code: &'static str,
    severity: Severity,
    location: Location,
    zh: &str,
    en: &str,
    evidence: Evidence,
    fp: u64,
) -> Flag {
    Flag {
        code,
        severity,
        location,
        message: Localized::new(zh, en).into(),
        evidence,
        fingerprint: Fingerprint(fp),
        legacy_fingerprint: None,
    }
}

fn report(path: &str, agency: &str, year: i32, flags: Vec<Flag>) -> CheckedReport {
    CheckedReport {
        path: Path::new(INBOX).join(path),
        file: path.to_string(),
        agency: Some(agency.to_string()),
        year: Some(year),
        template: None,
        summary: ParseSummary::default(),
        flags,
    }
}

fn reports() -> Vec<CheckedReport> {
    vec![
        report(
            "004.txt",
            "乌拉特中旗司法局",
            2023,
            vec![
                flag(
                    "period-reversed",
                    Severity::Error,
                    Location::span(7, 60, 11),
                    "统计期限的结束日期（2022年12月31日）早于开始日期（2023年1月1日）",
                    "the statistics period ends (2022-12-31) before it begins (2023-01-01)",
                    evidence(&[("start", "2023-01-01".into()), ("end", "2022-12-31".into())]),
                    FP_PERIOD,
                ),
                flag(
                    "table3-balance",
                    Severity::Error,
                    Location::line(120),
                    "表三「自然人」列：一 + 二 = 5，三(七) + 四 = 6",
                    "table 3, column 自然人: 一 + 二 = 5, 三(七) + 四 = 6",
                    evidence(&[
                        ("column", "自然人".into()),
                        ("left", 5.into()),
                        ("right", 6.into()),
                    ]),
                    FP_TABLE,
                ),
                flag(
                    "unfinished-text",
                    Severity::Warning,
                    Location::lines(98, 99),
                    "正文中有未完成的占位文字「XX」",
                    "placeholder text 「XX」 left in the report",
                    Evidence::new(),
                    FP_TEXT,
                ),
            ],
        ),
        report(
            "sub/000.txt",
            "北关区司法局",
            2023,
            vec![flag(
                "label-mismatch",
                Severity::Warning,
                Location::WHOLE,
                "表二的行标签与模板不符",
                "a row label of table 2 differs from the template",
                Evidence::new(),
                FP_LABEL,
            )],
        ),
    ]
}

fn evil_report() -> CheckedReport {
    report(
        "evil.txt",
        EVIL_AGENCY,
        2024,
        vec![flag(
            "unfinished-text",
            Severity::Error,
            Location::at(3, 1),
            EVIL_MESSAGE,
            "+cmd|' /C calc'!A0",
            evidence(&[("text", EVIL_EVIDENCE.into())]),
            FP_EVIL,
        )],
    )
}

fn reference(report: &CheckedReport) -> Arc<ReportRef> {
    Arc::new(ReportRef {
        agency: report.agency.clone(),
        year: report.year,
        file: report.file.clone(),
        content_hash: Some("00000000deadbeef".into()),
    })
}

fn at(minute: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 1, 8, minute, 0).unwrap()
}

/// Records the fixed decisions into a journal folder and builds the review.
fn review(reports: &[CheckedReport], journals: &Path) -> Review {
    let a = reference(&reports[0]);
    let b = reference(&reports[1]);
    let withdrawn = Arc::new(ReportRef {
        agency: Some("已撤销的局".into()),
        year: Some(2022),
        file: "gone.txt".into(),
        content_hash: None,
    });
    let mut zhang = TriageStore::open_on(journals, "张三", "PC-01").unwrap();
    let mut li = TriageStore::open_on(journals, "李四", "PC-02").unwrap();
    let d = |user: &str, fp: u64, code: &str, r: &Arc<ReportRef>, action: Action, minute: u32| {
        Decision::new(user, Fingerprint(fp), code, r.clone(), action).at(at(minute))
    };
    zhang
        .record(
            d("张三", FP_PERIOD, "period-reversed", &a, Action::Confirm, 1).with_note("年份写反"),
        )
        .unwrap();
    li.record(d(
        "李四",
        FP_TABLE,
        "table3-balance",
        &a,
        Action::Confirm,
        2,
    ))
    .unwrap();
    zhang
        .record(
            d("张三", FP_TABLE, "table3-balance", &a, Action::Dismiss, 3)
                .with_note("表格跨页，误报"),
        )
        .unwrap();
    li.record(d(
        "李四",
        FP_LABEL,
        "label-mismatch",
        &b,
        Action::Confirm,
        4,
    ))
    .unwrap();
    zhang
        .record(d(
            "张三",
            FP_FIXED,
            "period-reversed",
            &a,
            Action::Confirm,
            5,
        ))
        .unwrap();
    li.record(d(
        "李四",
        FP_WITHDRAWN,
        "period-reversed",
        &withdrawn,
        Action::Confirm,
        6,
    ))
    .unwrap();
    if let Some(evil) = reports.get(2) {
        let e = reference(evil);
        zhang
            .record(
                d("张三", FP_EVIL, "unfinished-text", &e, Action::Confirm, 7).with_note(EVIL_NOTE),
            )
            .unwrap();
    }
    let reader = TriageStore::open(journals, "reader").unwrap();
    Review::build(reports, &reader)
}

fn options(format: ExportFormat, status: StatusFilter, lang: Lang) -> ExportOptions {
    ExportOptions {
        format,
        status,
        lang,
        utc_offset: FixedOffset::east_opt(8 * 3600).unwrap(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap(),
        inbox: Some("inbox".to_string()),
        notice: NoticeSettings {
            issuer: Some("某某市人民政府办公室".to_string()),
            number_prefix: Some("某政办函".to_string()),
            contact: Some("张三，0471-1234567".to_string()),
            deadline_days: 15,
        },
    }
}

fn render(review: &Review, format: ExportFormat, status: StatusFilter, lang: Lang) -> Vec<u8> {
    export::render(review, &options(format, status, lang)).unwrap()
}

fn text(review: &Review, format: ExportFormat, status: StatusFilter, lang: Lang) -> String {
    String::from_utf8(render(review, format, status, lang)).unwrap()
}

#[test]
fn the_review_joins_flags_verdicts_and_gone_flags() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let rows: Vec<(u64, RowStatus)> = review
        .rows
        .iter()
        .map(|r| (r.fingerprint.0, r.status))
        .collect();
    assert_eq!(
        rows,
        [
            (FP_PERIOD, RowStatus::Confirmed),
            (FP_TABLE, RowStatus::Dismissed),
            (FP_TEXT, RowStatus::Open),
            (FP_FIXED, RowStatus::Resolved),
            (FP_LABEL, RowStatus::Confirmed),
            (FP_WITHDRAWN, RowStatus::Absent),
        ]
    );
    let table = &review.rows[1];
    assert_eq!(table.verdict.user.as_deref(), Some("张三"));
    assert_eq!(table.verdict.note.as_deref(), Some("表格跨页，误报"));
    assert_eq!(table.history.len(), 2);
    assert_eq!(review.count(RowStatus::Confirmed), 2);
}

#[test]
fn csv_snapshot_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let bytes = render(&review, ExportFormat::Csv, StatusFilter::All, Lang::Zh);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with(
        "单位,年度,文件,规则,规则名称,级别,位置,问题描述,证据,状态,批注,审核人,审核时间,报告状态\r\n"
    ));
    insta::assert_snapshot!("csv_all_zh", text.replace("\r\n", "\n"));
}

#[test]
fn csv_in_english_with_the_default_filter() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let text = text(
        &review,
        ExportFormat::Csv,
        StatusFilter::Confirmed,
        Lang::En,
    );
    insta::assert_snapshot!(
        "csv_confirmed_en",
        text.trim_start_matches('\u{feff}').replace("\r\n", "\n")
    );
}

#[test]
fn json_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let text = text(&review, ExportFormat::Json, StatusFilter::All, Lang::Zh);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["rows"].as_array().unwrap().len(), 6);
    assert_eq!(value["counts"]["resolved"], 1);
    assert_eq!(value["schema_version"], 1);
    assert!(
        text.trim_start().starts_with("{\n  \"schema_version\": 1,"),
        "schema_version comes first: {text}"
    );
    insta::assert_snapshot!("json_all", text);
}

#[test]
fn markdown_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    insta::assert_snapshot!(
        "md_confirmed_zh",
        text(
            &review,
            ExportFormat::Markdown,
            StatusFilter::Confirmed,
            Lang::Zh
        )
    );
    insta::assert_snapshot!(
        "md_all_en",
        text(&review, ExportFormat::Markdown, StatusFilter::All, Lang::En)
    );
}

#[test]
fn html_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    insta::assert_snapshot!(
        "html_confirmed_zh",
        text(
            &review,
            ExportFormat::Html,
            StatusFilter::Confirmed,
            Lang::Zh
        )
    );
}

#[test]
fn nothing_selected_still_makes_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let md = text(
        &review,
        ExportFormat::Markdown,
        StatusFilter::Resolved,
        Lang::Zh,
    );
    assert!(md.contains("已整改"), "{md}");
    let empty = Review::default();
    for format in ExportFormat::ALL {
        let bytes = render(&empty, format, StatusFilter::All, Lang::Zh);
        assert!(!bytes.is_empty(), "{format:?}");
    }
    assert_eq!(
        text(&empty, ExportFormat::Markdown, StatusFilter::All, Lang::Zh),
        "# 问题清单\n\n没有符合条件的问题。\n"
    );
}

fn workbook(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap()
}

fn string(data: &Data) -> String {
    match data {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected a string cell, got {other:?}"),
    }
}

#[test]
fn xlsx_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let mut book = workbook(render(
        &review,
        ExportFormat::Xlsx,
        StatusFilter::All,
        Lang::Zh,
    ));
    assert_eq!(book.sheet_names(), ["问题清单", "汇总"]);

    let flags = book.worksheet_range("问题清单").unwrap();
    let rows: Vec<&[Data]> = flags.rows().collect();
    assert_eq!(rows.len(), 8, "title, header and six rows");
    assert_eq!(
        string(&rows[0][0]),
        "问题清单　收件箱：inbox　导出日期：2024-05-06　状态：全部"
    );
    let header: Vec<String> = rows[1].iter().map(string).collect();
    assert_eq!(
        header,
        [
            "单位",
            "年度",
            "文件",
            "规则",
            "规则名称",
            "级别",
            "位置",
            "问题描述",
            "证据",
            "状态",
            "批注",
            "审核人",
            "审核时间",
            "报告状态"
        ]
    );
    let first = rows[2];
    assert_eq!(string(&first[0]), "乌拉特中旗司法局");
    assert_eq!(first[1], Data::Float(2023.0));
    assert_eq!(string(&first[2]), "004.txt");
    assert_eq!(string(&first[3]), "period-reversed");
    assert_eq!(string(&first[4]), "统计期限首尾颠倒");
    assert_eq!(string(&first[5]), "错误");
    assert_eq!(string(&first[6]), "第7行第60列");
    assert!(string(&first[7]).starts_with("统计期限的结束日期"));
    assert_eq!(
        string(&first[8]),
        "开始日期：2023-01-01；结束日期：2022-12-31"
    );
    assert_eq!(string(&first[9]), "确认");
    assert_eq!(string(&first[10]), "年份写反");
    assert_eq!(string(&first[11]), "张三");
    // 审核时间 is a date-time cell (16:01 in UTC+8), not text.
    let Data::DateTime(reviewed) = &first[12] else {
        panic!("a date-time cell: {:?}", first[12]);
    };
    // Excel's serial day of 2024-03-01 is 45352.
    let expected = 45352.0 + (16.0 * 60.0 + 1.0) / 1440.0;
    assert!((reviewed.as_f64() - expected).abs() < 1e-6, "{reviewed:?}");
    let statuses: Vec<String> = rows[2..].iter().map(|r| string(&r[9])).collect();
    assert_eq!(
        statuses,
        ["确认", "驳回", "待审核", "已整改", "确认", "报告缺失"]
    );
    assert_eq!(
        string(&rows[5][7]),
        "统计期限首尾颠倒",
        "a resolved flag shows its rule"
    );

    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<&[Data]> = summary.rows().collect();
    let header: Vec<String> = rows[0].iter().map(string).collect();
    assert_eq!(
        header,
        [
            "单位",
            "年度",
            "规则",
            "规则名称",
            "待审核",
            "确认",
            "驳回",
            "已整改",
            "报告缺失",
            "无法对应",
            "合计",
            "报告状态"
        ]
    );
    let last = rows.last().unwrap();
    assert_eq!(string(&last[0]), "合计");
    // Each status under its own heading, the total under 合计.
    assert_eq!(last[5], Data::Float(2.0));
    assert_eq!(last[9], Data::Float(0.0), "无法对应");
    assert_eq!(last[10], Data::Float(6.0), "合计");
    // Agencies and rules: 北关区/label-mismatch, 已撤销的局/period-reversed, and 乌拉特中旗's
    // three rules (period-reversed twice: the confirmed flag and the resolved one).
    assert_eq!(rows.len(), 1 + 5 + 1);
}

/// A row of every status, 无法对应 included, is counted in the summary under its heading (the
/// summary had a slot too few: an unattributed row made the export panic).
#[test]
fn xlsx_summary_counts_every_status() {
    let dir = tempfile::tempdir().unwrap();
    let mut review = review(&reports(), dir.path());
    let mut unattributed = review.rows[0].clone();
    unattributed.status = RowStatus::Unattributed;
    review.rows.push(unattributed);
    let mut book = workbook(render(
        &review,
        ExportFormat::Xlsx,
        StatusFilter::All,
        Lang::Zh,
    ));
    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<&[Data]> = summary.rows().collect();
    let last = rows.last().unwrap();
    let counts: Vec<&Data> = last[4..].iter().collect();
    let expected = RowStatus::ALL.map(|s| Data::Float(review.count(s) as f64));
    assert_eq!(counts[..6], expected.iter().collect::<Vec<_>>()[..]);
    assert_eq!(*counts[6], Data::Float(review.rows.len() as f64));
    assert_eq!(last[9], Data::Float(1.0));
}

/// The flag list is written in rust_xlsxwriter's constant-memory mode (each row to a temporary
/// file as the next starts, so 100,000 flags do not all stay in memory): that mode writes its
/// strings inline in the sheet, where the default mode shares them.
#[test]
fn xlsx_flag_list_is_written_row_by_row() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let bytes = render(&review, ExportFormat::Xlsx, StatusFilter::All, Lang::Zh);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(sheet.contains(r#"t="inlineStr""#), "{sheet}");
    assert!(!sheet.contains(r#"t="s""#), "{sheet}");
}

#[test]
fn xlsx_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let mut book = workbook(render(
        &review,
        ExportFormat::Xlsx,
        StatusFilter::Confirmed,
        Lang::En,
    ));
    assert_eq!(book.sheet_names(), ["Flags", "Summary"]);
    let flags = book.worksheet_range("Flags").unwrap();
    assert_eq!(flags.rows().count(), 4, "title, header, two rows");
    assert_eq!(string(&flags.rows().nth(2).unwrap()[6]), "line 7, col 60");
    assert_eq!(
        string(&flags.rows().nth(2).unwrap()[4]),
        "Statistics period ends before it begins"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile report text

fn hostile_review(dir: &Path) -> Review {
    let mut all = reports();
    all.push(evil_report());
    review(&all, dir)
}

fn has_controls(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\r') || c == '\u{202E}')
}

#[test]
fn hostile_text_in_csv_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let review = hostile_review(dir.path());
    let bytes = render(&review, ExportFormat::Csv, StatusFilter::All, Lang::Zh);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(!has_controls(&text.replace("\r\n", "")), "{text:?}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 7);
    assert!(records.iter().all(|r| r.len() == 14));
    let evil = records.iter().find(|r| &r[2] == "evil.txt").unwrap();
    assert!(evil[7].starts_with("'=HYPERLINK("), "{}", &evil[7]);
    assert!(evil[8].starts_with("原文：@SUM"), "{}", &evil[8]);
    assert!(evil[10].starts_with("'-2+3"), "{}", &evil[10]);
    assert!(!evil[10].contains('\n'), "one line per cell");
    assert!(evil[0].contains("<script>"), "csv keeps text as text");
    for record in &records {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like cell {cell:?}"
            );
        }
    }
    // English messages start with `+`.
    let en = String::from_utf8(render(
        &review,
        ExportFormat::Csv,
        StatusFilter::All,
        Lang::En,
    ))
    .unwrap();
    assert!(en.contains(",'+cmd|"), "{en}");
}

#[test]
fn hostile_text_in_xlsx_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let review = hostile_review(dir.path());
    let mut book = workbook(render(
        &review,
        ExportFormat::Xlsx,
        StatusFilter::All,
        Lang::Zh,
    ));
    let formulas = book.worksheet_formula("问题清单").unwrap();
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
    let flags = book.worksheet_range("问题清单").unwrap();
    let evil = flags
        .rows()
        .find(|r| string(&r[2]) == "evil.txt")
        .unwrap()
        .to_vec();
    let message = string(&evil[7]);
    assert!(
        message.starts_with("=HYPERLINK("),
        "written as a string: {message:?}"
    );
    assert!(!has_controls(&message));
    assert!(string(&evil[0]).starts_with("<script>"));
    assert!(!has_controls(&string(&evil[0])));
    assert_eq!(
        string(&evil[10]),
        "-2+3 </td><img src=x onerror=alert(1)>\n第二行"
    );
    for row in flags.rows() {
        for cell in row {
            if let Data::String(s) = cell {
                assert!(!has_controls(s), "{s:?}");
            }
        }
    }
    let summary = book.worksheet_range("汇总").unwrap();
    assert!(summary.rows().count() > 2);
}

#[test]
fn hostile_text_in_html_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let review = hostile_review(dir.path());
    let html = text(&review, ExportFormat::Html, StatusFilter::All, Lang::Zh);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"));
    assert!(!html.contains("</td><img"));
    assert!(html.contains("&lt;script&gt;alert(&#39;局&#39;)&lt;/script&gt;&amp;"));
    assert!(html.contains("&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!has_controls(&html));
    assert!(!html.contains("http://evil.example\"")); // quotes are entities
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href="),
        "self-contained"
    );
    insta::assert_snapshot!("html_hostile", html);
}

#[test]
fn hostile_text_in_markdown_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let review = hostile_review(dir.path());
    let md = text(&review, ExportFormat::Markdown, StatusFilter::All, Lang::Zh);
    assert!(!has_controls(&md));
    let (style, body) = md.split_once('\n').unwrap();
    assert!(style.starts_with("<style>@page"), "{style}");
    assert!(
        !body.replace("\\<", "").contains('<'),
        "every < escaped: {md}"
    );
    assert!(md.contains("\\<script\\>"));
    assert!(md.contains("\\[x\\](javascript:alert(1))"));
    // Every table line is one row: nothing in a cell ended it early.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with(" |"), "{line}");
        let unescaped_pipes = line.matches('|').count() - line.matches("\\|").count();
        assert_eq!(unescaped_pipes, 9, "eight cells: {line}");
    }
    insta::assert_snapshot!("md_hostile", md);
}

#[test]
fn hostile_text_in_json_round_trips_and_is_terminal_safe() {
    let dir = tempfile::tempdir().unwrap();
    let review = hostile_review(dir.path());
    let json = text(&review, ExportFormat::Json, StatusFilter::All, Lang::Zh);
    assert!(!has_controls(&json.replace('\n', "")));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let evil = value["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == "evil.txt")
        .unwrap();
    assert_eq!(evil["agency"], EVIL_AGENCY);
    assert_eq!(evil["message"]["zh"], EVIL_MESSAGE);
    assert_eq!(evil["evidence"]["text"], EVIL_EVIDENCE);
    assert_eq!(evil["verdict"]["note"], EVIL_NOTE);
    assert_eq!(evil["history"][0]["note"], EVIL_NOTE);
}

#[test]
fn exports_are_written_atomically_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for format in ExportFormat::ALL {
        let path: PathBuf = out.join(format!("问题清单.{}", format.extension()));
        std::fs::write(&path, "old").unwrap();
        let options = options(format, StatusFilter::Confirmed, Lang::Zh);
        assert_eq!(export::export(&review, &options, &path).unwrap(), 2);
        let written = std::fs::read(&path).unwrap();
        if format == ExportFormat::Xlsx {
            // The workbook records when it was made; check it is whole instead.
            assert_eq!(workbook(written).sheet_names().len(), 2);
        } else {
            assert_eq!(written, export::render(&review, &options).unwrap());
        }
    }
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "no temporary files left: {names:?}");
}

/// Every sheet's cells, as a reader sees them.
fn sheets(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book = workbook(bytes);
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// What `nianbao export` does: rows handed to the writer one at a time as the review makes them
/// (`export_each`), each xlsx and csv row written as it comes. The file is the export of the
/// whole review: csv (and the collecting formats) byte for byte, every cell of both xlsx sheets.
#[test]
fn rows_exported_as_they_come_make_the_export_of_the_whole_review() {
    let dir = tempfile::tempdir().unwrap();
    let reports = reports();
    let review = review(&reports, dir.path());
    let store = TriageStore::open(dir.path(), "reader").unwrap();
    for format in ExportFormat::ALL {
        for status in [
            StatusFilter::All,
            StatusFilter::Confirmed,
            StatusFilter::Open,
        ] {
            let options = options(format, status, Lang::Zh);
            let path = dir.path().join(format!("each.{}", format.extension()));
            let source = |each: &mut dyn FnMut(_) -> Result<(), export::ExportError>| {
                Review::each_row(&reports, &store, each)
            };
            let written = export::export_each(source, &options, &path).unwrap();
            assert_eq!(written, export::selected(&review, &options).len());
            let bytes = std::fs::read(&path).unwrap();
            let whole = export::render(&review, &options).unwrap();
            if format == ExportFormat::Xlsx {
                let cells = sheets(bytes);
                assert_eq!(cells, sheets(whole), "{status:?}");
                assert_eq!(cells[0].1.len(), 2 + written, "title, header, rows");
            } else {
                assert_eq!(bytes, whole, "{format:?} {status:?}");
            }
        }
    }
}

/// A failure while the rows come (the source's, after some rows were written) leaves the
/// target as it was and no temporary file beside it.
#[test]
fn an_export_that_fails_midway_leaves_the_target_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for format in ExportFormat::ALL {
        let path = out.join(format!("问题清单.{}", format.extension()));
        std::fs::write(&path, "old").unwrap();
        let options = options(format, StatusFilter::All, Lang::Zh);
        let source = |each: &mut dyn FnMut(_) -> Result<(), export::ExportError>| {
            for row in review.rows.iter().take(2) {
                each(row.clone())?;
            }
            Err(export::ExportError::Io {
                path: PathBuf::from("journal"),
                source: std::io::Error::other("the journal broke"),
            })
        };
        let error = export::export_each(source, &options, &path).unwrap_err();
        assert!(error.to_string().contains("the journal broke"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old", "{format:?}");
    }
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "no temporary files left: {names:?}");
}

// ---------------------------------------------------------------------------------------------
// The notices as documents: docx read back, xlsx print setup, nothing technical in a notice

/// The parts of a .docx a reader sees: body paragraphs (outside tables), table rows, the page
/// setup and the footer's XML.
struct Docx {
    xml: String,
    paragraphs: Vec<String>,
    rows: Vec<Vec<String>>,
    page: Vec<(String, String)>,
    footer: String,
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).unwrap();
    text
}

fn attributes(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                a.key.into_inner().to_string(),
                quick_xml::escape::unescape(&a.value).unwrap().into_owned(),
            )
        })
        .collect()
}

fn read_docx(bytes: &[u8]) -> Docx {
    use quick_xml::events::Event;
    let xml = part(bytes, "word/document.xml");
    let footer = part(bytes, "word/footer1.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut paragraphs, mut rows, mut page) = (Vec::new(), Vec::new(), Vec::new());
    let (mut text, mut cell, mut row) = (String::new(), String::new(), Vec::new());
    let (mut in_table, mut in_text) = (0, false);
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) => match e.name().into_inner() {
                "w:tbl" => in_table += 1,
                "w:p" => text.clear(),
                "w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().into_inner() {
                "w:br" => text.push('\n'),
                "w:pgSz" | "w:pgMar" => page.extend(attributes(&e)),
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t),
            Event::GeneralRef(r) if in_text => {
                text.push_str(&format!("&{};", &*r));
            }
            Event::End(e) => match e.name().into_inner() {
                "w:t" => in_text = false,
                "w:p" => {
                    let text = quick_xml::escape::unescape(&text).unwrap().into_owned();
                    if in_table > 0 {
                        cell.push_str(&text);
                    } else {
                        paragraphs.push(text);
                    }
                }
                "w:tc" => row.push(std::mem::take(&mut cell)),
                "w:tr" => rows.push(std::mem::take(&mut row)),
                "w:tbl" => in_table -= 1,
                _ => {}
            },
            _ => {}
        }
    }
    Docx {
        xml,
        paragraphs,
        rows,
        page,
        footer,
    }
}

#[test]
fn docx_notice_reads_back_as_an_official_document() {
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let bytes = render(
        &review,
        ExportFormat::Docx,
        StatusFilter::Confirmed,
        Lang::Zh,
    );
    let docx = read_docx(&bytes);
    let paragraphs: Vec<&str> = docx
        .paragraphs
        .iter()
        .map(String::as_str)
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(
        paragraphs[..6],
        [
            "某政办函〔2024〕1号",
            "关于政府信息公开工作年度报告问题整改的通知",
            "乌拉特中旗司法局：",
            "经审核，贵单位报送的政府信息公开工作年度报告存在以下问题，请逐项核实整改，并重新报送。",
            "乌拉特中旗司法局2023年政府信息公开工作年度报告",
            "以上共 1 个问题。",
        ]
    );
    assert_eq!(
        paragraphs[6..10],
        [
            "请于2024年5月21日前完成整改，将整改情况和更正后的年度报告报送我单位。",
            "联系人：张三，0471-1234567",
            "某某市人民政府办公室",
            "2024年5月6日",
        ]
    );
    assert_eq!(paragraphs[10], "某政办函〔2024〕2号", "the second agency");
    assert_eq!(paragraphs.len(), 20, "two notices of ten paragraphs");
    // One table per report: the heading row, then the flags.
    assert_eq!(docx.rows.len(), 4);
    assert_eq!(
        docx.rows[0],
        [
            "序号",
            "位置",
            "规则名称",
            "级别",
            "问题描述",
            "证据",
            "批注"
        ]
    );
    assert_eq!(
        docx.rows[1],
        [
            "1",
            "第7行第60列",
            "统计期限首尾颠倒",
            "错误",
            "统计期限的结束日期（2022年12月31日）早于开始日期（2023年1月1日）",
            "开始日期：2023-01-01；结束日期：2022-12-31",
            "年份写反",
        ]
    );
    assert_eq!(docx.rows[3][2], "表格标签与模板不符");
    // A4, margins 37/26/35/28 mm (top, right, bottom, left) in twips.
    let page = |name: &str| {
        docx.page
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap()
    };
    assert_eq!((page("w:w"), page("w:h")), ("11906", "16838"));
    assert_eq!(
        [
            page("w:top"),
            page("w:right"),
            page("w:bottom"),
            page("w:left")
        ],
        ["2098", "1474", "1984", "1587"]
    );
    // Each agency on its own page, the table heading repeated, the official fonts.
    assert_eq!(docx.xml.matches("<w:pageBreakBefore/>").count(), 1);
    assert_eq!(docx.xml.matches("<w:tblHeader/>").count(), 2);
    assert!(docx.xml.contains("w:eastAsia=\"方正小标宋简体\""));
    assert!(docx.xml.contains("<w:sz w:val=\"44\"/>"), "title in 二号");
    assert!(docx.xml.contains("w:eastAsia=\"仿宋\""));
    assert!(docx.xml.contains("<w:footerReference w:type=\"default\""));
    // The footer prints the page number: a PAGE field between dashes.
    assert!(docx
        .footer
        .contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    assert!(docx.footer.contains("w:fldCharType=\"begin\""));
    assert!(docx.footer.contains("— "));
    // The same review gives the same bytes.
    assert_eq!(
        bytes,
        render(
            &review,
            ExportFormat::Docx,
            StatusFilter::Confirmed,
            Lang::Zh
        )
    );
}

#[test]
fn docx_escapes_hostile_text_and_keeps_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let review = hostile_review(dir.path());
    let bytes = render(&review, ExportFormat::Docx, StatusFilter::All, Lang::Zh);
    let docx = read_docx(&bytes);
    let evil = docx
        .rows
        .iter()
        .find(|r| r[4].starts_with("=HYPERLINK("))
        .unwrap();
    assert_eq!(evil[7], "-2+3 </td><img src=x onerror=alert(1)>\n第二行");
    assert!(docx.paragraphs.iter().any(|p| p.contains("<script>")));
    for text in docx.paragraphs.iter().chain(docx.rows.iter().flatten()) {
        assert!(!has_controls(text), "{text:?}");
    }
}

#[test]
fn xlsx_prints_on_a4_landscape_one_page_wide() {
    use quick_xml::events::Event;
    let dir = tempfile::tempdir().unwrap();
    let review = review(&reports(), dir.path());
    let bytes = render(&review, ExportFormat::Xlsx, StatusFilter::All, Lang::Zh);
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = part(&bytes, sheet);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut setup, mut fit, mut footer, mut in_footer) = (None, false, String::new(), false);
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                Event::Empty(e) if e.name().into_inner() == "pageSetup" => {
                    setup = Some(attributes(&e))
                }
                Event::Empty(e) if e.name().into_inner() == "pageSetUpPr" => {
                    fit = attributes(&e).contains(&("fitToPage".into(), "1".into()));
                }
                Event::Start(e) if e.name().into_inner() == "oddFooter" => in_footer = true,
                Event::End(e) if e.name().into_inner() == "oddFooter" => in_footer = false,
                Event::Text(t) if in_footer => footer.push_str(&t),
                Event::GeneralRef(r) if in_footer => footer.push_str(&format!("&{};", &*r)),
                _ => {}
            }
        }
        let setup = setup.unwrap_or_else(|| panic!("{sheet}: no pageSetup"));
        for expected in [
            ("paperSize", "9"),
            ("orientation", "landscape"),
            ("fitToHeight", "0"),
        ] {
            assert!(
                setup.contains(&(expected.0.to_string(), expected.1.to_string())),
                "{sheet}: {expected:?} in {setup:?}"
            );
        }
        // fitToWidth is 1 by default and then omitted.
        assert!(!setup.iter().any(|(k, v)| k == "fitToWidth" && v != "1"));
        assert!(fit, "{sheet}: fit to page");
        let footer = quick_xml::escape::unescape(&footer).unwrap().into_owned();
        assert!(footer.contains("&P") && footer.contains("&N"), "{footer}");
    }
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">问题清单!$2:$2</definedName>"
        ),
        "{workbook}"
    );
    assert!(workbook.contains("localSheetId=\"1\">汇总!$1:$1</definedName>"));
    assert!(part(&bytes, "xl/styles.xml").contains("<name val=\"宋体\"/>"));
}

/// The words of a notice a reader sees: the html without its style sheet, the Markdown without
/// its `<style>` line, the docx's paragraphs and cells.
fn notice_text(review: &Review, format: ExportFormat, status: StatusFilter, lang: Lang) -> String {
    let bytes = render(review, format, status, lang);
    match format {
        ExportFormat::Docx => {
            let docx = read_docx(&bytes);
            docx.paragraphs
                .into_iter()
                .chain(docx.rows.into_iter().flatten())
                .collect::<Vec<_>>()
                .join("\n")
        }
        _ => {
            let text = String::from_utf8(bytes).unwrap();
            let start = text.find("<style>").unwrap();
            let end = text.find("</style>").unwrap();
            format!("{}{}", &text[..start], &text[end..])
        }
    }
}

#[test]
fn no_notice_shows_a_rule_code_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = reports();
    // Evidence with structure: the place, a list of records, a list of values.
    all.push(report(
        "t3.txt",
        "测试局",
        2023,
        vec![flag(
            "table3-balance",
            Severity::Error,
            Location::line(40),
            "表三「自然人」列不平衡",
            "table 3, column 自然人 does not balance",
            evidence(&[
                ("table", "t3".into()),
                ("row", "（一）予以公开".into()),
                ("column", "自然人".into()),
                (
                    "left",
                    serde_json::json!([{"label": "本年新收", "value": 62}, {"label": "上年结转", "value": 0}]),
                ),
                (
                    "right",
                    serde_json::json!([{"label": "总计", "value": 61}, {"label": "结转", "value": 0}]),
                ),
                ("left_sum", 62.into()),
                ("right_sum", 61.into()),
                ("order", serde_json::json!([1, 3, 2])),
            ]),
            0x7777_0000_0000_0001,
        )],
    ));
    // A cell of a .docx report's table: placed by the file's own row and page.
    let cell = Location {
        source: Some(nianbao::flag::SourcePlace {
            page: Some(3),
            table: 2,
            template_table: Some(3),
            row: 12,
            end_row: None,
            column: Some(4),
        }),
        ..Location::at(41, 9)
    };
    all.push(report(
        "t3.docx",
        "测试局",
        2024,
        vec![flag(
            "negative-value",
            Severity::Error,
            cell,
            "表三“（一）予以公开”行“自然人”列为负数",
            "a negative value in table 3",
            evidence(&[
                ("table", "t3".into()),
                ("row", "（一）予以公开".into()),
                ("column", "自然人".into()),
                ("value", (-1).into()),
            ]),
            0x7777_0000_0000_0002,
        )],
    ));
    let review = review(&all, dir.path());
    let codes: Vec<&str> = nianbao::rules::catalogue::metas().map(|m| m.code).collect();
    assert!(codes.contains(&"table3-balance"));
    for format in [
        ExportFormat::Docx,
        ExportFormat::Html,
        ExportFormat::Markdown,
    ] {
        for lang in [Lang::Zh, Lang::En] {
            let text = notice_text(&review, format, StatusFilter::All, lang);
            assert!(text.contains("自然人"), "{format:?}: the flag is there");
            for code in &codes {
                assert!(!text.contains(code), "{format:?} {lang:?} shows {code}");
            }
            assert!(
                !text.contains('{') && !text.contains('}'),
                "{format:?} {lang:?}: JSON syntax in {text}"
            );
        }
        let zh = notice_text(&review, format, StatusFilter::All, Lang::Zh);
        assert!(
            zh.contains("表三 “（一）予以公开”行 自然人列（第40行）"),
            "{format:?}: the place as the agency sees it"
        );
        assert!(
            zh.contains("表三 第12行“（一）予以公开” 自然人列（第3页）"),
            "{format:?}: a docx cell as the agency sees it"
        );
        assert!(
            zh.contains(
                "表三“自然人”列：本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0；顺序：1、3、2"
            ),
            "{format:?}: the failed identity as one sentence with both sides"
        );
        assert!(zh.contains("测试局2023年政府信息公开工作年度报告"));
    }
    // csv and xlsx share the renderer with the notices.
    let csv = text(&review, ExportFormat::Csv, StatusFilter::All, Lang::Zh);
    assert!(
        csv.contains("表三“自然人”列：本年新收 62 + 上年结转 0 ≠ 总计 61 + 结转 0"),
        "{csv}"
    );
}

#[test]
fn a_report_status_reaches_every_row_of_its_report_and_the_notice() {
    let dir = tempfile::tempdir().unwrap();
    let reports = reports();
    let mut store = TriageStore::open_on(dir.path(), "张三", "PC-01").unwrap();
    let returned = store
        .decide_report(reference(&reports[0]), Action::Return)
        .with_note("表三请重新填报");
    store.record(returned).unwrap();
    let review = Review::build(&reports, &store);
    // A status is not a flag: as many rows as without it.
    let flags: usize = reports.iter().map(|r| r.flags.len()).sum();
    assert_eq!(review.rows.len(), flags);
    for row in &review.rows {
        let expected = row.file == reports[0].file;
        assert_eq!(row.report_status.is_some(), expected, "{}", row.file);
    }
    let csv = String::from_utf8(render(
        &review,
        ExportFormat::Csv,
        StatusFilter::All,
        Lang::Zh,
    ))
    .unwrap();
    let returned_rows = csv
        .lines()
        .filter(|l| l.ends_with(",退回整改：表三请重新填报"))
        .count();
    assert_eq!(returned_rows, reports[0].flags.len(), "{csv}");
    let notice = String::from_utf8(render(
        &review,
        ExportFormat::Markdown,
        StatusFilter::All,
        Lang::Zh,
    ))
    .unwrap();
    assert!(
        notice.contains("年度报告（退回整改：表三请重新填报）"),
        "{notice}"
    );
    let json = String::from_utf8(render(
        &review,
        ExportFormat::Json,
        StatusFilter::All,
        Lang::En,
    ))
    .unwrap();
    assert!(json.contains("\"report_status\": \"returned\""), "{json}");

    // The summary sheet says it beside the counts of the report's agency and year.
    let mut book = workbook(render(
        &review,
        ExportFormat::Xlsx,
        StatusFilter::All,
        Lang::Zh,
    ));
    let summary = book.worksheet_range("汇总").unwrap();
    let agency = reports[0].agency.clone().unwrap_or_default();
    let lines: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let column = lines[0]
        .iter()
        .position(|h| h == "报告状态")
        .expect("报告状态");
    let of_agency: Vec<&Vec<String>> = lines.iter().filter(|l| l[0] == agency).collect();
    assert!(!of_agency.is_empty(), "{lines:?}");
    for line in &of_agency {
        assert_eq!(line[column], "退回整改：表三请重新填报", "{line:?}");
    }
    assert!(
        lines[1..]
            .iter()
            .filter(|l| l[0] != agency)
            .all(|l| l.get(column).is_none_or(String::is_empty)),
        "{lines:?}"
    );
}
