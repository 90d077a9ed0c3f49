//! What the console can draw: colour or not (`NO_COLOR`), and box-drawing and block glyphs or
//! plain ASCII (`--ascii`, `NIANBAO_ASCII=1`).
//!
//! Both are applied to the finished frame rather than in every widget: the views draw one way,
//! and [`Console::adapt`] rewrites the buffer before it reaches the terminal. Windows consoles
//! with a CJK code page draw the box and block characters (and other characters of ambiguous
//! East Asian width, such as `…` and `·`) two columns wide, which shifts every line after them;
//! in ASCII mode none of them is left.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// How the dashboard draws on this console.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Console {
    /// No colours: foreground and background reset; a cell that had a background (a
    /// selection, a status badge) is shown reversed instead, so it still stands out.
    pub no_color: bool,
    /// ASCII only: borders of `+ - |`, no block, braille or ambiguous-width glyphs.
    pub ascii: bool,
}

impl Console {
    /// Rewrites a drawn frame for this console.
    pub fn adapt(self, buffer: &mut Buffer) {
        if !self.no_color && !self.ascii {
            return;
        }
        for cell in buffer.content.iter_mut() {
            if self.no_color {
                if cell.bg != Color::Reset {
                    cell.modifier.insert(Modifier::REVERSED);
                }
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
            }
            if self.ascii {
                let symbol = cell.symbol();
                let mut chars = symbol.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if let Some(replacement) = ascii_for(c) {
                        cell.set_char(replacement);
                    }
                }
            }
        }
    }
}

/// The ASCII stand-in for a glyph a console may draw double width, or `None` to keep it.
pub fn ascii_for(c: char) -> Option<char> {
    let replacement = match c {
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '╴' | '╶' | '╸' | '╺' | '╼' | '╾' => {
            '-'
        }
        '═' => '=',
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '║' | '╵' | '╷' | '╹' | '╻' | '╽' | '╿' => {
            '|'
        }
        '╱' => '/',
        '╲' => '\\',
        '╳' => 'x',
        // The rest of the box-drawing block: corners, tees and crosses.
        '\u{2500}'..='\u{257f}' => '+',
        '▀'..='▐' | '▔' | '▕' | '■' => '#',
        // Shades stay apart: the per-agency bars tell statuses by them.
        '░' => ':',
        '▒' => '+',
        '▓' => '=',
        '\u{2800}'..='\u{28ff}' => '*',
        '…' => '~',
        '·' | '•' | '∙' => '.',
        '←' => '<',
        '→' => '>',
        '↑' | '▲' | '△' => '^',
        '↓' | '▼' | '▽' => 'v',
        '►' | '▶' => '>',
        '◄' | '◀' => '<',
        '✓' | '✔' => 'v',
        '✗' | '✘' | '×' => 'x',
        _ => return None,
    };
    Some(replacement)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn frame() -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "┏━…█", Style::new().fg(Color::Red).bg(Color::Blue));
        buffer.set_string(4, 0, "表", Style::new().fg(Color::Green));
        buffer
    }

    #[test]
    fn ascii_mode_leaves_no_box_or_block_glyph() {
        let mut buffer = frame();
        Console {
            no_color: false,
            ascii: true,
        }
        .adapt(&mut buffer);
        let text: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(text, "+-~#表 ", "the wide character keeps its two cells");
        assert_eq!(buffer.content[0].fg, Color::Red, "colours kept");
    }

    #[test]
    fn no_color_resets_colours_and_reverses_backgrounds() {
        let mut buffer = frame();
        Console {
            no_color: true,
            ascii: false,
        }
        .adapt(&mut buffer);
        assert!(buffer
            .content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
        assert!(buffer.content[0].modifier.contains(Modifier::REVERSED));
        assert!(!buffer.content[4].modifier.contains(Modifier::REVERSED));
        assert_eq!(buffer.content[0].symbol(), "┏", "glyphs kept");
    }

    #[test]
    fn every_box_drawing_character_has_a_stand_in() {
        for c in '\u{2500}'..='\u{257f}' {
            assert!(ascii_for(c).is_some(), "{c} U+{:04X}", c as u32);
        }
    }
}
