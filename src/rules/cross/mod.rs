//! Rules across reports (rules.md B7 and B8): the inbox index by agency and year, and the
//! rules that compare a report with the same agency's other years and with other agencies.
//!
//! Each report is reduced to its [`ReportFacts`] once. The [`CrossIndex`] keeps them by
//! normalised agency key and year, by the LSH bands of their narrative sketch (same year), and
//! by the agencies their text names as itself, so that finding what a report relates to never
//! looks at the whole inbox: adding, changing or removing one report re-checks only
//! [`CrossIndex::related`] reports. A cross rule implements [`CrossRule`]; its flags go to the
//! report it is run for and name the other report (path, agency, year) and its cell or passage.
//! Fingerprints are built from the agency key and year of both reports and the defect, never
//! from paths or lines, so a re-submitted file keeps its verdicts.
//!
//! The index holds in memory only what finding related reports needs (an [`Indexed`] slot:
//! path, agency, year, the band keys and signature); the facts that only judging needs (the
//! sketch, the row values, the mentions) are in its `store`: in a spill file for a run over a
//! folder and for the dashboard's inbox ([`CrossIndex::spilled`]), read back once per report
//! judged and per other report a rule reads ([`CrossContext::facts_of`]); in memory for an
//! index that must not touch the disk or when no spill file can be made ([`CrossIndex::new`]).

pub mod facts;
mod store;

use std::cell::{OnceCell, RefCell};
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

pub use facts::{Mention, ReportFacts, RowValues, Signature, Sketch};

use crate::agency::{same_place, AgencyName};
use crate::flag::Flag;
use crate::hash::FxHasher;
use crate::rules::{sort_flags, Finding, Findings, RuleMeta, RuleSelection};

/// Thresholds of the cross-report and plausibility rules (`[cross]` in `nianbao.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct CrossSettings {
    /// The share of a narrative's shingles found in another report for it to be a near-copy.
    pub copy_containment: f64,
    /// A year-on-year change by this factor or more is a jump (`year-on-year-jump`).
    pub jump_factor: f64,
    /// … when the larger of the two counts is at least this.
    pub jump_minimum: i64,
    /// 结果纠正 / 总计 above this share is high (`correction-rate-high`) …
    pub correction_rate: f64,
    /// … with at least this many cases.
    pub correction_minimum: i64,
}

/// An LSH bucket holding more reports of one year than this is wording every report shares
/// (the template's, a region's), not a copy: it neither makes peers nor relates reports, which
/// keeps both steps bounded however large the inbox.
pub const BOILERPLATE_BUCKET: usize = 50;

impl Default for CrossSettings {
    fn default() -> Self {
        CrossSettings {
            copy_containment: 0.8,
            jump_factor: 10.0,
            jump_minimum: 10,
            correction_rate: 0.2,
            correction_minimum: 5,
        }
    }
}

/// A rule that compares a report with other reports of the inbox.
pub trait CrossRule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;

    /// Looks at the report against the index and reports findings on it.
    fn check(&self, context: &CrossContext<'_>, findings: &mut Findings<'_>);
}

/// One report in the index: what finding the reports it relates to needs, kept in memory; its
/// other facts are read through [`CrossContext::facts_of`].
#[derive(Debug)]
pub struct Indexed {
    /// Shared with the index's map by path: one allocation of the path a report.
    pub path: Arc<Path>,
    /// [`ReportFacts::agency`], [`ReportFacts::name`], [`ReportFacts::year`] and
    /// [`ReportFacts::modified`].
    pub agency: Option<Arc<str>>,
    pub name: Option<Arc<AgencyName>>,
    pub year: Option<i32>,
    pub modified: Option<SystemTime>,
    body: store::Body,
    /// The normalised agency key ([`Indexed::key`]), made once and shared with the index's map
    /// by agency: the rules ask for it on every check.
    agency_key: Option<Arc<str>>,
}

impl Indexed {
    /// The slot of a report, its facts put in `store`.
    fn new(
        path: Arc<Path>,
        facts: ReportFacts,
        agency_key: Option<Arc<str>>,
        store: &mut store::Store,
    ) -> Indexed {
        Indexed {
            path,
            agency: facts.agency.clone(),
            name: facts.name.clone(),
            year: facts.year,
            modified: facts.modified,
            body: store.put(facts),
            agency_key,
        }
    }

    /// The normalised agency key, when the agency has a place.
    pub fn key(&self) -> Option<String> {
        self.agency_key.as_deref().map(str::to_string)
    }

    /// [`Indexed::key`], borrowed.
    pub fn agency_key(&self) -> Option<&str> {
        self.agency_key.as_deref()
    }

    /// Its place among the versions of one report: the larger is the newer
    /// ([`crate::versions::newness`]).
    pub fn newness(&self) -> (Option<SystemTime>, &[u8]) {
        crate::versions::newness(self.modified, &self.path)
    }

    /// 「path（agency year年）」-style identity of the other report, for evidence and keys.
    fn identity(&self) -> String {
        identity_of(self.agency_key().unwrap_or_default(), self.year)
    }
}

/// `"{key}|{year}"` (`"{key}|"` without a year), made at its size: every report judged makes
/// one, and `format!` took ~790 instructions a report (its formatting machinery over the
/// whole string, and the string grown twice) for what is a copy and a few digits.
fn identity_of(key: &str, year: Option<i32>) -> String {
    use std::fmt::Write;
    // The widest year, `i32::MIN`: a sign and ten digits.
    let mut identity = String::with_capacity(key.len() + 12);
    identity.push_str(key);
    identity.push('|');
    if let Some(year) = year {
        // Writing into a `String` cannot fail.
        let _ = write!(identity, "{year}");
    }
    identity
}

impl Finding {
    /// Names the other report of a cross-report finding: its path, agency and year in the
    /// evidence, and its agency key and year (not its path) in the fingerprint.
    pub fn other_report(self, other: &Indexed) -> Finding {
        let identity = other.identity();
        self.evidence("other_path", other.path.to_string_lossy().into_owned())
            .evidence(
                "other_agency",
                other.agency.as_deref().unwrap_or_default().to_string(),
            )
            .evidence("other_year", other.year)
            .key(identity)
    }
}

/// A map by paths and agency names of the user's own inbox (keys that no one else chooses, as
/// [`FxHasher`] requires), hashed a word at a time rather than by SipHash.
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The inbox's reports by agency and year, narrative bands and self-names.
#[derive(Debug, Default)]
pub struct CrossIndex {
    /// The reports' slots, in memory (about 100 bytes each: their facts are in `store`).
    slots: Vec<Option<Indexed>>,
    /// The facts of the reports, for judging.
    store: store::Store,
    free: Vec<usize>,
    by_path: FxMap<Arc<Path>, usize>,
    /// Agency key → its reports by year.
    by_agency: FxMap<Arc<str>, Years>,
    /// (year, band, band hash) → reports.
    bands: Bands,
    /// The narrative signature of each slot (default when it has none), kept apart from the
    /// facts so that ruling out a copy candidate reads 40 dense bytes, not a report's facts.
    signatures: Vec<Signature>,
    /// Which LSH bands of each slot's report ([`band_bit`]) may hold another report: set when
    /// a report is added to a band that holds one already (for both), never cleared while the
    /// slot's report stays. Judging a report looks up only these bands, each a cache miss in a
    /// large inbox (a band not set holds the report alone); most reports share none.
    shared_bands: Vec<u16>,
    /// Agency key → reports whose text names that agency (not their own) as itself.
    mentioned: FxMap<String, Vec<usize>>,
    /// One copy of each agency name of the indexed reports (an agency's reports of several
    /// years give the same), which their facts share.
    names: Names,
    /// The large groups of reports of one agency, year and place found since the index last
    /// changed (see [`CrossIndex::large_group`]).
    groups: Mutex<FxMap<GroupKey, Arc<Group>>>,
}

