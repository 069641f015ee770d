// CRC-32 (ISO-HDLC, the one S3 calls CRC32), table-driven, for the opt-in part checksums.
let table: Uint32Array | undefined;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = (table ??= makeTable());
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The form S3 wants in x-amz-checksum-crc32: base64 of the 4 big-endian bytes. */
export function crc32Base64(bytes: Uint8Array): string {
  const v = crc32(bytes);
  return btoa(String.fromCharCode(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff));
}
