// SHA-256 and HMAC-SHA-256 on WebCrypto, in the shape @smithy/signature-v4 asks for. It stands
// in for @aws-crypto/sha256-browser, whose pure-JS fallback was 2 KB gzip of a 42 KB budget for
// sign-in + upload; every browser has WebCrypto on secure pages (https, and http on localhost),
// and the kit refuses to sign for anything else.
import { WebIdentityKitError } from './errors';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const encoder = new TextEncoder();

const toBytes = (d: SourceData): Uint8Array<ArrayBuffer> =>
  typeof d === 'string'
    ? encoder.encode(d)
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer as ArrayBuffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new WebIdentityKitError(
      'WebCryptoUnavailableError',
      'Signing AWS requests needs WebCrypto (crypto.subtle), which this page does not have',
      'Browsers give WebCrypto to secure pages only: serve the app over https (or http://localhost while developing).',
    );
  }
  return s;
}

export class Sha256 {
  readonly #secret?: SourceData;
  #chunks: Uint8Array<ArrayBuffer>[] = [];

  constructor(secret?: SourceData) {
    this.#secret = secret;
  }

  update(data: SourceData): void {
    this.#chunks.push(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    const data = this.#chunks.length === 1 ? this.#chunks[0] : concat(this.#chunks);
    if (this.#secret === undefined) return new Uint8Array(await subtle().digest('SHA-256', data));
    const key = await subtle().importKey('raw', toBytes(this.#secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle().sign('HMAC', key, data));
  }

  reset(): void {
    this.#chunks = [];
  }
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
