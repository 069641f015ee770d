// Small pieces every endpoint of the stack shares: bodies with a size limit, request ids, CORS.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export const requestId = () => randomUUID();

export interface LogEntry {
  time: number;
  service: 'sts' | 's3' | 'oidc';
  action: string;
  status: number;
  accessKeyId?: string;
  /** The fault applied, if any. */
  fault?: string;
}

/** Everything the stack answered, for tests' assertions; no secrets in it. */
export class RequestLog {
  readonly entries: LogEntry[] = [];
  add(e: LogEntry) {
    this.entries.push(e);
    if (this.entries.length > 10_000) this.entries.shift();
  }
  count(service: LogEntry['service'], action?: string, status?: number): number {
    return this.entries.filter(
      (e) => e.service === service && (!action || e.action === action) && (status === undefined || e.status === status),
    ).length;
  }
  clear() {
    this.entries.length = 0;
  }
}

/** Answers a CORS preflight; true when it was one. */
export function preflight(req: IncomingMessage, res: ServerResponse, methods: string, allowOrigin: (origin: string) => boolean): boolean {
  if (req.method !== 'OPTIONS') return false;
  const origin = String(req.headers.origin ?? '');
  if (!origin || !allowOrigin(origin)) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('CORSResponse: This CORS request is not allowed.');
    return true;
  }
  res.writeHead(200, {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': methods,
    'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
    'access-control-max-age': '600',
    vary: 'Origin',
  });
  res.end();
  return true;
}
