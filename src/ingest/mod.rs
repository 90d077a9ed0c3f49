//! Ingest: files on disk to decoded text.
//!
//! Reads a file within a size limit (one function, [`read_bytes`], for every reader: it never
//! blocks on a FIFO, refuses what is not a regular file by looking at the file it opened, and
//! never reads past the limit), recognises content that is not text (binary, a DOCX or
//! PDF container), detects the encoding (UTF-8 with or without BOM, UTF-16, GB18030 and its GBK
//! subset, other legacy encodings as a last resort) and decodes it. Nothing here fails silently
//! and nothing panics: every reason a file cannot be read becomes a [`ReadFailure`], which the
//! pipeline turns into one `unreadable-file` flag while the other files are still checked.

pub mod contained;
pub mod decode;
pub mod formats;
pub mod walk;

use std::fs::File;
use std::path::Path;
use std::time::SystemTime;

use serde::{Serialize, Serializer};

pub use decode::{decode, decode_owned};
pub use walk::{walk, WalkEntry};

/// The default largest file read: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How the bytes of a file were decoded.
///
/// Serialised as a stable lowercase id: `utf8`, `utf8-bom`, `utf16-le`, `utf16-be`, `gb18030`,
/// or the lowercase WHATWG name of another legacy encoding (`big5`, `shift_jis` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SourceEncoding {
    #[default]
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// GB18030 or its GBK / GB2312 subsets (one decoder reads all three).
    Gb18030,
    /// Another legacy encoding chosen by detection (its WHATWG name): rare for these reports,
    /// kept so that such a file is read and judged rather than rejected.
    Other(&'static str),
}

impl SourceEncoding {
    /// Whether the text was not UTF-8 (rule `legacy-encoding`).
    pub fn is_legacy(self) -> bool {
        !matches!(self, SourceEncoding::Utf8 | SourceEncoding::Utf8Bom)
    }

    /// The name shown to people: `UTF-8`, `GB18030` …
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 (BOM)",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
            SourceEncoding::Other(name) => name,
        }
    }

    /// The stable id used in machine output.
    pub fn id(self) -> String {
        match self {
            SourceEncoding::Utf8 => "utf8".to_string(),
            SourceEncoding::Utf8Bom => "utf8-bom".to_string(),
            SourceEncoding::Utf16Le => "utf16-le".to_string(),
            SourceEncoding::Utf16Be => "utf16-be".to_string(),
            SourceEncoding::Gb18030 => "gb18030".to_string(),
            SourceEncoding::Other(name) => name.to_ascii_lowercase(),
        }
    }
}

impl Serialize for SourceEncoding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.id())
    }
}

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReadFailure {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds only whitespace")]
    Blank,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is binary ({what}), not text")]
    Binary { what: String },
    #[error(
        "the text could not be decoded as UTF-8, UTF-16 or GB18030 ({errors} decoding errors)"
    )]
    Undecodable { errors: usize },
    #[error("the folder leads back into itself (a directory loop)")]
    DirectoryLoop,
    #[error("not a regular file (a device, pipe or socket)")]
    NotRegular,
    #[error("permission denied")]
    PermissionDenied,
    #[error("the file could not be read: {message}")]
    Io { message: String },
    #[error("the file disappeared before it could be read")]
    Vanished,
    #[error("the path is too long to be opened")]
    PathTooLong,
    #[error("a symbolic link leading outside the folder checked ({target}): not followed")]
    LinkOutside {
        /// Where the link leads, made safe to show.
        target: String,
    },
    #[error("a symbolic link where the file itself was expected: not followed")]
    SymbolicLink,
    #[error("the file is {}: {}", .format.names().1, .format.advice().1)]
    Unsupported { format: formats::Unsupported },
    #[error("the {format} file could not be parsed: {reason}")]
    Malformed {
        format: String,
        reason: String,
        #[serde(skip)]
        reason_zh: String,
    },
}

