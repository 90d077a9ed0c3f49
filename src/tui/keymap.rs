//! Key bindings as data: defaults, patched by the `[keys]` table of the configuration file.
//!
//! ```toml
//! # nianbao.toml (in the inbox, or given with --config)
//! [keys]
//! confirm = "y"             # one key
//! dismiss = ["x", "Del"]    # or several; the defaults of that action are replaced
//! ```
//!
//! A key bound to two actions is an error naming the key, so a configuration never silently
//! shadows a binding. The help screen and the status-bar hints are built from the live map.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nianbao::i18n::Lang;

use super::action::Action;

/// A key, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Tab,
    BackTab,
    Enter,
    Esc,
    Backspace,
    Delete,
    F(u8),
}

/// A key with its modifiers. Shift is part of the character (`G`), or of the key (`BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Ctrl-C: always quits, whatever the configuration says.
    pub const INTERRUPT: Key = Key::ctrl('c');

    /// Parses a key as written in the configuration: `j`, `G`, `?`, `Up`, `PgDn`, `Enter`,
    /// `Esc`, `Tab`, `Shift-Tab`, `F1`, `Space`, `Ctrl-d`, `Alt-x`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text.trim();
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = ["ctrl-", "ctrl+", "alt-", "alt+", "shift-", "shift+"]
                .into_iter()
                .find(|p| lower.starts_with(p) && rest.len() > p.len());
            let Some(prefix) = prefix else { break };
            match &prefix[..prefix.len() - 1] {
                "ctrl" => ctrl = true,
                "alt" => alt = true,
                _ => shift = true,
            }
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err("empty key".to_string()),
            (Some(c), None) => match c {
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                c if shift && c.is_ascii_alphabetic() => {
                    shift = false;
                    KeyCode::Char(c.to_ascii_uppercase())
                }
                c if c.is_control() => return Err("a control character".to_string()),
                c => KeyCode::Char(c),
            },
            _ => {
                named(&rest.to_ascii_lowercase()).ok_or_else(|| format!("unknown key `{rest}`"))?
            }
        };
        let code = match (code, shift) {
            (KeyCode::Tab, true) => KeyCode::BackTab,
            (code, false) => code,
            (_, true) => return Err("Shift only goes with letters and Tab".to_string()),
        };
        Ok(Key { code, ctrl, alt })
    }

    /// The key as shown in help and hints (and accepted by [`Key::parse`]).
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
        };
        let mut label = String::new();
        if self.ctrl {
            label.push_str("Ctrl-");
        }
        if self.alt {
            label.push_str("Alt-");
        }
        label.push_str(&name);
        label
    }
}

