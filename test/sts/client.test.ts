import { describe, expect, it, vi } from 'vitest';
import {
  assumeRoleWithWebIdentity,
  CredentialsProviderError,
  ExpiredTokenException,
  GetCallerIdentity,
  IDPCommunicationErrorException,
  IDPRejectedClaimException,
  InvalidIdentityTokenException,
  StsClient,
  StsConfigurationError,
  StsDeserializationError,
  StsNetworkError,
  StsServiceException,
  StsTimeoutError,
  StsValidationError,
  toAwsCredentials,
  webIdentityClient,
  type AssumeRoleWithWebIdentityRequest,
  type StsClientSettings,
} from '../../src/sts/index';
import { serviceException } from '../../src/sts/errors';
import { createStsStub, stubDefault, stubError, stubNetworkFailure, stubRaw } from '../../src/testing/index';
import { startServer } from '../helpers/http-server';
import { rejectionOf } from '../helpers/rejection';

const ROLE = 'arn:aws:iam::123456789012:role/web';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const WEB = { RoleArn: ROLE, RoleSessionName: 'alice', WebIdentityToken: TOKEN };
const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** A client on a stub, with no backoff wait so retry tests run at once. */
function clientOn(stub = createStsStub(), more: Partial<StsClientSettings> = {}) {
  const delays: number[] = [];
  const client = new StsClient({
    region: 'eu-west-1',
    fetch: stub.fetch,
    credentials: KEYS,
    retryDelay: (attempt, throttling) => {
      delays.push(throttling ? -attempt : attempt);
      return 0;
    },
    ...more,
  });
  return { client, stub, delays };
}

