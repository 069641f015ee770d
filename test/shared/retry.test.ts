// The one retry core both services use: full-jitter backoff bounds (with an injected random), the
// retryable predicate on each class of error, and the throttling and transient code sets.
import { describe, expect, it, vi } from 'vitest';
import { backoff, isRetryable, isThrottling, isThrottlingCode, retryableOf } from '../../src/shared/retry';
import { ServiceException } from '../../src/shared/service-exception';
import { WebIdentityKitError } from '../../src/shared/errors';
import { requestContext, S3_DEFAULTS, s3RetryDelay } from '../../src/s3/defaults';
import { S3CorsError, S3NetworkError, S3ServiceException, S3ValidationError } from '../../src/s3/errors';
import { serviceException, StsNetworkError, StsTimeoutError, StsValidationError } from '../../src/sts/errors';

const answer = (Code: string, httpStatusCode: number, $retryable?: { throttling: boolean }) =>
  new ServiceException({
    name: Code,
    Code,
    message: Code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    $retryable,
  });

describe('backoff (full jitter)', () => {
  const sts = (random?: () => number) => backoff(100, 20_000, 500, undefined, random);

  it('waits from 0 up to base * 2^(attempt-1), the top reached as random nears 1', () => {
    const top = sts(() => 0.999999);
    expect(top(1)).toBeCloseTo(100, 0);
    expect(top(2)).toBeCloseTo(200, 0);
    expect(top(4)).toBeCloseTo(800, 0);
    expect(sts(() => 0)(5)).toBe(0);
    expect(sts(() => 0.5)(3)).toBe(200);
  });

  it('uses the throttling base after a throttling answer, and the plain base without one set', () => {
    const top = sts(() => 0.999999);
    expect(top(1, true)).toBeCloseTo(500, 0);
    expect(top(3, true)).toBeCloseTo(2000, 0);
    const s3Like = backoff(200, 20_000, undefined, undefined, () => 0.999999);
    expect(s3Like(2, true)).toBeCloseTo(s3Like(2, false), 6);
  });

  it('uses the network base after an attempt that got no answer, and the plain base without one set', () => {
    const top = backoff(200, 20_000, 500, 1000, () => 0.999999);
    expect(top(1, false, true)).toBeCloseTo(1000, 0);
    expect(top(3, false, true)).toBeCloseTo(4000, 0);
    expect(top(2, true, false)).toBeCloseTo(1000, 0);
    expect(top(30, false, true)).toBeCloseTo(20_000, 0);
    const plain = backoff(200, 20_000, undefined, undefined, () => 0.999999);
    expect(plain(2, false, true)).toBeCloseTo(plain(2), 6);
  });

  it("S3's default waits five times longer after no answer: seconds for a connection to come back, not under one", () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    try {
      expect(S3_DEFAULTS.networkRetryBaseDelayMs).toBe(5 * S3_DEFAULTS.retryBaseDelayMs);
      for (const attempt of [1, 2, 3, 4]) expect(s3RetryDelay(attempt, false, true)).toBeCloseTo(5 * s3RetryDelay(attempt), 0);
      expect(s3RetryDelay(1, false, true)).toBeCloseTo(1000, 0);
      expect(s3RetryDelay(1, true)).toBeCloseTo(200, 0); // throttling waits as any other answer
      // The budget's waits (maxAttempts 5: four retries) add up to some seconds after no answer.
      const spent = (network: boolean) => [1, 2, 3, 4].reduce((s, a) => s + s3RetryDelay(a, false, network), 0);
      expect(spent(false)).toBeLessThan(3100);
      expect(spent(true)).toBeGreaterThan(14_000);
      expect(s3RetryDelay(20, false, true)).toBeCloseTo(20_000, 0);
      const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
      expect(requestContext({ region: 'us-east-1', credentials }).retryDelay).toBe(s3RetryDelay); // what an upload gets unless told
    } finally {
      random.mockRestore();
    }
  });

  it('never waits past the cap, however many attempts', () => {
    const top = sts(() => 0.999999);
    expect(top(30)).toBeLessThanOrEqual(20_000);
    expect(top(30, true)).toBeCloseTo(20_000, 0);
    expect(top(1000)).toBeLessThanOrEqual(20_000);
  });

  it('stays within bounds with the real random', () => {
    const delay = sts();
    for (let attempt = 1; attempt <= 12; attempt++) {
      const d = delay(attempt);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(20_000, 100 * 2 ** (attempt - 1)));
    }
  });
});

