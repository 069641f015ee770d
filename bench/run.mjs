#!/usr/bin/env node
// `npm run bench`: the kit's per-call overhead next to @aws-sdk/client-sts, both answering the
// same canned STS response through a fake transport, so what is timed is each library's own
// work (validate, serialise, middleware, parse), not the network. Sections are listed in
// SECTIONS at the bottom; a new one is a title, a few rows and an optional check and summary,
// or a title and a run() that returns its own table (the credential-session scenarios).
import { createHash } from 'node:crypto';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// The SDK's own response class (a dependency of client-sts), as its fetch handler builds it.
import { HttpResponse } from '@smithy/core/transport';
import { assumeRoleWithWebIdentity, StsClient } from 'web-identity-kit/sts';
import { createCredentialSession } from 'web-identity-kit/credentials';
import { createFakeTokenSource, createStsStub, createTestClock } from 'web-identity-kit/testing';
import { S3Client } from '@aws-sdk/client-s3';
import { fromWebToken } from '@aws-sdk/credential-providers';

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

// ---- credential session: the kit's createCredentialSession next to the SDK's fromWebToken ----
//
// The SDK side is used the way an app uses it: fromWebToken({ roleArn, webIdentityToken,
// clientConfig: { region, requestHandler } }) given to an S3Client, and credentials asked of
// `client.config.credentials()`. That is what every S3 command's signer calls: @aws-sdk/core's
// resolveAwsSdkSigV4Config wraps the provider in @smithy/core's memoizeIdentityProvider with
// isIdentityExpired (refresh once less than EXPIRATION_MS = 300,000 ms remain, judged with
// Date.now()): concurrent calls share one pending provider call, and the caller that finds the
// credentials inside those 5 minutes awaits the refresh.
//
// Both sides talk to the same STS stub (web-identity-kit/testing's createStsStub: fresh 1-hour
// credentials, Expiration = its clock + 3600 s), the kit through `sts.fetch`, the SDK through a
// requestHandler that hands the SDK the stub's Response as @smithy/fetch-http-handler would.

const ROLE_ARN = INPUT.RoleArn;
const CONCURRENT_CALLS = 1_000;
const SIM_HOURS = 12;
// The two simulated apps: a busy one (every consumer asks every simulated second, the whole
// 12 hours, no sampling) and a quiet one (one call every 10 minutes, e.g. an occasional upload).
const BUSY = { consumers: 50, stepMs: 1_000 };
const QUIET = { consumers: 1, stepMs: 600_000 };
const STS_RTT_MS = 200; // a simulated STS round trip, on the fake clock
const DRAIN_CAP = 100_000; // event-loop turns a tick may take to settle before we give up on it
const SIM_START = Date.UTC(2030, 0, 1); // createTestClock's default start

