//! The dashboard: `nianbao [INBOX]`.
//!
//! A ratatui + crossterm front end over the library. [`state`] holds the state; [`app`]
//! applies [`action`]s, dialog keys and the watcher's events to it; [`view`] renders it (the
//! two never import each other); [`keymap`] turns keys into actions and dialog keys;
//! [`worker`] writes exports and the journal off the UI thread. This module owns the
//! terminal: it sets it up, restores it on exit and after a panic, and runs the event loop,
//! which multiplexes the keyboard and mouse, the watcher's inbox events and a tick.
//!
//! For `bench/tui.sh`: when `NIANBAO_TIMINGS` names a file, the dashboard appends to it the
//! milliseconds from its start to the first frame (`first-frame`) and to the first frame drawn
//! after the initial scan finished (`loaded`).

pub mod action;
pub mod agency_view;
pub mod app;
pub mod console;
pub mod keymap;
pub mod roster_view;
pub mod source;
pub mod state;
pub mod table_view;
pub mod text;
pub mod versions;
pub mod view;
pub mod worker;

#[cfg(all(test, feature = "mimalloc"))]
mod memory_tests;
#[cfg(test)]
mod roster_tests;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_journal;
#[cfg(test)]
mod tests_triage;
#[cfg(test)]
mod view_tests;

use std::io::{self, Stdout};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use nianbao::config::Config;
use nianbao::i18n::Lang;
use nianbao::inbox::InboxEvent;
use nianbao::pipeline::CheckOptions;
use nianbao::triage::{self, TriageStore};

use app::{App, Effect};
use keymap::{Key, KeyCode, KeyMap};

/// What the dashboard is opened on.
pub struct Options {
    pub inbox: PathBuf,
    pub user: Option<String>,
    pub config: Option<PathBuf>,
    pub lang: Lang,
    /// Also poll the inbox (network folders), as `watch --poll` does.
    pub poll: bool,
    /// What the console can draw (colour, box characters).
    pub console: console::Console,
}

/// How often other users' journals are read again.
const TICK: Duration = Duration::from_millis(500);
/// The longest the loop spends applying inbox events before it looks at the keyboard again.
const EVENT_BUDGET: Duration = Duration::from_millis(30);

/// Opens the dashboard and runs it until the user quits.
pub fn run(options: Options) -> Result<()> {
    let timings = Timings::from_env();
    let lang = options.lang;
    if !options.inbox.is_dir() {
        anyhow::bail!(
            "{}: {}",
            lang.pick("收件箱不是文件夹", "the inbox is not a folder"),
            nianbao::sanitize::for_terminal(&options.inbox.to_string_lossy(), false)
        );
    }
    // Configuration errors are reported before the terminal is taken over. The same file
    // (nianbao.toml in the inbox, or --config) chooses the rules and the key bindings.
    let config = Config::resolve(
        options.config.as_deref(),
        std::slice::from_ref(&options.inbox),
    )
    .map_err(|e| anyhow::anyhow!(e.display(lang)))?;
    let origin = config
        .path
        .clone()
        .unwrap_or_else(|| options.inbox.join(Config::FILE_NAME));
    let keymap =
        KeyMap::from_table(&config.keys, &origin).map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    let check_options = CheckOptions {
        selection: config.selection(),
        ..CheckOptions::default()
    };
    let user = triage::current_user(options.user.as_deref());
    let store = TriageStore::open(&options.inbox, &user).map_err(|e| e.display(lang));
    // The watcher starts at once; its first events wait in the channel until the first screen
    // is up. Its report paths are absolute, so the app knows the inbox by the same path.
    let selection = check_options.selection.clone();
    let settings = crate::watch::Settings {
        poll: options.poll.then_some(crate::watch::POLL_INTERVAL),
        ..crate::watch::Settings::default()
    };
    let watcher = crate::watch::spawn_with(options.inbox.clone(), check_options, settings)
        .with_context(|| {
            lang.pick("无法监视收件箱", "cannot watch the inbox")
                .to_string()
        })?;
    let mut app = App::new(watcher.root().to_path_buf(), store, keymap, lang);
    app.detail_max_scroll = view::detail_max_scroll;
    app.inbox_label = text::clean(&options.inbox.display().to_string());
    // The cross facts go to a spill file as `check`'s do: the dashboard holds a whole inbox.
    app.inbox = nianbao::inbox::Inbox::spilled(selection);
    // An `fsync` of the journal (seconds on a network share) never holds the keys up.
    app.write_journal_off_thread();

    install_panic_hook();
    let mut terminal = setup().context("setting up the terminal")?;
    // Dropped first (declared last): the terminal is restored before the watcher is stopped.
    let _restore = Restore;
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    // The first screen appears before anything is read.
    let console = options.console;
    draw(&mut terminal, &app, console)?;
    timings.log("first-frame");
    let result = event_loop(&mut terminal, &mut app, &watcher, timings, console);
    app.leave();
    result
}