impl ReadFailure {
    /// A short reason in Chinese for messages.
    pub fn reason_zh(&self) -> String {
        match self {
            ReadFailure::Empty => "文件为空".to_string(),
            ReadFailure::Blank => "文件只有空白字符".to_string(),
            ReadFailure::TooLarge { size, limit } => {
                format!("文件大小 {size} 字节，超过上限 {limit} 字节")
            }
            ReadFailure::Binary { what } => format!("文件不是文本（{what}）"),
            ReadFailure::Undecodable { errors } => {
                format!("无法按 UTF-8、UTF-16 或 GB18030 解码（{errors} 处解码错误）")
            }
            ReadFailure::DirectoryLoop => "目录循环（文件夹链接指回自身）".to_string(),
            ReadFailure::NotRegular => "不是普通文件（设备、管道或套接字）".to_string(),
            ReadFailure::PermissionDenied => "没有读取权限".to_string(),
            ReadFailure::Io { message } => format!("读取失败：{message}"),
            ReadFailure::Vanished => "读取前文件已被删除或移走".to_string(),
            ReadFailure::PathTooLong => "路径过长，无法打开".to_string(),
            ReadFailure::LinkOutside { target } => {
                format!("符号链接指向所检查的文件夹之外（{target}），未跟随")
            }
            ReadFailure::SymbolicLink => "此处应为文件本身，却是符号链接，未跟随".to_string(),
            ReadFailure::Unsupported { format } => {
                format!("文件是{}，{}", format.names().0, format.advice().0)
            }
            ReadFailure::Malformed {
                format, reason_zh, ..
            } => format!("{format} 文件无法解析：{reason_zh}"),
        }
    }

    /// The stable kebab-case name of the kind of failure (fingerprints, machine output).
    pub fn kind(&self) -> &'static str {
        match self {
            ReadFailure::Empty => "empty",
            ReadFailure::Blank => "blank",
            ReadFailure::TooLarge { .. } => "too-large",
            ReadFailure::Binary { .. } => "binary",
            ReadFailure::Undecodable { .. } => "undecodable",
            ReadFailure::DirectoryLoop => "directory-loop",
            ReadFailure::NotRegular => "not-regular",
            ReadFailure::PermissionDenied => "permission-denied",
            ReadFailure::Io { .. } => "io",
            ReadFailure::Vanished => "vanished",
            ReadFailure::PathTooLong => "path-too-long",
            ReadFailure::LinkOutside { .. } => "link-outside",
            ReadFailure::SymbolicLink => "symbolic-link",
            ReadFailure::Unsupported { .. } => "unsupported-format",
            ReadFailure::Malformed { .. } => "malformed",
        }
    }
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: SourceEncoding,
    /// Byte sequences that could not be decoded and were replaced by U+FFFD (a few are
    /// tolerated: a file cut in the middle of a character, a damaged byte).
    pub replaced: usize,
}

/// Limits on what is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are not read.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads and decodes one file.
pub fn read_file(path: &Path, limits: Limits) -> Result<Decoded, ReadFailure> {
    let bytes = read_bytes(path, limits)?;
    decode_owned(bytes)
}

/// Whether [`open_for_reading`] may follow the path if it is a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow it: the walk has already judged where the link leads.
    Follow,
    /// Refuse it (`O_NOFOLLOW`): for a path that must be the file itself, never a link.
    Refuse,
}

/// Reads a file's bytes within the size limit: the one way every reader of a report opens it.
///
/// The path is looked at first, so that what is plainly not a regular file (a device, whose
/// opening alone may act) is never opened. That look is not what protects the read, since the
/// path may be replaced right after it: see [`open_for_reading`] and [`read_open`], the open
/// never blocks, the type is judged again on the file opened, and at most the limit plus one
/// byte is read.
pub fn read_bytes(path: &Path, limits: Limits) -> Result<Vec<u8>, ReadFailure> {
    read_dated(path, limits).map(|(bytes, _)| bytes)
}

/// Reads a file's bytes as [`read_bytes`] does, with its modification time as the opened file
/// gave it (the status that judged it regular): a reader that needs the time too (the cross
/// facts) does not ask the path for it again.
pub fn read_dated(
    path: &Path,
    limits: Limits,
) -> Result<(Vec<u8>, Option<SystemTime>), ReadFailure> {
    let meta = std::fs::metadata(path).map_err(|e| io_failure(&e))?;
    regular(&meta)?;
    read_listed(path, limits)
}

