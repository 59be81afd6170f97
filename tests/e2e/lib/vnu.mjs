// The W3C Nu HTML checker, from the `vnu-jar` package, run on the machine's Java. It is
// started once for all files: the JVM takes seconds to start, a file takes milliseconds.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// The package's main module exports the jar's path (as a String object).
export const VNU_JAR = String(require('vnu-jar'));

/**
 * Check `files` (paths) in one run. Resolves to a Map from each given path to
 * `{ errors: [...], warnings: [...], infos: [...] }`; each message is
 * `{ line, column, message, extract }`. Messages about no given file (the checker's own
 * failures) are errors under the key `''`.
 */
export function validate(files, { java = process.env.JAVA || 'java' } = {}) {
  const byFile = new Map(files.map((f) => [path.resolve(f), { errors: [], warnings: [], infos: [] }]));
  const result = new Map(files.map((f) => [f, byFile.get(path.resolve(f))]));
  const unattached = { errors: [], warnings: [], infos: [] };
  result.set('', unattached);
  const args = ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--exit-zero-always', ...files];
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`cannot run ${java}: ${e.message} (the Nu checker needs Java 11 or later)`)));
    child.on('close', (code) => {
      if (code !== 0) {
        return reject(new Error(`the Nu checker exited with ${code}:\n${err}${out}`));
      }
      let report;
      try {
        report = JSON.parse(out);
      } catch (e) {
        return reject(new Error(`the Nu checker's output is not JSON (${e.message}):\n${out.slice(0, 2000)}\n${err}`));
      }
      for (const m of report.messages ?? []) {
        let bucket = unattached;
        if (m.url?.startsWith('file:')) {
          bucket = byFile.get(path.resolve(fileURLToPath(m.url))) ?? unattached;
        }
        const entry = {
          line: m.lastLine ?? m.firstLine ?? 0,
          column: m.firstColumn ?? m.lastColumn ?? 0,
          message: m.message,
          extract: m.extract ?? '',
        };
        if (m.type === 'error' || m.type === 'non-document-error') bucket.errors.push(entry);
        else if (m.type === 'info' && m.subType === 'warning') bucket.warnings.push(entry);
        else bucket.infos.push(entry);
      }
      resolve(result);
    });
  });
}
