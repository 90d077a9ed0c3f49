//! What the dashboard keeps for every report of its inbox, measured in the blocks of this
//! binary's allocator (mimalloc): a reserve kept with each of 100,000 reports is tens of MiB.

use nianbao::ingest::SourceEncoding;
use nianbao::report::parse::parse_text;
use nianbao::versions::Content;

extern "C" {
    // mimalloc's own (in the C library libmimalloc-sys links; the crate declares it only
    // with its `extended` feature, which the build does not need).
    fn mi_usable_size(p: *const std::ffi::c_void) -> usize;
}

/// The bytes mimalloc gave the block that holds `ptr`.
fn block_size<T>(ptr: *const T) -> usize {
    // SAFETY: `ptr` is the start of a live heap block that this binary's global allocator
    // (mimalloc) handed out; `mi_usable_size` only reads the allocator's bookkeeping of it.
    unsafe { mi_usable_size(ptr.cast()) }
}

/// A block of `len` bytes once mimalloc has rounded it to its size class (classes are at
/// most an eighth apart above 64 bytes).
fn at_most_rounded(len: usize) -> usize {
    len + len / 8 + 16
}

#[test]
fn version_content_is_kept_in_blocks_of_its_own_size() {
    let text = include_str!("../../tests/fixtures/bases/clean-2021-template.txt");
    let report = parse_text(text, SourceEncoding::Utf8);
    let content = Content::of(&report);
    assert!(content.rows().count() > 20 && content.paragraphs().count() > 5);
    for (name, (start, len)) in ["rows", "paragraphs", "text"]
        .into_iter()
        .zip(content.blocks())
    {
        assert!(
            block_size(start) <= at_most_rounded(len),
            "{name}: {len} bytes in a block of {}",
            block_size(start)
        );
    }
}
