// `npm run stack` and `npm run demo` stopped by a signal: the process must exit, its servers must
// close, and the temp folder that holds S3's objects must be gone. Real processes, real signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const running: ChildProcess[] = [];

afterEach(() => {
  // A test that failed must not leave its stack behind: the whole group, by its own id.
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) safely(() => process.kill(-child.pid!, 'SIGKILL'));
});

const safely = (f: () => void) => {
  try {
    f();
  } catch {
    /* already gone */
  }
};

interface Started {
  child: ChildProcess;
  storageDir: string;
  urls: string[];
  /** Resolves when every process holding the output pipe (npx, tsx, node) has gone. */
  closed: Promise<void>;
}

/** Spawns a command in its own process group and waits for the stack's JSON (its storageDir). */
function start(command: string, args: string[]): Promise<Started> {
  const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PORT: '0' } });
  running.push(child);
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.stdout.on('data', (c) => {
      out += c;
      const json = /\{[^\n]*"storageDir"[^\n]*\}/.exec(out)?.[0];
      if (!json) return;
      const parsed = JSON.parse(json) as Record<string, string>;
      const urls = [parsed.issuer, parsed.sts, parsed.s3];
      resolve({ child, storageDir: parsed.storageDir, urls, closed });
    });
    child.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}) before printing the stack: ${err}`)));
  });
}

/** Whether something still listens at a URL's port. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function expectStoppedAndClean(s: Started) {
  await s.closed;
  expect(existsSync(s.storageDir)).toBe(false);
  for (const url of s.urls) expect(await listening(url)).toBe(false);
}

describe('stopping the local stack by a signal', () => {
  // Ctrl-C in a terminal, or a supervisor stopping a process group: every process gets the signal.
  it.each(['SIGTERM'] as const)('npx tsx stack/cli.ts: %s to its process group stops it and removes its temp folder', async (signal) => {
    const s = await start('npx', ['tsx', 'stack/cli.ts', '--issuer-port', '0', '--sts-port', '0', '--s3-port', '0']);
    expect(s.storageDir).toMatch(/web-identity-kit-s3-/);
    expect(existsSync(s.storageDir)).toBe(true);
    for (const url of s.urls) expect(await listening(url)).toBe(true);
    process.kill(-s.child.pid!, signal);
    await expectStoppedAndClean(s);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'demo/dev.ts (Vite exits on SIGTERM by itself): %s stops it and removes its temp folder',
    async (signal) => {
      const s = await start(process.execPath, ['--import', 'tsx', 'demo/dev.ts']);
      expect(existsSync(s.storageDir)).toBe(true);
      s.child.kill(signal);
      await expectStoppedAndClean(s);
    },
  );
});
