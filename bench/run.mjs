#!/usr/bin/env node
// `npm run bench`: the kit's per-call overhead next to @aws-sdk/client-sts, both answering the
// same canned STS response through a fake transport, so what is timed is each library's own
// work (validate, serialise, middleware, parse), not the network. Sections are listed in
// SECTIONS at the bottom; a new one is a title, a few rows and an optional check and summary.
import { createHash } from 'node:crypto';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// The SDK's own response class (a dependency of client-sts), as its fetch handler builds it.
import { HttpResponse } from '@smithy/core/transport';
import { assumeRoleWithWebIdentity, StsClient } from 'web-identity-kit/sts';

const WARMUP_CALLS = 2_000;
const ROUNDS = 10;
const CALLS_PER_ROUND = 2_500;
const HEAP_SAMPLE_CALLS = 1_000;
const REGION = 'eu-west-1';

// ---- fixtures: a realistic request and answer, deterministic from run to run ---------------

/** `n` base64 characters of deterministic noise: token-like, never the same run of bytes. */
function noise(n, seed, alphabet = 'base64') {
  let out = '';
  for (let i = 0; out.length < n; i++) out += createHash('sha512').update(`${seed}:${i}`).digest(alphabet);
  return out.slice(0, n);
}
const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

// An OIDC ID token as an IdP issues it: RS256 header, the usual claims, a 2048-bit signature.
const ID_TOKEN = [
  b64url({ alg: 'RS256', typ: 'JWT', kid: noise(43, 'kid', 'base64url') }),
  b64url({
    iss: 'https://login.example-idp.com/7f3c9a1e-2b4d-4e8f-9a6b-1c2d3e4f5a6b/v2.0',
    sub: 'auth0|6512f0c4a9d8e7b6c5a4f3e2',
    aud: 'web-identity-kit-demo',
    azp: 'web-identity-kit-demo',
    iat: 1767225600,
    exp: 1767229200,
    auth_time: 1767225590,
    nonce: noise(32, 'nonce', 'base64url'),
    email: 'jane.doe@example.com',
    email_verified: true,
  }),
  noise(342, 'signature', 'base64url'),
].join('.');

const INPUT = {
  RoleArn: 'arn:aws:iam::123456789012:role/web-identity-kit/BrowserUploadRole',
  RoleSessionName: 'jane.doe@example.com',
  WebIdentityToken: ID_TOKEN,
};

const ACCESS_KEY_ID = 'ASIAQX7EXAMPLE4KZ2PB';
const EXPIRATION = '2031-05-14T09:41:27Z';
const REQUEST_ID = '3b1e6c52-9d4f-4a7e-b0c8-5f2a1d9e7c34';

const CANNED_XML = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>auth0|6512f0c4a9d8e7b6c5a4f3e2</SubjectFromWebIdentityToken>
    <Audience>web-identity-kit-demo</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/BrowserUploadRole/jane.doe@example.com</Arn>
      <AssumedRoleId>AROAQX7EXAMPLEROLEID7:jane.doe@example.com</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${noise(800, 'session-token')}</SessionToken>
      <SecretAccessKey>${noise(40, 'secret-key')}</SecretAccessKey>
      <Expiration>${EXPIRATION}</Expiration>
      <AccessKeyId>${ACCESS_KEY_ID}</AccessKeyId>
    </Credentials>
    <Provider>login.example-idp.com/7f3c9a1e-2b4d-4e8f-9a6b-1c2d3e4f5a6b/v2.0</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>${REQUEST_ID}</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>
