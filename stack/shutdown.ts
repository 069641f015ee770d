// How `npm run stack` and `npm run demo` end: on SIGINT or SIGTERM, stop what was started (the app,
// then the stack) and exit. The stack's temp folders are also removed on *any* exit, synchronously:
// a library may end the process on its own (Vite's dev server calls process.exit on SIGTERM and
// when stdin ends, racing our stop), and a forced exit must not leave uploaded bodies in /tmp.
import { rmSync } from 'node:fs';

export interface Shutdown {
  /** Something to stop on a signal (the last added is stopped first), and folders to remove on exit. */
  add(stop: () => Promise<void>, ...dirs: string[]): void;
  /** Startup is over: a signal that came during it is acted on now. */
  ready(): void;
}

/** Stopping never waits longer than this: a server that will not close must not keep the process. */
const STOP_TIMEOUT_MS = 5_000;

/** Call before starting anything, so a signal during startup is not lost (nor its temp folder). */
export function stopOnSignals(): Shutdown {
  const stops: (() => Promise<void>)[] = [];
  const dirs = new Set<string>();
  let starting = true;
  let requested = false;
  process.on('exit', () => dirs.forEach(removeQuietly));
  const stopAll = async () => {
    setTimeout(() => process.exit(0), STOP_TIMEOUT_MS).unref();
    for (const stop of stops.reverse()) await stop().catch(() => {});
    process.exit(0);
  };
  const onSignal = () => {
    // A second Ctrl-C while stopping means "now": the exit hook still removes the folders.
    if (requested) return process.exit(1);
    requested = true;
    if (!starting) void stopAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    add(stop, ...more) {
      stops.push(stop);
      more.forEach((d) => dirs.add(d));
    },
    ready() {
      starting = false;
      if (requested) void stopAll();
    },
  };
}

function removeQuietly(dir: string) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Exiting anyway; an exit hook that throws would hide the real reason the process ended.
  }
}
