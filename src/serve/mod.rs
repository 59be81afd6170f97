//! The preview server of `congkhai serve`: the files of the last good build, from a
//! temporary folder, with live reload.
//!
//! The HTTP is our own ([`conn`]): one request per connection, a thread each, which
//! is all a preview for one editor needs (no async runtime), and lets live reload take
//! over a connection for Server-Sent Events. The rest is here:
//! - [`path`]: request paths to files, refusing every way out of the folder;
//! - [`http`]: answering a request (content types, folders, 404, HEAD, files streamed
//!   with byte ranges and conditional requests);
//! - [`date`]: the HTTP dates those need;
//! - [`live`]: the reload and error events, and the script that listens to them;
//! - [`temp`]: the preview's temporary folder, and the sweep of those a killed server
//!   left behind.
//!
//! Why not hyper/axum with tower-http's `ServeDir` (as Zola and mdBook have): see
//! docs/watch-and-serve.md ("Why the HTTP is our own"), with the figures.

mod conn;
mod date;
pub mod http;
pub mod live;
pub mod overlay;
pub mod path;
pub mod temp;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;

pub struct Server {
    acceptor: conn::Acceptor,
    pub hub: Arc<live::Hub>,
    pub addr: SocketAddr,
}

impl Server {
    /// Serves `dir` (which may not exist yet) on an already bound `listener`.
    pub fn start(listener: TcpListener, dir: &Path) -> std::io::Result<Server> {
        let addr = listener.local_addr()?;
        std::fs::create_dir_all(dir)?;
        let files = http::Files {
            dir: dir.canonicalize()?,
        };
        let hub = Arc::new(live::Hub::new());
        let answer_hub = Arc::clone(&hub);
        let acceptor = conn::Acceptor::start(
            listener,
            Arc::new(move |request| http::handle(request, &files, &answer_hub)),
        )?;
        Ok(Server {
            acceptor,
            hub,
            addr,
        })
    }

    /// Stops answering and ends the live-reload streams.
    pub fn stop(self) {
        self.hub.close();
        self.acceptor.stop();
    }
}
