//! A real browser for the end-to-end tests: Debian's `chromium`, driven through
//! `chromedriver` over the WebDriver protocol, so that tests can type into forms and click.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{PrintConfiguration, PrintSize};
use fantoccini::{Client, ClientBuilder, Locator};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether a browser is installed; under `CI=true` a missing one fails the test instead.
pub fn available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{CHROMIUM} or {CHROMEDRIVER} is missing: CI must install chromium and chromium-driver"
        );
        eprintln!("skipping the browser test: chromium or chromedriver is not installed");
    }
    present
}

/// A headless Chromium session; the driver process ends when this is dropped.
pub struct Browser {
    driver: Child,
    client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session through it.
    pub async fn start() -> Browser {
        let port = {
            let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
            probe.local_addr().expect("its address").port()
        };
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("a browser profile folder");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--hide-scrollbars",
                    "--lang=zh-CN",
                    "--window-size=1366,2200",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(err) if started.elapsed() < Duration::from_secs(30) => {
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => panic!("no WebDriver session: {err}"),
            }
        };
        Browser {
            driver,
            client,
            _profile: profile,
        }
    }

    /// Opens `url` and returns the rendered page's HTML.
    pub async fn open(&self, url: &str) -> String {
        self.client.goto(url).await.expect("the page loads");
        self.source().await
    }

    /// The current page's HTML as the browser holds it.
    pub async fn source(&self) -> String {
        self.client.source().await.expect("the page source")
    }

    /// The address the browser is at now.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("the current address")
            .to_string()
    }

    /// Types `text` into the element matching `css`.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .expect("the field exists");
        element.clear().await.expect("the field clears");
        element.send_keys(text).await.expect("typing works");
    }

    /// Clicks the element matching `css`. A link or a button loads the next page, so the click
    /// returns only once the next page has replaced this one: WebDriver's click returns as soon
    /// as the click is sent, and reading the page before the answer arrives reads the old one.
    /// A checkbox or a field changes in place and returns at once.
    pub async fn click(&self, css: &str) {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .expect("the element exists");
        let tag = element.tag_name().await.expect("the element's tag");
        let kind = element.attr("type").await.expect("the element's type");
        let navigates = tag == "a" || tag == "button" || kind.as_deref() == Some("submit");
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("the page has a root");
        element.click().await.expect("the click lands");
        if !navigates {
            return;
        }
        // The old page's root goes stale once the next page has replaced it.
        let deadline = Instant::now() + Duration::from_secs(30);
        while old.tag_name().await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "{css}: the next page never loaded"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.client
            .wait()
            .for_element(Locator::Css("body"))
            .await
            .expect("the next page loads");
    }

    /// Waits until an element matches `css`, as after a navigation that a script started.
    pub async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("{css} never appeared: {err}"));
    }

    /// The text of the element matching `css`, as the browser renders it.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("no element matches {css}: {err}"))
            .text()
            .await
            .expect("the element's text")
    }

    /// Whether some element matches `css`.
    pub async fn has(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("the page can be searched")
            .is_empty()
    }

    /// The current value of the form field matching `css`.
    pub async fn value(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("no field matches {css}: {err}"))
            .prop("value")
            .await
            .expect("the field's value")
            .unwrap_or_default()
    }

    /// Chooses the option with `value` in the select box matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("no select box matches {css}: {err}"))
            .select_by_value(value)
            .await
            .unwrap_or_else(|err| panic!("{css} has no option {value:?}: {err}"));
    }

    /// Runs `script` in the page with `args` and returns what it returns.
    pub async fn execute(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client
            .execute(script, args)
            .await
            .expect("the script runs")
    }

    /// Prints the current page on A4 paper through WebDriver's Print Page command and returns
    /// the PDF. Shrinking is turned off, so that a page too wide for the paper shows as such.
    pub async fn print_a4(&self) -> Vec<u8> {
        let configuration = PrintConfiguration::builder()
            .size(PrintSize::A4)
            .shrink_to_fit(false)
            .build()
            .expect("a valid print configuration");
        let pdf = self
            .client
            .print(configuration)
            .await
            .expect("the page prints");
        assert!(pdf.starts_with(b"%PDF"), "the print is not a PDF");
        pdf
    }

    /// Saves a screenshot of the window into `target/screenshots/NAME.png` and checks it is a
    /// PNG of some substance.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let bytes = self.client.screenshot().await.expect("a screenshot");
        assert!(bytes.starts_with(b"\x89PNG"), "{name} is not a PNG");
        assert!(
            bytes.len() > 20_000,
            "{name} is suspiciously small: {} bytes",
            bytes.len()
        );
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let file = dir.join(format!("{name}.png"));
        std::fs::write(&file, bytes).expect("the screenshot is saved");
        file
    }

    /// Ends the browser session; dropping the value then stops the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
