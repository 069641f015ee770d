// STS's signed operations: the caller is authenticated with the stack's SigV4 verifier against the
// credentials the stack issued, then AssumeRole, GetCallerIdentity, GetSessionToken,
// GetAccessKeyInfo and DecodeAuthorizationMessage answer as STS does.
import type { IncomingMessage } from 'node:http';
import { policiesAllow, type IssuedCredentials } from '../iam/credentials-store';
import { verifySigV4 } from '../sigv4/verifier';
import type { AuthorizationMessages } from './authorization-message';
import { StsError } from './errors';
import { textOf, type QueryInput } from './form';
import {
  assumedRoleUser,
  credentialsResult,
  issueRoleSession,
  issueTemporary,
  roleSessionSeconds,
  sessionPolicyOf,
  shortened,
  type RoleConfig,
  type SessionIssuer,
} from './roles';
import type { XmlValue } from './xml';

export interface SignedOptions extends SessionIssuer {
  roles: RoleConfig[];
  messages: AuthorizationMessages;
}

/** What the verifier needs of the request, as it arrived. */
export interface SignedRequest {
  req: IncomingMessage;
  url: URL;
  body: string;
}

type Result = Record<string, XmlValue | undefined>;

const AMZ_DATE = (d: Date) => d.toISOString().replace(/[-:]|\.\d{3}/g, '');
// GetSessionToken's default for an IAM user: 12 hours (its range is 15 minutes to 36 hours).
const SESSION_TOKEN_DEFAULT_SECONDS = 43_200;
const MFA_FAILED =
  'GetSessionToken call failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

export function createSignedOperations(o: SignedOptions) {
  /** The caller's credentials, or STS's refusal in its words. */
  function authenticate({ req, url, body }: SignedRequest, now: number): IssuedCredentials {
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
      if (result.code === 'InvalidAccessKeyId' || result.code === 'InvalidToken') {
        throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      }
      throw new StsError(result.code, result.message, 403);
    }
    const caller = o.store.get(result.accessKeyId);
    if (!caller) throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    if (caller.expiration && caller.expiration.getTime() <= now) {
      throw new StsError('ExpiredToken', 'The security token included in the request is expired', 403);
    }
    return caller;
  }

  function assumeRole(caller: IssuedCredentials, input: QueryInput, now: number): Result {
    const roleArn = textOf(input, 'RoleArn') ?? '';
    const role = o.roles.find((r) => r.arn === roleArn);
    if (!role || !(role.trust.accounts ?? []).includes(caller.account)) {
      throw new StsError(
        'AccessDenied',
        `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const seconds = roleSessionSeconds(o, input, role);
    const { policy, packedPolicySize } = sessionPolicyOf(input);
    const c = issueRoleSession(o, role, textOf(input, 'RoleSessionName') ?? '', seconds, now, policy);
    return { AssumedRoleUser: assumedRoleUser(c), Credentials: credentialsResult(c), PackedPolicySize: packedPolicySize };
  }

  /** Session credentials for an IAM user, acting as that user; STS refuses to chain sessions. */
  function getSessionToken(caller: IssuedCredentials, input: QueryInput, now: number): Result {
    if (caller.sessionToken) throw new StsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
    // The stack's users have no MFA devices, so no serial number and code can be valid.
    if (textOf(input, 'SerialNumber') !== undefined || textOf(input, 'TokenCode') !== undefined) {
      throw new StsError('AccessDenied', MFA_FAILED, 403);
    }
    const seconds = shortened(o, Number(textOf(input, 'DurationSeconds') ?? SESSION_TOKEN_DEFAULT_SECONDS));
    const c = issueTemporary(o, { principalArn: caller.principalArn, userId: caller.userId, policies: caller.policies }, seconds, now);
    return { Credentials: credentialsResult(c) };
  }

  /** The account a key belongs to; the stack knows the keys it issued. */
  function getAccessKeyInfo(input: QueryInput): Result {
    const key = o.store.get(textOf(input, 'AccessKeyId') ?? '');
    if (!key) throw new StsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    return { Account: key.account };
  }

  function decodeAuthorizationMessage(caller: IssuedCredentials, input: QueryInput): Result {
    const action = 'sts:DecodeAuthorizationMessage';
    if (!policiesAllow(caller.policies, action, '*')) {
      throw new StsError(
        'AccessDenied',
        `User: ${caller.principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
        403,
      );
    }
    const decoded = o.messages.decode(textOf(input, 'EncodedMessage') ?? '');
    if (decoded === undefined) throw new StsError('InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.');
    return { DecodedMessage: decoded };
  }

  /** Answers the operation for an authenticated caller with its Result. */
  function call(action: string, caller: IssuedCredentials, input: QueryInput, now: number): Result {
    switch (action) {
      case 'GetCallerIdentity':
        return { Arn: caller.principalArn, UserId: caller.userId, Account: caller.account };
      case 'AssumeRole':
        return assumeRole(caller, input, now);
      case 'GetSessionToken':
        return getSessionToken(caller, input, now);
      case 'GetAccessKeyInfo':
        return getAccessKeyInfo(input);
      case 'DecodeAuthorizationMessage':
        return decodeAuthorizationMessage(caller, input);
      default:
        throw new StsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
    }
  }

  return { authenticate, call };
}
