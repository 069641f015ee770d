// The stack's STS: AssumeRoleWithWebIdentity (unsigned), AssumeRole and GetCallerIdentity
// (signed), over awsQuery, answering with the XML STS sends and refusing what STS refuses, in its
// words. ID tokens are checked as AWS checks them: signature against the IdP's JWKS, issuer,
// audience, expiry, then the role's trust policy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compactVerify, createRemoteJWKSet, decodeJwt } from 'jose';
import { STS_OPERATIONS } from '../../src/sts/client';
import type { Operation } from '../../src/sts/model';
import { parseForm, readQuery } from '../../src/testing/query-params';
import { renderErrorXml, renderSuccessXml } from '../../src/testing/sts-xml';
import { awsValidationErrors, validationMessage } from './validation';
import {
  newAccessKeyId,
  newSecret,
  newSessionToken,
  type CredentialsStore,
  type IssuedCredentials,
  type SessionPolicy,
  wildcardMatch,
} from '../iam/credentials-store';
import type { Faults } from '../shared/faults';
import { BodyTooLarge, preflight, readBody, requestId, type RequestLog } from '../shared/http';
import { checkPackedSize, parsePolicy, PolicyError } from '../iam/policy';
import { verifySigV4 } from '../sigv4/verifier';

export interface OidcProviderConfig {
  /** The issuer URL exactly as in the tokens' `iss`. */
  url: string;
  /** The audiences (client ids) registered for it. */
  clientIds: string[];
  /** Subjects the provider reports as rejected (IDPRejectedClaim), to reproduce that answer. */
  rejectedSubjects?: string[];
}

export interface RoleConfig {
  arn: string;
  /** Seconds; AWS's default is 3600 and its range 3600-43200. */
  maxSessionDuration: number;
  trust: {
    /** Federated principal: the issuer URL without its scheme, as IAM writes it. */
    federated: string;
    /** Condition `{provider}:aud` StringEquals. */
    audiences: string[];
    /** Condition `{provider}:sub` StringLike; any subject when absent. */
    subjects?: string[];
    /** Account ids whose IAM principals may AssumeRole. */
    accounts?: string[];
  };
  permissions: SessionPolicy;
}

export interface StsOptions {
  account: string;
  providers: OidcProviderConfig[];
  roles: RoleConfig[];
  store: CredentialsStore;
  faults: Faults;
  log: RequestLog;
  now: () => number;
  /** Shortens every credential's lifetime to this many seconds (for refresh tests). */
  credentialLifetimeSeconds?: () => number | undefined;
  allowOrigin: (origin: string) => boolean;
}

/** An STS error answer in the making. */
class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

// What real STS lets cross-origin scripts read: a preflight to sts.us-east-1.amazonaws.com answered
// "Access-Control-Expose-Headers: x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"
// (recorded in github.com/AllanZhengYP/cors-test, output.md, 2020-10-15). Date matters: without it
// a browser client cannot see the server's clock and so cannot correct its own skew.
const EXPOSE = { 'access-control-expose-headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date' };
const AMZ_DATE = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '');