fn named(name: &str) -> Option<KeyCode> {
    Some(match name {
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" | "page-up" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" | "page-down" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "backspace" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "space" => KeyCode::Char(' '),
        other => {
            let n: u8 = other.strip_prefix('f')?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

/// What a key does in a dialog (a prompt, a choice, a text field) or an overlay view, where
/// the actions of the panes do not apply. Dialogs have keys of their own, as data like the
/// actions' (`dialog-accept = "Ctrl-j"` in `[keys]`): a key bound to two of them is an error,
/// a key bound to one of them and to an action is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialogKey {
    /// Records, answers yes, closes (Enter).
    Accept,
    /// Closes without recording, answers no (Esc).
    Cancel,
    /// The next field (Tab).
    NextField,
    /// The previous field (Shift-Tab).
    PrevField,
    /// The next choice of a list (Down).
    NextChoice,
    /// The previous choice of a list (Up).
    PrevChoice,
    /// Yes, in a y/n prompt.
    Yes,
    /// No, in a y/n prompt.
    No,
}

impl DialogKey {
    pub const ALL: [DialogKey; 8] = [
        DialogKey::Accept,
        DialogKey::Cancel,
        DialogKey::NextField,
        DialogKey::PrevField,
        DialogKey::NextChoice,
        DialogKey::PrevChoice,
        DialogKey::Yes,
        DialogKey::No,
    ];

    /// The name used in the configuration's `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            DialogKey::Accept => "dialog-accept",
            DialogKey::Cancel => "dialog-cancel",
            DialogKey::NextField => "dialog-next-field",
            DialogKey::PrevField => "dialog-prev-field",
            DialogKey::NextChoice => "dialog-next-choice",
            DialogKey::PrevChoice => "dialog-prev-choice",
            DialogKey::Yes => "dialog-yes",
            DialogKey::No => "dialog-no",
        }
    }

    pub fn from_name(name: &str) -> Option<DialogKey> {
        DialogKey::ALL.into_iter().find(|k| k.name() == name)
    }

    fn defaults(self) -> Vec<Key> {
        use KeyCode as K;
        match self {
            DialogKey::Accept => vec![Key::plain(K::Enter)],
            DialogKey::Cancel => vec![Key::plain(K::Esc)],
            DialogKey::NextField => vec![Key::plain(K::Tab)],
            DialogKey::PrevField => vec![Key::plain(K::BackTab)],
            DialogKey::NextChoice => vec![Key::plain(K::Down)],
            DialogKey::PrevChoice => vec![Key::plain(K::Up)],
            DialogKey::Yes => vec![Key::char('y'), Key::char('Y')],
            DialogKey::No => vec![Key::char('n'), Key::char('N')],
        }
    }
}

/// Why a configuration could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMapError {
    UnknownAction {
        path: PathBuf,
        name: String,
    },
    NotKeys {
        path: PathBuf,
        action: String,
    },
    BadKey {
        path: PathBuf,
        action: String,
        key: String,
        reason: String,
    },
    /// One key bound to two actions (or two dialog keys), by name.
    Conflict {
        path: PathBuf,
        key: String,
        first: &'static str,
        second: &'static str,
    },
    /// A key the dashboard keeps for itself.
    Reserved {
        path: PathBuf,
        key: String,
        action: Action,
    },
}

impl KeyMapError {
    /// The message shown to the user.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            KeyMapError::UnknownAction { path, name } => {
                let known: Vec<_> = Action::ALL
                    .iter()
                    .map(|a| a.name())
                    .chain(DialogKey::ALL.iter().map(|k| k.name()))
                    .collect();
                match zh {
                    true => format!(
                        "{}: [keys] 中的操作「{name}」不存在（可用：{}）",
                        path.display(),
                        known.join("、")
                    ),
                    false => format!(
                        "{}: unknown action `{name}` in [keys] (known: {})",
                        path.display(),
                        known.join(", ")
                    ),
                }
            }
            KeyMapError::NotKeys { path, action } => match zh {
                true => format!(
                    "{}: [keys] 中「{action}」的值应为按键字符串或字符串数组",
                    path.display()
                ),
                false => format!(
                    "{}: `{action}` in [keys] must be a key or an array of keys",
                    path.display()
                ),
            },
            KeyMapError::BadKey {
                path,
                action,
                key,
                reason,
            } => match zh {
                true => format!(
                    "{}: [keys] 中「{action}」的按键「{key}」无法识别（{reason}）",
                    path.display()
                ),
                false => format!(
                    "{}: key `{key}` of `{action}` in [keys] is not a key ({reason})",
                    path.display()
                ),
            },
            KeyMapError::Conflict {
                path,
                key,
                first,
                second,
            } => match zh {
                true => format!(
                    "{}: 按键「{key}」同时绑定了「{first}」和「{second}」，请在 [keys] 中为其中一个另选按键",
                    path.display(),
                ),
                false => format!(
                    "{}: key `{key}` is bound to both `{first}` and `{second}`; give one of them another key in [keys]",
                    path.display(),
                ),
            },
            KeyMapError::Reserved { path, key, action } => match zh {
                true => format!(
                    "{}: 按键「{key}」保留用于退出，不能绑定「{}」",
                    path.display(),
                    action.name()
                ),
                false => format!(
                    "{}: key `{key}` is reserved for quitting and cannot be bound to `{}`",
                    path.display(),
                    action.name()
                ),
            },
        }
    }
}