/// Reads a file as [`read_dated`] does, without its look at the path first: for a path the walk
/// has just looked at and listed as a regular file ([`WalkEntry::File`]). That look is the guard
/// against opening a device; another one moments later would guard no better, since the path
/// may be replaced after either. The opened file is judged as always (see [`read_open`]).
pub fn read_listed(
    path: &Path,
    limits: Limits,
) -> Result<(Vec<u8>, Option<SystemTime>), ReadFailure> {
    read_open_dated(open_for_reading(path, Links::Follow)?, limits)
}

/// Refuses what is not a regular file: a folder, or a FIFO, device or socket.
fn regular(meta: &std::fs::Metadata) -> Result<(), ReadFailure> {
    if meta.is_dir() {
        return Err(ReadFailure::Io {
            message: "is a folder".to_string(),
        });
    }
    if !meta.is_file() {
        return Err(ReadFailure::NotRegular);
    }
    Ok(())
}

/// Opens a path for reading without ever blocking.
///
/// The open is non-blocking because opening a FIFO without a writer waits for one forever; a
/// FIFO (or a device) is then refused by [`read_open`], which judges the opened file. The
/// non-blocking mode changes nothing for a regular file.
#[cfg(unix)]
pub fn open_for_reading(path: &Path, links: Links) -> Result<File, ReadFailure> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if links == Links::Refuse {
        flags |= libc::O_NOFOLLOW;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| {
            // O_NOFOLLOW on a link fails with ELOOP.
            if links == Links::Refuse && e.raw_os_error() == Some(libc::ELOOP) {
                ReadFailure::SymbolicLink
            } else {
                io_failure(&e)
            }
        })
}

/// See the Unix version. No FIFO blocks an open here; without O_NOFOLLOW a link is refused by a
/// look at the path first (a link swapped in after the look is followed: the best on offer).
#[cfg(not(unix))]
pub fn open_for_reading(path: &Path, links: Links) -> Result<File, ReadFailure> {
    if links == Links::Refuse {
        let meta = std::fs::symlink_metadata(path).map_err(|e| io_failure(&e))?;
        if meta.file_type().is_symlink() {
            return Err(ReadFailure::SymbolicLink);
        }
    }
    File::open(path).map_err(|e| io_failure(&e))
}

/// Reads an opened file within the size limit, if it is a regular file.
///
/// The type is taken from the opened file itself (`fstat`): a FIFO or device renamed over a
/// report after it was listed is refused here, never read (a read of a FIFO would wait for a
/// writer; `/dev/zero` never ends). One byte past the limit is read, so a file that grew after
/// its size was taken is still caught.
pub fn read_open(file: File, limits: Limits) -> Result<Vec<u8>, ReadFailure> {
    read_open_dated(file, limits).map(|(bytes, _)| bytes)
}

