//! Panics of the format crates, contained: caught where a reader calls the crate, and kept off
//! the terminal.
//!
//! Some of the crates a reader hands a file to panic on malformed input (`pdf-extract`,
//! `adobe-cmap-parser`). A reader calls them through [`catch`], which turns the panic into a
//! value the reader reports as an `unreadable-file` flag. The panic hook runs before the
//! unwinding reaches `catch`, though: the standard hook prints the crate's message on stderr
//! (noise over `check`'s output, and text over the dashboard's screen), and the dashboard's
//! hook restores the terminal, which would leave the dashboard drawing on the shell's screen
//! for the rest of the session. So the hooks ask [`is_containing`] and stay silent for a panic
//! that will be caught: [`install_quiet_hook`] wraps the standard hook, and the dashboard's
//! own hook asks before restoring the terminal.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `read`, catching a panic: `None` if it panicked.
///
/// `read` is asserted unwind-safe: what it reads is the file's bytes, and what it builds is
/// dropped with the panic.
pub fn catch<T>(read: impl FnOnce() -> T) -> Option<T> {
    DEPTH.with(|depth| depth.set(depth.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(read));
    DEPTH.with(|depth| depth.set(depth.get() - 1));
    result.ok()
}

/// Whether a panic on this thread now would be caught by [`catch`]: a panic hook stays silent.
pub fn is_containing() -> bool {
    DEPTH.with(|depth| depth.get() > 0)
}

/// Wraps the process's panic hook so that it stays silent for a contained panic and reports
/// every other one as before.
pub fn install_quiet_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_containing() {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_caught_and_the_thread_is_no_longer_containing_after() {
        assert!(!is_containing());
        assert_eq!(catch(is_containing), Some(true));
        assert!(!is_containing());
        let caught: Option<()> = catch(|| panic!("malformed"));
        assert_eq!(caught, None);
        assert!(!is_containing(), "the depth is restored after a panic");
        // Nested: the outer call still contains after the inner one returns.
        assert_eq!(
            catch(|| (catch(|| 1), is_containing())),
            Some((Some(1), true))
        );
    }

    #[test]
    fn containing_is_per_thread() {
        let other = catch(|| std::thread::spawn(is_containing).join().ok());
        assert_eq!(other, Some(Some(false)));
    }
}
