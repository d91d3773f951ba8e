//! A job repeated at a fixed interval in the background, stopped on request: how `jixiao serve`
//! signs tree heads while it runs. What the job does is the caller's business.

use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};

/// A positive span of time written as a whole number with a unit: `90s`, `10m` or `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval(pub Duration);

impl FromStr for Interval {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, unit) = text.split_at(split);
        let explain = || format!("\"{text}\" is not an interval such as 90s, 10m or 1h");
        let count: u64 = digits.parse().map_err(|_| explain())?;
        let seconds_per_unit = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => return Err(explain()),
        };
        match count.checked_mul(seconds_per_unit) {
            Some(0) => Err(format!(
                "\"{text}\" is no interval: it must be longer than zero"
            )),
            Some(seconds) => Ok(Interval(Duration::from_secs(seconds))),
            None => Err(explain()),
        }
    }
}

/// A background task that runs a job every interval until [`Schedule::stop`].
pub struct Schedule {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Schedule {
    /// Runs `job` every `every`, the first time one interval from now. A run that is late (the
    /// job took longer than the interval) shifts the later ones rather than bunching them up.
    pub fn start<F, Fut>(every: Duration, mut job: F) -> Schedule
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let (stop, mut stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(Instant::now() + every, every);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = ticks.tick() => job().await,
                }
            }
        });
        Schedule { stop, task }
    }

    /// Stops the schedule, letting a run in progress finish first.
    pub async fn stop(self) {
        // The task ends by itself only when it panicked; a failed send then changes nothing.
        let _ = self.stop.send(());
        if let Err(err) = self.task.await {
            tracing::error!(error = %err, "a scheduled job failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_a_whole_number_with_a_unit() {
        let cases: &[(&str, Option<u64>)] = &[
            ("90s", Some(90)),
            ("10m", Some(600)),
            ("1h", Some(3600)),
            (" 5m ", Some(300)),
            ("0s", None),
            ("10", None),
            ("m", None),
            ("1.5m", None),
            ("-1m", None),
            ("10 m", None),
            ("10d", None),
            ("99999999999999999999h", None),
        ];
        for (text, seconds) in cases {
            let parsed = text
                .parse::<Interval>()
                .ok()
                .map(|interval| interval.0.as_secs());
            assert_eq!(parsed, *seconds, "{text:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_schedule_runs_its_job_each_interval_and_not_after_it_is_stopped() {
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counter = runs.clone();
        let schedule = Schedule::start(Duration::from_secs(60), move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });
        // With the clock paused, sleeping advances virtual time exactly, so the count is certain.
        tokio::time::sleep(Duration::from_secs(30)).await;
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 0);
        tokio::time::sleep(Duration::from_secs(160)).await;
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 3);
        schedule.stop().await;
        tokio::time::sleep(Duration::from_secs(600)).await;
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 3);
    }
}
