//! Folding: the flags of one rule in one report shown, and decided, as one row
//! (`25 × blank-cell`).
//!
//! A template problem (a blank table, a column shifted) raises the same rule on dozens of
//! cells of one report; a supervisor decides them together. Folding is a view of a list, so it
//! is generic over what the list holds: the dashboard folds its rows of flags, an export could
//! fold its rows the same way.

use std::collections::HashMap;
use std::hash::Hash;

/// Groups `items` by `key`, keeping order: each group is where its first item was, and holds
/// its items in their order.
pub fn fold<T: Clone, K: Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Vec<T>> {
    let mut groups: Vec<Vec<T>> = Vec::new();
    let mut index: HashMap<K, usize> = HashMap::new();
    for item in items {
        let slot = *index.entry(key(item)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(item.clone());
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_stay_where_their_first_item_was() {
        // (report, rule) pairs as a by-report list interleaves them.
        let items = [
            (1, "blank-cell"),
            (1, "cell-count"),
            (1, "blank-cell"),
            (2, "blank-cell"),
            (1, "blank-cell"),
        ];
        let groups = fold(&items, |&(report, code)| (report, code));
        assert_eq!(
            groups,
            vec![
                vec![(1, "blank-cell"), (1, "blank-cell"), (1, "blank-cell")],
                vec![(1, "cell-count")],
                vec![(2, "blank-cell")],
            ]
        );
        assert!(fold(&[] as &[(i32, &str)], |&x| x).is_empty());
    }
}