/** An SDK requestHandler over a fetch: what @smithy/fetch-http-handler does with the Response. */
function sdkHandlerFor(fetchLike) {
  return {
    async handle(request) {
      const port = request.port ? `:${request.port}` : '';
      const res = await fetchLike(`${request.protocol}//${request.hostname}${port}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      const headers = {};
      for (const [name, value] of res.headers) headers[name] = value;
      return { response: new HttpResponse({ statusCode: res.status, reason: res.statusText, headers, body: res.body }) };
    },
  };
}

/** The SDK route as an app writes it; credentials() is what the S3Client's signer calls. */
function sdkCredentials(webIdentityToken, requestHandler) {
  const provider = fromWebToken({ roleArn: ROLE_ARN, webIdentityToken, clientConfig: { region: REGION, requestHandler } });
  const client = new S3Client({ region: REGION, credentials: provider, requestHandler });
  return { credentials: () => client.config.credentials(), provider, destroy: () => client.destroy() };
}

/** Deterministic jitter for the kit's refresh schedule (mulberry32). */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stsCalls = (stub) => stub.calls('AssumeRoleWithWebIdentity').length;

/** Scenario 1: CONCURRENT_CALLS credential requests at once, on a cold session/client. */
async function concurrentRequests() {
  const kitStub = createStsStub();
  const session = createCredentialSession({
    roleArn: ROLE_ARN,
    tokenSource: createFakeTokenSource(),
    sts: { region: REGION, fetch: kitStub.fetch },
    tabs: false,
  });
  const kitCreds = await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => session.getCredentials()));
  session.dispose(); // its refresh timer would otherwise keep the process alive

  const sdkStub = createStsStub();
  const token = await createFakeTokenSource().getIdToken({ forceRenew: false });
  const sdk = sdkCredentials(token, sdkHandlerFor(sdkStub.fetch));
  const sdkCreds = await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => sdk.credentials()));
  // The same provider called bare, without the client's memoization (as code that calls
  // fromWebToken(...)() itself does): for the notes.
  const bareStub = createStsStub();
  const bare = sdkCredentials(token, sdkHandlerFor(bareStub.fetch));
  await Promise.all(Array.from({ length: CONCURRENT_CALLS }, () => bare.provider()));
  sdk.destroy();
  bare.destroy();

  const distinct = (list) => new Set(list.map((c) => c.accessKeyId)).size;
  return {
    kit: stsCalls(kitStub),
    sdk: stsCalls(sdkStub),
    bare: stsCalls(bareStub),
    problems: [
      distinct(kitCreds) !== 1 && `kit: ${distinct(kitCreds)} different access keys handed out`,
      distinct(sdkCreds) !== 1 && `SDK: ${distinct(sdkCreds)} different access keys handed out`,
    ].filter(Boolean),
  };
}

const immediate = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Scenario 2: SIM_HOURS of fake time; every `stepMs`, `consumers` calls to get() at the same
 * instant. STS answers after STS_RTT_MS of fake time, so an answer needs the clock to move.
 *
 * "Waited": after a tick's calls are made, the event loop is run (microtasks and setImmediate
 * turns, real I/O included) until every call has settled or an STS request is on the wire;
 * the clock does not move meanwhile. A call still unsettled then could only settle once STS
 * answered: it waited for a refresh. The same rule, the same stub, the same clock on both sides.
 */
async function simulate({ clock, transport, get }, { consumers, stepMs }) {
  const ticks = (SIM_HOURS * 3600_000) / stepMs;
  let outstanding = 0;
  const r = { calls: 0, waited: 0, waitedAtStart: 0, expiredServed: 0, failed: 0, capHits: 0 };
  const drain = async () => {
    let turns = 0;
    do {
      await immediate();
      turns++;
    } while (outstanding > 0 && transport.onTheWire === 0 && turns < DRAIN_CAP);
    if (turns >= DRAIN_CAP) r.capHits++;
  };
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const settled = [];
    for (let i = 0; i < consumers; i++) {
      const flag = { done: false };
      settled.push(flag);
      outstanding++;
      r.calls++;
      get().then(
        (c) => {
          if (c.expiration.getTime() <= clock.now()) r.expiredServed++;
          flag.done = true;
          outstanding--;
        },
        () => {
          r.failed++;
          flag.done = true;
          outstanding--;
        },
      );
    }
    await drain();
    const waiting = settled.filter((f) => !f.done).length;
    if (tick === 0) r.waitedAtStart += waiting;
    else r.waited += waiting;
    await clock.advance(stepMs);
    // Anything still pending now waits on CPU or real I/O only (the round trip is over): let it
    // finish before the next tick, so real time never leaks into simulated time.
    if (outstanding > 0) await drain();
  }
  r.ms = performance.now() - started;
  r.sts = transport.times.length;
  r.times = transport.times;
  return r;
}

/** A fetch that answers as STS does, STS_RTT_MS of fake time after it is called. */
function slowStsFetch(clock) {
  const stub = createStsStub({ now: clock.now });
  const transport = { onTheWire: 0, times: [] };
  transport.fetch = async (url, init) => {
    transport.times.push(clock.now() - SIM_START);
    transport.onTheWire++;
    await new Promise((resolve) => clock.setTimeout(resolve, STS_RTT_MS));
    transport.onTheWire--;
    return stub.fetch(url, init);
  };
  return transport;
}

async function simulateKit(app) {
  const clock = createTestClock(SIM_START);
  const transport = slowStsFetch(clock);
  const session = createCredentialSession({
    roleArn: ROLE_ARN,
    tokenSource: createFakeTokenSource({ now: clock.now }),
    sts: { region: REGION, fetch: transport.fetch },
    now: clock.now,
    // The clock's timers, with a note of when each of the session's own timers fired.
    timers: {
      setTimeout: (fn, ms) => clock.setTimeout(() => (firings.push(clock.now() - SIM_START), fn()), ms),
      clearTimeout: (handle) => clock.clearTimeout(handle),
    },
    random: seeded(20300101),
    tabs: false,
  });
  const firings = [];
  try {
    const r = await simulate({ clock, transport, get: () => session.getCredentials() }, app);
    // A timer-driven refresh puts its STS request on the wire at the instant the timer fires.
    r.timerFirings = firings.length;
    r.timerRefreshes = firings.filter((t) => transport.times.includes(t)).length;
    return r;
  } finally {
    session.dispose();
  }
}

async function simulateSdk(app) {
  const clock = createTestClock(SIM_START);
  const transport = slowStsFetch(clock);
  const realNow = Date.now;
  // The SDK judges expiry with Date.now(): it gets the fake clock for the simulation.
  Date.now = clock.now;
  try {
    const token = await createFakeTokenSource({ now: clock.now }).getIdToken({ forceRenew: false });
    const sdk = sdkCredentials(token, sdkHandlerFor(transport.fetch));
    try {
      return await simulate({ clock, transport, get: sdk.credentials }, app);
    } finally {
      sdk.destroy();
    }
  } finally {
    Date.now = realNow;
  }
}

/** "3300 s x13" for the gaps between successive STS calls, in simulated seconds. */
function gaps(times) {
  const counts = new Map();
  for (let i = 1; i < times.length; i++) {
    const gap = ((times[i] - times[i - 1]) / 1000).toFixed(1).replace(/\.0$/, '');
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  return [...counts].map(([gap, k]) => `${gap} s x${k}`).join(', ') || '-';
}

const SESSION_SECTION = {
  title: 'credential session: createCredentialSession vs fromWebToken in an S3Client (fake STS, fake clock)',
  async run() {
    const concurrent = await concurrentRequests();
    const busy = { kit: await simulateKit(BUSY), sdk: await simulateSdk(BUSY) };
    const quiet = { kit: await simulateKit(QUIET), sdk: await simulateSdk(QUIET) };
    const problems = [
      ...concurrent.problems,
      ...[busy, quiet].flatMap((sim) =>
        [
          ['kit', sim.kit],
          ['SDK', sim.sdk],
        ].flatMap(([side, r]) => [
          r.expiredServed && `${side}: ${r.expiredServed} calls got expired credentials`,
          r.failed && `${side}: ${r.failed} calls failed`,
          r.capHits && `${side}: ${r.capHits} ticks did not settle within ${DRAIN_CAP} event-loop turns`,
        ]),
      ),
    ].filter(Boolean);
    const n = (x) => x.toLocaleString('en-US');
    const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
    const app = ({ consumers, stepMs }) =>
      `${SIM_HOURS} h, ${consumers} consumer${consumers > 1 ? 's' : ''} every ${stepMs >= 60_000 ? `${stepMs / 60_000} min` : `${stepMs / 1000} s`}`;
    // Refreshes at 0, P, 2P, ... with P = lifetime - w: ceil(T / P) of them fall inside [0, T).
    const expected = (w) => Math.ceil((SIM_HOURS * 3600) / (3600 - w));
    return {
      problems,
      table: [
        ['scenario', 'web-identity-kit', 'fromWebToken (SDK)', 'target'],
        [`STS calls for ${n(CONCURRENT_CALLS)} concurrent credential requests`, n(concurrent.kit), n(concurrent.sdk), '1'],
        [`${app(BUSY)}: STS calls`, n(busy.kit.sts), n(busy.sdk.sts), '12'],
        [`${app(BUSY)}: calls that waited for STS`, n(busy.kit.waited), n(busy.sdk.waited), '0'],
        [`${app(BUSY)}: calls at t=0 (nothing to serve yet)`, n(busy.kit.waitedAtStart), n(busy.sdk.waitedAtStart), '-'],
        [`${app(BUSY)}: calls made`, n(busy.kit.calls), n(busy.sdk.calls), '-'],
        [`${app(BUSY)}: real time to simulate`, secs(busy.kit.ms), secs(busy.sdk.ms), '-'],
        [`${app(QUIET)}: STS calls`, n(quiet.kit.sts), n(quiet.sdk.sts), '-'],
        [
          `${app(QUIET)}: calls that waited for STS`,
          `${n(quiet.kit.waited)} of ${n(quiet.kit.calls - 1)}`,
          `${n(quiet.sdk.waited)} of ${n(quiet.sdk.calls - 1)}`,
          '0',
        ],
      ],
      notes: [
        `SDK side: new S3Client({ region, credentials: fromWebToken({ roleArn, webIdentityToken, clientConfig: { region, requestHandler } }), requestHandler }),`,
        `  asked via client.config.credentials(), i.e. @aws-sdk/core's resolveAwsSdkSigV4Config -> @smithy/core memoizeIdentityProvider + isIdentityExpired:`,
        `  one shared provider call at a time; refresh on the first ask with < 300 s left by Date.now(), and that ask waits for it`,
        `  the same provider called bare (no memoization): ${n(concurrent.bare)} STS calls for ${n(CONCURRENT_CALLS)} concurrent requests`,
        `simulation: fake clock (createTestClock) on both sides; SDK: Date.now replaced by it for its runs; kit: now/timers from it, seeded jitter;`,
        `  every consumer asks at every tick, the whole ${SIM_HOURS} h (no sampling); 1-hour credentials from createStsStub; STS round trip ${STS_RTT_MS} ms of fake time`,
        `  waited = still unsettled once the event loop has run dry at that instant with the clock stopped (only an STS answer could settle it);`,
        `  the first calls at t=0 wait on both sides and are counted apart; the quiet app's "of" excludes its t=0 call`,
        `STS calls in ${SIM_HOURS} h, refreshing w seconds before each 1-hour expiry: ceil(${SIM_HOURS * 3600} / (3600 - w)) (= 1 + floor(...) but at exact multiples)`,
        `  kit as designed: w = 300 s + jitter 0-30 s -> ceil(43200 / 3270..3300) = ${expected(300)}; SDK: first ask with < 300 s left, w = 299 s at 1 s ticks -> ${expected(299)}`,
        `  12 needs w = 0 (refresh at the instant of expiry, so every refresh is waited for); 0 < w <= 276 s gives ${expected(276)}; w = 300 s gives ${expected(300)}`,
        `gaps between STS calls (simulated): ${app(BUSY)}: kit ${gaps(busy.kit.times)}; SDK ${gaps(busy.sdk.times)}`,
        `  ${app(QUIET)}: kit ${gaps(quiet.kit.times)}; SDK ${gaps(quiet.sdk.times)}`,
        `kit's own refresh timer (set for expiry - 300 s - jitter): fired ${busy.kit.timerFirings} times, ${busy.kit.timerRefreshes} of them put an STS request on the wire (busy app);`,
        `  ${quiet.kit.timerFirings} and ${quiet.kit.timerRefreshes} (quiet app); the other STS calls were started by callers`,
      ],
    };
  },
};

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
  // Not timed rows but scenarios: run() returns its own table (first column left-aligned).
  SESSION_SECTION,
];