`;
const RESPONSE_HEADERS = { 'content-type': 'text/xml', 'x-amzn-requestid': REQUEST_ID };

// ---- fake transports: the same work on both sides, a fresh Response with the same body per call

let lastKitBody;
const fakeFetch = async (url, init) => {
  lastKitBody = init.body;
  return new Response(CANNED_XML, { status: 200, headers: RESPONSE_HEADERS });
};

// What @smithy/fetch-http-handler does with a fetch Response: headers to a plain object, the
// body handed on as a stream for the SDK's stream collector to read.
let lastSdkBody;
const fakeRequestHandler = {
  async handle(request) {
    lastSdkBody = request.body;
    const res = new Response(CANNED_XML, { status: 200, headers: RESPONSE_HEADERS });
    const headers = {};
    for (const [name, value] of res.headers) headers[name] = value;
    return { response: new HttpResponse({ statusCode: res.status, reason: res.statusText, headers, body: res.body }) };
  },
};

// ---- the contenders ----------------------------------------------------------------------

const kitClient = new StsClient({ region: REGION, fetch: fakeFetch });

// The SDK's own switch for its once-per-process notice that its 2027 releases will need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Each setting below is one the Node runtime config would otherwise look up in the environment
// and ~/.aws/config and credentials (leave any out and those files are read), or, for
// defaultsMode 'auto', the instance metadata service. AssumeRoleWithWebIdentity is noAuth in
// the model, so the credential provider chain is never asked.
const sdkClient = new STSClient({
  region: REGION,
  requestHandler: fakeRequestHandler,
  defaultsMode: 'legacy',
  maxAttempts: 3,
  retryMode: 'standard',
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  authSchemePreference: [],
  userAgentAppId: async () => undefined,
});

const kitStandalone = () => assumeRoleWithWebIdentity(INPUT, { region: REGION, fetch: fakeFetch });
const kitWithClient = () => kitClient.assumeRoleWithWebIdentity(INPUT);
const sdkSend = () => sdkClient.send(new AssumeRoleWithWebIdentityCommand(INPUT));

// ---- measuring ---------------------------------------------------------------------------

/** Mean µs per call of `n` sequential awaited calls. */
async function time(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e3 / n;
}

/**
 * JS heap allocated per call (garbage included): heapUsed just before and after each call,
 * median over `n` calls. A collection inside a call spoils its delta; the median ignores those,
 * and no --expose-gc is needed.
 */
async function allocated(fn, n) {
  const deltas = [];
  for (let i = 0; i < n; i++) {
    const before = process.memoryUsage().heapUsed;
    await fn();
    deltas.push(process.memoryUsage().heapUsed - before);
  }
  return median(deltas);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Warm-up, then rounds interleaved with the order reversed every other round, so drift and JIT order hit all rows alike. */
async function measure(rows) {
  for (const row of rows) for (let i = 0; i < WARMUP_CALLS; i++) await row.fn();
  const perCall = new Map(rows.map((row) => [row, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of round % 2 ? [...rows].reverse() : rows) perCall.get(row).push(await time(row.fn, CALLS_PER_ROUND));
  }
  const results = [];
  for (const row of rows) {
    results.push({ ...row, us: median(perCall.get(row)), rounds: perCall.get(row), bytes: await allocated(row.fn, HEAP_SAMPLE_CALLS) });
  }
  return results;
}

// ---- sections ----------------------------------------------------------------------------

const SECTIONS = [
  {
    title: 'assumeRoleWithWebIdentity per call (canned answer, fake transport)',
    rows: [
      { name: 'web-identity-kit assumeRoleWithWebIdentity()', side: 'kit', fn: kitStandalone },
      { name: 'web-identity-kit StsClient', side: 'kit', fn: kitWithClient },
      { name: '@aws-sdk/client-sts STSClient.send', side: 'sdk', fn: sdkSend },
      // The floor under both: what the fake transport alone costs (a Response built and read).
      { name: 'fake transport alone (Response + text())', side: 'floor', fn: async () => (await fakeFetch('', {})).text() },
    ],
    // Before timing anything: both sides must read the same credentials out of the same answer,
    // from requests carrying the same parameters.
    async check() {
      const [kit, viaClient, sdk] = [await kitStandalone(), await kitWithClient(), await sdkSend()];
      const differing = paramsThatDiffer(lastKitBody, lastSdkBody);
      const creds = [kit, viaClient, sdk].map((r) => r.Credentials);
      return [
        differing.length > 0 && `the request bodies differ in ${differing.join(', ')}`,
        ...creds.map((c, i) => c?.AccessKeyId !== ACCESS_KEY_ID && `result ${i}: AccessKeyId ${c?.AccessKeyId}`),
        ...creds.map(
          (c, i) =>
            !(c?.Expiration instanceof Date && c.Expiration.getTime() === Date.parse(EXPIRATION)) &&
            `result ${i}: Expiration ${c?.Expiration}`,
        ),
        ...creds.map((c, i) => c?.SessionToken?.length !== 800 && `result ${i}: SessionToken of ${c?.SessionToken?.length} chars`),
      ].filter(Boolean);
    },
    summary(results) {
      const sdk = results.find((r) => r.side === 'sdk');
      const floor = results.find((r) => r.side === 'floor');
      return results
        .filter((r) => r.side === 'kit')
        .map((r) => {
          const name = r.name.replace('web-identity-kit ', 'kit ');
          const net = ((sdk.us - floor.us) / (r.us - floor.us)).toFixed(1);
          return `ratio (client-sts / ${name}): ${(sdk.us / r.us).toFixed(1)}x (target >= 4x); ${net}x without the transport floor`;
        });
    },
  },
];

/** Names of the form parameters the two bodies do not share with the same value. */
function paramsThatDiffer(a, b) {
  const [pa, pb] = [a, b].map((body) => new URLSearchParams(String(body)));
  return [...new Set([...pa.keys(), ...pb.keys()])].filter((k) => pa.get(k) !== pb.get(k));
}

// ---- run ---------------------------------------------------------------------------------

const started = performance.now();
console.log(`node ${process.version}, ${ROUNDS} rounds x ${CALLS_PER_ROUND} calls after ${WARMUP_CALLS} warm-up calls`);
console.log(`request: WebIdentityToken of ${ID_TOKEN.length} chars; answer: ${CANNED_XML.length} chars of XML`);
for (const section of SECTIONS) {
  const problems = (await section.check?.()) ?? [];
  if (problems.length) {
    console.error(`${section.title}: results disagree, not timing:\n${problems.join('\n')}`);
    process.exit(1);
  }
  const results = await measure(section.rows);
  const table = [
    ['implementation', 'median µs/call', 'ops/s', 'heap B/call', 'rounds min-max µs'],
    ...results.map((r) => [
      r.name,
      r.us.toFixed(1),
      Math.round(1e6 / r.us).toLocaleString('en-US'),
      Math.round(r.bytes).toLocaleString('en-US'),
      `${Math.min(...r.rounds).toFixed(1)}-${Math.max(...r.rounds).toFixed(1)}`,
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  console.log(`\n${section.title}`);
  for (const [i, row] of table.entries()) {
    console.log(row.map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
  for (const line of section.summary?.(results) ?? []) console.log(line);
}
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
