// Starts a throwaway zhijia server for the browser tests: a fresh SQLite database filled by
// `zhijia demo`, one cadre created by `zhijia user add`, and `zhijia serve` on a free port with
// the built web app. `stop()` ends the server and removes the temp folder.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const kWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const kRepoDir = path.resolve(kWebDir, '..');

const kCommandTimeoutMs = 180_000;
const kStartTimeoutMs = 30_000;
const kStopTimeoutMs = 5_000;
const kMaxLogChars = 65_536;

function zhijiaBinary() {
  const bin = process.env.ZHIJIA_BIN || path.join(kRepoDir, 'build', 'zhijia');
  return path.resolve(kWebDir, bin);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Runs one zhijia command to completion; throws with its output when it fails.
function run(bin, args, input) {
  const result = spawnSync(bin, args, {
    input,
    encoding: 'utf8',
    timeout: kCommandTimeoutMs,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `zhijia ${args[0]} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

async function waitHealthy(baseUrl, child, log) {
  const deadline = Date.now() + kStartTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`zhijia serve exited ${child.exitCode}:\n${log()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`zhijia serve did not answer /healthz within ${kStartTimeoutMs} ms:\n${log()}`);
}

// Creates one user with `zhijia user add` (also while the server runs: the database is in WAL
// mode and waits for its lock).
function addUser(bin, db, user) {
  run(
    bin,
    [
      'user', 'add', '--db', db,
      '--username', user.username,
      '--display-name', user.displayName,
      '--org', String(user.org),
      '--role', user.role,
      '--scope', user.scope,
      '--password-stdin',
    ],
    `${user.password}\n`,
  );
}

/**
 * Prepares the database and starts the server. `members` > 0 adds that many demo members
 * (`zhijia demo --members`), `households` > 0 that many hardship files over them
 * (`--households`). `users` are [{username, displayName, org, role, scope, password}], `org` an
 * org's exact name or id. Resolves to {baseUrl, stop, log, addUser}: `addUser(user)` adds a user
 * to the running server (for an org found only once the demo exists); on failure everything
 * started is cleaned up.
 */
export async function startServer({ seed = 7, grassroots = 300, members = 0, households = 0, users = [] } = {}) {
  const bin = zhijiaBinary();
  if (!existsSync(bin)) throw new Error(`no zhijia binary at ${bin} (set ZHIJIA_BIN)`);
  const distDir = path.join(kWebDir, 'dist');
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`no built web app in ${distDir}: run npm run build first`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'zhijia-e2e-'));
  const db = path.join(dir, 'e2e.db');
  let child = null;
  let output = '';
  const log = () => output.slice(-4000);

  async function stop() {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), kStopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    // The server's log (with the access log) stays beside the screenshots, for a failed run.
    const outDir = process.env.ZHIJIA_TEST_OUTPUT || path.join(kRepoDir, 'test-output', 'e2e');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, `server-${path.basename(dir)}.log`), output);
    rmSync(dir, { recursive: true, force: true });
  }

  try {
    const demoArgs = ['demo', '--db', db, '--seed', String(seed), '--grassroots', String(grassroots)];
    if (members > 0) demoArgs.push('--members', String(members));
    if (households > 0) demoArgs.push('--households', String(households));
    run(bin, demoArgs);
    for (const user of users) addUser(bin, db, user);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', distDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-kMaxLogChars)));
    child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-kMaxLogChars)));
    await waitHealthy(baseUrl, child, log);
    return { baseUrl, stop, log, addUser: (user) => addUser(bin, db, user) };
  } catch (error) {
    await stop();
    throw error;
  }
}
