// A tiny static file server for the checks: it serves a built site the way a plain web
// host would (content types, directory index, a 404 page with status 404), on 127.0.0.1
// and a free port, so the browser sees the site as a citizen would.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// The 404 page for a missing address: the deepest `<dir>/404.html` on the way to it, so
// `/en/missing` gets the English page and `/missing` the default language's.
function notFoundPage(root, segments) {
  for (let n = segments.length - 1; n >= 0; n--) {
    const candidate = path.join(root, ...segments.slice(0, n), '404.html');
    if (isFile(candidate)) return candidate;
  }
  return null;
}

/**
 * Serve `root` on 127.0.0.1. Resolves to `{ url, close() }`; `url` ends with `/`.
 * Every request is logged to `log` (an array) as `{ method, path, status }`.
 * `headers` go on every response (the Content-Security-Policy a real host sends).
 */
export function serve(root, { log = [], headers: always = {} } = {}) {
  const absRoot = path.resolve(root);
  const server = http.createServer((req, res) => {
    const send = (status, headers, body) => {
      log.push({ method: req.method, path: req.url, status });
      res.writeHead(status, { ...always, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed\n');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    }
    const segments = pathname.split('/').filter((s) => s !== '');
    // Nothing outside the served folder, whatever the address says.
    if (segments.some((s) => s === '..' || s.includes('\0') || s.includes('\\'))) {
      return send(400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    }
    let file = path.join(absRoot, ...segments);
    if (isDir(file)) {
      if (!pathname.endsWith('/')) {
        return send(301, { Location: `${pathname}/` }, '');
      }
      file = path.join(file, 'index.html');
    }
    if (isFile(file)) {
      return send(200, { 'Content-Type': contentType(file) }, fs.readFileSync(file));
    }
    const page = notFoundPage(absRoot, segments);
    if (page) {
      return send(404, { 'Content-Type': 'text/html; charset=utf-8' }, fs.readFileSync(page));
    }
    return send(404, { 'Content-Type': 'text/plain' }, 'not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