/// The live bindings: for every action, its keys (possibly none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<(Action, Vec<Key>)>,
    by_key: HashMap<Key, Action>,
    dialog: HashMap<Key, DialogKey>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap::defaults()
    }
}

impl KeyMap {
    /// The default bindings: arrows and vim keys.
    pub fn defaults() -> KeyMap {
        use KeyCode as K;
        let plain = Key::plain;
        let c = Key::char;
        let bindings = Action::ALL
            .into_iter()
            .map(|action| {
                let keys = match action {
                    Action::Up => vec![plain(K::Up), c('k')],
                    Action::Down => vec![plain(K::Down), c('j')],
                    Action::PageUp => vec![plain(K::PageUp), Key::ctrl('u')],
                    Action::PageDown => vec![plain(K::PageDown), Key::ctrl('d')],
                    Action::Top => vec![c('g'), plain(K::Home)],
                    Action::Bottom => vec![c('G'), plain(K::End)],
                    Action::NextPane => vec![plain(K::Tab), plain(K::Right), c('l')],
                    Action::PrevPane => vec![plain(K::BackTab), plain(K::Left), c('h')],
                    Action::Open => vec![plain(K::Enter)],
                    Action::Confirm => vec![c('c')],
                    Action::Dismiss => vec![c('d')],
                    Action::Reopen => vec![c('o')],
                    Action::Note => vec![c('n')],
                    Action::Mark => vec![c(' ')],
                    Action::MarkAll => vec![c('*')],
                    Action::NextError => vec![c(']')],
                    Action::PrevError => vec![c('[')],
                    Action::Fold => vec![c('z')],
                    Action::ReportStatus => vec![c('p')],
                    Action::Identify => vec![c('I')],
                    Action::Undo => vec![c('u')],
                    Action::Redo => vec![Key::ctrl('r')],
                    Action::Filter => vec![c('/')],
                    Action::Severity => vec![c('s')],
                    Action::View => vec![c('v')],
                    Action::Sort => vec![c('S')],
                    Action::Tables => vec![c('t')],
                    Action::Agencies => vec![c('A')],
                    Action::Roster => vec![c('R')],
                    Action::Export => vec![c('e')],
                    Action::Rescan => vec![c('r')],
                    Action::Versions => vec![c('V')],
                    Action::Help => vec![c('?'), plain(K::F(1))],
                    Action::Quit => vec![c('q')],
                };
                (action, keys)
            })
            .collect();
        let dialog = DialogKey::ALL.map(|k| (k, k.defaults())).to_vec();
        KeyMap::from_bindings(bindings, dialog, Path::new(""))
            .expect("the defaults do not conflict")
    }

    fn from_bindings(
        bindings: Vec<(Action, Vec<Key>)>,
        dialog_bindings: Vec<(DialogKey, Vec<Key>)>,
        path: &Path,
    ) -> Result<KeyMap, KeyMapError> {
        let mut dialog = HashMap::new();
        for (what, keys) in &dialog_bindings {
            for &key in keys {
                if let Some(first) = dialog.insert(key, *what) {
                    if first != *what {
                        return Err(KeyMapError::Conflict {
                            path: path.to_path_buf(),
                            key: key.label(),
                            first: first.name(),
                            second: what.name(),
                        });
                    }
                }
            }
        }
        let mut by_key = HashMap::new();
        for (action, keys) in &bindings {
            for &key in keys {
                if key == Key::INTERRUPT && *action != Action::Quit {
                    return Err(KeyMapError::Reserved {
                        path: path.to_path_buf(),
                        key: key.label(),
                        action: *action,
                    });
                }
                if let Some(first) = by_key.insert(key, *action) {
                    if first != *action {
                        return Err(KeyMapError::Conflict {
                            path: path.to_path_buf(),
                            key: key.label(),
                            first: first.name(),
                            second: action.name(),
                        });
                    }
                }
            }
        }
        Ok(KeyMap {
            bindings,
            by_key,
            dialog,
        })
    }

