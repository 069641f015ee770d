// One request and its one answer: the ids, Date and CORS headers every S3 answer carries, XML,
// refusals and streamed bodies, the truncation fault, and the request log line. Apart from the
// operations so that they say what to answer and never have to think about how it is written.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { RequestLog } from '../shared/http';
import { internalError, renderDocument, renderError, S3Error, type XmlNode } from './xml';

const s3RequestId = () => randomBytes(8).toString('hex').toUpperCase();
const hostId = () => randomBytes(48).toString('base64');
export const httpDate = (d: Date) => d.toUTCString();

export class Exchange {
  readonly id = s3RequestId();
  readonly hostId = hostId();
  action = '';
  accessKeyId?: string;
  cors: Record<string, string> = {};
  truncate = false;
  fault?: string;
  /** The S3 server's clock: the stack's plus the skew fault, in ms. */
  readonly now: number;
  #answered = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly requestLog: RequestLog,
    private readonly clock: () => number,
    skewMs: number,
  ) {
    this.now = clock() + skewMs;
  }

  log(status: number) {
    this.requestLog.add({
      time: this.clock(),
      service: 's3',
      action: this.action || '(none)',
      status,
      accessKeyId: this.accessKeyId,
      fault: this.fault,
    });
  }

  #base(status: number, headers: Record<string, string | number | undefined>) {
    const all = {
      'x-amz-request-id': this.id,
      'x-amz-id-2': this.hostId,
      date: httpDate(new Date(this.now)),
      server: 'AmazonS3',
      ...this.cors,
      ...headers,
    };
    this.res.writeHead(status, Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)));
    this.#answered = true;
    this.log(status);
  }

  send(status: number, headers: Record<string, string | number | undefined>, body: string | Buffer = '') {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    this.#base(status, { 'content-length': bytes.length, ...headers });
    if (!this.truncate) return void this.res.end(bytes);
    // A connection cut mid-answer: the declared length, half the bytes, then nothing.
    this.res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => this.res.destroy());
  }

  xml(status: number, root: string, children: XmlNode[], headers: Record<string, string | undefined> = {}) {
    this.send(status, { 'content-type': 'application/xml', ...headers }, renderDocument(root, children));
  }

  stream(
    status: number,
    headers: Record<string, string | number>,
    read: (start: number, end: number) => Readable,
    start: number,
    end: number,
  ) {
    const length = Math.max(0, end - start + 1);
    this.#base(status, { ...headers, 'content-length': length });
    if (this.req.method === 'HEAD' || length === 0) return void this.res.end();
    const last = this.truncate ? start + Math.floor(length / 2) - 1 : end;
    const source = read(start, Math.max(start, last));
    source.on('error', () => this.res.destroy());
    // A client gone mid-download must not leave the file open.
    this.res.on('close', () => source.destroy());
    source.on('end', () => (this.truncate ? this.res.destroy() : undefined));
    source.pipe(this.res, { end: !this.truncate });
  }

  fail(e: unknown) {
    const err = e instanceof S3Error ? e : internalError();
    if (this.#answered || this.res.headersSent) return void this.res.destroy();
    const body = this.req.method === 'HEAD' ? '' : renderError(err, this.id, this.hostId);
    const closing = err.code === 'EntityTooLarge' ? { connection: 'close' } : {};
    this.send(err.status, { 'content-type': 'application/xml', ...err.headers, ...closing }, body);
  }
}