/// More reports of one agency key and year than this, and their group (sorted by path, its
/// newest version found) is found once and shared by every report of it that asks: found
/// for each, a folder holding one report thousands of times made the cross stage quadratic
/// (10,000 copies of the five seeds took a minute of CPU, most of it sorting paths). Real
/// inboxes hold a few versions of an agency's year, which are gathered as they are asked for.
pub(crate) const SMALL_GROUP: usize = 16;

/// What a group is found for: the agency key, the year, and the name whose place the reports
/// must share ([`same_place`] reads only the name asking).
type GroupKey = (Arc<str>, i32, Arc<AgencyName>);

/// The reports of one agency, year and place: their slots in path order and the newest of
/// them ([`Indexed::newness`]).
#[derive(Debug)]
struct Group {
    ids: Box<[u32]>,
    newest: Option<u32>,
}

/// The agency names the index's facts share: as given and as read.
#[derive(Debug, Default)]
struct Names {
    given: HashSet<Arc<str>, BuildHasherDefault<FxHasher>>,
    read: HashSet<Arc<AgencyName>, BuildHasherDefault<FxHasher>>,
}

impl Names {
    /// Makes the facts' names the index's copies (kept from now on if new). Names of reports
    /// removed stay: they are few (an agency's) and likely to come back.
    fn share(&mut self, facts: &mut ReportFacts) {
        if let Some(agency) = &mut facts.agency {
            shared(&mut self.given, agency);
        }
        if let Some(name) = &mut facts.name {
            shared(&mut self.read, name);
        }
    }
}

/// Replaces `value` with the set's equal copy, or adds it to the set.
fn shared<T: ?Sized + Eq + std::hash::Hash>(
    set: &mut HashSet<Arc<T>, BuildHasherDefault<FxHasher>>,
    value: &mut Arc<T>,
) {
    match set.get(value) {
        Some(copy) => *value = Arc::clone(copy),
        None => {
            set.insert(Arc::clone(value));
        }
    }
}

/// The context of one cross rule run on one report.
pub struct CrossContext<'a> {
    pub index: &'a CrossIndex,
    pub this: &'a Indexed,
    /// The slot of `this`.
    id: usize,
    /// The facts of `this`.
    pub facts: Arc<ReportFacts>,
    pub settings: &'a CrossSettings,
    /// The facts of other reports read so far for `this` (the rules of one report read its
    /// previous year's several times), by slot.
    read: RefCell<Vec<(*const Indexed, Arc<ReportFacts>)>>,
    /// The first failure to read facts back (the rules saw no facts for that report).
    failure: RefCell<Option<io::Error>>,
    /// [`CrossContext::previous`], found once: five rules ask for it, and finding it gathers
    /// and sorts the agency's reports of that year.
    previous: OnceCell<Option<&'a Indexed>>,
    /// [`CrossContext::same_agency`] of this report's own year, found once: two rules ask
    /// for it, and finding it sorts the agency's reports of the year by path, hundreds of
    /// them for a report sent many times (the seed copies: some 270,000 instructions a
    /// report each time).
    same_year: OnceCell<Vec<&'a Indexed>>,
}

impl CrossContext<'_> {
    /// The facts of another report of the index (as [`ReportFacts::default`] when they could
    /// not be read back: the run then fails, see [`CrossIndex::try_check`]).
    pub fn facts_of(&self, other: &Indexed) -> Arc<ReportFacts> {
        let key: *const Indexed = other;
        if let Some((_, facts)) = self.read.borrow().iter().find(|(k, _)| *k == key) {
            return Arc::clone(facts);
        }
        let facts = match self.index.store.get(other) {
            Ok(facts) => facts,
            Err(e) => {
                self.failure.borrow_mut().get_or_insert(e);
                Arc::new(ReportFacts::default())
            }
        };
        self.read.borrow_mut().push((key, Arc::clone(&facts)));
        facts
    }

    /// The newest of the same agency's reports for a year ([`Indexed::newness`]), this one
    /// included when it is of that year; none when its agency has no place or no name.
    pub fn newest_of_agency(&self, year: i32) -> Option<&Indexed> {
        if let Some(group) = self.index.large_group(self.this, year) {
            return group.newest.and_then(|id| self.index.slot(id as usize));
        }
        self.same_agency(year)
            .into_iter()
            .max_by(|a, b| a.newness().cmp(&b.newness()))
    }

    /// The reports of the same agency for a year.
    pub fn same_agency(&self, year: i32) -> Vec<&Indexed> {
        if self.this.year == Some(year) {
            return self
                .same_year
                .get_or_init(|| self.index.of_same_agency(self.this, year))
                .clone();
        }
        self.index.of_same_agency(self.this, year)
    }

    /// The same agency's report of the previous year (the first in path order when there are
    /// several).
    pub fn previous(&self) -> Option<&Indexed> {
        *self.previous.get_or_init(|| {
            let year = self.this.year?;
            self.index
                .of_same_agency(self.this, year - 1)
                .into_iter()
                .next()
        })
    }

    /// The same agency's reports of earlier years.
    pub fn earlier(&self) -> Vec<&Indexed> {
        let (Some(key), Some(year)) = (self.this.agency_key(), self.this.year) else {
            return Vec::new();
        };
        let Some(years) = self.index.by_agency.get(key) else {
            return Vec::new();
        };
        let name = self.this.name.as_ref();
        years
            .before(year)
            .filter_map(|i| self.index.slot(i))
            .filter(|other| match (&other.name, name) {
                (Some(o), Some(n)) => same_place(o, n),
                _ => false,
            })
            .collect()
    }

    /// Other agencies' reports of the same year whose narrative may hold `share` of this
    /// one's or this one `share` of theirs, in path order: those sharing an LSH band with it
    /// that their [`Signature`] does not rule out. The signatures make the candidates that
    /// reach the facts few: a bucket of shared wording holds up to [`BOILERPLATE_BUCKET`]
    /// reports, and each of the sixteen bands may fall into one.
    pub fn peers(&self, share: f64) -> Vec<&Indexed> {
        let (Some(sketch), Some(year)) = (&self.facts.narrative, self.this.year) else {
            return Vec::new();
        };
        // Bands still waiting have marked no report yet: then every band is looked up.
        let settled = self.index.bands.pending.is_empty();
        let shared = self
            .index
            .shared_bands
            .get(self.id)
            .copied()
            .unwrap_or(u16::MAX);
        if settled && shared == 0 {
            return Vec::new();
        }
        let signatures = &self.index.signatures;
        // The slot's signature, made from these facts when the report was added (making it
        // again cost some 800 instructions a report judged).
        let made;
        let signature = match signatures.get(self.id) {
            Some(signature) => signature,
            None => {
                made = sketch.signature();
                &made
            }
        };
        // The sixteen look-ups first, apart from reading what they find: each is a cache miss
        // in a large inbox, and with nothing between them the processor overlaps them.
        let buckets = self.index.bands.get_all(
            year,
            sketch
                .bands()
                .filter(|&(band, _)| !settled || shared & band_bit(band) != 0),
        );
        let buckets: Vec<&Members<'_>> = buckets
            .iter()
            .filter(|ids| ids.len() <= BOILERPLATE_BUCKET)
            .collect();
        // Made room for at once: gathered band after band, the list grew three or four times.
        let mut found: Vec<u32> = Vec::with_capacity(buckets.iter().map(|ids| ids.len()).sum());
        for ids in buckets {
            found.extend(ids.iter());
        }
        let mut found = distinct(&found);
        // After the duplicates go: a report sharing several bands is ruled out once.
        found.retain(|&i| {
            signatures
                .get(i as usize)
                .is_some_and(|s| s.may_contain(signature, share))
        });
        let own = self.this.agency_key();
        let mut peers: Vec<&Indexed> = found
            .into_iter()
            .filter_map(|i| self.index.slot(i as usize))
            .filter(|p| p.agency_key() != own && p.path != self.this.path)
            .collect();
        peers.sort_by(|a, b| a.path.cmp(&b.path));
        peers
    }

    /// Whether an agency with this key has a report in the inbox (any year).
    pub fn agency_in_inbox(&self, key: &str) -> Option<&Indexed> {
        let years = self.index.by_agency.get(key)?;
        years
            .all()
            .filter_map(|i| self.index.slot(i))
            .min_by(|a, b| a.path.cmp(&b.path))
    }
}

