//! The real binary, run the way every test runs it: English messages, no colour and a
//! fixed "now" unless a test says otherwise. Run to the end ([`Congkhai::output`]) or as
//! a child ([`Congkhai::start`]) that is always stopped: on [`Running::stop`], or killed
//! when dropped. Every wait is bounded.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// 13/11/2020 15:51 (+07:00), the day the bundled plan was published: the tests' usual
/// "now".
pub const EPOCH: &str = "1605257460";

/// 01/01/2021 (UTC): the "now" of the watch and serve tests.
pub const WATCH_EPOCH: &str = "1609459200";

/// Generous: the machine running the tests may be busy, and debug builds are slow.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_congkhai"))
}

/// `congkhai ARGS`, to be set up further and then run.
pub fn congkhai(args: &[&str]) -> Congkhai {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env("CONGKHAI_LANG", "en")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1");
    Congkhai { cmd }
}

pub struct Congkhai {
    cmd: Command,
}

impl Congkhai {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Congkhai {
        self.cmd.arg(arg);
        self
    }

    pub fn args(mut self, args: &[&str]) -> Congkhai {
        self.cmd.args(args);
        self
    }

    /// `--root ROOT` after the arguments so far.
    pub fn root(self, root: &Path) -> Congkhai {
        self.arg("--root").arg(root)
    }

    /// Runs in `dir` (sites found from the working folder).
    pub fn dir(mut self, dir: &Path) -> Congkhai {
        self.cmd.current_dir(dir);
        self
    }

    /// "Now" at `epoch` (SOURCE_DATE_EPOCH, Unix seconds).
    pub fn at(self, epoch: &str) -> Congkhai {
        self.env("SOURCE_DATE_EPOCH", epoch)
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Congkhai {
        self.cmd.env(key, value);
        self
    }

    /// Runs without `key` in the environment, whatever the defaults or the caller's
    /// environment hold.
    pub fn without(mut self, key: &str) -> Congkhai {
        self.cmd.env_remove(key);
        self
    }

    /// Colour as a terminal would decide it: neither NO_COLOR nor CLICOLOR_FORCE set.
    pub fn colour_as_terminal(self) -> Congkhai {
        self.without("NO_COLOR").without("CLICOLOR_FORCE")
    }

    /// The command as set up so far, for what the helpers here do not cover.
    pub fn command(self) -> Command {
        self.cmd
    }

    /// Colour forced on (CLICOLOR_FORCE, as a terminal would get it) or left to the
    /// output, which is piped: off.
    pub fn colour(self, on: bool) -> Congkhai {
        let c = self.colour_as_terminal();
        if on {
            c.env("CLICOLOR_FORCE", "1")
        } else {
            c
        }
    }

    pub fn output(mut self) -> Output {
        self.cmd.output().expect("run congkhai")
    }

    /// Runs it and asserts exit status 0; the output, for more checks.
    #[track_caller]
    pub fn ok(self) -> Output {
        self.exits(0)
    }

    /// Runs it and asserts exit status `code`; the output, for more checks.
    #[track_caller]
    pub fn exits(self, code: i32) -> Output {
        let shown = format!("{:?}", self.cmd);
        let out = self.output();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{shown}\n{}",
            crate::common::stderr(&out)
        );
        out
    }

    /// The process as a plain child (no input, output dropped, errors piped), for tests
    /// that wait for it themselves.
    pub fn spawn(mut self) -> Child {
        self.cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the congkhai binary starts")
    }

    /// The process as a child whose error lines are collected as they come.
    pub fn start(self) -> Running {
        let mut child = self.spawn();
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Running {
            child,
            lines,
            reader: Some(reader),
            patience: PATIENCE,
        }
    }
}

/// Polls `f` until it holds or `PATIENCE` runs out.
pub fn eventually(f: impl FnMut() -> bool) -> bool {
    eventually_within(PATIENCE, f)
}

