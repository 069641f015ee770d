// The hook's getCredentials is an AWS SDK v3 credential provider as it is: no cast needed.
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CredentialSession } from '../../src/credentials/index';
import type { AwsCredentialsState } from '../../src/react';

describe('types', () => {
  it('lets getCredentials be an S3Client credentials provider', () => {
    const make = (state: AwsCredentialsState, session: CredentialSession) => [
      new S3Client({ region: 'us-east-1', credentials: state.getCredentials }),
      new S3Client({ region: 'us-east-1', credentials: session.getCredentials }),
    ];
    expectTypeOf(make).returns.toEqualTypeOf<S3Client[]>();
    expect(typeof make).toBe('function');
  });
});