impl CrossIndex {
    /// An index that keeps the reports' facts in memory (`nianbao watch`, tests, and the
    /// fallback when no spill file can be made).
    pub fn new() -> CrossIndex {
        CrossIndex::default()
    }

    /// For tests: loses the spilled facts (see `store::Store::lose_records`).
    #[cfg(test)]
    pub(crate) fn lose_spilled_facts(&mut self) -> io::Result<()> {
        self.store.lose_records()
    }

    /// An index that writes the facts only judging needs to a spill file as reports are added
    /// and reads them back when a report is judged (a run over a whole folder, the dashboard's
    /// inbox): a few hundred bytes of memory a report instead of a few kilobytes.
    pub fn spilled() -> io::Result<CrossIndex> {
        Ok(CrossIndex {
            store: store::Store::spilled()?,
            ..CrossIndex::default()
        })
    }

    fn slot(&self, id: usize) -> Option<&Indexed> {
        self.slots.get(id).and_then(Option::as_ref)
    }

    /// The reports of the agency of `this` (normalised key, same place) for a year, in path
    /// order; none when its agency has no place.
    fn of_same_agency(&self, this: &Indexed, year: i32) -> Vec<&Indexed> {
        let Some((years, name)) = self.years_of(this) else {
            return Vec::new();
        };
        if let Some(group) = self.large_group_of(years, this, name, year) {
            return group
                .ids
                .iter()
                .filter_map(|&id| self.slot(id as usize))
                .collect();
        }
        let mut found: Vec<&Indexed> = self
            .place_mates(years, name, year)
            .map(|(_, other)| other)
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }

    /// The reports by year of the agency of `this`, and its name; none when its agency has no
    /// place or it has no name.
    fn years_of<'s, 't>(&'s self, this: &'t Indexed) -> Option<(&'s Years, &'t Arc<AgencyName>)> {
        let (Some(key), Some(name)) = (this.agency_key(), &this.name) else {
            return None;
        };
        Some((self.by_agency.get(key)?, name))
    }

    /// The reports of a year of `years` whose agency is at the place of `name`, with their
    /// slots, in the order the index holds them.
    fn place_mates<'s, 'n>(
        &'s self,
        years: &'s Years,
        name: &'n AgencyName,
        year: i32,
    ) -> impl Iterator<Item = (usize, &'s Indexed)> + use<'s, 'n> {
        // Told apart by place before the sort, not after: a key's year holds the same body of
        // every place (each county's 人民政府, hundreds of reports in a large inbox), of which
        // one or two are this place's, and the dashboard asks for every report that arrives.
        years
            .of(year)
            .filter_map(move |id| Some((id, self.slot(id)?)))
            .filter(move |(_, other)| other.name.as_ref().is_some_and(|o| same_place(o, name)))
    }

    /// The group of `this` for a year when its agency has more than [`SMALL_GROUP`] reports
    /// of that year (see [`CrossIndex::large_group_of`]).
    fn large_group(&self, this: &Indexed, year: i32) -> Option<Arc<Group>> {
        let (years, name) = self.years_of(this)?;
        self.large_group_of(years, this, name, year)
    }

    /// The group of `this` (its agency's `years`, its `name`) for a year when the agency has
    /// more than [`SMALL_GROUP`] reports of that year: found once until the index changes,
    /// then shared. None for a smaller year (gathered each time: cheaper than a look-up).
    fn large_group_of(
        &self,
        years: &Years,
        this: &Indexed,
        name: &Arc<AgencyName>,
        year: i32,
    ) -> Option<Arc<Group>> {
        // At most SMALL_GROUP reports of the year: none past them.
        years.of(year).nth(SMALL_GROUP)?;
        let asked = (
            Arc::clone(this.agency_key.as_ref()?),
            year,
            Arc::clone(name),
        );
        let groups = || self.groups.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(group) = groups().get(&asked) {
            return Some(Arc::clone(group));
        }
        // Found outside the lock: two workers asking at once find the same group.
        let mut found: Vec<(usize, &Indexed)> = self.place_mates(years, name, year).collect();
        found.sort_by(|(_, a), (_, b)| a.path.cmp(&b.path));
        let newest = found
            .iter()
            .max_by(|(_, a), (_, b)| a.newness().cmp(&b.newness()))
            .map(|&(id, _)| compact_id(id));
        let group = Arc::new(Group {
            ids: found.iter().map(|&(id, _)| compact_id(id)).collect(),
            newest,
        });
        groups().insert(asked, Arc::clone(&group));
        Some(group)
    }

