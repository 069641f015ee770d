// Every default of the S3 uploader, in one place.
/** Every default of {@link uploadToS3} and {@link presignS3Url}, in one place (read-only). */
export const S3_DEFAULTS = {
  /** Bodies up to this go in one PUT; larger ones in parts of this size (grown for huge files). */
  partSize: 8 * 1024 * 1024,
  /** S3's smallest part but the last. */
  minPartSize: 5 * 1024 * 1024,
  /** S3's most parts per upload. */
  maxParts: 10_000,
  /** Parts in flight at once. */
  concurrency: 4,
  /** Attempts per request (part, create, complete), the first included. */
  maxAttempts: 5,
  /** The first retry waits up to this (ms), doubling with each retry (full jitter). */
  retryBaseDelayMs: 200,
  /** No retry waits longer than this (ms). */
  maxRetryDelayMs: 20_000,
  /** No byte moving for this long fails the attempt (a stalled connection). */
  stallTimeoutMs: 60_000,
  /** onProgress is called at most this often. */
  progressIntervalMs: 100,
  /**
   * 'none': the bytes go from disk to the network without passing through JavaScript, so memory
   * stays flat and the CPU free; TLS already protects them in transit and S3 checks the length.
   * 'crc32' reads each part into memory to checksum it, for end-to-end integrity when wanted.
   */
  checksum: 'none' as 'none' | 'crc32',
  /** Presigned URLs last this long unless told (seconds). */
  presignExpiresIn: 900,
} as const;
