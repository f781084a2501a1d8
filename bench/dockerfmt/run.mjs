// Formats many Dockerfiles with dockerfmt's WASM build in one node process, for
// bench/format.py (which copies this file beside the pinned node_modules it installs).
//
//   node run.mjs REQUEST.json RESULT.json
//
// REQUEST: {"paths": [...], "timed": [...], "rounds": N,
//           "indent": 4, "trailingNewline": true, "spaceRedirects": false}
// RESULT:  {"version": "...",
//           "results": [{"path", "output", "again"} | {"path", "error"}],
//           "rounds": [seconds of each round over the "timed" paths]}
// "again" is the output formatted a second time ({"againError"} when that throws).
// The Go program prints its own messages with console.log: the result goes to a file,
// never to standard output.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { formatDockerfileContents } from '@reteps/dockerfmt';

const require = createRequire(import.meta.url);
const [requestPath, resultPath] = process.argv.slice(2);
const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
const options = {
  indent: request.indent ?? 4,
  trailingNewline: request.trailingNewline ?? true,
  spaceRedirects: request.spaceRedirects ?? false,
};
const read = (path) => fs.readFileSync(path).toString('utf8');

// formatDockerfileContents starts a fresh Go runtime on every call; the first call
// leaves the runtime's formatBytes registered and later calls use it directly, as a
// long-lived caller would. On a file it rejects, dockerfmt ends its Go program
// (log.Fatal, or a panic): formatBytes returns undefined after printing why, and the next
// call starts a new runtime. What the Go program prints is kept as the error.
let formatBytes = null;
let printed = [];
for (const name of ['log', 'warn', 'error']) {
  const original = console[name];
  console[name] = (...parts) => {
    printed.push(parts.join(' '));
    if (printed.length > 200) printed.shift();
    if (process.env.DOCKERFMT_RUNNER_VERBOSE) original(...parts);
  };
}
// A dead runtime's pending timers throw later, outside any call: nothing to report.
process.on('uncaughtException', (error) => {
  if (String(error?.message).includes('Go program has already exited')) return;
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});

const format = async (text) => {
  if (formatBytes === null) {
    const output = await formatDockerfileContents(text, options);
    formatBytes = globalThis.__dockerfmt_formatBytes ?? null;
    return output;
  }
  return formatBytes(text, options.indent, options.trailingNewline, options.spaceRedirects);
};
// Why the Go program ended: its panic, else its fatal log line (without the date).
const why = () => {
  const lines = printed
    .join('\n')
    .split('\n')
    .map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '').trim())
    .filter(Boolean);
  const reason =
    lines.find((l) => l.startsWith('panic:')) ??
    lines.find((l) => l.startsWith('Error parsing file:')) ??
    lines.filter((l) => !l.startsWith('exit code:')).at(-1);
  return reason ?? 'no output';
};
const attempt = async (text) => {
  printed = [];
  try {
    const output = await format(text);
    if (typeof output !== 'string') {
      formatBytes = null;
      return { error: why() };
    }
    return { output };
  } catch (error) {
    formatBytes = null;
    return { error: String(error?.message ?? error) };
  }
};

const results = [];
for (const path of request.paths) {
  const first = await attempt(read(path));
  if (first.error !== undefined) {
    results.push({ path, error: first.error });
    continue;
  }
  const second = await attempt(first.output);
  results.push(
    second.error !== undefined
      ? { path, output: first.output, againError: second.error }
      : { path, output: first.output, again: second.output },
  );
}

const timed = (request.timed ?? []).map(read);
const rounds = [];
for (let r = 0; r < (request.rounds ?? 0); r++) {
  const start = process.hrtime.bigint();
  for (const text of timed) await attempt(text);
  rounds.push(Number(process.hrtime.bigint() - start) / 1e9);
}

const version = require('@reteps/dockerfmt/package.json').version;
fs.writeFileSync(resultPath, JSON.stringify({ version, results, rounds }));
