// Fault injection for the stack's STS and S3, set per run (options) or per test (stack.faults or
// POST /__control/faults). A fault matches a service and, optionally, an action; it fires a given
// number of times, or with a probability from a seeded generator so runs are repeatable.
export type FaultKind =
  | 'latency' // answer normally, after latencyMs
  | 'status' // an error answer with `status` (default 500) in the service's own error shape
  | 'throttling' // Throttling (STS) / SlowDown (S3)
  | 'idp-communication' // STS: IDPCommunicationError
  | 'html' // a proxy's HTML error page
  | 'empty' // an empty body
  | 'malformed' // XML that is not the expected answer
  | 'truncated' // the right answer, cut halfway
  | 'skew' // the service's clock is off by skewSeconds (Date header and signature checks)
  | 'drop'; // the connection is destroyed without an answer

export interface Fault {
  service: 'sts' | 's3';
  /** e.g. AssumeRoleWithWebIdentity, UploadPart; any action when absent. */
  action?: string;
  kind: FaultKind;
  /** How many matching requests it hits; default 1. Infinity for all. */
  times?: number;
  /** Instead of the first `times`: each matching request with this probability (0..1). */
  probability?: number;
  latencyMs?: number;
  status?: number;
  skewSeconds?: number;
}

/** A small seeded generator (mulberry32): fault runs repeat exactly for a given seed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  #list: (Fault & { left: number })[] = [];
  #random: () => number;
  /** How many faults fired, by kind; tests assert on it. */
  readonly fired: Record<string, number> = {};

  constructor(initial: Fault[] = [], seed = 1) {
    this.#random = seeded(seed);
    initial.forEach((f) => this.add(f));
  }

  add(fault: Fault): void {
    this.#list.push({ ...fault, left: fault.times ?? (fault.probability !== undefined ? Infinity : 1) });
  }

  clear(): void {
    this.#list = [];
  }

  /** The faults that have not fired all their times yet (probability faults never run out). */
  pending(): Fault[] {
    return this.#list.filter((f) => f.left > 0).map(({ left: _left, ...f }) => f);
  }

  /** The fault to apply to this request, if any; counts it. `skew` faults are read with clockSkew(). */
  take(service: 'sts' | 's3', action: string): Fault | undefined {
    for (const f of this.#list) {
      if (f.kind === 'skew' || f.service !== service || (f.action && f.action !== action) || f.left <= 0) continue;
      if (f.probability !== undefined && this.#random() >= f.probability) continue;
      f.left--;
      this.fired[f.kind] = (this.fired[f.kind] ?? 0) + 1;
      return f;
    }
    return undefined;
  }

  /** Seconds the service's clock is off by (a standing fault, not consumed). */
  clockSkew(service: 'sts' | 's3'): number {
    return this.#list.find((f) => f.kind === 'skew' && f.service === service)?.skewSeconds ?? 0;
  }
}