    /// Forgets the groups found: the reports they hold changed.
    fn forget_groups(&mut self) {
        self.groups
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The number of reports indexed.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The report at this path.
    pub fn get(&self, path: &Path) -> Option<&Indexed> {
        self.by_path.get(path).and_then(|&i| self.slot(i))
    }

    /// The paths of the reports of the same agency (normalised name, same place) and year as
    /// the one at this path, itself included: the versions of one report. Empty when the
    /// report is not indexed or has no agency with a place or no year.
    pub fn same_report(&self, path: &Path) -> Vec<&Path> {
        let Some(this) = self.get(path) else {
            return Vec::new();
        };
        let Some(year) = this.year else {
            return Vec::new();
        };
        self.of_same_agency(this, year)
            .into_iter()
            .map(|other| &*other.path)
            .collect()
    }

    /// Adds a report, or replaces the one at the same path. Returns the paths whose cross
    /// flags may have changed: the report itself and every report related to its old or new
    /// version.
    pub fn insert(&mut self, path: PathBuf, facts: ReportFacts) -> BTreeSet<PathBuf> {
        let mut touched = self.remove(&path);
        let id = self.add_slot(path, facts);
        self.settle();
        touched.extend(self.related(id));
        touched
    }

    /// Makes room for `reports` more reports, so that loading a folder whose files are known
    /// does not grow the maps step by step: each growth moves every entry again, a cache miss
    /// each once the maps outgrow the cache (sixteen band entries a report).
    pub fn reserve(&mut self, reports: usize) {
        self.by_path.reserve(reports);
        self.slots.reserve(reports);
        self.signatures.reserve(reports);
        self.shared_bands.reserve(reports);
        self.bands
            .map
            .reserve(reports.saturating_mul(BANDS_A_REPORT));
    }

    /// Adds a report without computing what it touches (loading a whole inbox: nothing has
    /// been checked yet). Its bands wait to be put in the map a batch at a time: call
    /// [`CrossIndex::settle`] once every report is added, before judging. Judging before is
    /// right all the same, but scans the bands still waiting for each look-up.
    pub fn add(&mut self, path: PathBuf, facts: ReportFacts) {
        self.add_slot(path, facts);
        if self.bands.pending.len() >= DEFERRED_BANDS {
            self.settle();
        }
    }

    /// Puts the bands of the reports added by [`CrossIndex::add`] in the map, and marks the
    /// reports that now share a band with another.
    pub fn settle(&mut self) {
        let shared_bands = &mut self.shared_bands;
        self.bands.settle(|id, first, band| {
            for id in [id, first] {
                if let Some(shared) = shared_bands.get_mut(id as usize) {
                    *shared |= band_bit(band);
                }
            }
        });
    }

    fn add_slot(&mut self, path: PathBuf, mut facts: ReportFacts) -> usize {
        if self.by_path.contains_key(path.as_path()) {
            self.remove(&path);
        }
        self.names.share(&mut facts);
        let id = self.free.pop().unwrap_or(self.slots.len());
        if id == self.slots.len() {
            self.slots.push(None);
            self.signatures.push(Signature::default());
            self.shared_bands.push(0);
        }
        self.shared_bands[id] = 0;
        self.signatures[id] = facts
            .narrative
            .as_ref()
            .map(Sketch::signature)
            .unwrap_or_default();
        // The key as the map holds it, shared with the slot.
        let agency_key: Option<Arc<str>> =
            facts
                .key()
                .map(|key| match self.by_agency.get_key_value(key.as_str()) {
                    Some((shared, _)) => Arc::clone(shared),
                    None => Arc::from(key),
                });
        if let (Some(key), Some(year)) = (&agency_key, facts.year) {
            self.by_agency
                .entry(Arc::clone(key))
                .or_default()
                .add(year, id);
            if let Some(sketch) = &facts.narrative {
                for (band, hash) in sketch.bands() {
                    self.bands.defer(year, band, hash, id);
                }
            }
        }
        // Only names of another agency: a report naming its own agency (its signature) is not
        // related to the other reports of that agency through it, and indexing it would relate
        // every copy of a report to every other.
        let own = agency_key.as_deref();
        for mention in facts
            .mentions
            .iter()
            .filter(|m| Some(m.key.as_str()) != own)
        {
            self.mentioned
                .entry(mention.key.clone())
                .or_default()
                .push(id);
        }
        let path: Arc<Path> = Arc::from(path);
        self.by_path.insert(Arc::clone(&path), id);
        self.slots[id] = Some(Indexed::new(
            Arc::clone(&path),
            facts,
            agency_key,
            &mut self.store,
        ));
        self.forget_groups();
        id
    }

    /// Removes the report at this path; returns the paths of the reports that were related to
    /// it (their cross flags may have changed), with the path itself when it was indexed.
    pub fn remove(&mut self, path: &Path) -> BTreeSet<PathBuf> {
        let Some(&id) = self.by_path.get(path) else {
            return BTreeSet::new();
        };
        // Its bands must be in the map to be taken out, and its neighbours found.
        self.settle();
        let touched = self.related(id);
        self.by_path.remove(path);
        self.forget_groups();
        let Some(old) = self.slots[id].take() else {
            return touched;
        };
        if let (Some(key), Some(year)) = (old.agency_key(), old.year) {
            if let Some(years) = self.by_agency.get_mut(key) {
                years.remove(year, id);
            }
        }
        // Its bands and mentions are in its facts. Facts that cannot be read back leave their
        // entries, and the slot is not reused: an entry naming an empty slot is skipped.
        let Ok(facts) = self.store.get(&old) else {
            return touched;
        };
        if let (Some(year), Some(sketch)) = (old.year, &facts.narrative) {
            if old.name.is_some() {
                for (band, hash) in sketch.bands() {
                    self.bands.remove(year, band, hash, id);
                }
            }
        }
        for mention in &facts.mentions {
            if let Some(ids) = self.mentioned.get_mut(&mention.key) {
                ids.retain(|&i| i != id);
            }
        }
        self.free.push(id);
        touched
    }

    /// The paths of the reports whose cross flags depend on this one, and its own: the same
    /// agency's reports of the year before, the same year and the year after; the same year's
    /// narrative neighbours; and the reports whose text names this agency as itself.
    fn related(&self, id: usize) -> BTreeSet<PathBuf> {
        let mut ids: BTreeSet<usize> = BTreeSet::new();
        ids.insert(id);
        let Some(this) = self.slot(id) else {
            return BTreeSet::new();
        };
        if let (Some(key), Some(year)) = (this.agency_key(), this.year) {
            if let Some(years) = self.by_agency.get(key) {
                // Every later year: `template-regression` compares with all earlier years.
                ids.extend(
                    years
                        .from(year - 1)
                        .filter(|&(y, _)| y != year)
                        .map(|(_, i)| i),
                );
                let same: Vec<usize> = years.of(year).collect();
                if same.len() > BOILERPLATE_BUCKET {
                    ids.extend(self.first_of_year(id, &same));
                } else {
                    ids.extend(same);
                }
            }
            // Its band keys are in its facts; facts that cannot be read back relate it to no
            // narrative neighbour.
            let facts = self.store.get(this).ok();
            if let Some(sketch) = facts.as_ref().and_then(|f| f.narrative.as_ref()) {
                for (band, hash) in sketch.bands() {
                    let bucket = self.bands.get(year, band, hash);
                    if bucket.len() <= BOILERPLATE_BUCKET {
                        ids.extend(bucket.iter().map(|i| i as usize));
                    }
                }
            }
            if let Some(naming) = self.mentioned.get(key) {
                ids.extend(naming);
            }
        }
        ids.into_iter()
            .filter_map(|i| self.slot(i).map(|s| s.path.to_path_buf()))
            .collect()
    }

    /// Of a large group of one agency's reports of one year (the same file sent many times),
    /// the ones whose flags can depend on report `id`: the rules compare a report with the
    /// first other of its year in path order, so only the first two in path order can see
    /// `id` as theirs — and every one of them when `id` is itself one of the first two. This
    /// keeps a burst of copies from re-checking every copy at each arrival.
    fn first_of_year(&self, id: usize, same: &[usize]) -> Vec<usize> {
        let mut ordered: Vec<(&Path, usize)> = same
            .iter()
            .filter_map(|&i| self.slot(i).map(|s| (&*s.path, i)))
            .collect();
        ordered.sort_unstable();
        let first: Vec<usize> = ordered.iter().take(2).map(|&(_, i)| i).collect();
        if first.contains(&id) {
            same.to_vec()
        } else {
            first
        }
    }

    /// The cross-report flags of the report at this path, for an index in memory (which
    /// reads nothing back): see [`CrossIndex::try_check`] for a spilled one, whose failure to
    /// read gives no flags here.
    pub fn check(
        &self,
        path: &Path,
        selection: &RuleSelection,
        settings: &CrossSettings,
    ) -> Vec<Flag> {
        self.try_check(path, selection, settings)
            .unwrap_or_default()
    }

    /// The cross-report flags of the report at this path; an error when the facts of a
    /// report it was judged against could not be read back from the spill file.
    pub fn try_check(
        &self,
        path: &Path,
        selection: &RuleSelection,
        settings: &CrossSettings,
    ) -> io::Result<Vec<Flag>> {
        let mut flags = Vec::new();
        let Some((id, this)) = self
            .by_path
            .get(path)
            .and_then(|&id| Some((id, self.slot(id)?)))
        else {
            return Ok(flags);
        };
        // One part: the cross fingerprints keep the identity they had before fingerprints
        // were tied to files (agency key and year).
        let identity = [this.identity()];
        let context = CrossContext {
            index: self,
            this,
            id,
            facts: self.store.get(this)?,
            settings,
            read: RefCell::new(Vec::new()),
            failure: RefCell::new(None),
            previous: OnceCell::new(),
            same_year: OnceCell::new(),
        };
        for rule in CROSS_REGISTRY {
            let meta = rule.meta();
            if !selection.is_enabled(meta.code) {
                continue;
            }
            let severity = selection.severities.get(meta.code).copied();
            let mut findings = Findings::new(meta, &identity, None, severity, &mut flags);
            rule.check(&context, &mut findings);
            findings.finish();
        }
        if let Some(failure) = context.failure.into_inner() {
            return Err(failure);
        }
        sort_flags(&mut flags);
        Ok(flags)
    }
}

/// The ids of `found` without repeats, each where it first came (the peers are put in path
/// order after): a small open-addressing set of at least twice as many places as ids. Sorting
/// the ids to drop the repeats (a report sharing several bands is in each) cost about 2,000
/// instructions a report judged that shares a band, some fifty ids.
fn distinct(found: &[u32]) -> Vec<u32> {
    // `u32::MAX` marks an empty place; the id itself is told apart by a flag.
    const EMPTY: u32 = u32::MAX;
    let bits = (found.len() * 2)
        .max(8)
        .next_power_of_two()
        .trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut places = vec![EMPTY; mask + 1];
    let mut empty_met = false;
    let mut out = Vec::with_capacity(found.len());
    for &id in found {
        if id == EMPTY {
            if !empty_met {
                empty_met = true;
                out.push(id);
            }
            continue;
        }
        // Fibonacci hashing: the top bits of the product, which every bit of the id moves
        // (slot ids are small and often consecutive).
        let mut at =
            (u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (u64::BITS - bits)) as usize;
        loop {
            let held = places[at];
            if held == id {
                break;
            }
            if held == EMPTY {
                places[at] = id;
                out.push(id);
                break;
            }
            at = (at + 1) & mask;
        }
    }
    out
}

/// One agency's reports by year: (year, slot id) pairs sorted by year, in the order they were
/// added within a year. An agency has a handful of reports, so one small vector (8 bytes a
/// report) does what a `BTreeMap` of `Vec`s did at several hundred bytes an agency.
#[derive(Debug, Default)]
struct Years(Vec<(i32, u32)>);

impl Years {
    fn add(&mut self, year: i32, id: usize) {
        let at = self.0.partition_point(|&(y, _)| y <= year);
        self.0.insert(at, (year, compact_id(id)));
    }

