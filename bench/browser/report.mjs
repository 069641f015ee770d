// The figures of each scenario: min and median seconds over the rounds, throughput, the highest
// memory figures any round reached, and the ratios the issue sets targets for.
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const max = (xs) => (xs.some((x) => x === undefined) ? undefined : Math.max(...xs));

/** One implementation's rounds ({ seconds, heapPeakMiB, ... } each, `mib` uploaded in each) summed up. */
export function summarize(rounds, mib) {
  const seconds = rounds.map((r) => r.seconds);
  return {
    mib,
    rounds: rounds.length,
    min: Math.min(...seconds),
    median: median(seconds),
    heapPeakMiB: max(rounds.map((r) => r.heapPeakMiB)),
    heapGrowthMiB: max(rounds.map((r) => r.heapGrowthMiB)),
    rendererGrowthMiB: max(rounds.map((r) => r.rendererGrowthMiB)),
    chromiumGrowthMiB: max(rounds.map((r) => r.chromiumGrowthMiB)),
  };
}

const col = (v, width, digits = 1) => (v === undefined ? 'n/a' : v.toFixed(digits)).padStart(width);
const HEAD = ['implementation', 'rounds', 'min s', 'median s', 'MiB/s', 'peak heap', 'heap +', 'renderer RSS +', 'Chromium RSS +'];
const WIDTHS = [34, 6, 7, 8, 7, 9, 7, 14, 14];

/** Prints one scenario's table; `rows` maps a label to its summary. */
export function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log(HEAD.map((h, i) => (i ? h.padStart(WIDTHS[i]) : h.padEnd(WIDTHS[i]))).join(' | '));
  console.log(WIDTHS.map((w) => '-'.repeat(w)).join('-|-'));
  for (const [label, s] of Object.entries(rows)) {
    const cells = [
      label.padEnd(WIDTHS[0]),
      String(s.rounds).padStart(WIDTHS[1]),
      col(s.min, WIDTHS[2], 2),
      col(s.median, WIDTHS[3], 2),
      col(s.mib / s.median, WIDTHS[4]),
      col(s.heapPeakMiB, WIDTHS[5]),
      col(s.heapGrowthMiB, WIDTHS[6]),
      col(s.rendererGrowthMiB, WIDTHS[7]),
      col(s.chromiumGrowthMiB, WIDTHS[8]),
    ];
    console.log(cells.join(' | '));
  }
}

/** Throughput (MiB/s) of `a` over `b`, by median and by best round. */
export function ratio(a, b) {
  return { median: (a.mib / a.median) * (b.median / b.mib), min: (a.mib / a.min) * (b.min / b.mib) };
}

export const fmtRatio = (r, pct = false) =>
  pct
    ? `${(100 * r.median).toFixed(0)}% by median, ${(100 * r.min).toFixed(0)}% by best`
    : `${r.median.toFixed(2)}x by median, ${r.min.toFixed(2)}x by best`;
