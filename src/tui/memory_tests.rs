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
    let first_row = content
        .rows()
        .first()
        .expect("the template's tables have rows");
    let last_paragraph = content
        .paragraphs()
        .last()
        .expect("the template has paragraphs");
    // The rows' values come first in the content's text and the previews last: the text
    // runs from the first value to the end of the last preview.
    let start = content.values(first_row)[0].as_ptr();
    let last = content.preview(last_paragraph);
    let text_len = last.as_ptr() as usize + last.len() - start as usize;
    assert!(
        block_size(start) <= at_most_rounded(text_len),
        "text of {text_len} bytes in a block of {}",
        block_size(start)
    );
    let paragraphs = content.paragraphs();
    let paragraphs_len = std::mem::size_of_val(paragraphs);
    assert!(
        block_size(paragraphs.as_ptr()) <= at_most_rounded(paragraphs_len),
        "{paragraphs_len} bytes of paragraphs in a block of {}",
        block_size(paragraphs.as_ptr())
    );
}
