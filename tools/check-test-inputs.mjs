#!/usr/bin/env node
// `npx nx run tools:check-test-inputs [-- <project>...]`: does each project's `test` target declare every file its
// specs read? Nx replays a cached result when none of a target's inputs changed, so a file a spec reads but the inputs
// leave out is a stale green waiting to happen; inputs wider than what the specs read only cost the inner loop (a
// change anywhere re-runs the target). This runs each project's unit specs as the target does (`jest -c
// <project>/jest.config.js`, no Nx cache) under strace, collects every workspace file a process of the run opened,
// and compares that with `nx show target inputs <project>:test`. It fails naming each file read but not an input.
// The installed dependencies (node_modules, whose versions are package-lock.json, an input of every target) are not
// the specs' reads. What it cannot see: a file only listed or checked for (no open), an open that failed (a probe
// for a file that does not exist yet, e.g. a package.json Node looks for), an open by a relative path, a read through
// a link to a path outside the workspace, and the repository's git state. Needs strace (Linux; `apt-get install
// strace`). Not part of the test command (it runs every unit spec again, about 2 minutes for all): run it
// after changing a target's inputs or a spec that reads files outside its project.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };

// Read for the run itself, not as a spec's input: the installed dependencies (their versions are package-lock.json,
// an input of every target), Nx's and the specs' scratch folders, npm's settings, and git's own files (`.git` is a
// file in a worktree), which git reads whenever a spec runs it: the specs that commit build repositories of their
// own, and a result that depends on the repository's git state is out of this check's reach.
const NOT_SPEC_READS = [/^node_modules\//, /^\.nx\//, /^tmp\//, /^\.npmrc$/, /^\.git(\/|$)/];

function fail(message) {
  console.error(`check-test-inputs: ${message}`);
  process.exit(1);
}

function projectsWithTests() {
  const out = execFileSync('npx', ['nx', 'show', 'projects', '--with-target', 'test', '--json'], {
    cwd: root,
    env: nxEnv,
    encoding: 'utf8',
  });
  return JSON.parse(out).sort();
}

function inputFiles(project) {
  const out = execFileSync('npx', ['nx', 'show', 'target', 'inputs', `${project}:test`, '--json'], {
    cwd: root,
    env: nxEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return new Set(JSON.parse(out).files);
}

function projectRoot(project) {
  const out = execFileSync('npx', ['nx', 'show', 'project', project, '--json'], {
    cwd: root,
    env: nxEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out).root;
}

/** Workspace files (relative paths) that the unit specs of `project` open, read through strace's log of openat(2). */
function filesRead(project, projectFolder) {
  const workFolder = mkdtempSync(path.join(tmpdir(), 'check-test-inputs-'));
  const log = path.join(workFolder, 'strace.log');
  try {
    const jest = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '--seccomp-bpf',
        '-e',
        'trace=openat,open',
        '-o',
        log,
        'npx',
        'jest',
        '-c',
        `${projectFolder}/jest.config.js`,
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } },
    );
    if (jest.error?.code === 'ENOENT') fail('strace is not installed (Debian: apt-get install strace)');
    if (jest.status !== 0) fail(`${project}'s unit specs failed under strace:\n${jest.stderr.slice(-4000)}`);
    const read = new Set();
    for (const line of readFileSync(log, 'utf8').split('\n')) {
      // A successful open of a file (a directory listing is no read of its files; a failed open read nothing).
      if (!/\bopen(at)?\(/.test(line) || line.includes('O_DIRECTORY') || / = -1 /.test(line)) continue;
      // Absolute paths only: a relative one is relative to a cwd the log does not show (git in a spec's temp repo).
      const opened = /"(\/[^"]+)"/.exec(line)?.[1];
      if (!opened) continue;
      const relative = path.relative(root, opened);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (NOT_SPEC_READS.some((pattern) => pattern.test(relative))) continue;
      // With several threads strace splits a call (`<unfinished ...>`, its result on a later line): a path that is no
      // file now was a failed open, or a spec's own temporary file, and neither is an input.
      if (!statSync(opened, { throwIfNoEntry: false })?.isFile()) continue;
      read.add(relative);
    }
    return read;
  } finally {
    rmSync(workFolder, { recursive: true, force: true });
  }
}

const requested = process.argv.slice(2);
const projects = requested.length > 0 ? requested : projectsWithTests();
let missing = 0;
for (const project of projects) {
  const inputs = inputFiles(project);
  const projectFolder = projectRoot(project);
  const read = filesRead(project, projectFolder);
  const notInputs = [...read].filter((file) => !inputs.has(file)).sort();
  const outside = [...read].filter((file) => !file.startsWith(`${projectFolder}/`)).length;
  console.log(
    `${project}:test reads ${read.size} workspace files (${outside} outside the project), ${inputs.size} inputs` +
      (notInputs.length > 0 ? `; read but not inputs:\n${notInputs.map((file) => `  ${file}`).join('\n')}` : ': ok'),
  );
  missing += notInputs.length;
}
if (missing > 0) fail(`${missing} file(s) read by specs but missing from their test target's inputs`);