    /// The defaults with the bindings of a configuration's `[keys]` table (already read by
    /// [`nianbao::config::Config`]) over them.
    pub fn from_table(keys: &toml::Table, path: &Path) -> Result<KeyMap, KeyMapError> {
        let mut bindings = KeyMap::defaults().bindings;
        let mut dialog = DialogKey::ALL.map(|k| (k, k.defaults())).to_vec();
        for (name, value) in keys {
            let action = Action::from_name(name);
            let in_dialog = DialogKey::from_name(name);
            if action.is_none() && in_dialog.is_none() {
                return Err(KeyMapError::UnknownAction {
                    path: path.to_path_buf(),
                    name: name.clone(),
                });
            }
            let not_keys = || KeyMapError::NotKeys {
                path: path.to_path_buf(),
                action: name.clone(),
            };
            let texts: Vec<&str> = match value {
                toml::Value::String(key) => vec![key.as_str()],
                toml::Value::Array(items) => items
                    .iter()
                    .map(|item| item.as_str().ok_or_else(not_keys))
                    .collect::<Result<_, _>>()?,
                _ => return Err(not_keys()),
            };
            let mut parsed = Vec::with_capacity(texts.len());
            for text in texts {
                let key = Key::parse(text).map_err(|reason| KeyMapError::BadKey {
                    path: path.to_path_buf(),
                    action: name.clone(),
                    key: text.to_string(),
                    reason,
                })?;
                if !parsed.contains(&key) {
                    parsed.push(key);
                }
            }
            if let Some(slot) = bindings.iter_mut().find(|(a, _)| Some(*a) == action) {
                slot.1 = parsed;
            } else if let Some(slot) = dialog.iter_mut().find(|(k, _)| Some(*k) == in_dialog) {
                slot.1 = parsed;
            }
        }
        KeyMap::from_bindings(bindings, dialog, path)
    }

    /// What a key does in a dialog or an overlay view, if anything (else it is text, in a
    /// text field).
    pub fn dialog(&self, key: Key) -> Option<DialogKey> {
        self.dialog.get(&key).copied()
    }

