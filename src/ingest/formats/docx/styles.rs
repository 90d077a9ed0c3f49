//! Paragraph styles (`styles.xml`): the numbering and outline level a paragraph takes from its
//! style, following `basedOn`.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{attr, attr_num, local, xml_error};
use crate::ingest::formats::FormatError;

#[derive(Debug, Clone, Default)]
pub(super) struct Style {
    pub(super) based_on: Option<String>,
    pub(super) num_id: Option<String>,
    pub(super) ilvl: Option<usize>,
    pub(super) heading: Option<u8>,
}

/// Paragraph styles: the numbering and outline level a paragraph takes from its style.
#[derive(Debug, Default)]
pub(super) struct Styles {
    pub(super) styles: HashMap<String, Style>,
}

impl Styles {
    pub(super) fn parse(xml: &str) -> Result<Styles, FormatError> {
        const PART: &str = "word/styles.xml";
        let mut styles = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        loop {
            let event = reader.read_event().map_err(|e| xml_error(PART, e))?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = local(e);
                    if name == "style" {
                        current = attr(e, "styleId").map(|id| (id, Style::default()));
                        continue;
                    }
                    let Some((_, style)) = &mut current else {
                        continue;
                    };
                    match name.as_str() {
                        "basedOn" => style.based_on = attr(e, "val"),
                        "numId" => style.num_id = attr(e, "val"),
                        "ilvl" => style.ilvl = attr_num(e, "val"),
                        "outlineLvl" => {
                            style.heading =
                                attr_num::<u8>(e, "val").filter(|l| *l < 9).map(|l| l + 1)
                        }
                        "name" => {
                            let value = attr(e, "val").unwrap_or_default().to_lowercase();
                            let level = value
                                .strip_prefix("heading ")
                                .or_else(|| value.strip_prefix("标题 "))
                                .and_then(|n| n.trim().parse::<u8>().ok());
                            if level.is_some() {
                                style.heading = style.heading.or(level);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "style" => {
                    if let Some((id, style)) = current.take() {
                        styles.styles.insert(id, style);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(styles)
    }

    /// A property of a style or of the styles it is based on (a bounded walk: `basedOn` may
    /// loop in a damaged file).
    pub(super) fn lookup<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id.to_string();
        for _ in 0..16 {
            let style = self.styles.get(&id)?;
            if let Some(value) = get(style) {
                return Some(value);
            }
            id = style.based_on.clone()?;
        }
        None
    }
}
