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

use crate::{EntryError, Hash, leaf_hash};

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
        let mut writer = EntryWriter::new(
            self.sequence,
            self.time_ms,
            &self.actor,
            &self.kind,
            &self.record,
        );
        for (key, value) in &self.content {
            writer.field(key, value);
        }
        writer.finish()
    }

    /// Reads an entry back from its canonical bytes; the inverse of [`Entry::encode`].
    ///
    /// Fails on another version byte, a length that runs past the end, text that is not UTF-8,
    /// or bytes left over after the last pair.
    pub fn decode(bytes: &[u8]) -> Result<Entry, EntryError> {
        let mut reader = Reader { bytes, at: 0 };
        let version = reader.take(1)?[0];
        if version != ENTRY_VERSION {
            return Err(EntryError::Version(version));
        }
        let sequence = u64::from_be_bytes(reader.array()?);
        let time_ms = i64::from_be_bytes(reader.array()?);
        let actor = reader.text()?;
        let kind = reader.text()?;
        let record = reader.text()?;
        let pairs = u32::from_be_bytes(reader.array()?);
        // Each pair takes at least eight bytes, which bounds the allocation by the input.
        let mut content = Vec::with_capacity((pairs as usize).min(bytes.len() / 8));
        for _ in 0..pairs {
            let key = reader.text()?;
            let value = reader.text()?;
            content.push((key, value));
        }
        if reader.at != bytes.len() {
            return Err(EntryError::TrailingBytes(bytes.len() - reader.at));
        }
        Ok(Entry {
            sequence,
            time_ms,
            actor,
            kind,
            record,
            content,
        })
    }

    /// Returns the leaf hash of the encoded entry.
    pub fn leaf_hash(&self) -> Hash {
        leaf_hash(&self.encode())
    }
}

/// Writes an entry's canonical bytes field by field, without building an [`Entry`] first: the
/// bulk path of the store, where a hundred thousand entries are encoded at once.
///
/// ```
/// use jixiao_ledger::{Entry, EntryWriter};
///
/// let mut writer = EntryWriter::new(7, 1_700_000_000_000, "王工", "expenditure", "P/0");
/// writer.field("amount_fen", "100");
/// let entry = Entry {
///     sequence: 7,
///     time_ms: 1_700_000_000_000,
///     actor: "王工".into(),
///     kind: "expenditure".into(),
///     record: "P/0".into(),
///     content: vec![("amount_fen".into(), "100".into())],
/// };
/// assert_eq!(writer.finish(), entry.encode());
/// ```
#[derive(Debug)]
pub struct EntryWriter {
    bytes: Vec<u8>,
    /// Where the entry starts in `bytes`.
    start: usize,
    /// Where the pair count sits; it is written when the writer finishes.
    count_at: usize,
    pairs: usize,
}

impl EntryWriter {
    /// Starts an entry with its fixed fields; the content pairs follow with [`Self::field`].
    pub fn new(sequence: u64, time_ms: i64, actor: &str, kind: &str, record: &str) -> Self {
        Self::append_to(
            Vec::with_capacity(256),
            sequence,
            time_ms,
            actor,
            kind,
            record,
        )
    }

    /// Starts an entry at the end of `bytes`, which may already hold other data: the store
    /// packs many entries into one buffer without allocating one for each. Finish it with
    /// [`Self::finish_appended`].
    pub fn append_to(
        mut bytes: Vec<u8>,
        sequence: u64,
        time_ms: i64,
        actor: &str,
        kind: &str,
        record: &str,
    ) -> Self {
        let start = bytes.len();
        bytes.push(ENTRY_VERSION);
        bytes.extend_from_slice(&sequence.to_be_bytes());
        bytes.extend_from_slice(&time_ms.to_be_bytes());
        for text in [actor, kind, record] {
            push_text(&mut bytes, text);
        }
        let count_at = bytes.len();
        bytes.extend_from_slice(&[0; 4]);
        EntryWriter {
            bytes,
            start,
            count_at,
            pairs: 0,
        }
    }

    /// Appends one content pair.
    pub fn field(&mut self, key: &str, value: &str) -> &mut Self {
        push_text(&mut self.bytes, key);
        push_text(&mut self.bytes, value);
        self.pairs += 1;
        self
    }

    /// Appends one content pair whose value is a whole number, written in decimal.
    pub fn number(&mut self, key: &str, value: i64) -> &mut Self {
        let mut digits = itoa::Buffer::new();
        self.field(key, digits.format(value))
    }

    /// Returns the canonical bytes.
    pub fn finish(self) -> Vec<u8> {
        let (mut bytes, start) = self.finish_appended();
        if start > 0 {
            bytes.drain(..start);
        }
        bytes
    }

    /// Returns the buffer given to [`Self::append_to`] with the entry's canonical bytes at its
    /// end, and the offset where they start.
    pub fn finish_appended(mut self) -> (Vec<u8>, usize) {
        let count = length(self.pairs).to_be_bytes();
        self.bytes[self.count_at..self.count_at + 4].copy_from_slice(&count);
        (self.bytes, self.start)
    }
}

/// A cursor over encoded bytes for [`Entry::decode`].
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], EntryError> {
        let end = self
            .at
            .checked_add(count)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(EntryError::Truncated(self.at))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], EntryError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn text(&mut self) -> Result<String, EntryError> {
        let at = self.at;
        let len = u32::from_be_bytes(self.array()?) as usize;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| EntryError::NotUtf8(at))
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
    fn decoding_returns_the_encoded_entry() {
        let entry = sample();
        assert_eq!(Entry::decode(&entry.encode()), Ok(entry));
    }

    #[test]
    fn decoding_refuses_bytes_that_no_entry_encodes_to() {
        let good = sample().encode();
        let mut other_version = good.clone();
        other_version[0] = 0x02;
        let mut trailing = good.clone();
        trailing.push(0);
        let mut long_actor = good.clone();
        long_actor[20] = 0x7f;
        let mut bad_text = good.clone();
        // The first byte of the actor's text.
        bad_text[21] = 0xff;
        let cases: Vec<(&str, Vec<u8>, EntryError)> = vec![
            ("empty", Vec::new(), EntryError::Truncated(0)),
            ("another version", other_version, EntryError::Version(0x02)),
            ("a byte too many", trailing, EntryError::TrailingBytes(1)),
            (
                "cut in the last value",
                good[..good.len() - 1].to_vec(),
                EntryError::Truncated(good.len() - 3),
            ),
            (
                "a length past the end",
                long_actor,
                EntryError::Truncated(21),
            ),
            ("text that is not UTF-8", bad_text, EntryError::NotUtf8(17)),
        ];
        for (what, bytes, error) in cases {
            assert_eq!(Entry::decode(&bytes), Err(error), "{what}");
        }
    }

    #[test]
    fn an_entry_appended_to_a_buffer_keeps_what_was_there() {
        let mut writer =
            EntryWriter::append_to(b"abc".to_vec(), 258, -2, "import", "expenditure", "P/0");
        writer.number("amount_fen", 100).field("d", "支");
        let (bytes, start) = writer.finish_appended();
        assert_eq!(start, 3);
        assert_eq!(&bytes[..3], b"abc");
        assert_eq!(&bytes[3..], sample().encode().as_slice());
    }

    #[test]
    fn the_writer_and_the_entry_encode_alike() {
        let entry = sample();
        let mut writer = EntryWriter::new(258, -2, "import", "expenditure", "P/0");
        writer.number("amount_fen", 100).field("d", "支");
        assert_eq!(writer.finish(), entry.encode());
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
