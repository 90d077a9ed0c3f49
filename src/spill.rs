//! Temporary files that a run writes to what it need not keep in memory until the end: the
//! `check` output's formatted flags waiting for the cross-report flags, and the cross index's
//! facts waiting to be judged. A file lives in the temporary folder, belongs to this process,
//! and is removed when dropped.

use std::fs::File;
use std::io;
use std::path::PathBuf;

/// A temporary file, removed when dropped.
#[derive(Debug)]
pub struct SpillFile {
    path: PathBuf,
    file: File,
}

impl SpillFile {
    /// A new file in the temporary folder, readable and writable, named after `what` and this
    /// process (a name already taken by another file is never opened).
    pub fn create(what: &str) -> io::Result<SpillFile> {
        let dir = std::env::temp_dir();
        let pid = std::process::id();
        for attempt in 0u32..1000 {
            let path = dir.join(format!(".nianbao-{what}-{pid}-{attempt}.spill"));
            match File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => return Ok(SpillFile { path, file }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no spill file name left"))
    }

    pub fn file(&self) -> &File {
        &self.file
    }

    /// Fills `buf` from `offset` without moving the file's position: several threads may read
    /// one file at once.
    pub fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            std::os::unix::fs::FileExt::read_exact_at(&self.file, buf, offset)
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::FileExt;
            let (mut buf, mut offset) = (buf, offset);
            while !buf.is_empty() {
                match self.file.seek_read(buf, offset) {
                    Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                    Ok(n) => {
                        buf = &mut buf[n..];
                        offset += n as u64;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
impl SpillFile {
    /// The same file opened again, for reading only (writes to it fail).
    pub(crate) fn reopened_read_only(&self) -> io::Result<SpillFile> {
        Ok(SpillFile {
            path: self.path.clone(),
            file: File::open(&self.path)?,
        })
    }
}

impl Drop for SpillFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_spill_file_reads_back_at_any_offset_and_is_gone_when_dropped() {
        let spill = SpillFile::create("test").expect("temp folder writable");
        let path = spill.path.clone();
        spill.file().write_all(b"0123456789").expect("write");
        let mut buf = [0u8; 4];
        spill.read_exact_at(&mut buf, 3).expect("read");
        assert_eq!(&buf, b"3456");
        assert!(spill.read_exact_at(&mut buf, 8).is_err(), "past the end");
        let other = SpillFile::create("test").expect("second file");
        assert_ne!(other.path, path);
        drop(spill);
        assert!(!path.exists());
    }
}
