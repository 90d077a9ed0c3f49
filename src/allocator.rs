//! The binaries' global allocator (`nianbao`, `nianbao-cross-bench`): mimalloc, called the way
//! the system allocator is.
//!
//! A check allocates about a thousand small strings per report (cells, labels, messages) on both
//! cores at once; mimalloc's per-thread heaps do that about a tenth faster than the system
//! allocator (bench/check.sh), with the same output. The `mimalloc` crate's wrapper asks for
//! every block through `mi_malloc_aligned`, whose fast path covers only blocks up to 1 KiB: a
//! larger block whose size is not a power of two takes the generic aligned path, which
//! over-allocates (about 200 instructions a call, ~1 % of a check's instructions). mimalloc is a
//! conforming `malloc` (blocks aligned for any object that fits in them, `MI_MAX_ALIGN_SIZE` =
//! 16 on the platforms we build for), so, as the standard library's `System` does with `malloc`,
//! a layout whose alignment is at most 16 and at most its size goes to plain `mi_malloc` /
//! `mi_realloc`; any other to the aligned calls.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as ffi;

/// The alignment every `mi_malloc` block of at least that size has (mimalloc's
/// `MI_MAX_ALIGN_SIZE`, `sizeof(max_align_t)`).
const MALLOC_ALIGN: usize = 16;

/// mimalloc, with plain calls where `malloc`'s alignment suffices.
pub struct MiMalloc;

/// Whether `malloc`'s guarantee covers a block of `size` bytes aligned to `align`.
fn malloc_aligns(align: usize, size: usize) -> bool {
    align <= MALLOC_ALIGN && align <= size
}

// SAFETY: every call forwards to mimalloc, which returns null or a block of at least the
// requested size aligned as asked (plain calls only when `malloc_aligns` says its guarantee
// covers the layout); blocks are freed with `mi_free`, which takes blocks from either kind of
// call.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if malloc_aligns(layout.align(), layout.size()) {
            ffi::mi_malloc(layout.size()).cast()
        } else {
            ffi::mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if malloc_aligns(layout.align(), layout.size()) {
            ffi::mi_zalloc(layout.size()).cast()
        } else {
            ffi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        ffi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if malloc_aligns(layout.align(), new_size) {
            ffi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
        } else {
            ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size around mimalloc's small/large boundary and every alignment up to a
    /// page come back aligned, keep their bytes through growing and shrinking, and zeroed ones
    /// are zero.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let allocator = MiMalloc;
        let sizes = (1..=80)
            .chain((1000..=1100).step_by(7))
            .chain([4095, 4097, 70_000]);
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).expect("valid layout");
                // SAFETY: non-zero sizes; every block is written within its size and freed once
                // with its current layout.
                unsafe {
                    let zeroed = allocator.alloc_zeroed(layout);
                    assert!(!zeroed.is_null());
                    assert_eq!(zeroed as usize % align, 0, "zeroed {size}/{align}");
                    assert!((0..size).all(|i| *zeroed.add(i) == 0));
                    allocator.dealloc(zeroed, layout);

                    let block = allocator.alloc(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "{size}/{align}");
                    for i in 0..size {
                        *block.add(i) = i as u8;
                    }
                    let grown_size = size * 3 + 1000;
                    let grown = allocator.realloc(block, layout, grown_size);
                    assert!(!grown.is_null());
                    assert_eq!(grown as usize % align, 0, "grown {size}/{align}");
                    assert!((0..size).all(|i| *grown.add(i) == i as u8));
                    let grown_layout = Layout::from_size_align(grown_size, align).expect("valid");
                    let shrunk_size = size.div_ceil(2);
                    let shrunk = allocator.realloc(grown, grown_layout, shrunk_size);
                    assert!(!shrunk.is_null());
                    assert_eq!(shrunk as usize % align, 0, "shrunk {size}/{align}");
                    assert!((0..shrunk_size).all(|i| *shrunk.add(i) == i as u8));
                    let shrunk_layout = Layout::from_size_align(shrunk_size, align).expect("valid");
                    allocator.dealloc(shrunk, shrunk_layout);
                }
            }
        }
    }
}