/// The benchmark hook (see the module docs).
struct Timings {
    start: Instant,
    file: Option<PathBuf>,
    loaded: bool,
}

impl Timings {
    fn from_env() -> Timings {
        Timings {
            start: Instant::now(),
            file: std::env::var_os("NIANBAO_TIMINGS").map(PathBuf::from),
            loaded: false,
        }
    }

    fn log(&self, what: &str) {
        let Some(file) = &self.file else { return };
        let line = format!(
            "{what} {:.1}\n",
            self.start.elapsed().as_secs_f64() * 1000.0
        );
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .and_then(|mut f| io::Write::write_all(&mut f, line.as_bytes()));
    }

    /// After a frame: logs the first one that shows the initial scan finished.
    fn after_frame(&mut self, app: &App) {
        if self.loaded || app.load.scanning || app.load.elapsed.is_none() {
            return;
        }
        self.loaded = true;
        self.log("loaded");
    }
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    watcher: &crate::watch::WatchHandle,
    mut timings: Timings,
    console: console::Console,
) -> Result<()> {
    let mut last_tick = Instant::now();
    let mut busy = true;
    let mut frames = Frames::default();
    loop {
        // Something the supervisor did or asked for: drawn at once.
        let mut dirty = false;
        // Only reports arriving during a scan: see [`Frames`].
        let mut arrived = false;
        // Short waits while events stream in, so a long load stays responsive and fills in.
        let wait = if busy {
            Duration::from_millis(15)
        } else {
            Duration::from_millis(100)
        };
        if event::poll(wait)? {
            loop {
                match handle_terminal_event(app, event::read()?) {
                    Some(Effect::Quit) => {
                        if app.begin_quit() {
                            draw(terminal, app, console)?;
                        }
                        // An export being written is finished, and every decision shown is
                        // written (or what was lost is said), not cut off.
                        return app.finish().map_err(anyhow::Error::msg);
                    }
                    Some(Effect::Rescan) => watcher.rescan(),
                    None => {}
                }
                dirty = true;
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        let (events, more) = drain(watcher.events(), EVENT_BUDGET);
        busy = more || !events.is_empty() || app.working();
        if app.collect_work(false) {
            dirty = true;
        }
        if !events.is_empty() {
            app.on_inbox(events);
            arrived = true;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            app.tick();
            dirty = true;
        }
        if frames.due(Instant::now(), dirty, arrived, app.load.scanning) {
            draw(terminal, app, console)?;
            timings.after_frame(app);
        }
    }
}

/// How often a scan's progress is drawn: reports arrive every few milliseconds, and a frame
/// per batch of them (the whole screen laid out and compared) cost the load a few percent of
/// its CPU for a progress count nobody reads that fast. A quarter of a second: four counts a
/// second still move smoothly, and on a busy machine, where a load takes several times its CPU
/// in wall time, the frames drawn meanwhile cost 2.5 times less CPU than every 100 ms.
const LOAD_FRAME: Duration = Duration::from_millis(250);

/// Which passes of the event loop draw a frame. A key, a tick, a finished scan or a change the
/// watcher saw is drawn at once; reports arriving during a scan are drawn at most every
/// [`LOAD_FRAME`], the last of them with the next frame.
#[derive(Debug, Default)]
struct Frames {
    last: Option<Instant>,
    /// Reports arrived since the last frame.
    pending: bool,
}

impl Frames {
    /// Whether to draw now. `dirty`: something that is drawn at once happened; `arrived`:
    /// inbox events were applied; `scanning`: a scan is under way (after them).
    fn due(&mut self, now: Instant, dirty: bool, arrived: bool, scanning: bool) -> bool {
        self.pending |= arrived;
        let waited = self
            .last
            .is_none_or(|last| now.saturating_duration_since(last) >= LOAD_FRAME);
        let draw = dirty || (self.pending && (!scanning || waited));
        if draw {
            self.last = Some(now);
            self.pending = false;
        }
        draw
    }
}

/// The events waiting on the channel, taking at most `budget`; whether more are waiting.
fn drain(events: &Receiver<InboxEvent>, budget: Duration) -> (Vec<InboxEvent>, bool) {
    let start = Instant::now();
    let mut batch = Vec::new();
    while start.elapsed() < budget {
        match events.try_recv() {
            Ok(event) => batch.push(event),
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => return (batch, false),
        }
    }
    (batch, true)
}

fn handle_terminal_event(app: &mut App, event: Event) -> Option<Effect> {
    match event {
        Event::Key(key) => to_key(key).and_then(|key| app.handle_key(key)),
        Event::Paste(text) => {
            app.paste(&text);
            None
        }
        Event::Resize(width, height) => {
            app.resize(width, height);
            None
        }
        Event::Mouse(mouse) => {
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => app.click(mouse.column, mouse.row),
                MouseEventKind::ScrollDown => app.wheel(mouse.column, mouse.row, true),
                MouseEventKind::ScrollUp => app.wheel(mouse.column, mouse.row, false),
                _ => {}
            }
            None
        }
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// A crossterm key as a [`Key`]; key releases (reported on some systems) are ignored.
fn to_key(event: KeyEvent) -> Option<Key> {
    use crossterm::event::KeyCode as C;
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let shift = event.modifiers.contains(KeyModifiers::SHIFT);
    let code = match event.code {
        C::Char(c) => KeyCode::Char(c),
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::Tab if shift => KeyCode::BackTab,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}

/// Draws one frame, adapted to what the console can show.
fn draw(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &App,
    console: console::Console,
) -> io::Result<()> {
    terminal.draw(|frame| {
        view::render(frame, app);
        console.adapt(frame.buffer_mut());
    })?;
    Ok(())
}

fn setup() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    // Legacy Windows consoles refuse bracketed paste; the dashboard works without it (a paste
    // then arrives as typed keys), so its absence is not a reason to refuse to start.
    let _ = crossterm::execute!(io::stdout(), EnableBracketedPaste);
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Gives the terminal back as it was: cooked mode, main screen, no mouse capture, a cursor.
fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when the dashboard returns, whichever way.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic restores the terminal first, so its message is readable and the shell usable; a
/// format crate's panic on a malformed report is caught and flagged, and the dashboard goes on
/// drawing: the terminal stays as it is.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if nianbao::ingest::contained::is_containing() {
            return;
        }
        restore();
        previous(info);
    }));
}

#[cfg(test)]
mod frame_tests {
    use super::*;

    #[test]
    fn a_scan_is_drawn_every_load_frame_and_anything_else_at_once() {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let mut frames = Frames::default();
        // The first batch of a scan is drawn; the next ones wait for LOAD_FRAME.
        assert!(frames.due(at(0), false, true, true));
        assert!(!frames.due(at(15), false, true, true));
        assert!(!frames.due(at(30), false, false, true));
        assert!(!frames.due(at(200), false, true, true));
        // What arrived meanwhile is drawn once the time has come, even with nothing new.
        assert!(frames.due(at(250), false, false, true));
        assert!(!frames.due(at(265), false, false, true));
        // A key (or a tick) is drawn at once.
        assert!(!frames.due(at(270), false, true, true));
        assert!(frames.due(at(280), true, false, true));
        // The end of the scan is drawn at once, and so is every change after it.
        assert!(!frames.due(at(290), false, true, true));
        assert!(frames.due(at(300), false, true, false));
        assert!(frames.due(at(310), false, true, false));
        // Nothing happened: nothing drawn.
        assert!(!frames.due(at(800), false, false, false));
    }
}
