// SHA-256 and HMAC-SHA-256 on WebCrypto, as plain functions: for the SigV4 signer, and for the
// resume fingerprint of an upload body (its samples hashed at once). WebCrypto stands in for
// @aws-crypto/sha256-browser, whose pure-JS fallback was 2 KB gzip of a 42 KB budget for
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

/** The SHA-256 digest of the data. */
export const sha256 = async (data: SourceData): Promise<Uint8Array> => new Uint8Array(await subtle().digest('SHA-256', toBytes(data)));

/** A key for HMAC-SHA-256, imported once so that a key used for many signatures is imported once. */
export const hmacKey = (key: SourceData): Promise<CryptoKey> =>
  subtle().importKey('raw', toBytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

/** HMAC-SHA-256 of the data under the key. */
export const hmac = async (key: CryptoKey, data: SourceData): Promise<Uint8Array> =>
  new Uint8Array(await subtle().sign('HMAC', key, toBytes(data)));

/** Lowercase hex, as SigV4 writes hashes and signatures. */
export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The SHA-256 digest of the data in lowercase hex, as SigV4 writes payload and request hashes. */
export const hexSha256 = async (data: SourceData): Promise<string> => toHex(await sha256(data));