    fn remove(&mut self, year: i32, id: usize) {
        let id = compact_id(id);
        self.0.retain(|&entry| entry != (year, id));
    }

    /// The reports of a year.
    fn of(&self, year: i32) -> impl Iterator<Item = usize> + '_ {
        self.from(year)
            .take_while(move |&(y, _)| y == year)
            .map(|(_, id)| id)
    }

    /// The reports of this year and later ones, with their years.
    fn from(&self, year: i32) -> impl Iterator<Item = (i32, usize)> + '_ {
        let start = self.0.partition_point(|&(y, _)| y < year);
        self.0[start..].iter().map(|&(y, id)| (y, id as usize))
    }

    /// The reports of earlier years, earliest first.
    fn before(&self, year: i32) -> impl Iterator<Item = usize> + '_ {
        let end = self.0.partition_point(|&(y, _)| y < year);
        self.0[..end].iter().map(|&(_, id)| id as usize)
    }

    /// Every report of the agency.
    fn all(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|&(_, id)| id as usize)
    }
}

/// The reports by LSH band of their narrative, stored compactly: each report adds sixteen
/// bands, and nearly every band holds one report, so a map entry is 16 bytes (one key, one
/// report) and only a band shared by several reports gets a list of its own. A map of
/// `(year, band, hash)` to a `Vec` per entry cost about 1.5 KB per report.
#[derive(Debug, Default)]
struct Bands {
    /// [`band_key`] → the band's reports.
    map: HashMap<u64, Bucket, BuildHasherDefault<KeyHasher>>,
    /// The reports of the bands shared by several.
    shared: Vec<Vec<u32>>,
    /// Indexes of `shared` left empty, for reuse.
    free: Vec<u32>,
    /// Bands added by [`Bands::defer`] and not yet in `map`, in the order they were added.
    pending: Vec<Deferred>,
}

/// A report's band waiting to be put in [`Bands::map`].
#[derive(Debug, Clone, Copy)]
struct Deferred {
    key: u64,
    id: u32,
    band: u8,
}

/// The bit of band `band` in [`CrossIndex::shared_bands`]; every bit for a band past the
/// sixteenth (none is), so that such a band is always looked up.
fn band_bit(band: u8) -> u16 {
    1u16.checked_shl(u32::from(band)).unwrap_or(u16::MAX)
}

/// How many band entries [`CrossIndex::add`] gathers before putting them in the map: 1 MiB of
/// them, 4,096 reports of sixteen bands. Enough that, put in in the order of their places in
/// the map's table, one entry's neighbour in the batch is near it in the table (one entry in
/// 32 places of the table at 100,000 reports, one in 4 at 10,000); few enough that a look-up
/// before [`CrossIndex::settle`] can afford to scan them.
const DEFERRED_BANDS: usize = 1 << 16;

/// The bands of a sketch whose bins are all filled ([`Sketch::bands`]): what a report adds to
/// [`Bands`] at most.
const BANDS_A_REPORT: usize = 16;

#[derive(Debug, Clone, Copy)]
enum Bucket {
    /// One report's id.
    One(u32),
    /// An index into [`Bands::shared`].
    Shared(u32),
}

