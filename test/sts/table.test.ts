// The operation table is the one source of the client: a made-up row, in a throwaway table, gets a
// typed method from the same factory StsClient uses (withOperations) and a real call over HTTP,
// validated, serialised and parsed through the row alone. And the real table is what model.ts exports.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CallOptions } from '../../src/sts/call';
import { StsClient, withOperations } from '../../src/sts/client';
import type { MetadataBearer } from '../../src/sts/command-types';
import { StsValidationError } from '../../src/sts/errors';
import * as model from '../../src/sts/model';
import { STS_OPERATIONS } from '../../src/sts/operations';
import { boolean, integer, string, structure, timestamp } from '../../src/sts/shapes';
import { startServer } from '../helpers/http-server';
import { rejectionOf } from '../helpers/rejection';

// A row as model.ts writes one: name, auth, input and output shapes, modelled errors.
const MakeBelieve = {
  name: 'MakeBelieve',
  auth: 'none',
  input: structure({ Wish: string({ min: 1, max: 16 }), Times: integer({ min: 1, max: 3 }) }, ['Wish']),
  output: structure({ Granted: boolean, Wish: string(), GrantedAt: timestamp }),
  errors: ['RegionDisabledException'],
} as const satisfies model.Operation;

const ANSWER = `<MakeBelieveResponse xmlns="${model.STS_XML_NAMESPACE}">
  <MakeBelieveResult><Granted>true</Granted><Wish>a pony</Wish><GrantedAt>2030-01-02T03:04:05Z</GrantedAt></MakeBelieveResult>
  <ResponseMetadata><RequestId>wish-1</RequestId></ResponseMetadata>
</MakeBelieveResponse>`;

async function wishingWell() {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(ANSWER);
  });
  const client = withOperations(new StsClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 }), { MakeBelieve });
  return { server, client };
}

describe('a new row is a new operation', () => {
  it('gets a camelCase method that calls a real server and reads the answer through the row', async () => {
    const { server, client } = await wishingWell();
    const out = await client.makeBelieve({ Wish: 'a pony', Times: 2 });
    expect(out).toMatchObject({ Granted: true, Wish: 'a pony', $metadata: { httpStatusCode: 200, requestId: 'wish-1', attempts: 1 } });
    expect(out.GrantedAt).toEqual(new Date('2030-01-02T03:04:05Z'));
    expect(server.requests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(server.requests[0].body))).toEqual({
      Action: 'MakeBelieve',
      Version: model.STS_API_VERSION,
      Wish: 'a pony',
      Times: '2',
    });
    // auth 'none': sent unsigned, like AssumeRoleWithWebIdentity.
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('types the method from the row: required members required, output members typed, $metadata added', async () => {
    const { client } = await wishingWell();
    expectTypeOf(client.makeBelieve).parameter(0).toEqualTypeOf<{ Wish: string; Times?: number | undefined }>();
    expectTypeOf<Awaited<ReturnType<typeof client.makeBelieve>>>().toEqualTypeOf<
      { Granted?: boolean | undefined; Wish?: string | undefined; GrantedAt?: Date | undefined } & MetadataBearer
    >();
    expectTypeOf<{ Times: number }>().not.toExtend<Parameters<typeof client.makeBelieve>[0]>(); // Wish is required
    // The real methods stay as they were.
    expectTypeOf(client.assumeRoleWithWebIdentity).toEqualTypeOf<StsClient['assumeRoleWithWebIdentity']>();
  });

  it("checks input against the row's constraints before any request", async () => {
    const { server, client } = await wishingWell();
    const e = await rejectionOf(client.makeBelieve({ Wish: 'a pony', Times: 7 }), StsValidationError);
    expect(e.message).toContain('Times');
    expect(e.message).toContain('MakeBelieve');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the real table', () => {
  it("holds every row model.ts exports, each under its own name, and StsClient has each one's method", () => {
    // The compiler holds STS_OPERATIONS to model.ts's rows; this is the same check at run time.
    const rows = Object.entries(model).filter(([, v]) => typeof v === 'object' && 'auth' in v && 'input' in v);
    const names = Object.keys(STS_OPERATIONS);
    expect(names.sort()).toEqual(rows.map(([k]) => k).sort());
    expect(names).toHaveLength(12);
    const client: Record<string, unknown> = { ...new StsClient({ region: 'us-east-1' }) };
    for (const name of names) {
      expect(STS_OPERATIONS[name as keyof typeof STS_OPERATIONS].name).toBe(name);
      expect(model[name as keyof typeof model]).toBe(STS_OPERATIONS[name as keyof typeof STS_OPERATIONS]);
      expect(typeof client[name[0].toLowerCase() + name.slice(1)], name).toBe('function');
    }
    // The methods are the client's own properties, one per row and nothing more (as when they were fields).
    expect(Object.keys(client).sort()).toEqual(names.map((n) => n[0].toLowerCase() + n.slice(1)).sort());
  });

  it('keeps the method names and optional inputs of the hand-written client', () => {
    expectTypeOf<keyof StsClient>().toEqualTypeOf<
      | 'assumeRole'
      | 'assumeRoleWithSAML'
      | 'assumeRoleWithWebIdentity'
      | 'assumeRoot'
      | 'decodeAuthorizationMessage'
      | 'getAccessKeyInfo'
      | 'getCallerIdentity'
      | 'getDelegatedAccessToken'
      | 'getFederationToken'
      | 'getScopedCredentials'
      | 'getSessionToken'
      | 'getWebIdentityToken'
      | 'send'
      | 'presign'
      | 'systemClockOffset'
      | 'serverNow'
      | 'endpoint'
    >();
    expectTypeOf<Parameters<StsClient['getCallerIdentity']>>().toEqualTypeOf<
      [input?: model.GetCallerIdentityCommandInput, options?: CallOptions]
    >();
    expectTypeOf<Parameters<StsClient['assumeRole']>[0]>().toEqualTypeOf<model.AssumeRoleCommandInput>();
    expectTypeOf<Awaited<ReturnType<StsClient['getWebIdentityToken']>>>().toEqualTypeOf<model.GetWebIdentityTokenCommandOutput>();
  });
});
