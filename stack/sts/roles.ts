// Roles and the sessions STS issues for them: the role's limits on session length, the session
// policy (its packed size), and the credentials a role session gets.
import {
  newAccessKeyId,
  newSecret,
  newSessionToken,
  type CredentialsStore,
  type IssuedCredentials,
  type SessionPolicy,
} from '../iam/credentials-store';
import { checkPackedSize, parsePolicy } from '../iam/policy';
import { StsError } from './errors';
import { countOf, textOf, type QueryInput } from './form';

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

export interface SessionIssuer {
  account: string;
  store: CredentialsStore;
  /** Shortens every credential's lifetime to this many seconds (for refresh tests). */
  credentialLifetimeSeconds?: () => number | undefined;
}

/** How long a session lasts: what was asked (default one hour) within the role's maximum. */
export function roleSessionSeconds(issuer: SessionIssuer, input: QueryInput, role: RoleConfig): number {
  const duration = Number(textOf(input, 'DurationSeconds') ?? 3600);
  if (duration > role.maxSessionDuration) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return shortened(issuer, duration);
}

export const shortened = (issuer: SessionIssuer, seconds: number) => Math.min(seconds, issuer.credentialLifetimeSeconds?.() ?? Infinity);

/** The session policy (if any) and its packed size, refused as STS refuses it. */
export function sessionPolicyOf(input: QueryInput): { policy?: SessionPolicy; packedPolicySize?: number } {
  const text = textOf(input, 'Policy');
  const policy = text === undefined ? undefined : parsePolicy(text);
  const size = checkPackedSize(text, countOf(input, 'PolicyArns'));
  return { policy, packedPolicySize: text === undefined ? undefined : size };
}

/** New temporary credentials: an ASIA key, a secret and a session token that expire together. */
export function issueTemporary(
  issuer: SessionIssuer,
  who: Pick<IssuedCredentials, 'principalArn' | 'userId' | 'policies'>,
  seconds: number,
  now: number,
): IssuedCredentials {
  return issuer.store.add({
    accessKeyId: newAccessKeyId('ASIA'),
    secretAccessKey: newSecret(),
    sessionToken: newSessionToken(),
    expiration: new Date(Math.floor(now / 1000) * 1000 + seconds * 1000),
    account: issuer.account,
    ...who,
  });
}

export function issueRoleSession(
  issuer: SessionIssuer,
  role: RoleConfig,
  sessionName: string,
  seconds: number,
  now: number,
  sessionPolicy?: SessionPolicy,
): IssuedCredentials {
  const roleName = role.arn.split('/').pop() ?? role.arn;
  const roleId = `AROA${role.arn.length.toString(16).toUpperCase().padStart(4, '0')}STACKROLE12`;
  return issueTemporary(
    issuer,
    {
      principalArn: `arn:aws:sts::${issuer.account}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      policies: sessionPolicy ? [role.permissions, sessionPolicy] : [role.permissions],
    },
    seconds,
    now,
  );
}

/** The <Credentials> element of an answer. */
export const credentialsResult = (c: IssuedCredentials) => ({
  AccessKeyId: c.accessKeyId,
  SecretAccessKey: c.secretAccessKey,
  SessionToken: c.sessionToken,
  Expiration: c.expiration,
});

/** The <AssumedRoleUser> element of an answer. */
export const assumedRoleUser = (c: IssuedCredentials) => ({ AssumedRoleId: c.userId, Arn: c.principalArn });