    /// The action bound to a key.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.by_key.get(&key).copied()
    }

    /// The keys of an action, first the main one.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// Every binding, in help order.
    pub fn bindings(&self) -> &[(Action, Vec<Key>)] {
        &self.bindings
    }

    /// The main key of an action, as a label (none when unbound).
    pub fn main_key(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(|k| k.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("inbox/nianbao.toml")
    }

    #[test]
    fn keys_parse_and_print_back() {
        for (text, key) in [
            ("j", Key::char('j')),
            ("G", Key::char('G')),
            ("Shift-g", Key::char('G')),
            ("?", Key::char('?')),
            ("-", Key::char('-')),
            ("Up", Key::plain(KeyCode::Up)),
            ("↓", Key::plain(KeyCode::Down)),
            ("PgDn", Key::plain(KeyCode::PageDown)),
            ("pageup", Key::plain(KeyCode::PageUp)),
            ("Shift-Tab", Key::plain(KeyCode::BackTab)),
            ("F1", Key::plain(KeyCode::F(1))),
            ("Space", Key::char(' ')),
            ("Ctrl-d", Key::ctrl('d')),
            ("ctrl+d", Key::ctrl('d')),
            ("确", Key::char('确')),
        ] {
            let parsed = Key::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed, key, "{text}");
            assert_eq!(Key::parse(&parsed.label()), Ok(parsed), "{text}");
        }
        for bad in ["", "F13", "Hyper-x", "Shift-Up", "\u{7}", "Ctrl-"] {
            assert!(Key::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn defaults_have_arrows_and_vim_keys() {
        let map = KeyMap::defaults();
        assert_eq!(map.action(Key::char('j')), Some(Action::Down));
        assert_eq!(map.action(Key::plain(KeyCode::Down)), Some(Action::Down));
        assert_eq!(map.action(Key::char('k')), Some(Action::Up));
        assert_eq!(map.action(Key::plain(KeyCode::F(1))), Some(Action::Help));
        assert_eq!(
            map.action(Key::plain(KeyCode::BackTab)),
            Some(Action::PrevPane)
        );
        assert_eq!(map.action(Key::char('x')), None);
        for action in Action::ALL {
            assert!(!map.keys(action).is_empty(), "{} has no key", action.name());
        }
    }

    /// The key map of a configuration file's text, read as the dashboard reads it.
    fn from_config(text: &str, path: &Path) -> Result<KeyMap, KeyMapError> {
        let config = nianbao::config::Config::parse(text, "nianbao.toml").unwrap();
        KeyMap::from_table(&config.keys, path)
    }

    #[test]
    fn configuration_replaces_the_keys_of_an_action() {
        let map = from_config(
            "[rules]\nignore = [\"typo\"]\n[keys]\nconfirm = \"y\"\ndismiss = [\"x\", \"Del\"]\n",
            path(),
        )
        .unwrap();
        assert_eq!(map.action(Key::char('y')), Some(Action::Confirm));
        assert_eq!(map.action(Key::char('c')), None);
        assert_eq!(map.action(Key::char('x')), Some(Action::Dismiss));
        assert_eq!(
            map.action(Key::plain(KeyCode::Delete)),
            Some(Action::Dismiss)
        );
        assert_eq!(map.main_key(Action::Confirm).as_deref(), Some("y"));
        // A file without [keys] keeps the defaults.
        assert_eq!(from_config("", path()), Ok(KeyMap::defaults()));
    }

    #[test]
    fn conflicts_name_the_key_and_both_actions() {
        let error = from_config("[keys]\nconfirm = \"d\"\n", path()).unwrap_err();
        assert_eq!(
            error,
            KeyMapError::Conflict {
                path: path().to_path_buf(),
                key: "d".to_string(),
                first: "confirm",
                second: "dismiss",
            }
        );
        let message = error.message(Lang::Zh);
        assert!(
            message.contains("「d」") && message.contains("confirm") && message.contains("dismiss")
        );
        assert!(error
            .message(Lang::En)
            .contains("key `d` is bound to both `confirm` and `dismiss`"));
        // Moving the other action away resolves it.
        let map = from_config("[keys]\nconfirm = \"d\"\ndismiss = \"x\"\n", path()).unwrap();
        assert_eq!(map.action(Key::char('d')), Some(Action::Confirm));
    }

    #[test]
    fn bad_configurations_are_reported() {
        let cases = [
            ("[keys]\nfly = \"f\"\n", "fly"),
            ("[keys]\nconfirm = 3\n", "confirm"),
            ("[keys]\nconfirm = \"Hyper-x\"\n", "Hyper-x"),
            ("[keys]\nhelp = \"Ctrl-c\"\n", "Ctrl-c"),
        ];
        for (text, needle) in cases {
            let error = from_config(text, path()).unwrap_err();
            assert!(
                error.message(Lang::En).contains(needle),
                "{text}: {error:?}"
            );
        }
    }

    #[test]
    fn dialog_keys_are_data_configured_apart_from_the_actions() {
        let map = KeyMap::defaults();
        assert_eq!(
            map.dialog(Key::plain(KeyCode::Enter)),
            Some(DialogKey::Accept)
        );
        assert_eq!(map.dialog(Key::char('Y')), Some(DialogKey::Yes));
        assert_eq!(map.dialog(Key::char('j')), None);
        // A dialog key may be an action's key too (they never apply at once).
        let map = from_config("[keys]\ndialog-accept = [\"Enter\", \"c\"]\n", path()).unwrap();
        assert_eq!(map.dialog(Key::char('c')), Some(DialogKey::Accept));
        assert_eq!(map.action(Key::char('c')), Some(Action::Confirm));
        // Two dialog keys on one key are refused, by name.
        let error = from_config("[keys]\ndialog-yes = \"n\"\n", path()).unwrap_err();
        assert!(
            error
                .message(Lang::En)
                .contains("key `n` is bound to both `dialog-yes` and `dialog-no`"),
            "{error:?}"
        );
    }
}