/// One key for a year, a band and the band's hash: the xxh3 hash of the three, as the band's
/// hash is itself the xxh3 hash of its bins. Two different bands meet under one key with the
/// same odds as two different bins under one band hash (2⁻⁶⁴ a pair), and a collision only
/// adds a candidate that the signature and the sketches then judge.
fn band_key(year: i32, band: u8, hash: u64) -> u64 {
    let mut bytes = [0u8; 13];
    bytes[..4].copy_from_slice(&year.to_le_bytes());
    bytes[4] = band;
    bytes[5..].copy_from_slice(&hash.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// A key that orders band keys by their place in a table of `2^place_bits` places (their low
/// `place_bits` bits), then by the whole key: the low bits turned to the top. One word to
/// compare where the place and the key were two (a batch's sort compared three-part keys).
fn place_order(key: u64, place_bits: u32) -> u64 {
    key.rotate_right(place_bits)
}

/// Sorts waiting band entries by `(place_order(key, place_bits), id)`, as
/// `sort_unstable_by_key` would, in two steps: the entries are first moved into buckets by the
/// top bits of their place order (one bucket for about every four entries, in place: an
/// American flag sort, no second buffer), then each bucket is sorted alone. Equal keys share
/// a bucket and come out by id, as the whole sort gave them. A comparison sort of a batch
/// (65,536 entries) cost about 350 instructions an entry, most of `settle`; the pass by
/// bucket costs a few tens.
fn sort_by_place(pending: &mut [Deferred], place_bits: u32) {
    let order = |waiting: &Deferred| (place_order(waiting.key, place_bits), waiting.id);
    // Below a few buckets' worth, the comparison sort alone costs less than the counts.
    let bits = (pending.len() / ENTRIES_A_BUCKET).max(1).ilog2().min(16);
    if bits < 2 {
        pending.sort_unstable_by_key(order);
        return;
    }
    let shift = u64::BITS - bits;
    let bucket = |waiting: &Deferred| (place_order(waiting.key, place_bits) >> shift) as usize;
    // `ends[b]`: where bucket `b` ends; `next[b]`: its first place not yet filled. A batch
    // is far below 2³² entries (see `DEFERRED_BANDS`).
    let mut ends = vec![0u32; 1 << bits];
    for waiting in pending.iter() {
        ends[bucket(waiting)] += 1;
    }
    let mut next = Vec::with_capacity(ends.len());
    let mut total = 0;
    for end in &mut ends {
        next.push(total);
        total += *end;
        *end = total;
    }
    // Each entry taken from a place not yet filled goes to the next free place of its own
    // bucket, taking the entry there on, until one belongs where the chain began.
    for b in 0..ends.len() {
        while next[b] < ends[b] {
            let mut carried = pending[next[b] as usize];
            loop {
                let to = bucket(&carried);
                if to == b {
                    break;
                }
                std::mem::swap(&mut carried, &mut pending[next[to] as usize]);
                next[to] += 1;
            }
            pending[next[b] as usize] = carried;
            next[b] += 1;
        }
    }
    let mut start = 0;
    for &end in &ends {
        let end = end as usize;
        if end - start > 1 {
            pending[start..end].sort_unstable_by_key(order);
        }
        start = end;
    }
}

/// The entries of one bucket of [`sort_by_place`], on average: so few that sorting a bucket
/// takes a comparison or two, while the buckets' counts stay a small table (64 KiB for a
/// batch).
const ENTRIES_A_BUCKET: usize = 4;

/// The hasher of [`Bands::map`]: a [`band_key`] is an xxh3 hash already, spread over all its
/// bits, so it is its own hash (SipHash over it cost about 200 instructions a look-up, 16 a
/// report added and 16 a report judged).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by a `u64` key; any other input is folded in all the same.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(8) ^ n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A slot id as stored in [`Bands`]: an index holds far fewer than 2³² reports (each costs
/// hundreds of bytes of memory).
fn compact_id(id: usize) -> u32 {
    id as u32
}

/// The reports of one band: those in [`Bands::map`], then those still waiting in
/// [`Bands::pending`].
struct Members<'a> {
    settled: &'a [u32],
    pending: &'a [Deferred],
    key: u64,
}

impl Members<'_> {
    fn len(&self) -> usize {
        self.settled.len() + self.waiting().count()
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.settled.iter().copied().chain(self.waiting())
    }

    fn waiting(&self) -> impl Iterator<Item = u32> + '_ {
        let key = self.key;
        self.pending
            .iter()
            .filter(move |waiting| waiting.key == key)
            .map(|waiting| waiting.id)
    }
}

impl Bands {
    /// The reports sharing this band: in the order they were added, or by slot within a batch
    /// ([`Bands::settle`]).
    fn get(&self, year: i32, band: u8, hash: u64) -> Members<'_> {
        let key = band_key(year, band, hash);
        self.members(key, self.map.get(&key))
    }

    /// What [`Bands::get`] gives for each of a report's bands, in their order, looked up in
    /// passes: every key, then every probe of the map, then every shared list. Each probe
    /// misses the cache twice (control bytes, then the entry) and a shared band a third time
    /// (its list's header), each load waiting on the one before; one band after another, the
    /// key's hashing between them kept only a few bands' misses in flight at once. A pass of
    /// probes alone lets the processor start the misses of many bands together.
    fn get_all(&self, year: i32, bands: impl Iterator<Item = (u8, u64)>) -> Vec<Members<'_>> {
        let keys: Vec<u64> = bands
            .map(|(band, hash)| band_key(year, band, hash))
            .collect();
        let buckets: Vec<Option<&Bucket>> = keys.iter().map(|key| self.map.get(key)).collect();
        keys.into_iter()
            .zip(buckets)
            .map(|(key, bucket)| self.members(key, bucket))
            .collect()
    }

    /// The members of the band of `key`, whose entry in the map is `bucket`.
    fn members<'a>(&'a self, key: u64, bucket: Option<&'a Bucket>) -> Members<'a> {
        let settled: &[u32] = match bucket {
            None => &[],
            Some(Bucket::One(id)) => std::slice::from_ref(id),
            Some(Bucket::Shared(at)) => self.shared.get(*at as usize).map_or(&[], Vec::as_slice),
        };
        Members {
            settled,
            pending: &self.pending,
            key,
        }
    }

    /// Adds report `id` to a band at the next [`Bands::settle`].
    fn defer(&mut self, year: i32, band: u8, hash: u64, id: usize) {
        if self.pending.capacity() == 0 {
            // One buffer for every batch, not one grown by doubling each time.
            self.pending.reserve_exact(DEFERRED_BANDS);
        }
        self.pending.push(Deferred {
            key: band_key(year, band, hash),
            id: compact_id(id),
            band,
        });
    }

    /// Puts the deferred bands in the map; calls `joined(id, first, band)` for each report `id`
    /// added to its band `band` that held `first` already. They go in in the order of their places in
    /// the map's table, which then fills front to back, cache line after cache line, where
    /// adding each report's sixteen bands as it came missed the cache sixteen times once the
    /// table outgrew it.
    fn settle(&mut self, mut joined: impl FnMut(u32, u32, u8)) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        // Room first: growing would move every entry again, in the table's random order.
        self.map.reserve(pending.len());
        // A key is its own hash ([`KeyHasher`]), and the table places it by its low bits: as
        // many as the table has places, eight for every seven entries it can hold. A wrong
        // guess only costs speed. A band's reports go in in slot order, which is the order
        // they were added in when no slot was reused (a `check`), and no judgement depends on.
        let place_bits = (self.map.capacity() / 7 * 8)
            .next_power_of_two()
            .trailing_zeros();
        sort_by_place(&mut pending, place_bits);
        for waiting in &pending {
            if let Some(first) = self.add_key(waiting.key, waiting.id) {
                joined(waiting.id, first, waiting.band);
            }
        }
        pending.clear();
        self.pending = pending;
    }

    /// Adds report `id` to a band at once; returns the first report the band held already,
    /// if any.
    #[cfg(test)]
    fn add(&mut self, year: i32, band: u8, hash: u64, id: usize) -> Option<u32> {
        self.add_key(band_key(year, band, hash), compact_id(id))
    }

    fn add_key(&mut self, key: u64, id: u32) -> Option<u32> {
        // One probe of the map, not a look-up and then an insertion: nearly every band is new,
        // and the probe is a cache miss once the map outgrows the cache.
        let bucket = match self.map.entry(key) {
            Entry::Vacant(vacant) => {
                vacant.insert(Bucket::One(id));
                return None;
            }
            Entry::Occupied(occupied) => occupied.into_mut(),
        };
        let first_of_pair;
        match *bucket {
            Bucket::One(first) => {
                first_of_pair = first;
                let ids = vec![first, id];
                let at = match self.free.pop() {
                    Some(at) => {
                        self.shared[at as usize] = ids;
                        at
                    }
                    None => {
                        self.shared.push(ids);
                        compact_id(self.shared.len() - 1)
                    }
                };
                *bucket = Bucket::Shared(at);
            }
            Bucket::Shared(at) => {
                let ids = &mut self.shared[at as usize];
                let first = ids.first().copied();
                ids.push(id);
                return first;
            }
        }
        Some(first_of_pair)
    }

    /// Takes report `id` out of a band in the map (not one waiting: [`Bands::settle`] first).
    fn remove(&mut self, year: i32, band: u8, hash: u64, id: usize) {
        let id = compact_id(id);
        let key = band_key(year, band, hash);
        let empty = match self.map.get(&key) {
            None => false,
            Some(Bucket::One(one)) => *one == id,
            Some(Bucket::Shared(at)) => {
                let ids = &mut self.shared[*at as usize];
                ids.retain(|&i| i != id);
                if ids.is_empty() {
                    *ids = Vec::new();
                    self.free.push(*at);
                    true
                } else {
                    false
                }
            }
        };
        if empty {
            self.map.remove(&key);
        }
    }
}

