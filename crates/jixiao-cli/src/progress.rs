//! Progress of long work: a bar on a terminal, plain log lines otherwise.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

/// Reports how far a job of known size has come.
pub struct Progress {
    bar: Option<ProgressBar>,
    label: &'static str,
    total: usize,
    /// The last tenth logged, so that a log-only run prints at most eleven lines.
    last_tenth: Mutex<usize>,
}

impl Progress {
    /// Starts reporting on `total` units of `label` work.
    pub fn new(label: &'static str, total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                    .expect("the template is valid")
                    .progress_chars("=> "),
            );
            bar.set_message(label);
            bar
        });
        Progress {
            bar,
            label,
            total,
            last_tenth: Mutex::new(0),
        }
    }

    /// Records that `done` units are finished.
    pub fn set(&self, done: usize) {
        match &self.bar {
            Some(bar) => bar.set_position(done as u64),
            None => {
                let tenth = (done * 10).checked_div(self.total).unwrap_or(10);
                let mut last = self
                    .last_tenth
                    .lock()
                    .expect("progress lock is never poisoned");
                if tenth > *last {
                    *last = tenth;
                    tracing::info!(task = self.label, done, total = self.total, "progress");
                }
            }
        }
    }

    /// Ends the report.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
