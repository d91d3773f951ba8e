//! `jixiao ledger export`: the entries as JSON lines, so that anyone can recompute the root
//! without access to the database.

use std::io::{ErrorKind, Write};
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jixiao_store::Store;

use super::to_usize;
use crate::progress::Progress;

/// How many entries are read from the store at once; about 3 MB of demo entries.
const PAGE: u64 = 10_000;

/// Writes the entries from index `from` to the size the ledger has when the export starts, one
/// `{"index":N,"entry":"<base64>"}` line each, to `output` or standard output.
pub async fn run(store: &Store, from: u64, output: Option<&Path>) -> anyhow::Result<()> {
    let size = store.ledger_size().await?;
    if from > size {
        bail!("--from {from} is past the end of the ledger, which holds {size} entries");
    }
    let (mut writer, progress): (Box<dyn Write>, _) = match output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let progress = Progress::new("exporting the ledger", to_usize(size - from));
            (Box::new(std::io::BufWriter::new(file)), Some(progress))
        }
        None => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            None,
        ),
    };
    let shown = output.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    match write_entries(store, &mut writer, from, size, progress.as_ref()).await {
        Ok(()) => {}
        // A reader that stops early, such as `head`, closes the pipe; it has what it wanted.
        Err(Failure::Write(err)) if output.is_none() && err.kind() == ErrorKind::BrokenPipe => {
            return Ok(());
        }
        Err(Failure::Write(err)) => return Err(err).context(format!("writing to {shown}")),
        Err(Failure::Other(err)) => return Err(err),
    }
    if let Some(progress) = &progress {
        progress.finish();
    }
    tracing::info!(ledger.from = from, ledger.size = size, file = %shown, "ledger exported");
    Ok(())
}

/// Why writing the entries stopped: the output failed, or anything else did.
enum Failure {
    Write(std::io::Error),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(err: anyhow::Error) -> Self {
        Failure::Other(err)
    }
}

/// Writes entries `from..size` page by page, then flushes.
async fn write_entries(
    store: &Store,
    writer: &mut dyn Write,
    from: u64,
    size: u64,
    progress: Option<&Progress>,
) -> Result<(), Failure> {
    let mut next = from;
    while next < size {
        let page = store
            .ledger_entries(next, PAGE.min(size - next))
            .await
            .with_context(|| format!("reading ledger entries from {next}"))?;
        if page.is_empty() {
            return Err(anyhow!(
                "the ledger ends at entry {next}, but it held {size} entries when the export began"
            )
            .into());
        }
        for stored in &page {
            if stored.index != next {
                return Err(
                    anyhow!("ledger entry {next} is missing (run `jixiao ledger verify`)").into(),
                );
            }
            // Integers and base64 need no JSON escaping, so the line is written directly.
            writeln!(
                writer,
                "{{\"index\":{},\"entry\":\"{}\"}}",
                stored.index,
                STANDARD.encode(&stored.bytes)
            )
            .map_err(Failure::Write)?;
            next += 1;
        }
        if let Some(progress) = progress {
            progress.set(to_usize(next - from));
        }
    }
    writer.flush().map_err(Failure::Write)
}