/** Names of the form parameters the two bodies do not share with the same value. */
function paramsThatDiffer(a, b) {
  const [pa, pb] = [a, b].map((body) => new URLSearchParams(String(body)));
  return [...new Set([...pa.keys(), ...pb.keys()])].filter((k) => pa.get(k) !== pb.get(k));
}

/** Prints rows of cells as a table: columns in `left` padded right, the others padded left. */
function printTable(table, left) {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const [i, row] of table.entries()) {
    console.log(
      row
        .map((cell, c) => (left.includes(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join(' | ')
        .trimEnd(),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
}

// ---- run ---------------------------------------------------------------------------------

const started = performance.now();
console.log(`node ${process.version}, ${ROUNDS} rounds x ${CALLS_PER_ROUND} calls after ${WARMUP_CALLS} warm-up calls`);
console.log(`request: WebIdentityToken of ${ID_TOKEN.length} chars; answer: ${CANNED_XML.length} chars of XML`);
for (const section of SECTIONS) {
  if (section.run) {
    // A scenario section: it runs, checks itself and returns its table and notes.
    const sectionStarted = performance.now();
    const { table, notes = [], problems = [] } = await section.run();
    if (problems.length) {
      console.error(`${section.title}: ${problems.join('; ')}`);
      process.exitCode = 1;
    }
    console.log(`\n${section.title}`);
    printTable(table, [0]);
    for (const line of notes) console.log(line);
    console.log(`section took ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`);
    continue;
  }
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
  console.log(`\n${section.title}`);
  printTable(table, [0, table[0].length - 1]);
  for (const line of section.summary?.(results) ?? []) console.log(line);
}
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
