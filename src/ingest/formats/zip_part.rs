//! Reading the parts of a zip package (.docx, .xlsx) within a budget of uncompressed bytes.
//!
//! A zip bomb is a few kilobytes that unpack to gigabytes. The sizes a zip declares can lie, so
//! the budget is enforced on the bytes actually inflated: reading stops one byte past it.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::FormatError;

/// A zip package and what is left of its budget.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    remaining: u64,
    limit: u64,
}

impl<'a> Package<'a> {
    /// Opens a package; `limit` caps the uncompressed bytes read from all its parts together.
    pub fn open(bytes: &'a [u8], limit: u64) -> Result<Package<'a>, FormatError> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| FormatError::NotZip(e.to_string()))?;
        Ok(Package {
            archive,
            remaining: limit,
            limit,
        })
    }

    /// Whether the package has a part of this name.
    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The bytes of a part, `None` when there is no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatError> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| FormatError::NotZip(e.to_string()))?;
        if entry.size() > self.remaining {
            return Err(FormatError::TooMuchData { limit: self.limit });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .take(self.remaining.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| FormatError::NotZip(format!("{name}: {e}")))?;
        let read = bytes.len() as u64;
        if read > self.remaining {
            return Err(FormatError::TooMuchData { limit: self.limit });
        }
        self.remaining -= read;
        Ok(Some(bytes))
    }

    /// The text of an XML part (UTF-8, with or without a BOM).
    pub fn xml(&mut self, name: &str) -> Result<Option<String>, FormatError> {
        let Some(bytes) = self.part(name)? else {
            return Ok(None);
        };
        let bytes = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .map(<[u8]>::to_vec)
            .unwrap_or(bytes);
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| FormatError::Xml {
                part: name.to_string(),
                message: "not UTF-8".to_string(),
            })
    }

    /// Inflates every part without keeping it, to prove the whole package fits the budget
    /// before another library (calamine) reads it.
    pub fn check_all(&mut self) -> Result<(), FormatError> {
        for index in 0..self.archive.len() {
            let entry = self
                .archive
                .by_index(index)
                .map_err(|e| FormatError::NotZip(e.to_string()))?;
            let read = std::io::copy(
                &mut entry.take(self.remaining.saturating_add(1)),
                &mut std::io::sink(),
            )
            .map_err(|e| FormatError::NotZip(e.to_string()))?;
            if read > self.remaining {
                return Err(FormatError::TooMuchData { limit: self.limit });
            }
            self.remaining -= read;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A zip package of the given parts (deflated).
    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            writer.start_file(*name, options).expect("start part");
            writer.write_all(bytes).expect("write part");
        }
        writer.finish().expect("finish zip").into_inner()
    }

    #[test]
    fn a_part_over_the_budget_is_a_zip_bomb() {
        let zeros = vec![0u8; 200_000];
        let bytes = zip_of(&[("word/document.xml", &zeros)]);
        assert!(bytes.len() < 10_000, "compresses well: {}", bytes.len());
        let mut package = Package::open(&bytes, 100_000).expect("a zip");
        assert_eq!(
            package.part("word/document.xml"),
            Err(FormatError::TooMuchData { limit: 100_000 })
        );
        let mut package = Package::open(&bytes, 100_000).expect("a zip");
        assert_eq!(
            package.check_all(),
            Err(FormatError::TooMuchData { limit: 100_000 })
        );
        let mut roomy = Package::open(&bytes, 200_000).expect("a zip");
        assert_eq!(
            roomy.part("word/document.xml").map(|p| p.map(|b| b.len())),
            Ok(Some(200_000))
        );
        assert_eq!(roomy.part("missing.xml"), Ok(None));
    }

    #[test]
    fn the_budget_is_shared_by_all_parts() {
        let part = vec![b'a'; 60_000];
        let bytes = zip_of(&[("a.xml", &part), ("b.xml", &part)]);
        let mut package = Package::open(&bytes, 100_000).expect("a zip");
        assert!(package.part("a.xml").is_ok());
        assert_eq!(
            package.part("b.xml"),
            Err(FormatError::TooMuchData { limit: 100_000 })
        );
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_an_error() {
        assert!(matches!(
            Package::open(b"\x89PNG\r\n\x1a\n not a zip", 1000),
            Err(FormatError::NotZip(_))
        ));
    }
}
