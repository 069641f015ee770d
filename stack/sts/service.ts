// The stack's STS over awsQuery: AssumeRoleWithWebIdentity (unsigned), AssumeRole,
// GetCallerIdentity, GetSessionToken, GetAccessKeyInfo and DecodeAuthorizationMessage (signed),
// answering with the XML STS sends and refusing what STS refuses, in its words. Everything here
// is the stack's own (form reading, constraints, XML), so it witnesses the kit rather than echoing it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CredentialsStore } from '../iam/credentials-store';
import { PolicyError } from '../iam/policy';
import type { Fault, Faults } from '../shared/faults';
import { BodyTooLarge, preflight, readBody, requestId, type RequestLog } from '../shared/http';
import { createAuthorizationMessages, type AuthorizationContext } from './authorization-message';
import { StsError } from './errors';
import { decodeForm, isFormBody, MalformedQuery, readInput } from './form';
import { operationNamed, type StsOperation } from './operations';
import type { RoleConfig } from './roles';
import { createSignedOperations } from './signed';
import { awsValidationErrors, validationMessage } from './validation';
import { createWebIdentity, type OidcProviderConfig } from './web-identity';
import { renderError, renderSuccess, type StsErrorBody } from './xml';

export type { OidcProviderConfig } from './web-identity';
export type { RoleConfig } from './roles';
export type { AuthorizationContext } from './authorization-message';

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

// What real STS lets cross-origin scripts read: a preflight to sts.us-east-1.amazonaws.com answered
// "Access-Control-Expose-Headers: x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"
// (recorded in github.com/AllanZhengYP/cors-test, output.md, 2020-10-15). Date matters: without it
// a browser client cannot see the server's clock and so cannot correct its own skew.
const EXPOSE = { 'access-control-expose-headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date' };
const VERSION = '2011-06-15';
const BODY_LIMIT = 128 * 1024;
const UNKNOWN_FAILURE = 'The request processing has failed because of an unknown error.';

const senderError = (code: string, message: string): StsErrorBody => ({ code, message, type: 'Sender' });

/** The error body for anything thrown while answering. */
function errorOf(e: unknown): { status: number; body: StsErrorBody } {
  if (e instanceof BodyTooLarge) return { status: 413, body: senderError('RequestEntityTooLarge', 'Request body too large') };
  if (e instanceof StsError) return { status: e.status, body: { code: e.code, message: e.message, type: e.type } };
  if (e instanceof PolicyError) return { status: 400, body: senderError(e.code, e.message) };
  return { status: 500, body: { code: 'InternalFailure', message: UNKNOWN_FAILURE, type: 'Receiver' } };
}

/** Query-string parameters, then (for a form body) the body's. */
function paramsOf(req: IncomingMessage, url: URL, body: string): Map<string, string> {
  try {
    const params = decodeForm(url.search.slice(1));
    return req.method !== 'GET' && isFormBody(req.headers['content-type']) ? decodeForm(body, params) : params;
  } catch (e) {
    if (e instanceof MalformedQuery) throw new StsError('MalformedQueryString', 'The query string could not be parsed.');
    throw e;
  }
}

function operationOf(params: Map<string, string>): StsOperation {
  const action = params.get('Action');
  if (!action) throw new StsError('MissingAction', 'Missing Action');
  const operation = operationNamed(action);
  const version = params.get('Version');
  if (!operation || version !== VERSION) {
    throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);
  }
  return operation;
}

export function createStsEndpoint(o: StsOptions) {
  const messages = createAuthorizationMessages();
  const webIdentity = createWebIdentity(o);
  const signed = createSignedOperations({ ...o, messages });

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
      const body = (await readBody(req, BODY_LIMIT)).toString('utf8');
      const params = paramsOf(req, url, body);
      action = params.get('Action') ?? '';
      const operation = operationOf(params);

      const fault = o.faults.take('sts', action);
      if (fault && (await applyFault(fault, res, answer, operation, id))) return;

      // Signed operations authenticate before their input is read, as AWS does.
      const caller = operation.signed ? signed.authenticate({ req, url, body }, now()) : undefined;
      const input = readInput(operation, params);
      const errors = awsValidationErrors(operation, input);
      if (errors.length) throw new StsError('ValidationError', validationMessage(errors));

      const result = caller ? signed.call(action, caller, input, now()) : await webIdentity.assumeRoleWithWebIdentity(input, now());
      answer(200, renderSuccess(operation.name, result, id), fault?.kind);
    } catch (e) {
      const { status, body } = errorOf(e);
      answer(status, renderError(body, id));
    }
  }

  /** Returns true when the fault answered (or dropped) the request itself. */
  async function applyFault(
    fault: Fault,
    res: ServerResponse,
    answer: (s: number, b: string, f?: string) => void,
    op: StsOperation,
    id: string,
  ): Promise<boolean> {
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
    const status = fault.status ?? 500;
    const bodies: Partial<Record<Fault['kind'], [number, string]>> = {
      status: [
        status,
        renderError({ code: status === 503 ? 'ServiceUnavailable' : 'InternalFailure', message: UNKNOWN_FAILURE, type: 'Receiver' }, id),
      ],
      throttling: [400, renderError(senderError('Throttling', 'Rate exceeded'), id)],
      'idp-communication': [
        400,
        renderError(senderError('IDPCommunicationError', 'The identity provider could not be reached. Try again later.'), id),
      ],
      html: [fault.status ?? 502, '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'],
      empty: [fault.status ?? 200, ''],
      malformed: [200, `<${op.name}Response><Unexpected>not what you asked for</Unexpected></Wrong>`],
      truncated: [200, renderSuccess(op.name, {}, id).slice(0, 60)],
    };
    const [code, text] = bodies[k] ?? [500, renderError({ code: 'InternalFailure', message: UNKNOWN_FAILURE, type: 'Receiver' }, id)];
    answer(code, text, k);
    return true;
  }

  return {
    handle,
    /** An encoded authorization message that this STS's DecodeAuthorizationMessage decodes. */
    encodeAuthorizationMessage: (context: AuthorizationContext) => messages.encode(context),
  };
}
