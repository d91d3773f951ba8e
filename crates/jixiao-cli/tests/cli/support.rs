//! Running the real `jixiao` binary against a temporary database.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A temporary folder holding one SQLite database.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The `--db` URL of this workspace's database.
    pub fn db_url(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("jixiao.db").display())
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `jixiao ARGS --db <this database>` to completion.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("jixiao runs")
    }

    /// `jixiao ARGS --db <this database>`, ready to be given more settings and run; the
    /// caller's own `JIXIAO_*` settings are cleared so that they cannot leak into a test.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
        command
            .args(args)
            .args(["--db", &self.db_url()])
            .env_remove("JIXIAO_DATABASE_URL")
            .env_remove("JIXIAO_LEDGER_KEY")
            .env_remove("JIXIAO_SIGN_EVERY")
            .env("RUST_LOG", "warn");
        command
    }
}

/// The workspace root, where `docs/` lives.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A `jixiao serve` process that is killed when dropped.
pub struct Server {
    child: Child,
    pub base_url: String,
}

impl Server {
    /// Starts `jixiao serve --demo` on a free port and waits until it says where it listens.
    pub fn start_demo(workspace: &Workspace) -> Server {
        Server::start(workspace, &["--demo"])
    }

    /// Starts `jixiao serve ARGS` on a free port and waits until it says where it listens.
    pub fn start(workspace: &Workspace, args: &[&str]) -> Server {
        let mut child = workspace
            .command(&["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("jixiao serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let started = Instant::now();
        let base_url = loop {
            let line = lines
                .next()
                .expect("jixiao serve exited before it was serving")
                .expect("readable stdout");
            if let Some(rest) = line.strip_prefix("Jixiao is serving on ") {
                break rest.trim_end_matches('/').to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "server never came up"
            );
        };
        Server { child, base_url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