export function createStsEndpoint(o: StsOptions) {
  const jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (preflight(req, res, 'POST, GET, OPTIONS', o.allowOrigin)) return;
    const id = requestId();
    const origin = String(req.headers.origin ?? '');
    const cors = origin && o.allowOrigin(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin', ...EXPOSE } : {};
    const skew = o.faults.clockSkew('sts') * 1000;
    const now = () => o.now() + skew;
    let action = '';
    const answer = (status: number, body: string, fault?: string) => {
      o.log.add({ time: o.now(), service: 'sts', action: action || '(none)', status, fault });
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': id, date: new Date(now()).toUTCString(), ...cors });
      res.end(body);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://stack');
      const raw = (await readBody(req, 128 * 1024)).toString('utf8');
      const form = req.method === 'GET' ? url.search.slice(1) : raw;
      let params: Map<string, string>;
      try {
        params = parseForm(form);
      } catch {
        throw new StsError('MalformedQueryString', 'The query string could not be parsed.');
      }
      action = params.get('Action') ?? '';
      const operation = (STS_OPERATIONS as Record<string, Operation>)[action];
      if (!action) throw new StsError('MissingAction', 'Missing Action');
      if (!operation || !['AssumeRoleWithWebIdentity', 'AssumeRole', 'GetCallerIdentity'].includes(action)) {
        throw new StsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );
      }
      if (params.get('Version') !== '2011-06-15')
        throw new StsError(
          'InvalidAction',
          `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        );

      const fault = o.faults.take('sts', action);
      if (fault && (await applyFault(fault, res, answer, operation, id))) return;

      const input = readQuery(operation.input, params);
      const errors = awsValidationErrors(operation, input);
      if (errors.length) throw new StsError('ValidationError', validationMessage(errors));

      const output =
        action === 'AssumeRoleWithWebIdentity'
          ? await assumeRoleWithWebIdentity(input, now())
          : await signedCall(action, input, req, url, raw, now());
      answer(200, renderSuccessXml(operation, output, id), fault?.kind);
    } catch (e) {
      if (e instanceof BodyTooLarge)
        return answer(413, renderErrorXml({ Code: 'RequestEntityTooLarge', Message: 'Request body too large' }, id));
      if (e instanceof StsError) return answer(e.status, renderErrorXml({ Code: e.code, Message: e.message, status: e.status }, id));
      if (e instanceof PolicyError) return answer(400, renderErrorXml({ Code: e.code, Message: e.message }, id));
      answer(
        500,
        renderErrorXml(
          { Code: 'InternalFailure', Message: 'The request processing has failed because of an unknown error.', Type: 'Receiver' },
          id,
        ),
      );
    }
  }

  /** Returns true when the fault answered (or dropped) the request itself. */
  async function applyFault(
    fault: NonNullable<ReturnType<Faults['take']>>,
    res: ServerResponse,
    answer: (s: number, b: string, f?: string) => void,
    op: Operation,
    id: string,
  ) {
    const k = fault.kind;
    if (k === 'latency') {
      await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
      return false;
    }
    if (k === 'drop') {
      o.log.add({ time: o.now(), service: 'sts', action: op.name, status: 0, fault: k });
      res.socket?.destroy();
      return true;
    }
    const body: Record<string, [number, string]> = {
      status: [
        fault.status ?? 500,
        renderErrorXml(
          {
            Code: fault.status === 503 ? 'ServiceUnavailable' : 'InternalFailure',
            Message: 'The request processing has failed because of an unknown error.',
            Type: 'Receiver',
            status: fault.status ?? 500,
          },
          id,
        ),
      ],
      throttling: [400, renderErrorXml({ Code: 'Throttling', Message: 'Rate exceeded' }, id)],
      'idp-communication': [
        400,
        renderErrorXml({ Code: 'IDPCommunicationError', Message: 'The identity provider could not be reached. Try again later.' }, id),
      ],
      html: [fault.status ?? 502, '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'],
      empty: [fault.status ?? 200, ''],
      malformed: [200, `<${op.name}Response><Unexpected>not what you asked for</Unexpected></Wrong>`],
      truncated: [200, renderSuccessXml(op, {}, id).slice(0, 60)],
    };
    const [status, text] = body[k];
    answer(status, text, k);
    return true;
  }

  async function verifyToken(token: string, now: number) {
    let claims: ReturnType<typeof decodeJwt>;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new StsError(
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    const provider = o.providers.find((p) => p.url === claims.iss);
    if (!provider) throw new StsError('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${claims.iss ?? ''}`);
    const auds = ([] as string[]).concat(claims.aud ?? []);
    if (!auds.some((a) => provider.clientIds.includes(a))) throw new StsError('InvalidIdentityToken', 'Incorrect token audience');
    try {
      await compactVerify(token, keysOf(provider.url));
    } catch (e: any) {
      if (/fetch|JWKS|timed out|ECONNREFUSED/i.test(`${e?.code} ${e?.message}`)) {
        throw new StsError(
          'InvalidIdentityToken',
          "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        );
      }
      throw new StsError(
        'InvalidIdentityToken',
        'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
      );
    }
    const seconds = Math.floor(now / 1000);
    // AWS takes exp strictly; iat and nbf may be a little ahead of its clock (5 minutes here).
    if (typeof claims.exp !== 'number' || seconds >= claims.exp) {
      throw new StsError(
        'ExpiredTokenException',
        `Token expired: current date/time ${seconds} must be before the expiration date/time ${claims.exp}`,
      );
    }
    if ((claims.nbf ?? 0) > seconds + 300 || (claims.iat ?? 0) > seconds + 300) {
      throw new StsError('InvalidIdentityToken', 'Token used before issued');
    }
    if (provider.rejectedSubjects?.includes(String(claims.sub))) {
      throw new StsError('IDPRejectedClaim', 'The identity provider rejected the claims of the token.', 403);
    }
    return { claims, provider, audience: auds.find((a) => provider.clientIds.includes(a))! };
  }

  function keysOf(issuer: string) {
    let set = jwks.get(issuer);
    if (!set) {
      // The discovery document's jwks_uri would say the same; oidc-provider serves it here.
      set = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/jwks`), { timeoutDuration: 5000, cooldownDuration: 0 });
      jwks.set(issuer, set);
    }
    return set;
  }

  function sessionLength(requested: number | undefined, role: RoleConfig) {
    const duration = requested ?? 3600;
    if (duration > role.maxSessionDuration) {
      throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    return Math.min(duration, o.credentialLifetimeSeconds?.() ?? Infinity);
  }

  function issue(role: RoleConfig, sessionName: string, seconds: number, now: number, sessionPolicy?: SessionPolicy): IssuedCredentials {
    const roleName = role.arn.split('/').pop()!;
    const roleId = `AROA${role.arn.length.toString(16).toUpperCase().padStart(4, '0')}STACKROLE12`;
    return o.store.add({
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecret(),
      sessionToken: newSessionToken(),
      expiration: new Date(Math.floor(now / 1000) * 1000 + seconds * 1000),
      principalArn: `arn:aws:sts::${o.account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      account: o.account,
      policies: sessionPolicy ? [role.permissions, sessionPolicy] : [role.permissions],
    });
  }

  function sessionPolicyOf(input: Record<string, any>): SessionPolicy | undefined {
    const policy = input.Policy ? parsePolicy(input.Policy) : undefined;
    checkPackedSize(input.Policy, input.PolicyArns?.length ?? 0);
    return policy;
  }

  async function assumeRoleWithWebIdentity(input: Record<string, any>, now: number) {
    const { claims, provider, audience } = await verifyToken(input.WebIdentityToken, now);
    const role = o.roles.find((r) => r.arn === input.RoleArn);
    const federated = provider.url.replace(/^https?:\/\//, '');
    const subjectOk = !role?.trust.subjects || role.trust.subjects.some((p) => wildcardMatch(p, String(claims.sub)));
    if (!role || role.trust.federated !== federated || !role.trust.audiences.includes(audience) || !subjectOk) {
      throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
    }
    const seconds = sessionLength(input.DurationSeconds, role);
    const c = issue(role, input.RoleSessionName, seconds, now, sessionPolicyOf(input));
    return {
      Credentials: {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: c.expiration,
      },
      SubjectFromWebIdentityToken: String(claims.sub),
      AssumedRoleUser: { AssumedRoleId: c.userId, Arn: c.principalArn },
      Provider: provider.url,
      Audience: audience,
      PackedPolicySize: input.Policy ? checkPackedSize(input.Policy, input.PolicyArns?.length ?? 0) : undefined,
    };
  }

  async function signedCall(action: string, input: Record<string, any>, req: IncomingMessage, url: URL, body: string, now: number) {
    const caller = authenticate(req, url, body, now);
    if (action === 'GetCallerIdentity') return { UserId: caller.userId, Account: caller.account, Arn: caller.principalArn };
    const role = o.roles.find((r) => r.arn === input.RoleArn);
    if (!role || !(role.trust.accounts ?? []).includes(caller.account)) {
      throw new StsError(
        'AccessDenied',
        `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        403,
      );
    }
    const c = issue(role, input.RoleSessionName, sessionLength(input.DurationSeconds, role), now, sessionPolicyOf(input));
    return {
      Credentials: {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: c.expiration,
      },
      AssumedRoleUser: { AssumedRoleId: c.userId, Arn: c.principalArn },
    };
  }

  function authenticate(req: IncomingMessage, url: URL, body: string, now: number): IssuedCredentials {
    const result = verifySigV4(
      { method: req.method ?? 'POST', path: url.pathname, query: url.search.slice(1), headers: req.headersDistinct, body },
      { lookup: (key) => o.store.get(key), service: 'sts', now: new Date(now), normalizePath: true },
    );
    if (!result.ok) {
      if (result.code === 'RequestTimeTooSkewed' || (/expired/i.test(result.message) && result.code !== 'ExpiredToken')) {
        const signed = String(req.headers['x-amz-date'] ?? url.searchParams.get('X-Amz-Date') ?? '');
        throw new StsError(
          'SignatureDoesNotMatch',
          `Signature expired: ${signed} is now earlier than ${AMZ_DATE(new Date(now - 15 * 60_000))} (${AMZ_DATE(new Date(now))} - 15 min.)`,
          403,
        );
      }
      const code = result.code === 'InvalidAccessKeyId' || result.code === 'InvalidToken' ? 'InvalidClientTokenId' : result.code;
      throw new StsError(
        code,
        code === 'InvalidClientTokenId' ? 'The security token included in the request is invalid.' : result.message,
        403,
      );
    }
    const caller = o.store.get(result.accessKeyId)!;
    if (caller.expiration && caller.expiration.getTime() <= now) {
      throw new StsError('ExpiredToken', 'The security token included in the request is expired', 403);
    }
    return caller;
  }

  return { handle };
}