pub use super::CROSS_REGISTRY;

#[cfg(test)]
pub(crate) mod tests;

/// The batch sort of [`Bands::settle`], the repeats dropped from a report's band neighbours,
/// and the signature [`CrossContext::peers`] reads from its slot, each against the way it was
/// done before.
#[cfg(test)]
mod order_tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    use super::{distinct, place_order, sort_by_place, Bands, CrossIndex, Deferred};
    use crate::report::tables::fixtures;
    use crate::rules::cross::tests::{of, parsed, permits_2019};
    use crate::rules::cross::ReportFacts;

    /// Entries of keys drawn from `keys`, with ids; the band follows from key and id, so two
    /// entries of one key and one id are the same entry (whose order no sort can tell).
    fn entries(keys: &[u64], picks: &[(usize, u32)]) -> Vec<Deferred> {
        picks
            .iter()
            .map(|&(pick, id)| {
                let key = keys[pick % keys.len()];
                Deferred {
                    key,
                    id,
                    band: ((key ^ u64::from(id)) % 16) as u8,
                }
            })
            .collect()
    }

    /// The sort [`sort_by_place`] replaces.
    fn by_comparison(pending: &[Deferred], place_bits: u32) -> Vec<(u64, u32, u8)> {
        let mut sorted = pending.to_vec();
        sorted.sort_unstable_by_key(|w| (place_order(w.key, place_bits), w.id));
        sorted.iter().map(|w| (w.key, w.id, w.band)).collect()
    }

    fn by_place(pending: &[Deferred], place_bits: u32) -> Vec<(u64, u32, u8)> {
        let mut sorted = pending.to_vec();
        sort_by_place(&mut sorted, place_bits);
        sorted.iter().map(|w| (w.key, w.id, w.band)).collect()
    }

    /// The keys of a batch: spread over every bit as band keys are, or differing only in
    /// their top bits (every entry in one bucket of the place order), or in their low bits.
    fn keys() -> impl Strategy<Value = Vec<u64>> {
        prop_oneof![
            prop::collection::vec(any::<u64>(), 1..40),
            prop::collection::vec((0u64..8).prop_map(|k| k << 58 | 0x5A5A), 1..8),
            prop::collection::vec(0u64..64, 1..40),
        ]
    }

    proptest! {
        /// The buckets then the small sorts give the comparison sort's order exactly: by
        /// place, and among the entries of one key by id (which report is a band's first).
        #[test]
        fn the_sort_by_place_orders_as_the_comparison_sort(
            keys in keys(),
            picks in prop::collection::vec((any::<usize>(), 0u32..300), 0..700),
            place_bits in 0u32..=64,
        ) {
            let pending = entries(&keys, &picks);
            prop_assert_eq!(by_place(&pending, place_bits), by_comparison(&pending, place_bits));
        }

        /// Settling a batch calls `joined` with the same reports, bands and first reports, in
        /// the same order, as the comparison sort did, and leaves the same bands.
        #[test]
        fn settling_joins_as_the_comparison_sort_did(
            keys in keys(),
            picks in prop::collection::vec((any::<usize>(), 0u32..300), 0..700),
        ) {
            let pending = entries(&keys, &picks);
            let mut bands = Bands {
                pending: pending.clone(),
                ..Bands::default()
            };
            let mut joined = Vec::new();
            bands.settle(|id, first, band| joined.push((id, first, band)));
            // The way it was: the same room made, the same places, then one by one.
            let mut before = Bands::default();
            before.map.reserve(pending.len());
            let place_bits = (before.map.capacity() / 7 * 8)
                .next_power_of_two()
                .trailing_zeros();
            let mut expected = Vec::new();
            let mut sorted = pending.clone();
            sorted.sort_unstable_by_key(|w| (place_order(w.key, place_bits), w.id));
            for w in &sorted {
                if let Some(first) = before.add_key(w.key, w.id) {
                    expected.push((w.id, first, w.band));
                }
            }
            prop_assert_eq!(joined, expected);
            for key in &keys {
                let members: Vec<u32> = bands.members(*key, bands.map.get(key)).iter().collect();
                let was: Vec<u32> = before.members(*key, before.map.get(key)).iter().collect();
                prop_assert_eq!(members, was);
            }
        }

        /// The ids without repeats are the sorted and deduplicated ids (as a set), each kept
        /// where it first came; `u32::MAX`, the empty place's mark, included.
        #[test]
        fn distinct_ids_are_the_deduplicated_ids(
            ids in prop::collection::vec(
                prop_oneof![0u32..64, any::<u32>(), Just(u32::MAX), Just(0)],
                0..900,
            ),
        ) {
            let mut first_met: Vec<u32> = Vec::new();
            for &id in &ids {
                if !first_met.contains(&id) {
                    first_met.push(id);
                }
            }
            let found = distinct(&ids);
            prop_assert_eq!(&found, &first_met);
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let mut found = found;
            found.sort_unstable();
            prop_assert_eq!(found, sorted);
        }
    }

    /// A whole batch (as `CrossIndex::add` gathers) of band keys, many shared, ids out of
    /// order (slots reused): the sort by place gives the comparison sort's order.
    #[test]
    fn a_full_batch_sorts_as_the_comparison_sort() {
        let keys: Vec<u64> = (0..40_000u64)
            .map(|k| xxhash_rust::xxh3::xxh3_64(&k.to_le_bytes()))
            .collect();
        let picks: Vec<(usize, u32)> = (0..super::DEFERRED_BANDS as u32)
            .map(|i| {
                let spread = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                ((spread >> 20) as usize, (spread >> 44) as u32 % 5_000)
            })
            .collect();
        let pending = entries(&keys, &picks);
        for place_bits in [0, 17, 21, 64] {
            assert_eq!(
                by_place(&pending, place_bits),
                by_comparison(&pending, place_bits)
            );
        }
    }

    /// A year with more reports of one agency key than [`super::SMALL_GROUP`] is found once and
    /// shared: each report's group (its place's reports, in path order) and newest version are
    /// those gathered anew, and a report added or removed is in, or out of, the next answer.
    #[test]
    fn a_large_group_is_what_gathering_gives_and_follows_the_index() {
        let mut index = CrossIndex::spilled().expect("temp folder writable");
        let add = |index: &mut CrossIndex, agency: &str, path: &str, seconds: u64| {
            let mut facts = ReportFacts::of(&parsed(&of(agency, fixtures::rows())));
            facts.modified =
                Some(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(seconds));
            index.add(PathBuf::from(path), facts);
        };
        // Two districts of one name under two cities share the agency key, not the place: 26
        // reports of the key's year in all.
        for i in 0..20u64 {
            let path = format!("j/{:02}.txt", (i * 7) % 20);
            add(&mut index, "兰州市城关区司法局", &path, 100 + i);
        }
        for i in 0..6u64 {
            add(
                &mut index,
                "拉萨市城关区司法局",
                &format!("y/{i}.txt"),
                500 + i,
            );
        }
        index.settle();
        let check = |index: &CrossIndex, path: &str, expected: usize| {
            let this = index.get(Path::new(path)).expect("indexed");
            let year = this.year.expect("a year");
            assert!(index.large_group(this, year).is_some(), "{path}");
            // What gathering finds, sorted as a group is.
            let (years, name) = index.years_of(this).expect("an agency with a place");
            let mut gathered: Vec<(usize, &super::Indexed)> =
                index.place_mates(years, name, year).collect();
            gathered.sort_by(|(_, a), (_, b)| a.path.cmp(&b.path));
            let grouped: Vec<PathBuf> = index
                .of_same_agency(this, year)
                .iter()
                .map(|other| other.path.to_path_buf())
                .collect();
            let gathered_paths: Vec<PathBuf> = gathered
                .iter()
                .map(|(_, other)| other.path.to_path_buf())
                .collect();
            assert_eq!(grouped, gathered_paths, "{path}");
            assert_eq!(grouped.len(), expected, "{path}");
            let newest = gathered
                .into_iter()
                .max_by(|(_, a), (_, b)| a.newness().cmp(&b.newness()))
                .map(|(id, _)| id as u32);
            let group = index.large_group(this, year).expect("a large group");
            assert_eq!(group.newest, newest, "{path}");
        };
        for path in ["j/00.txt", "j/13.txt", "y/0.txt", "y/5.txt"] {
            let expected = if path.starts_with('j') { 20 } else { 6 };
            check(&index, path, expected);
        }
        index.remove(Path::new("j/13.txt"));
        add(&mut index, "兰州市城关区司法局", "j/99.txt", 900);
        index.settle();
        check(&index, "j/00.txt", 20);
        let this = index.get(Path::new("j/00.txt")).expect("indexed");
        let group = index
            .large_group(this, this.year.expect("a year"))
            .expect("a large group");
        let newest = group.newest.and_then(|id| index.slot(id as usize));
        assert_eq!(newest.map(|n| &*n.path), Some(Path::new("j/99.txt")));
        assert!(index
            .of_same_agency(this, this.year.expect("a year"))
            .iter()
            .all(|other| &*other.path != Path::new("j/13.txt")));
    }

    /// The same agency's reports of this report's year, kept after the first time, are those
    /// found anew each time, in the same order; another year's are not taken from the cache.
    #[test]
    fn the_same_agencys_reports_of_the_year_are_found_once_alike() {
        let copy = of("甲县司法局", fixtures::rows());
        let mut index = CrossIndex::spilled().expect("temp folder writable");
        for name in ["c.txt", "a.txt", "d/b.txt", "e.txt"] {
            index.add(PathBuf::from(name), ReportFacts::of(&parsed(&copy)));
        }
        index.add(
            PathBuf::from("other.txt"),
            ReportFacts::of(&parsed(&of("乙县民政局", fixtures::rows()))),
        );
        index.settle();
        let settings = super::CrossSettings::default();
        let paths = |found: Vec<&super::Indexed>| -> Vec<PathBuf> {
            found.iter().map(|other| other.path.to_path_buf()).collect()
        };
        for path in ["a.txt", "e.txt", "other.txt"] {
            let id = index.by_path[Path::new(path)];
            let this = index.slot(id).expect("indexed");
            let context = super::CrossContext {
                index: &index,
                this,
                id,
                facts: index.store.get(this).expect("read back"),
                settings: &settings,
                read: std::cell::RefCell::new(Vec::new()),
                failure: std::cell::RefCell::new(None),
                previous: std::cell::OnceCell::new(),
                same_year: std::cell::OnceCell::new(),
            };
            let year = this.year.expect("a year");
            for asked in [year, year - 1, year, year + 1, year] {
                let expected = paths(index.of_same_agency(this, asked));
                assert_eq!(
                    paths(context.same_agency(asked)),
                    expected,
                    "{path} {asked}"
                );
            }
            let copies = paths(context.same_agency(year)).len();
            assert_eq!(copies, if path == "other.txt" { 1 } else { 4 }, "{path}");
        }
    }

    /// The signature kept in a report's slot is the one its facts read back from the spill
    /// give, which `peers` made from them before.
    #[test]
    fn a_slots_signature_is_its_facts_signature() {
        let texts = [
            of("甲县司法局", fixtures::rows()) + "\n乙县民政局\n2024年1月15日",
            of("乙县民政局", fixtures::rows()),
            permits_2019(),
        ];
        let mut index = CrossIndex::spilled().expect("temp folder writable");
        for (i, text) in texts.iter().enumerate() {
            index.add(
                PathBuf::from(format!("{i}.txt")),
                ReportFacts::of(&parsed(text)),
            );
        }
        index.settle();
        let mut sketched = 0;
        for i in 0..texts.len() {
            let path = PathBuf::from(format!("{i}.txt"));
            let id = index.by_path[Path::new(&path)];
            let slot = index.slot(id).expect("indexed");
            let facts = index.store.get(slot).expect("read back");
            if let Some(sketch) = &facts.narrative {
                sketched += 1;
                assert_eq!(index.signatures[id], sketch.signature());
            }
        }
        assert!(sketched >= 2, "{sketched} reports with a narrative");
    }

    /// [`Indexed::identity`] as it was made before: with `format!`.
    fn identity_formatted(key: &str, year: Option<i32>) -> String {
        match year {
            Some(year) => format!("{key}|{year}"),
            None => format!("{key}|"),
        }
    }

    /// The identity built by hand is `format!`'s at the ends of `i32` and around every power
    /// of ten (where the digit count changes), with and without a year and a key.
    #[test]
    fn identity_is_formats_at_the_edges() {
        let mut years = vec![None, Some(0), Some(i32::MIN), Some(i32::MAX)];
        let mut power = 1i32;
        loop {
            for year in [power - 1, power, power + 1] {
                years.extend([Some(year), Some(-year)]);
            }
            match power.checked_mul(10) {
                Some(next) => power = next,
                None => break,
            }
        }
        for key in ["", "甲县司法局", "a|b"] {
            for &year in &years {
                assert_eq!(super::identity_of(key, year), identity_formatted(key, year));
            }
        }
    }

    proptest! {
        /// … and for any key and year.
        #[test]
        fn identity_is_formats(key in ".{0,40}", year in proptest::option::of(any::<i32>())) {
            prop_assert_eq!(super::identity_of(&key, year), identity_formatted(&key, year));
        }
    }
}