describe('StsClient operations', () => {
  it('sends AssumeRoleWithWebIdentity unsigned, as awsQuery, to the regional endpoint', async () => {
    const { client, stub } = clientOn();
    const out = await client.assumeRoleWithWebIdentity({
      ...WEB,
      DurationSeconds: 3600,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    });
    const [req] = stub.requests;
    expect(req.url).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(req.signed).toBe(false);
    expect(req.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(req.params).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'alice',
      DurationSeconds: '3600',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/web/alice');
    expect(out.$metadata).toEqual({ httpStatusCode: 200, requestId: expect.any(String) as unknown, attempts: 1, totalRetryDelay: 0 });
  });

  it('signs the other operations with SigV4 for the sts service and region', async () => {
    const { client, stub } = clientOn();
    await client.getCallerIdentity();
    await client.assumeRole({ RoleArn: ROLE, RoleSessionName: 'svc', Tags: [{ Key: 'team', Value: 'web' }], TransitiveTagKeys: [] });
    const [gci, ar] = stub.requests;
    expect(gci.signed).toBe(true);
    expect(gci.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sts\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(ar.params).toMatchObject({ 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'web', TransitiveTagKeys: '' });
    expect(ar.input).toEqual({ RoleArn: ROLE, RoleSessionName: 'svc', Tags: [{ Key: 'team', Value: 'web' }], TransitiveTagKeys: [] });
  });

  it('sends the session token of temporary credentials and asks a provider for each call', async () => {
    const provider = vi.fn(() => Promise.resolve({ ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' }));
    const { client, stub } = clientOn(createStsStub(), { credentials: provider });
    await client.getCallerIdentity();
    await client.getCallerIdentity();
    expect(provider).toHaveBeenCalledTimes(2);
    expect(stub.requests[0].headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEXAMPLETOKEN');
  });

  it('has one method per operation of the table', () => {
    const { client } = clientOn();
    const methods: (keyof StsClient)[] = [
      'assumeRole',
      'assumeRoleWithSAML',
      'assumeRoleWithWebIdentity',
      'assumeRoot',
      'decodeAuthorizationMessage',
      'getAccessKeyInfo',
      'getCallerIdentity',
      'getDelegatedAccessToken',
      'getFederationToken',
      'getScopedCredentials',
      'getSessionToken',
      'getWebIdentityToken',
    ];
    for (const m of methods) {
      expect(typeof client[m], m).toBe('function');
    }
  });

  it('parses outputs into Dates, numbers and arrays', async () => {
    const stub = createStsStub().respond('GetWebIdentityToken', {
      WebIdentityToken: 'jwt-here',
      Expiration: new Date('2030-01-01T00:00:00.250Z'),
    });
    stub.respond('GetFederationToken', {
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLEEXAMPLE12',
        SecretAccessKey: 's',
        SessionToken: 't\n  u',
        Expiration: new Date('2030-01-01T00:00:00Z'),
      },
      FederatedUser: { FederatedUserId: '123:bob', Arn: 'arn:aws:sts::123456789012:federated-user/bob' },
      PackedPolicySize: 7,
    });
    const { client } = clientOn(stub);
    const w = await client.getWebIdentityToken({ Audience: ['https://api.example.com'], SigningAlgorithm: 'RS256' });
    expect(w.Expiration).toEqual(new Date('2030-01-01T00:00:00.250Z'));
    const f = await client.getFederationToken({ Name: 'bob' });
    expect(f.PackedPolicySize).toBe(7);
    expect(f.Credentials?.SessionToken).toBe('t\n  u');
    expect(stub.calls('GetWebIdentityToken')[0].params['Audience.member.1']).toBe('https://api.example.com');
  });

  it('offers the standalone assumeRoleWithWebIdentity with the same behaviour', async () => {
    const stub = createStsStub();
    const out = await assumeRoleWithWebIdentity(WEB, { region: 'us-east-1', fetch: stub.fetch });
    expect(stub.requests[0].url).toBe('https://sts.us-east-1.amazonaws.com');
    expect(toAwsCredentials(out)).toEqual({
      accessKeyId: out.Credentials!.AccessKeyId,
      secretAccessKey: out.Credentials!.SecretAccessKey,
      sessionToken: out.Credentials!.SessionToken,
      expiration: out.Credentials!.Expiration,
      accountId: '123456789012',
    });
  });
});

describe('validation before any network call', () => {
  it.each([
    [{ ...WEB, RoleSessionName: 'a' }, 'RoleSessionName', 'length'],
    [{ ...WEB, RoleSessionName: 'has space' }, 'RoleSessionName', 'pattern'],
    [{ ...WEB, DurationSeconds: 899 }, 'DurationSeconds', 'range'],
    [{ ...WEB, DurationSeconds: 43201 }, 'DurationSeconds', 'range'],
    [{ ...WEB, DurationSeconds: 1.5 }, 'DurationSeconds', 'type'],
    [{ ...WEB, Policy: 'x'.repeat(2049) }, 'Policy', 'length'],
    [{ ...WEB, PolicyArns: Array.from({ length: 11 }, () => ({ arn: 'arn:aws:iam::aws:policy/X' })) }, 'PolicyArns', 'length'],
    [{ RoleArn: ROLE, RoleSessionName: 'alice' }, 'WebIdentityToken', 'required'],
    [{ ...WEB, WebIdentityToken: 'abc' }, 'WebIdentityToken', 'length'],
    [{ ...WEB, RoleSesionName: 'typo' }, 'RoleSesionName', 'unknown'],
    [{ ...WEB, PolicyArns: [{ arn: 'short' }] }, 'PolicyArns[0].arn', 'length'],
  ])('rejects %#: %s with StsValidationError on %s (%s)', async (input, member, rule) => {
    const { client, stub } = clientOn();
    // Deliberately invalid inputs: the runtime validation is what is tested, not the types.
    const call = client.assumeRoleWithWebIdentity(input as unknown as AssumeRoleWithWebIdentityRequest);
    const e = await rejectionOf(call, StsValidationError);
    expect(e.member).toBe(member);
    expect(e.rule).toBe(rule);
    expect(e.message).toContain(member);
    expect(e.hint).toMatch(/Fix/);
    expect(stub.requests).toHaveLength(0);
  });

  it('checks at most 50 tags and the tag key pattern', async () => {
    const { client } = clientOn();
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(client.assumeRole({ RoleArn: ROLE, RoleSessionName: 'svc', Tags: tags })).rejects.toMatchObject({
      member: 'Tags',
      rule: 'length',
    });
    await expect(
      client.assumeRole({ RoleArn: ROLE, RoleSessionName: 'svc', Tags: [{ Key: 'bad*key', Value: 'v' }] }),
    ).rejects.toMatchObject({ member: 'Tags[0].Key', rule: 'pattern' });
    await expect(
      client.assumeRole({ RoleArn: ROLE, RoleSessionName: 'svc', Tags: [{ Key: 'ünïcode key', Value: '' }] }).then(() => 'ok'),
    ).resolves.toBe('ok');
  });

  it('fails a signed call without credentials with CredentialsProviderError, before the network', async () => {
    const stub = createStsStub();
    const client = new StsClient({ region: 'eu-west-1', fetch: stub.fetch });
    const e = await rejectionOf(client.getCallerIdentity(), CredentialsProviderError);
    expect(e.message).toMatch(/GetCallerIdentity is a signed operation/);
    expect(e.hint).toMatch(/credentials/);
    expect(stub.requests).toHaveLength(0);
    // ...while the unsigned operation needs none.
    await expect(client.assumeRoleWithWebIdentity(WEB)).resolves.toHaveProperty('Credentials');
  });

  it('wraps a failing credentials provider', async () => {
    const { client } = clientOn(createStsStub(), {
      credentials: () => Promise.reject(new Error('boom')),
    });
    await expect(client.getCallerIdentity()).rejects.toBeInstanceOf(CredentialsProviderError);
  });
});

describe('configuration', () => {
  it('refuses plain http to a non-loopback host', () => {
    expect(() => new StsClient({ endpoint: 'http://sts.example.com' })).toThrow(StsConfigurationError);
    expect(() => new StsClient({ endpoint: 'http://10.0.0.1:8080' })).toThrow(/only https/);
  });
  it.each(['http://127.0.0.1:9000', 'http://localhost:9000/sts', 'http://[::1]:9000', 'https://sts.example.com'])(
    'accepts %s',
    (endpoint) => {
      expect(new StsClient({ endpoint }).endpoint).toBe(endpoint);
    },
  );
  it('rejects a missing region, bad maxAttempts and bad timeouts', () => {
    expect(() => new StsClient({})).toThrow(StsConfigurationError);
    expect(() => new StsClient({ region: 'us-east-1', maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => new StsClient({ region: 'us-east-1', requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
  });

  // Issue 17 (hostile probe): NaN attempts retried without end; an Infinity timeout fired at once.
  it.each([Number.NaN, 0, -1, 1.5, Infinity, 11, '3' as unknown as number])('refuses maxAttempts %s, saying the range', (maxAttempts) => {
    const make = () => new StsClient({ region: 'us-east-1', maxAttempts });
    expect(make).toThrow(StsConfigurationError);
    expect(make).toThrow(/maxAttempts must be a whole number from 1 to 10/);
  });
  it.each([Infinity, -Infinity, Number.NaN, 0, -5, 2 ** 31, '100' as unknown as number])(
    'refuses requestTimeoutMs %s, saying the range',
    (requestTimeoutMs) => {
      const make = () => new StsClient({ region: 'us-east-1', requestTimeoutMs });
      expect(make).toThrow(StsConfigurationError);
      expect(make).toThrow(/requestTimeoutMs must be a finite number of milliseconds from 1 to 2147483647/);
    },
  );
  it.each([Number.NaN, Infinity, 400 * 86_400_000])(
    'refuses systemClockOffset %s (every signature would be an invalid date)',
    (systemClockOffset) => {
      expect(() => new StsClient({ region: 'us-east-1', systemClockOffset })).toThrow(
        /systemClockOffset must be a finite number of milliseconds/,
      );
    },
  );
  it('accepts the ends of the ranges', () => {
    expect(() => new StsClient({ region: 'us-east-1', maxAttempts: 1, requestTimeoutMs: 1 })).not.toThrow();
    expect(() => new StsClient({ region: 'us-east-1', maxAttempts: 10, requestTimeoutMs: 2 ** 31 - 1 })).not.toThrow();
  });
  it('refuses a user name or password in the endpoint, for every entry point, without echoing it', async () => {
    const endpoint = 'https://u:hunter2-pw@sts.example.com';
    const attempts = [
      () => new StsClient({ endpoint }),
      () => webIdentityClient({ endpoint }),
      () => assumeRoleWithWebIdentity(WEB, { endpoint }),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        await attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StsConfigurationError);
      const e = error as StsConfigurationError;
      expect(e.message).toMatch(/user name or password/);
      expect(`${e.message} ${e.hint} ${e.stack}`).not.toContain('hunter2');
    }
  });
});

describe('errors', () => {
  it.each([
    ['InvalidIdentityToken', InvalidIdentityTokenException, 'InvalidIdentityTokenException', 400],
    ['ExpiredTokenException', ExpiredTokenException, 'ExpiredTokenException', 400],
    ['IDPRejectedClaim', IDPRejectedClaimException, 'IDPRejectedClaimException', 403],
  ])('maps wire code %s to %s', async (code, cls, name, status) => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError(code, 'Service says no'));
    const e = await rejectionOf(clientOn(stub).client.assumeRoleWithWebIdentity(WEB), cls);
    expect(e).toBeInstanceOf(StsServiceException);
    expect(e).toMatchObject({ name, Code: code, Type: 'Sender', message: 'Service says no', $fault: 'client' });
    expect(e.$metadata).toMatchObject({ httpStatusCode: status, attempts: 1, requestId: expect.any(String) as unknown });
    expect(e.hint).toEqual(expect.any(String));
  });

  // Issue 17 (hostile probe): these codes were looked up through Object.prototype: `constructor`
  // gave a plain Object (not an Error) with a native function as its hint, `toString` a TypeError.
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'treats the code %s as an ordinary unmodelled code',
    async (code) => {
      const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError(code, 'Service says no'));
      const e = await rejectionOf(clientOn(stub, { maxAttempts: 1 }).client.assumeRoleWithWebIdentity(WEB), StsServiceException);
      expect(e.constructor).toBe(StsServiceException);
      expect(e).toMatchObject({ name: code, Code: code, message: 'Service says no', $fault: 'client' });
      expect(e.hint).toBeUndefined();
    },
  );

  it('looks codes and SDK names up as own entries only', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const e = serviceException(code, 'm', 'Sender', { httpStatusCode: 400 });
      expect(e.constructor).toBe(StsServiceException);
      expect(e.name).toBe(code);
      expect(e.hint).toBeUndefined();
    }
    // The SDK's class name in place of the wire code still maps to the class.
    expect(serviceException('InvalidIdentityTokenException', 'm', 'Sender', {})).toBeInstanceOf(InvalidIdentityTokenException);
    expect(serviceException('InvalidIdentityTokenException', 'm', 'Sender', {}).hint).toMatch(/audience/);
  });

  it('keeps unmodelled codes as the name', async () => {
    const stub = createStsStub().respond(
      'AssumeRoleWithWebIdentity',
      stubError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', { status: 403 }),
    );
    const e = await rejectionOf(clientOn(stub).client.assumeRoleWithWebIdentity(WEB), StsServiceException);
    expect(e.constructor).toBe(StsServiceException);
    expect(e).toMatchObject({ name: 'AccessDenied', Code: 'AccessDenied', $fault: 'client' });
    expect(e.hint).toMatch(/trust policy/);
  });

  it.each([
    [502, '<html><body><h1>502 Bad Gateway</h1></body></html>', /HTTP 502.*502 Bad Gateway/, { throttling: false }],
    [200, '', /HTTP 200.*\(empty\)/, { throttling: false }],
    [
      200,
      '<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA',
      /HTTP 200/,
      { throttling: false },
    ],
    // A proxy's 4xx is not transient: not retried.
    [403, '{"message":"Forbidden"}', /HTTP 403.*Forbidden/, undefined],
  ])('turns a %i non-STS body into StsServiceException with an excerpt', async (status, body, re, $retryable) => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubRaw(status, body));
    const e = await rejectionOf(clientOn(stub, { maxAttempts: 1 }).client.assumeRoleWithWebIdentity(WEB), StsServiceException);
    expect(e.name).toBe('UnknownError');
    expect(e.message).toMatch(re);
    expect(e.$metadata.httpStatusCode).toBe(status);
    expect(e.$retryable).toEqual($retryable);
  });

  it('rejects with the signal reason when aborted', async () => {
    const { client } = clientOn();
    const ctrl = new AbortController();
    const reason = new Error('user left the page');
    ctrl.abort(reason);
    await expect(client.assumeRoleWithWebIdentity(WEB, { signal: ctrl.signal })).rejects.toBe(reason);
  });
});

describe('retries (standard mode)', () => {
  it('retries 5xx and throttling up to maxAttempts, with throttling backoff', async () => {
    const stub = createStsStub().respond(
      'AssumeRoleWithWebIdentity',
      stubError('InternalFailure', 'oops', { status: 500, Type: 'Receiver' }),
      stubError('Throttling', 'Rate exceeded', { status: 400 }),
      stubDefault(),
    );
    const { client, delays } = clientOn(stub);
    const out = await client.assumeRoleWithWebIdentity(WEB);
    expect(out.$metadata.attempts).toBe(3);
    expect(delays).toEqual([1, -2]); // attempt 1: normal backoff; attempt 2: throttling backoff
  });

  it('gives up after maxAttempts with the last error and its attempt count', async () => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError('ServiceUnavailable', 'down', { status: 503 }));
    const e = await rejectionOf(clientOn(stub).client.assumeRoleWithWebIdentity(WEB), StsServiceException);
    expect(e.$metadata.attempts).toBe(3);
    expect(e.$fault).toBe('server');
    expect(e.$retryable).toEqual({ throttling: false });
    expect(stub.requests).toHaveLength(3);
  });

  it('retries IDPCommunicationError, network failures and unreadable keys', async () => {
    const stub = createStsStub().respond(
      'AssumeRoleWithWebIdentity',
      stubError('IDPCommunicationError', 'IdP unreachable'),
      stubNetworkFailure(),
      stubError('InvalidIdentityToken', "Couldn't retrieve verification key from your identity provider"),
      stubDefault(),
    );
    const out = await clientOn(stub, { maxAttempts: 4 }).client.assumeRoleWithWebIdentity(WEB);
    expect(out.$metadata.attempts).toBe(4);
  });

  it('does not retry other 4xx', async () => {
    for (const e of [
      stubError('InvalidIdentityToken', 'Incorrect token audience'),
      stubError('AccessDenied', 'no', { status: 403 }),
      stubError('ValidationError', 'bad'),
    ]) {
      const stub = createStsStub().respond('AssumeRoleWithWebIdentity', e);
      await expect(clientOn(stub).client.assumeRoleWithWebIdentity(WEB)).rejects.toBeInstanceOf(StsServiceException);
      expect(stub.requests).toHaveLength(1);
    }
  });

  it('counts the backoff in totalRetryDelay and the signal cancels the sleep', async () => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError('Throttling', 'slow down'), stubDefault());
    const out = await new StsClient({ region: 'eu-west-1', fetch: stub.fetch, retryDelay: () => 7 }).assumeRoleWithWebIdentity(WEB);
    expect(out.$metadata.totalRetryDelay).toBe(7);

    const ctrl = new AbortController();
    const slow = new StsClient({
      region: 'eu-west-1',
      fetch: stub.respond('AssumeRoleWithWebIdentity', stubError('Throttling', 'x')).fetch,
      retryDelay: () => 60_000,
    });
    const pending = slow.assumeRoleWithWebIdentity(WEB, { signal: ctrl.signal });
    await new Promise((r) => setTimeout(r, 5));
    ctrl.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });

  it('uses full-jitter exponential backoff by default (base 100 ms, 500 ms throttled, cap 20 s)', async () => {
    const { fullJitterBackoff } = await import('../../src/sts/config');
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    try {
      expect(fullJitterBackoff(1, false)).toBeCloseTo(100, 0);
      expect(fullJitterBackoff(3, false)).toBeCloseTo(400, 0);
      expect(fullJitterBackoff(2, true)).toBeCloseTo(1000, 0);
      expect(fullJitterBackoff(30, true)).toBeCloseTo(20_000, 0);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('transport against a real server', () => {
  it('times out a silent server with TimeoutError, retried, then reported', async () => {
    const server = await startServer(() => {
      /* never answers */
    });
    // 300 ms: long enough for each attempt to reach the server even on a loaded machine.
    const client = new StsClient({ endpoint: server.url, region: 'us-east-1', requestTimeoutMs: 300, maxAttempts: 2, retryDelay: () => 0 });
    const e = await rejectionOf(client.assumeRoleWithWebIdentity(WEB), StsTimeoutError);
    expect(e.name).toBe('TimeoutError');
    expect(e.$metadata.attempts).toBe(2);
    await expect.poll(() => server.requests.length).toBe(2);
  });

  it('reports a dropped connection as StsNetworkError naming the endpoint', async () => {
    const server = await startServer((req) => req.socket.destroy());
    const client = new StsClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 });
    const e = await rejectionOf(client.assumeRoleWithWebIdentity(WEB), StsNetworkError);
    expect(e.message).toContain(server.url);
  });

  it('takes the request id from the header and learns the clock from Date', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'text/xml',
        'x-amzn-requestid': 'hdr-id',
        date: new Date(Date.now() + 3_600_000).toUTCString(),
      });
      res.end(
        '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
      );
    });
    const client = new StsClient({ endpoint: server.url, region: 'us-east-1', credentials: KEYS });
    const out = await client.getCallerIdentity();
    expect(out).toMatchObject({ Account: '123456789012', $metadata: { requestId: 'hdr-id' } });
    expect(client.systemClockOffset).toBeGreaterThan(3_590_000);
    expect(client.systemClockOffset).toBeLessThan(3_610_000);
  });

  it('re-signs once on the server time when a signature is refused for clock skew', async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      calls++;
      // Browsers cannot read Date on a cross-origin answer: the message is all they have.
      res.sendDate = false;
      const amzDate = String(req.headers['x-amz-date']);
      if (amzDate.startsWith('2020')) {
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: ${amzDate} is now earlier than 20301231T234500Z (20310101T000000Z - 15 min.)</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
        );
      } else {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${amzDate}</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      }
    });
    // This machine's clock is ten years behind the server's.
    const client = new StsClient({ endpoint: server.url, region: 'us-east-1', credentials: KEYS, now: () => Date.UTC(2020, 0, 1) });
    const out = await client.getCallerIdentity();
    expect(calls).toBe(2);
    expect(out.Arn).toBe('20310101T000000Z');
    expect(out.$metadata.attempts).toBe(1);
  });

  it('re-signs once per call: a second refusal for the time is not the clock’s doing, and is passed on', async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      calls++;
      res.sendDate = false;
      // Each refusal names a server time a year later than the last: a correction never catches up.
      const now = `${2030 + calls}0101T000000Z`;
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: ${String(req.headers['x-amz-date'])} is now earlier than ${now} (${now} - 15 min.)</Message></Error><RequestId>r${calls}</RequestId></ErrorResponse>`,
      );
    });
    const client = new StsClient({ endpoint: server.url, region: 'us-east-1', credentials: KEYS, now: () => Date.UTC(2020, 0, 1) });
    const e = await rejectionOf(client.getCallerIdentity(), StsServiceException);
    expect(e.name).toBe('SignatureDoesNotMatch');
    expect(calls).toBe(2);
  });
});

describe('advice on a refused signature', () => {
  it('a signed call refused with SignatureDoesNotMatch (not for its time) says to check the secret key and clock', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
      );
    });
    const client = new StsClient({ endpoint: server.url, region: 'us-east-1', credentials: KEYS, maxAttempts: 1 });
    const e = await rejectionOf(client.getCallerIdentity(), StsServiceException);
    expect([e.name, e.hint]).toEqual(['SignatureDoesNotMatch', 'Check the secret access key and that the clock of this machine is right.']);
  });
});

describe('presign', () => {
  it('presigns GetCallerIdentity as a GET URL with query SigV4 and the session token', async () => {
    const client = new StsClient({
      region: 'us-west-2',
      credentials: { ...KEYS, sessionToken: 'SESSION/TOKEN+1' },
      now: () => Date.UTC(2030, 0, 2, 3, 4, 5),
    });
    const url = new URL(await client.presign(GetCallerIdentity, {}, { expiresIn: 300 }));
    expect(url.origin + url.pathname).toBe('https://sts.us-west-2.amazonaws.com/');
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20300102/us-west-2/sts/aws4_request',
      'X-Amz-Date': '20300102T030405Z',
      'X-Amz-Expires': '300',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Security-Token': 'SESSION/TOKEN+1',
    });
    expect(q['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects expiresIn out of range', async () => {
    const client = new StsClient({ region: 'us-west-2', credentials: KEYS });
    await expect(client.presign(GetCallerIdentity, {}, { expiresIn: 604801 })).rejects.toThrow(StsConfigurationError);
  });
});

// Issue 17 (hostile probe): an answer lacking SessionToken (or another member) resolved, and an
// Expiration of epoch 1e20 resolved as an Invalid Date (a RangeError later, far from the cause).
describe('outputs that carry Credentials are checked', () => {
  const SECRET = 'SECRET-KEY-that-must-never-be-shown';
  const SESSION = 'SESSION-TOKEN-that-must-never-be-shown';
  const FULL = {
    AccessKeyId: 'ASIAEXAMPLEEXAMPLE12',
    SecretAccessKey: SECRET,
    SessionToken: SESSION,
    Expiration: new Date('2030-01-01T00:00:00Z'),
  };
  const CALLS: [string, (c: StsClient) => Promise<unknown>][] = [
    ['AssumeRole', (c) => c.assumeRole({ RoleArn: ROLE, RoleSessionName: 'alice' })],
    ['AssumeRoleWithWebIdentity', (c) => c.assumeRoleWithWebIdentity(WEB)],
    [
      'AssumeRoleWithSAML',
      (c) =>
        c.assumeRoleWithSAML({ RoleArn: ROLE, PrincipalArn: 'arn:aws:iam::123456789012:saml-provider/idp', SAMLAssertion: 'PHNhbWw+' }),
    ],
    [
      'AssumeRoot',
      (c) =>
        c.assumeRoot({
          TargetPrincipal: '123456789012',
          TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
        }),
    ],
    ['GetSessionToken', (c) => c.getSessionToken()],
    ['GetFederationToken', (c) => c.getFederationToken({ Name: 'bob' })],
    ['GetDelegatedAccessToken', (c) => c.getDelegatedAccessToken({ TradeInToken: 'trade-in' })],
    ['GetScopedCredentials', (c) => c.getScopedCredentials()],
  ];
  const without = (name: string) => Object.fromEntries(Object.entries(FULL).filter(([k]) => k !== name));

  async function failureOf(action: string, call: (c: StsClient) => Promise<unknown>, answer: object) {
    const stub = createStsStub().respond(action, answer);
    const result = await rejectionOf(call(clientOn(stub).client), StsDeserializationError);
    expect(stub.calls(action)).toHaveLength(1); // a broken answer is not retried
    return result;
  }

  function expectDeserializationError(e: StsDeserializationError, missing: RegExp) {
    expect(e).toBeInstanceOf(StsServiceException);
    expect(e).toBeInstanceOf(StsDeserializationError);
    expect(e).toMatchObject({ name: 'DeserializationError', Code: 'DeserializationError', $fault: 'server' });
    expect(e.$metadata.httpStatusCode).toBe(200);
    expect(e.message).toMatch(missing);
    expect(e.hint).toEqual(expect.any(String));
    for (const text of [e.message, e.hint, String(e), e.stack, JSON.stringify(e)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SESSION);
    }
  }

  for (const [action, call] of CALLS) {
    it(`${action}: each of the four members missing or empty is refused, naming it`, async () => {
      for (const member of Object.keys(FULL)) {
        expectDeserializationError(await failureOf(action, call, { Credentials: without(member) }), new RegExp(`Credentials\\.${member}`));
        if (member !== 'Expiration') {
          expectDeserializationError(
            await failureOf(action, call, { Credentials: { ...FULL, [member]: '' } }),
            new RegExp(`Credentials\\.${member}`),
          );
        }
      }
      expectDeserializationError(await failureOf(action, call, {}), /without Credentials/);
      expectDeserializationError(
        await failureOf(action, call, { Credentials: { AccessKeyId: FULL.AccessKeyId } }),
        /SecretAccessKey, .*SessionToken, .*Expiration/,
      );
    });
  }

  it.each(['100000000000000000000', '1e20', '-1', '+275760-09-14T00:00:00Z', '2030-13-01T00:00:00Z'])(
    'refuses the Expiration %s with a typed error, not an Invalid Date',
    async (expiration) => {
      const body = renderSuccess(expiration);
      const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubRaw(200, body));
      const e = await rejectionOf(clientOn(stub).client.assumeRoleWithWebIdentity(WEB), StsDeserializationError);
      expectDeserializationError(e, /Expiration/);
    },
  );

  it('still accepts complete credentials, Expiration as epoch seconds too', async () => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubRaw(200, renderSuccess('1893456000')));
    const out = await clientOn(stub).client.assumeRoleWithWebIdentity(WEB);
    expect(out.Credentials).toEqual({ ...FULL, Expiration: new Date('2030-01-01T00:00:00Z') });
  });

  const renderSuccess = (expiration: string) =>
    `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>` +
    `<AccessKeyId>${FULL.AccessKeyId}</AccessKeyId><SecretAccessKey>${SECRET}</SecretAccessKey>` +
    `<SessionToken>${SESSION}</SessionToken><Expiration>${expiration}</Expiration>` +
    `</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`;
});

describe('toAwsCredentials', () => {
  it('refuses an output without credentials, with a hint', () => {
    expect(() => toAwsCredentials({})).toThrow(/no complete Credentials/);
  });

  it('refuses an Expiration that is not a valid date, as the client does, naming the member and no value', () => {
    const Credentials = { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'SECRET-KEY-VALUE', SessionToken: 'SECRET-TOKEN-VALUE' };
    const e = (() => {
      try {
        toAwsCredentials({ Credentials: { ...Credentials, Expiration: new Date(NaN) } });
      } catch (error) {
        return error as Error & { hint?: string };
      }
      throw new Error('accepted');
    })();
    expect(e.name).toBe('StsCredentialsMissingError');
    expect(e.message).toBe('The STS output holds no complete Credentials (Credentials.Expiration missing, empty or not a valid date)');
    expect(e.hint).toMatch(/AssumeRole/);
    expect(JSON.stringify({ ...e, message: e.message })).not.toMatch(/SECRET-(KEY|TOKEN)-VALUE/);
  });
});

describe('IDPCommunicationErrorException', () => {
  it('is retryable and hinted', async () => {
    const stub = createStsStub().respond('AssumeRoleWithWebIdentity', stubError('IDPCommunicationError', 'x'));
    const e = await rejectionOf(clientOn(stub, { maxAttempts: 1 }).client.assumeRoleWithWebIdentity(WEB), IDPCommunicationErrorException);
    expect(e.hint).toMatch(/jwks_uri/);
  });
});
