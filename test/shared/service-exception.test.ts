// One base for every service's error answer: STS's and S3's exceptions are ServiceExceptions with
// the AWS SDK v3's fields, so one `instanceof` and one `hint` serve a UI for both.
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index';
import { ServiceException, type ResponseMetadata, type RetryableTrait, type ServiceExceptionOptions } from '../../src/index';
import * as s3Entry from '../../src/s3/index';
import * as stsEntry from '../../src/sts/index';
import { hintOf } from '../../src/shared/errors';
import { S3NetworkError, S3ServiceException, S3ValidationError } from '../../src/s3/errors';
import {
  ExpiredTokenException,
  InvalidIdentityTokenException,
  serviceException,
  StsDeserializationError,
  StsServiceException,
} from '../../src/sts/errors';

describe('ServiceException', () => {
  it('carries the SDK v3 fields, with Code, $retryable and hint undefined when not given', () => {
    const e = new ServiceException({ name: 'NoSuchThing', message: 'not here', $fault: 'client', $metadata: { httpStatusCode: 404 } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NoSuchThing');
    expect(e.message).toBe('not here');
    expect(e.$fault).toBe('client');
    expect(e.$metadata).toEqual({ httpStatusCode: 404 });
    expect(e.Code).toBeUndefined();
    expect(e.$retryable).toBeUndefined();
    expect(e.hint).toBeUndefined();
  });

  it('keeps Code, $retryable and hint when given', () => {
    const e = new ServiceException({
      name: 'SlowDown',
      Code: 'SlowDown',
      message: 'Please reduce your request rate.',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, requestId: 'r1', attempts: 2, totalRetryDelay: 300 },
      $retryable: { throttling: true },
      hint: 'Wait and retry.',
    });
    expect(e).toMatchObject({ Code: 'SlowDown', $retryable: { throttling: true }, hint: 'Wait and retry.' });
    expect(e.$metadata).toEqual({ httpStatusCode: 503, requestId: 'r1', attempts: 2, totalRetryDelay: 300 });
  });
});

describe('StsServiceException and S3ServiceException share the base', () => {
  it('an STS error answer is a ServiceException of its modelled class', () => {
    const e = serviceException('InvalidIdentityToken', 'Incorrect token audience', 'Sender', { httpStatusCode: 400 });
    expect(e).toBeInstanceOf(InvalidIdentityTokenException);
    expect(e).toBeInstanceOf(StsServiceException);
    expect(e).toBeInstanceOf(ServiceException);
    expect(e).toMatchObject({ name: 'InvalidIdentityTokenException', Code: 'InvalidIdentityToken', Type: 'Sender', $fault: 'client' });
    expect(e.hint).toMatch(/audience/);
    expect(e.$retryable).toBeUndefined();
  });

  it('STS marks throttling, 5xx and its identity-provider hiccups $retryable', () => {
    expect(serviceException('Throttling', 'Rate exceeded', 'Sender', { httpStatusCode: 400 }).$retryable).toEqual({ throttling: true });
    expect(serviceException('InternalFailure', 'oops', 'Receiver', { httpStatusCode: 500 }).$retryable).toEqual({ throttling: false });
    expect(serviceException('AccessDenied', 'slow', undefined, { httpStatusCode: 429 }).$retryable).toEqual({ throttling: true });
    expect(serviceException('IDPCommunicationError', 'IdP unreachable', 'Sender', { httpStatusCode: 400 }).$retryable).toEqual({
      throttling: false,
    });
    const keys = "Couldn't retrieve verification key from your identity provider";
    expect(serviceException('InvalidIdentityToken', keys, 'Sender', { httpStatusCode: 400 }).$retryable).toEqual({ throttling: false });
    expect(serviceException('ExpiredTokenException', 'expired', 'Sender', { httpStatusCode: 400 })).toBeInstanceOf(ExpiredTokenException);
  });

  it('StsServiceException keeps the $retryable it is given, as the base does', () => {
    const init = { name: 'Throttling', Code: 'Throttling', message: 'Rate exceeded', $fault: 'client' as const, $metadata: {} };
    expect(new StsServiceException({ ...init, $retryable: { throttling: true } }).$retryable).toEqual({ throttling: true });
    expect(new StsServiceException({ ...init, $retryable: { throttling: false } }).$retryable).toEqual({ throttling: false });
    expect(new StsServiceException(init).$retryable).toBeUndefined();
  });

  it('StsDeserializationError is a server-side ServiceException', () => {
    const e = new StsDeserializationError('Credentials.Expiration cannot be read', { httpStatusCode: 200 });
    expect(e).toBeInstanceOf(ServiceException);
    expect(e).toMatchObject({ name: 'DeserializationError', Code: 'DeserializationError', $fault: 'server' });
  });

  it('an S3 error answer is a ServiceException named by its code, $retryable from the shared rules', () => {
    const denied = new S3ServiceException({
      Code: 'AccessDenied',
      message: 'Access Denied',
      $metadata: { httpStatusCode: 403 },
      hint: 'h',
    });
    expect(denied).toBeInstanceOf(ServiceException);
    expect(denied).toMatchObject({ name: 'AccessDenied', Code: 'AccessDenied', $fault: 'client', hint: 'h' });
    expect(denied.$retryable).toBeUndefined();
    const slow = new S3ServiceException({ Code: 'SlowDown', message: 'Reduce your rate', $metadata: { httpStatusCode: 503 } });
    expect(slow).toMatchObject({ $fault: 'server', $retryable: { throttling: true } });
    const timeout = new S3ServiceException({ Code: 'RequestTimeout', message: 'idle', $metadata: { httpStatusCode: 400 } });
    expect(timeout.$retryable).toEqual({ throttling: false });
  });
});

describe('the base from each entry', () => {
  it('is one class from the root, web-identity-kit/sts and web-identity-kit/s3', () => {
    expect(root.ServiceException).toBe(ServiceException);
    expect(stsEntry.ServiceException).toBe(ServiceException);
    expect(s3Entry.ServiceException).toBe(ServiceException);
    expect(Object.getPrototypeOf(s3Entry.S3ServiceException)).toBe(s3Entry.ServiceException);
  });

  it('comes with its option types from the root', () => {
    const $metadata: ResponseMetadata = { httpStatusCode: 503 };
    const $retryable: RetryableTrait = { throttling: true };
    const options: ServiceExceptionOptions = { name: 'SlowDown', message: 'm', $fault: 'server', $metadata, $retryable };
    expect(new root.ServiceException(options).$retryable).toBe($retryable);
  });
});

describe('hintOf', () => {
  it('reads the hint of service exceptions and of the kit own errors, and of nothing else', () => {
    expect(hintOf(new S3ServiceException({ Code: 'NoSuchBucket', message: 'x', $metadata: {}, hint: 'Check the bucket.' }))).toBe(
      'Check the bucket.',
    );
    expect(hintOf(new S3ValidationError('key', 'is empty', 'Give the key.'))).toBe('Give the key.');
    expect(hintOf(new S3NetworkError('offline'))).toMatch(/connection/);
    expect(hintOf(new Error('plain'))).toBeUndefined();
    expect(hintOf(Object.assign(new Error('odd'), { hint: 42 }))).toBeUndefined();
    expect(hintOf({ hint: 'not an error' })).toBeUndefined();
    expect(hintOf(undefined)).toBeUndefined();
  });
});
