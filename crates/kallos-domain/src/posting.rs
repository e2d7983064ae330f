//! Posting lists of the in-memory directory: the ascending positions that
//! have a value and, for values many members share (a country, a language),
//! a bitset beside them, so that intersecting two common values costs one
//! AND per 64 members instead of a search per member.

/// Ascending positions below the index's size; a bitset too when dense.
#[derive(Debug, Default, Clone)]
pub struct Posting {
    positions: Vec<u32>,
    bits: Option<Vec<u64>>,
}

impl Posting {
    /// A list from positions already ascending and distinct.
    pub fn from_sorted(positions: Vec<u32>) -> Self {
        debug_assert!(positions.windows(2).all(|w| w[0] < w[1]));
        Self {
            positions,
            bits: None,
        }
    }

    /// Appends `position`, greater than any before.
    pub fn push(&mut self, position: u32) {
        debug_assert!(self.positions.last().is_none_or(|&last| last < position));
        self.positions.push(position);
        self.bits = None;
    }

    /// The positions, ascending.
    pub fn positions(&self) -> &[u32] {
        &self.positions
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Adds the bitset over `0..size` when the list holds more than one
    /// position in 128: from there an AND per 64 positions costs less than
    /// a look-up per member of the list, at a quarter of the list's size.
    pub fn seal(&mut self, size: usize) {
        if self.positions.len().saturating_mul(128) <= size {
            return;
        }
        let mut bits = vec![0u64; size.div_ceil(64)];
        for &p in &self.positions {
            if let Some(word) = bits.get_mut(p as usize / 64) {
                *word |= 1 << (p % 64);
            }
        }
        self.bits = Some(bits);
    }

    fn contains(&self, position: u32, cursor: &mut usize) -> bool {
        match &self.bits {
            Some(bits) => bits
                .get(position as usize / 64)
                .is_some_and(|w| w & (1 << (position % 64)) != 0),
            None => {
                // Candidates come ascending: gallop forward from the last one.
                let rest = &self.positions[(*cursor).min(self.positions.len())..];
                *cursor += rest.partition_point(|&p| p < position);
                self.positions.get(*cursor) == Some(&position)
            }
        }
    }
}

/// The positions present in every list: how many there are, and `take` of
/// them after skipping the first `skip`. `lists` must not be empty.
pub fn intersect(lists: &mut [&Posting], skip: usize, take: usize) -> (usize, Vec<u32>) {
    lists.sort_by_key(|l| l.len());
    let Some((first, rest)) = lists.split_first() else {
        return (0, Vec::new());
    };
    if first.is_empty() {
        return (0, Vec::new());
    }
    let mut total = 0usize;
    let mut page = Vec::with_capacity(take.min(first.len()));
    // Sorted by length and sealed by density: when the shortest list has a
    // bitset, every list has one.
    let all_bits: Option<Vec<&[u64]>> = lists
        .iter()
        .map(|l| l.bits.as_deref())
        .collect::<Option<_>>();
    if let Some(bitsets) = all_bits {
        let words = bitsets.iter().map(|b| b.len()).min().unwrap_or(0);
        let word_at = |w: usize| bitsets.iter().fold(u64::MAX, |word, bits| word & bits[w]);
        // Walk word by word until the page is full ...
        let mut w = 0;
        while w < words && page.len() < take {
            let mut word = word_at(w);
            let count = word.count_ones() as usize;
            if total + count > skip {
                while word != 0 {
                    if total >= skip && page.len() < take {
                        page.push((w * 64) as u32 + word.trailing_zeros());
                    }
                    total += 1;
                    word &= word - 1;
                }
            } else {
                total += count;
            }
            w += 1;
        }
        // ... then only count, two lists (the common case) in a loop the
        // compiler vectorises.
        total += match bitsets.as_slice() {
            [a, b] => a[w..words]
                .iter()
                .zip(&b[w..words])
                .map(|(x, y)| (x & y).count_ones() as usize)
                .sum::<usize>(),
            _ => (w..words).map(|w| word_at(w).count_ones() as usize).sum(),
        };
        return (total, page);
    }
    let mut cursors = vec![0usize; rest.len()];
    'candidates: for &candidate in &first.positions {
        for (list, cursor) in rest.iter().zip(cursors.iter_mut()) {
            if !list.contains(candidate, cursor) {
                continue 'candidates;
            }
        }
        if total >= skip && page.len() < take {
            page.push(candidate);
        }
        total += 1;
    }
    (total, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A named rule choosing positions.
    type Rule = (&'static str, fn(u32) -> bool);

    fn posting(size: usize, keep: impl Fn(u32) -> bool) -> Posting {
        let mut p = Posting::from_sorted((0..size as u32).filter(|&i| keep(i)).collect());
        p.seal(size);
        p
    }

    /// Every combination of dense and sparse lists gives what a plain filter
    /// over all positions gives, page by page.
    #[test]
    fn intersections_agree_with_a_plain_filter() {
        let size = 10_000;
        // Dense ("half", "third", "thin": bitsets) and sparse lists.
        assert!(posting(size, |i| i % 97 == 5).bits.is_some());
        assert!(posting(size, |i| i % 199 == 5).bits.is_none());
        let rules: [Rule; 6] = [
            ("half", |i| i % 2 == 0),
            ("third", |i| i % 3 == 0),
            ("thin", |i| i % 97 == 5),
            ("sparse", |i| i % 199 == 5),
            ("sparser", |i| i % 401 == 0 || i == 9_999),
            ("none", |_| false),
        ];
        // Two lists, and three (with every position below 9,000).
        let most = posting(size, |i| i < 9_000);
        for (a_name, a) in rules {
            for (b_name, b) in rules {
                let (pa, pb) = (posting(size, a), posting(size, b));
                for three in [false, true] {
                    let expected: Vec<u32> = (0..size as u32)
                        .filter(|&i| a(i) && b(i) && (!three || i < 9_000))
                        .collect();
                    for (skip, take) in [(0, 20), (7, 3), (expected.len().saturating_sub(2), 20)] {
                        let (total, page) = if three {
                            intersect(&mut [&pa, &most, &pb], skip, take)
                        } else {
                            intersect(&mut [&pa, &pb], skip, take)
                        };
                        let name = format!("{a_name} ∩ {b_name}, three: {three}, skip {skip}");
                        assert_eq!(total, expected.len(), "{name}");
                        let want: Vec<u32> =
                            expected.iter().copied().skip(skip).take(take).collect();
                        assert_eq!(page, want, "{name}");
                    }
                }
            }
        }
    }

    #[test]
    fn dense_lists_get_a_bitset_and_sparse_ones_do_not() {
        assert!(posting(6_400, |i| i % 8 == 0).bits.is_some());
        assert!(posting(6_400, |i| i % 100 == 0).bits.is_some());
        assert!(posting(6_400, |i| i % 128 == 0).bits.is_none());
        assert!(posting(6_400, |i| i % 1000 == 0).bits.is_none());
    }
}
