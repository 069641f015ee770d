// Memory while a round runs, sampled from Node every 50 ms: the page's peak JS heap (DevTools
// protocol, Performance.getMetrics) and the resident memory (VmRSS, Linux /proc) of the page's
// renderer process and of all Chromium's processes together, as growth over the round's start.
import { readFileSync } from 'node:fs';

const MIB = 1024 * 1024;

/** VmRSS of a process in bytes, or undefined where /proc has none (not Linux, or it exited). */
function rss(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

const processes = async (browserCdp) => (await browserCdp.send('SystemInfo.getProcessInfo')).processInfo;

/**
 * The page's renderer among Chromium's renderers (a headless browser keeps spares and a WebUI
 * one): the one whose CPU time grows while the page spins for a moment.
 */
async function findRenderer(browserCdp, tab) {
  const cpu = async () => new Map((await processes(browserCdp)).filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime]));
  const before = await cpu();
  await tab.evaluate(() => window.benchBusy(400));
  const after = await cpu();
  let best;
  for (const [pid, t] of after) if (!best || t - (before.get(pid) ?? 0) > best.delta) best = { pid, delta: t - (before.get(pid) ?? 0) };
  return rss(best?.pid) === undefined ? undefined : best.pid;
}

export async function createSampler(browser, tab) {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable');
  const browserCdp = await browser.newBrowserCDPSession();
  const renderer = await findRenderer(browserCdp, tab).catch(() => undefined);
  const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const total = (pids) => pids.reduce((n, pid) => n + (rss(pid) ?? 0), 0);

  /** Runs `work` with a GC first, and returns its result with the round's memory figures (MiB). */
  async function measure(work) {
    await cdp.send('HeapProfiler.collectGarbage');
    const pids = (await processes(browserCdp)).map((p) => p.id);
    const start = { heap: await heap(), renderer: renderer && rss(renderer), all: total(pids) };
    const peak = { ...start };
    let busy = false;
    const sample = async () => {
      if (busy) return;
      busy = true;
      peak.heap = Math.max(peak.heap, await heap().catch(() => 0));
      if (renderer) peak.renderer = Math.max(peak.renderer, rss(renderer) ?? 0);
      peak.all = Math.max(peak.all, total(pids));
      busy = false;
    };
    const timer = setInterval(sample, 50);
    try {
      const result = await work();
      await sample();
      return {
        result,
        heapPeakMiB: peak.heap / MIB,
        heapGrowthMiB: (peak.heap - start.heap) / MIB,
        rendererGrowthMiB: renderer ? (peak.renderer - start.renderer) / MIB : undefined,
        chromiumGrowthMiB: (peak.all - start.all) / MIB,
      };
    } finally {
      clearInterval(timer);
    }
  }
  return { measure, renderer };
}