pub fn eventually_within(patience: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + patience;
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The congkhai binary running as a child; killed when dropped if still running.
pub struct Running {
    pub child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<JoinHandle<()>>,
    patience: Duration,
}

impl Running {
    /// `congkhai ARGS` with the watch tests' "now" and `envs`, started.
    pub fn start(args: &[&str], envs: &[(&str, &Path)]) -> Running {
        envs.iter()
            .fold(congkhai(args).at(WATCH_EPOCH), |c, (k, v)| c.env(k, v))
            .start()
    }

    /// Waits up to `patience` (not [`PATIENCE`]) for lines and for the exit.
    pub fn patience(mut self, patience: Duration) -> Running {
        self.patience = patience;
        self
    }

    pub fn log(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    pub fn count(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|l| pred(l))
            .count()
    }

    /// Waits until at least `n` lines satisfy `pred`.
    pub fn wait_lines(&self, n: usize, pred: impl Fn(&str) -> bool) {
        assert!(
            eventually_within(self.patience, || self.count(&pred) >= n),
            "timed out waiting for output; the log so far:\n{}",
            self.log()
        );
    }

    /// Waits until everything printed so far, lines joined by `\n`, satisfies `done`.
    pub fn wait_until(&self, done: impl Fn(&str) -> bool) {
        assert!(
            eventually_within(self.patience, || done(&self.log())),
            "timed out waiting for output; the log so far:\n{}",
            self.log()
        );
    }

    /// Waits for the first `built …` line (the first build of watch and serve).
    pub fn wait_built(&self) {
        self.wait_lines(1, |l| l.starts_with("built "));
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGINT (Ctrl-C) and waits, bounded, for the exit.
    pub fn interrupt(&mut self) -> ExitStatus {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill has no memory effects; the pid is our own child's.
        unsafe {
            libc::kill(pid, libc::SIGINT);
        }
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + self.patience;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the process did not exit:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Ctrl-C, then its exit code and everything it printed on stderr.
    pub fn stop(mut self) -> (Option<i32>, String) {
        let status = self.interrupt();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (status.code(), self.log())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `congkhai serve` of `root` on `port` with `envs`, started (not waited for).
pub fn serve(root: &Path, port: u16, envs: &[(&str, &Path)]) -> Running {
    Running::start(
        &[
            "serve",
            "--root",
            root.to_str().unwrap(),
            "--port",
            &port.to_string(),
        ],
        envs,
    )
}

/// `serve` of `root` on a free port, its temporary folders under `tmp`, once it has
/// built: the server and its port.
pub fn start_serve(root: &Path, tmp: &Path) -> (Running, u16) {
    let port = free_port();
    let server = serve(root, port, &[("TMPDIR", tmp)]);
    server.wait_built();
    (server, port)
}

/// `congkhai build` in `root`, asserted to succeed.
pub fn build_ok(root: &Path) -> Output {
    congkhai(&["build"]).dir(root).ok()
}

/// `build --quiet` in `root` with "now" at `epoch` and no console language set, asserted
/// to succeed (the sites of tests/common/years_site.rs and notices_site).
pub fn build_at(root: &Path, epoch: &str) {
    congkhai(&["build", "--quiet"])
        .dir(root)
        .at(epoch)
        .without("CONGKHAI_LANG")
        .ok();
}

/// `site` built in place: the site (kept as long as the guard lives) and its output/.
pub fn built(site: tempfile::TempDir) -> (tempfile::TempDir, PathBuf) {
    build_ok(site.path());
    let out = site.path().join("output");
    (site, out)
}

/// A clean `build` of `root` into `out` (emptied first) with "now" at `epoch` and
/// `extra` arguments; asserts it succeeds and gives the files it wrote.
pub fn clean_build(
    root: &Path,
    out: &Path,
    epoch: &str,
    extra: &[&str],
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let _ = std::fs::remove_dir_all(out);
    congkhai(&["build"])
        .root(root)
        .arg("--output")
        .arg(out)
        .args(extra)
        .at(epoch)
        .ok();
    crate::common::tree(out)
}

/// `serve` on a copy of the watch fixture (`dir/site`), its temporary folders under
/// `dir/tmp`, once it has built: the server, its port and that temporary folder.
pub fn serve_fixture(dir: &Path) -> (Running, u16, PathBuf) {
    let root = crate::common::fixture_site(dir);
    let tmp = dir.join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let (server, port) = start_serve(&root, &tmp);
    (server, port, tmp)
}

/// `congkhai ARGS` in `dir` with the usual settings, run to the end.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    congkhai(args).dir(dir).output()
}