/// [`read_open`] with the opened file's own status (`fstat`) taken by the caller already (the
/// watcher keeps it as the stamp of the version read): a second `fstat` of the same file was
/// one system call more for every report.
pub fn read_open_with(
    file: File,
    meta: &std::fs::Metadata,
    limits: Limits,
) -> Result<Vec<u8>, ReadFailure> {
    regular(meta)?;
    if meta.len() > limits.max_bytes {
        return Err(ReadFailure::TooLarge {
            size: meta.len(),
            limit: limits.max_bytes,
        });
    }
    let bytes = read_to_limit(file, meta.len(), limits.max_bytes).map_err(|e| io_failure(&e))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(ReadFailure::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    Ok(bytes)
}

/// [`read_open`], with the file's modification time from the status taken before the read.
fn read_open_dated(
    file: File,
    limits: Limits,
) -> Result<(Vec<u8>, Option<SystemTime>), ReadFailure> {
    let meta = file.metadata().map_err(|e| io_failure(&e))?;
    let bytes = read_open_with(file, &meta, limits)?;
    Ok((bytes, meta.modified().ok()))
}

/// Reads to the end, at most `limit` bytes plus one, in a single read when the file is the
/// `expected` size its status gave.
///
/// One byte more than expected is asked for: a read that stops at exactly the expected size is
/// the end of the file as its status describes it, so no second read is made only to be told
/// so (`read_to_end` makes one, a system call a file). Any other count (the file grew, shrank,
/// or the read stopped short) reads on to the end as `read_to_end` does, so a file that grew
/// past the limit is still caught. A file that grows after the read is the file read a moment
/// earlier, as with any read.
fn read_to_limit(
    mut reader: impl ReadSpare,
    expected: u64,
    limit: u64,
) -> std::io::Result<Vec<u8>> {
    use std::io::Read;

    let asked = expected.min(limit).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(asked).unwrap_or(0));
    let got = reader.read_spare(&mut bytes)?;
    if got as u64 != expected {
        reader
            .take(limit.saturating_add(1) - got as u64)
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// A reader that reads into a vector's spare capacity.
trait ReadSpare: std::io::Read {
    /// One read (retried when interrupted) into the spare capacity of `bytes`, appended to it;
    /// how many bytes were read.
    fn read_spare(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<usize>;
}

/// A file is read into the spare capacity as it is: a buffer zeroed first would cost a pass over
/// every file's bytes before the read writes them.
#[cfg(unix)]
impl ReadSpare for File {
    fn read_spare(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
        use std::os::fd::AsRawFd;
        let spare = bytes.spare_capacity_mut();
        loop {
            // SAFETY: the kernel writes at most `spare.len()` bytes from the start of `spare`,
            // memory the vector owns, and nothing else; the descriptor is the open file's.
            let got =
                unsafe { libc::read(self.as_raw_fd(), spare.as_mut_ptr().cast(), spare.len()) };
            match usize::try_from(got) {
                Ok(got) => {
                    // SAFETY: the read has just initialised the first `got` spare bytes.
                    unsafe { bytes.set_len(bytes.len() + got) };
                    return Ok(got);
                }
                Err(_) => {
                    let error = std::io::Error::last_os_error();
                    if error.kind() != std::io::ErrorKind::Interrupted {
                        return Err(error);
                    }
                }
            }
        }
    }
}

#[cfg(not(unix))]
impl ReadSpare for File {
    fn read_spare(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
        read_spare_zeroed(self, bytes)
    }
}

/// [`ReadSpare::read_spare`] through [`std::io::Read::read`], into a zeroed spare capacity.
#[cfg(any(test, not(unix)))]
fn read_spare_zeroed(
    reader: &mut impl std::io::Read,
    bytes: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let start = bytes.len();
    bytes.resize(bytes.capacity(), 0);
    let got = loop {
        match reader.read(&mut bytes[start..]) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            got => break got,
        }
    };
    bytes.truncate(start + got.as_ref().map_or(0, |&got| got));
    got
}

/// The failure an I/O error stands for.
pub fn io_failure(error: &std::io::Error) -> ReadFailure {
    #[cfg(unix)]
    if error.raw_os_error() == Some(libc::ENAMETOOLONG) {
        return ReadFailure::PathTooLong;
    }
    match error.kind() {
        std::io::ErrorKind::NotFound => ReadFailure::Vanished,
        std::io::ErrorKind::PermissionDenied => ReadFailure::PermissionDenied,
        _ => ReadFailure::Io {
            message: error.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(bytes).expect("write");
        file
    }

    #[test]
    fn reads_a_small_file() {
        let file = temp_file("一、总体情况\n".as_bytes());
        let decoded = read_file(file.path(), Limits::default()).expect("readable");
        assert_eq!(decoded.text, "一、总体情况\n");
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn a_dated_read_gives_the_time_the_path_gives() {
        let file = temp_file(b"abc");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
        file.as_file().set_modified(old).expect("set time");
        let (bytes, modified) = read_dated(file.path(), Limits::default()).expect("readable");
        assert_eq!(bytes, b"abc");
        assert_eq!(modified, Some(old));
        assert_eq!(modified, crate::pipeline::modified_time(file.path()));
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let file = temp_file(&[b'a'; 100]);
        let limits = Limits { max_bytes: 99 };
        assert_eq!(
            read_bytes(file.path(), limits),
            Err(ReadFailure::TooLarge {
                size: 100,
                limit: 99
            })
        );
        let at_limit = Limits { max_bytes: 100 };
        assert_eq!(read_bytes(file.path(), at_limit).map(|b| b.len()), Ok(100));
    }

    /// A reader of `content` that gives at most `chunk` bytes a read (a regular file gives all
    /// it is asked for: `usize::MAX`), counting its reads.
    struct Chunked<'a> {
        content: &'a [u8],
        chunk: usize,
        reads: usize,
    }

    impl ReadSpare for &mut Chunked<'_> {
        fn read_spare(&mut self, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
            read_spare_zeroed(self, bytes)
        }
    }

    impl std::io::Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.reads += 1;
            let n = buf.len().min(self.chunk).min(self.content.len());
            buf[..n].copy_from_slice(&self.content[..n]);
            self.content = &self.content[n..];
            Ok(n)
        }
    }

    /// The mechanism `read_to_limit` replaced.
    fn read_to_end_within(content: &[u8], limit: u64) -> Vec<u8> {
        use std::io::Read;
        let mut bytes = Vec::new();
        content
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .expect("read");
        bytes
    }

    #[test]
    fn a_file_of_the_size_its_status_gave_is_read_in_one_read() {
        let content = [b'a'; 1000];
        let mut reader = Chunked {
            content: &content,
            chunk: usize::MAX,
            reads: 0,
        };
        let bytes = read_to_limit(&mut reader, 1000, 4096).expect("read");
        assert_eq!(bytes.len(), 1000);
        assert_eq!(reader.reads, 1);
    }

    proptest::proptest! {
        #[test]
        fn reading_to_the_limit_reads_what_read_to_end_reads(
            content in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
            expected in 0u64..400,
            limit in 0u64..400,
            chunk in 1usize..400,
        ) {
            let whole = read_to_end_within(&content, limit);
            // A regular file, whatever size its status gave (it may have changed since).
            let mut file = Chunked { content: &content, chunk: usize::MAX, reads: 0 };
            proptest::prop_assert_eq!(&read_to_limit(&mut file, expected, limit).expect("read"), &whole);
            // Short reads, of a file of the size its status gave.
            let mut short = Chunked { content: &content, chunk, reads: 0 };
            let size = content.len() as u64;
            proptest::prop_assert_eq!(&read_to_limit(&mut short, size, limit).expect("read"), &whole);
        }
    }

    #[test]
    fn a_missing_file_has_vanished() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("gone.txt");
        assert_eq!(
            read_file(&path, Limits::default()),
            Err(ReadFailure::Vanished)
        );
    }

    #[test]
    fn a_folder_is_not_read_as_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(matches!(
            read_file(dir.path(), Limits::default()),
            Err(ReadFailure::Io { .. })
        ));
    }

    #[test]
    fn encodings_serialise_as_stable_ids() {
        let json = serde_json::to_string(&[
            SourceEncoding::Utf8,
            SourceEncoding::Utf16Be,
            SourceEncoding::Gb18030,
            SourceEncoding::Other("Big5"),
        ])
        .expect("serialises");
        assert_eq!(json, r#"["utf8","utf16-be","gb18030","big5"]"#);
    }

    #[test]
    fn every_failure_has_reasons_in_both_languages() {
        let failures = [
            ReadFailure::Empty,
            ReadFailure::Blank,
            ReadFailure::TooLarge { size: 2, limit: 1 },
            ReadFailure::Binary {
                what: "PNG".to_string(),
            },
            ReadFailure::Undecodable { errors: 9 },
            ReadFailure::DirectoryLoop,
            ReadFailure::NotRegular,
            ReadFailure::PermissionDenied,
            ReadFailure::Io {
                message: "x".to_string(),
            },
            ReadFailure::Vanished,
            ReadFailure::PathTooLong,
            ReadFailure::LinkOutside {
                target: "/".to_string(),
            },
            ReadFailure::SymbolicLink,
            ReadFailure::Unsupported {
                format: formats::Unsupported::Doc,
            },
            ReadFailure::Malformed {
                format: "HTML".to_string(),
                reason: "x".to_string(),
                reason_zh: "x".to_string(),
            },
        ];
        let mut kinds = std::collections::HashSet::new();
        for failure in failures {
            assert!(!failure.reason_zh().is_empty());
            assert!(!failure.to_string().is_empty());
            assert!(kinds.insert(failure.kind()));
        }
    }
}