describe('isRetryable', () => {
  it('retries failures that never got an answer: network errors and timeouts, of both services', () => {
    expect(isRetryable(new StsNetworkError('offline', {}))).toBe(true);
    expect(isRetryable(new StsTimeoutError(10_000, {}))).toBe(true);
    expect(isRetryable(new S3NetworkError('stalled'))).toBe(true);
  });

  it('retries 5xx, 429, throttling and transient codes', () => {
    expect(isRetryable(new S3ServiceException({ Code: 'InternalError', message: 'x', $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isRetryable(new S3ServiceException({ Code: 'Whatever', message: 'x', $metadata: { httpStatusCode: 502 } }))).toBe(true);
    expect(isRetryable(new S3ServiceException({ Code: 'SlowDown', message: 'x', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(new S3ServiceException({ Code: 'RequestTimeout', message: 'x', $metadata: { httpStatusCode: 400 } }))).toBe(true);
    expect(isRetryable(serviceException('Throttling', 'Rate exceeded', 'Sender', { httpStatusCode: 400 }))).toBe(true);
    expect(isRetryable(serviceException('AccessDenied', 'slow', undefined, { httpStatusCode: 429 }))).toBe(true);
    // A ServiceException built without $retryable (a user's own, say) is still retried on 429.
    expect(isRetryable(answer('TooMany', 429))).toBe(true);
  });

  it('retries STS identity-provider hiccups, not other token refusals', () => {
    expect(isRetryable(serviceException('IDPCommunicationError', 'IdP unreachable', 'Sender', { httpStatusCode: 400 }))).toBe(true);
    const keys = "Couldn't retrieve verification key from your identity provider";
    expect(isRetryable(serviceException('InvalidIdentityToken', keys, 'Sender', { httpStatusCode: 400 }))).toBe(true);
    expect(isRetryable(serviceException('InvalidIdentityToken', 'Incorrect token audience', 'Sender', { httpStatusCode: 400 }))).toBe(
      false,
    );
  });

  it('does not retry other 4xx answers, bad input, CORS refusals or non-errors', () => {
    expect(isRetryable(new S3ServiceException({ Code: 'AccessDenied', message: 'x', $metadata: { httpStatusCode: 403 } }))).toBe(false);
    expect(isRetryable(serviceException('ValidationError', 'bad', 'Sender', { httpStatusCode: 400 }))).toBe(false);
    expect(isRetryable(answer('NoSuchKey', 404))).toBe(false);
    expect(isRetryable(new StsValidationError('AssumeRoleWithWebIdentity', 'RoleArn', 'required', 'is missing'))).toBe(false);
    expect(isRetryable(new S3ValidationError('key', 'is empty', 'Give the key.'))).toBe(false);
    expect(isRetryable(new S3CorsError('ETag hidden', {}))).toBe(false);
    expect(isRetryable(new WebIdentityKitError('SomethingError', 'no'))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(isRetryable({ $retryable: { throttling: false } })).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});

describe('isThrottling', () => {
  it('is true for throttling codes and 429, false for other retryable failures', () => {
    expect(isThrottling(new S3ServiceException({ Code: 'SlowDown', message: 'x', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isThrottling(serviceException('Throttling', 'x', 'Sender', { httpStatusCode: 400 }))).toBe(true);
    expect(isThrottling(answer('Busy', 429))).toBe(true);
    expect(isThrottling(new S3ServiceException({ Code: 'InternalError', message: 'x', $metadata: { httpStatusCode: 500 } }))).toBe(false);
    expect(isThrottling(new S3NetworkError('offline'))).toBe(false);
  });
});

describe('the code sets', () => {
  it('classifies the SDK throttling codes as throttling', () => {
    for (const code of [
      'Throttling',
      'ThrottlingException',
      'SlowDown',
      'RequestLimitExceeded',
      'TooManyRequestsException',
      'PriorRequestNotComplete',
    ]) {
      expect(isThrottlingCode(code), code).toBe(true);
      expect(retryableOf(code, 400), code).toEqual({ throttling: true });
    }
    expect(isThrottlingCode('AccessDenied')).toBe(false);
    // Codes come from the answer: no prototype member is a code.
    expect(isThrottlingCode('constructor')).toBe(false);
  });

  it('classifies transient codes as retryable whatever their status, and unknown 4xx codes as not', () => {
    for (const code of ['RequestTimeout', 'RequestTimeoutException', 'InternalError', 'ServiceUnavailable']) {
      expect(retryableOf(code, 400), code).toEqual({ throttling: false });
    }
    expect(retryableOf('AccessDenied', 403)).toBeUndefined();
    expect(retryableOf('AccessDenied', 503)).toEqual({ throttling: false });
    expect(retryableOf('AccessDenied', 429)).toEqual({ throttling: true });
    expect(retryableOf('AccessDenied')).toBeUndefined();
  });
});
