//! The preview server of `congkhai serve`: the files of the last good build, from a
//! temporary folder, with live reload.
//!
//! tiny_http does the HTTP: it is small, synchronous (no async runtime for a preview
//! that serves one editor), and lets a handler take over the connection, which is all
//! Server-Sent Events need. The rest is here:
//! - [`path`]: request paths to files, refusing every way out of the folder;
//! - [`http`]: answering a request (content types, folders, 404, HEAD);
//! - [`live`]: the reload and error events, and the script that listens to them.

pub mod http;
pub mod live;
pub mod path;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Requests answered at once (the live-reload streams have threads of their own).
const WORKERS: usize = 4;

pub struct Server {
    http: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
    pub hub: Arc<live::Hub>,
    pub addr: SocketAddr,
}

impl Server {
    /// Serves `dir` (which may not exist yet) on an already bound `listener`.
    pub fn start(listener: TcpListener, dir: &Path) -> std::io::Result<Server> {
        let addr = listener.local_addr()?;
        std::fs::create_dir_all(dir)?;
        let files = Arc::new(http::Files {
            dir: dir.canonicalize()?,
        });
        let server = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let http = Arc::new(server);
        let hub = Arc::new(live::Hub::new());
        let stopping = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::with_capacity(WORKERS);
        for i in 0..WORKERS {
            let (http, files, hub, stopping) = (
                Arc::clone(&http),
                Arc::clone(&files),
                Arc::clone(&hub),
                Arc::clone(&stopping),
            );
            workers.push(
                std::thread::Builder::new()
                    .name(format!("congkhai-http-{i}"))
                    .spawn(move || loop {
                        match http.recv() {
                            Ok(request) => http::handle(request, &files, &hub),
                            Err(_) if stopping.load(Ordering::Acquire) => break,
                            // A connection that failed: the next one is unaffected.
                            Err(_) => {}
                        }
                    })?,
            );
        }
        Ok(Server {
            http,
            workers,
            stopping,
            hub,
            addr,
        })
    }

    /// Stops answering, ends the live-reload streams and waits for the workers.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::Release);
        self.hub.close();
        for _ in &self.workers {
            self.http.unblock();
        }
        for w in self.workers {
            let _ = w.join();
        }
    }
}
