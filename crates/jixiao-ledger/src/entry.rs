//! The canonical byte encoding of a ledger entry: what one record of the store becomes before it
//! is hashed as a leaf.
//!
//! The encoding is fixed so that a third party holding the same facts produces the same bytes and
//! therefore the same leaf hash. It is, in this order and without padding:
//!
//! 1. one version byte, [`ENTRY_VERSION`] (`0x01`);
//! 2. `sequence`, the entry's index in the log, as a big-endian unsigned 64-bit integer;
//! 3. `time_ms`, milliseconds since the Unix epoch, as a big-endian signed 64-bit integer (two's
//!    complement);
//! 4. the strings `actor`, `kind` and `record`, each as its UTF-8 byte length in a big-endian
//!    unsigned 32-bit integer followed by those bytes;
//! 5. the number of `content` pairs as a big-endian unsigned 32-bit integer, then for each pair in
//!    the given order its key and then its value, each written like the strings above.
//!
//! Nothing is sorted or normalized: the caller decides the order of the content pairs, and the
//! same facts in another order are another entry. Length prefixes make the encoding injective, so
//! two different entries never share bytes.
//!
//! ```
//! use jixiao_ledger::Entry;
//!
//! let entry = Entry {
//!     sequence: 1,
//!     time_ms: 2,
//!     actor: "a".into(),
//!     kind: "k".into(),
//!     record: "r".into(),
//!     content: vec![("x".into(), "y".into())],
//! };
//! let bytes = entry.encode();
//! assert_eq!(bytes[0], 0x01);
//! assert_eq!(bytes.len(), 1 + 8 + 8 + 3 * (4 + 1) + 4 + 2 * (4 + 1));
//! ```

use crate::{Hash, leaf_hash};

/// The first byte of every entry encoded by [`Entry::encode`].
pub const ENTRY_VERSION: u8 = 0x01;

/// One fact appended to the ledger: who recorded what about which record, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's index in the log, counted from 0.
    pub sequence: u64,
    /// When it was recorded, in milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// Who recorded it.
    pub actor: String,
    /// What kind of fact it is, such as `expenditure`.
    pub kind: String,
    /// Which record it is about, in the recorder's own naming.
    pub record: String,
    /// The recorded fields as key and value text, in the order the recorder fixed.
    pub content: Vec<(String, String)>,
}

impl Entry {
    /// Returns the canonical bytes described in the module documentation.
    ///
    /// # Panics
    ///
    /// Panics when a string is 4 GiB or longer or there are 2^32 or more content pairs, which
    /// the 32-bit length prefixes cannot express.
    pub fn encode(&self) -> Vec<u8> {
        let strings: usize = [&self.actor, &self.kind, &self.record]
            .iter()
            .map(|text| 4 + text.len())
            .sum();
        let pairs: usize = self
            .content
            .iter()
            .map(|(key, value)| 8 + key.len() + value.len())
            .sum();
        let mut bytes = Vec::with_capacity(1 + 8 + 8 + strings + 4 + pairs);
        bytes.push(ENTRY_VERSION);
        bytes.extend_from_slice(&self.sequence.to_be_bytes());
        bytes.extend_from_slice(&self.time_ms.to_be_bytes());
        for text in [&self.actor, &self.kind, &self.record] {
            push_text(&mut bytes, text);
        }
        bytes.extend_from_slice(&length(self.content.len()).to_be_bytes());
        for (key, value) in &self.content {
            push_text(&mut bytes, key);
            push_text(&mut bytes, value);
        }
        bytes
    }

    /// Returns the leaf hash of the encoded entry.
    pub fn leaf_hash(&self) -> Hash {
        leaf_hash(&self.encode())
    }
}

fn push_text(bytes: &mut Vec<u8>, text: &str) {
    bytes.extend_from_slice(&length(text.len()).to_be_bytes());
    bytes.extend_from_slice(text.as_bytes());
}

fn length(count: usize) -> u32 {
    u32::try_from(count).expect("an entry field is shorter than 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Entry {
        Entry {
            sequence: 258,
            time_ms: -2,
            actor: "import".into(),
            kind: "expenditure".into(),
            record: "P/0".into(),
            content: vec![
                ("amount_fen".into(), "100".into()),
                ("d".into(), "支".into()),
            ],
        }
    }

    #[test]
    fn a_fixed_entry_encodes_to_fixed_bytes() {
        let mut expected = vec![0x01];
        expected.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 2]);
        expected.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
        expected.extend_from_slice(b"\0\0\0\x06import");
        expected.extend_from_slice(b"\0\0\0\x0bexpenditure");
        expected.extend_from_slice(b"\0\0\0\x03P/0");
        expected.extend_from_slice(b"\0\0\0\x02");
        expected.extend_from_slice(b"\0\0\0\x0aamount_fen\0\0\0\x03100");
        expected.extend_from_slice(b"\0\0\0\x01d\0\0\0\x03\xe6\x94\xaf");
        assert_eq!(sample().encode(), expected);
    }

    #[test]
    fn an_empty_entry_is_the_version_two_numbers_and_zero_lengths() {
        let entry = Entry {
            sequence: 0,
            time_ms: 0,
            actor: String::new(),
            kind: String::new(),
            record: String::new(),
            content: Vec::new(),
        };
        let mut expected = vec![0x01];
        expected.extend_from_slice(&[0; 16 + 12 + 4]);
        assert_eq!(entry.encode(), expected);
    }

    #[test]
    fn changing_any_field_changes_the_bytes() {
        type Change = (&'static str, fn(&mut Entry));
        let changes: Vec<Change> = vec![
            ("sequence", |e| e.sequence += 1),
            ("time", |e| e.time_ms = 0),
            ("actor", |e| e.actor.push('x')),
            ("kind", |e| e.kind = "expenditure_removed".into()),
            ("record", |e| e.record = "P/1".into()),
            ("a value", |e| e.content[0].1 = "101".into()),
            ("a key", |e| e.content[1].0 = "e".into()),
            ("the order of pairs", |e| e.content.swap(0, 1)),
            ("a pair removed", |e| {
                e.content.pop();
            }),
            ("a pair added", |e| {
                e.content.push((String::new(), String::new()))
            }),
            // The boundary between two strings moves; the length prefixes keep them apart.
            ("a boundary", |e| {
                e.actor = "importe".into();
                e.kind = "xpenditure".into();
            }),
        ];
        let original = sample().encode();
        for (what, change) in changes {
            let mut entry = sample();
            change(&mut entry);
            assert_ne!(entry.encode(), original, "{what}");
            assert_ne!(entry.leaf_hash(), sample().leaf_hash(), "{what}");
        }
    }
}
