// The stack's STS beyond the web-identity flow: GetSessionToken, GetAccessKeyInfo and
// DecodeAuthorizationMessage, signed, called through the kit's StsClient and through
// @aws-sdk/client-sts, which must agree on every answer and every refusal.
import {
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../../stack/stack';
import { StsClient, toAwsCredentials, type AwsCredentialIdentity } from '../../../src/sts/index';

let stack: LocalStack;
let clock = Math.floor(Date.now() / 1000) * 1000;

beforeAll(async () => {
  stack = await startLocalStack({ now: () => clock });
});
afterAll(() => stack?.close());

const kit = (credentials: AwsCredentialIdentity) =>
  new StsClient({ region: 'us-east-1', endpoint: stack.sts, credentials, retryDelay: () => 0, now: () => clock });
const sdk = (credentials: AwsCredentialIdentity) =>
  new STSClient({ region: 'us-east-1', endpoint: stack.sts, credentials, maxAttempts: 1, systemClockOffset: clock - Date.now() });

/** The error a call rejects with; fails the test when it resolves. */
async function refusal(call: Promise<unknown>): Promise<unknown> {
  const resolved = Symbol('resolved');
  const error = await call.then(
    () => resolved,
    (e: unknown) => e,
  );
  expect(error).not.toBe(resolved);
  return error;
}

/** Temporary credentials of a role session (AssumeRole with the user's keys). */
async function roleSession(): Promise<AwsCredentialIdentity> {
  return toAwsCredentials(await kit(stack.userKeys).assumeRole({ RoleArn: stack.roleArn, RoleSessionName: 'ops' }));
}

describe('GetSessionToken', () => {
  it('gives an IAM user session credentials that act as that user, through both clients', async () => {
    const mine = await kit(stack.userKeys).getSessionToken();
    const theirs = await sdk(stack.userKeys).send(new GetSessionTokenCommand({}));
    for (const out of [mine, theirs]) {
      expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(out.Credentials?.SessionToken).toBeTruthy();
      // STS's default for an IAM user is 12 hours.
      expect(out.Credentials?.Expiration?.getTime()).toBe(clock + 43_200_000);
    }
    const session = toAwsCredentials(theirs);
    const who = await sdk(session).send(new GetCallerIdentityCommand({}));
    expect(who).toMatchObject({ Arn: 'arn:aws:iam::123456789012:user/developer', Account: '123456789012' });
    expect((await kit(session).getCallerIdentity()).Arn).toBe(who.Arn);
  });

  it('honours DurationSeconds within 900..129600 and refuses values outside, in AWS words', async () => {
    const out = await kit(stack.userKeys).getSessionToken({ DurationSeconds: 900 });
    expect(out.Credentials?.Expiration?.getTime()).toBe(clock + 900_000);
    // The kit refuses 899 before sending; the SDK sends it, and the stack answers as STS.
    const e = await refusal(sdk(stack.userKeys).send(new GetSessionTokenCommand({ DurationSeconds: 899 })));
    expect(e).toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
  });

  it('refuses session credentials with AccessDenied, as STS does', async () => {
    const session = await roleSession();
    const mine = await refusal(kit(session).getSessionToken());
    const theirs = await refusal(sdk(session).send(new GetSessionTokenCommand({})));
    for (const e of [mine, theirs]) {
      expect(e).toMatchObject({
        name: 'AccessDenied',
        message: 'Cannot call GetSessionToken with session credentials',
        $metadata: { httpStatusCode: 403 },
      });
    }
  });

  it('refuses an MFA code it cannot validate (the stack’s users have no MFA device)', async () => {
    const e = await refusal(
      kit(stack.userKeys).getSessionToken({ SerialNumber: 'arn:aws:iam::123456789012:mfa/developer', TokenCode: '123456' }),
    );
    expect(e).toMatchObject({ name: 'AccessDenied', message: expect.stringMatching(/unable to validate MFA code/) as unknown });
  });

  it('is refused unsigned', async () => {
    const res = await fetch(stack.sts, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });
});

describe('GetAccessKeyInfo', () => {
  it('names the account of a long-term key and of a temporary one, through both clients', async () => {
    const session = await roleSession();
    for (const key of [stack.userKeys.accessKeyId, session.accessKeyId]) {
      expect(await kit(session).getAccessKeyInfo({ AccessKeyId: key })).toMatchObject({ Account: '123456789012' });
      expect(await sdk(stack.userKeys).send(new GetAccessKeyInfoCommand({ AccessKeyId: key }))).toMatchObject({ Account: '123456789012' });
    }
  });

  it('refuses a key it never issued, and a malformed one in AWS words', async () => {
    const unknown = await refusal(sdk(stack.userKeys).send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })));
    expect(unknown).toMatchObject({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 400 } });
    const malformed = await refusal(sdk(stack.userKeys).send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA-not-a-key!' })));
    expect(malformed).toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining(
        "Value 'AKIA-not-a-key!' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
      ) as unknown,
    });
  });
});

describe('DecodeAuthorizationMessage', () => {
  const context = {
    principal: { id: 'AROA0040STACKROLE12:ops', arn: 'arn:aws:sts::123456789012:assumed-role/web/ops' },
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::demo/secret.txt',
  };

  it('decodes a message the stack encoded, through both clients', async () => {
    const encoded = stack.encodeAuthorizationMessage(context);
    const mine = await kit(stack.userKeys).decodeAuthorizationMessage({ EncodedMessage: encoded });
    const theirs = await sdk(stack.userKeys).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    expect(theirs.DecodedMessage).toBe(mine.DecodedMessage);
    expect(JSON.parse(mine.DecodedMessage ?? '')).toMatchObject({ allowed: false, explicitDeny: false, context });
  });

  it('refuses a message it did not encode, or one altered on the way, with InvalidAuthorizationMessageException', async () => {
    const encoded = stack.encodeAuthorizationMessage(context);
    const altered = encoded.slice(0, 40) + (encoded[40] === 'A' ? 'B' : 'A') + encoded.slice(41);
    for (const message of ['not-a-message', altered]) {
      const mine = await refusal(kit(stack.userKeys).decodeAuthorizationMessage({ EncodedMessage: message }));
      const theirs = await refusal(sdk(stack.userKeys).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: message })));
      for (const e of [mine, theirs]) {
        expect(e).toMatchObject({ name: 'InvalidAuthorizationMessageException', $metadata: { httpStatusCode: 400 } });
      }
    }
  });

  it('needs sts:DecodeAuthorizationMessage, which the role session is not granted', async () => {
    const session = await roleSession();
    const e = await refusal(kit(session).decodeAuthorizationMessage({ EncodedMessage: stack.encodeAuthorizationMessage(context) }));
    expect(e).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringMatching(
        /^User: arn:aws:sts::123456789012:assumed-role\/web\/ops is not authorized to perform: sts:DecodeAuthorizationMessage/,
      ) as unknown,
    });
  });
});

describe('signed calls after their credentials expire', () => {
  it('refuses GetSessionToken credentials once they have expired', async () => {
    const session = toAwsCredentials(await kit(stack.userKeys).getSessionToken({ DurationSeconds: 900 }));
    const saved = clock;
    clock += 901_000;
    try {
      const e = await refusal(kit(session).getCallerIdentity());
      expect(e).toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
    } finally {
      clock = saved;
    }
  });
});
