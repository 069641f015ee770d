// What the stack's STS issued, so S3 (and STS's own signed calls) can check a request's key, its
// session token, its expiry and its session policy, as AWS does.
import { randomBytes } from 'node:crypto';

export interface SessionPolicy {
  /** Actions allowed, e.g. ['s3:PutObject', 's3:GetObject'] or ['s3:*']. */
  actions: string[];
  /** Resource ARNs allowed, with * wildcards, e.g. ['arn:aws:s3:::demo/users/alice/*']. */
  resources: string[];
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** arn:aws:sts::123456789012:assumed-role/web/alice, or the IAM user's ARN for long-term keys. */
  principalArn: string;
  userId: string;
  account: string;
  /** Every one must allow an action (the role's permissions, then the session policy); none: all. */
  policies: SessionPolicy[];
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const pick = (n: number, alphabet: string) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');

export const newAccessKeyId = (prefix: 'ASIA' | 'AKIA' | 'AROA') => prefix + pick(16, KEY_CHARS);
export const newSecret = () => pick(40, ALPHANUM);
export const newSessionToken = () => 'IQoJb3JpZ2luX2VjE' + pick(600, ALPHANUM);

export class CredentialsStore {
  readonly #byKey = new Map<string, IssuedCredentials>();

  add(c: IssuedCredentials): IssuedCredentials {
    this.#byKey.set(c.accessKeyId, c);
    return c;
  }

  get(accessKeyId: string): IssuedCredentials | undefined {
    return this.#byKey.get(accessKeyId);
  }

  /** Every set issued, for tests; the secrets are theirs to read. */
  all(): IssuedCredentials[] {
    return [...this.#byKey.values()];
  }
}

/** Do all policies allow this action on this resource? (* and ? wildcards, as IAM matches them) */
export function policiesAllow(policies: SessionPolicy[], action: string, resource: string): boolean {
  return policies.every((p) => policyAllows(p, action, resource));
}

function policyAllows(policy: SessionPolicy, action: string, resource: string): boolean {
  return policy.actions.some((a) => wildcardMatch(a, action, true)) && policy.resources.some((r) => wildcardMatch(r, resource));
}

/** IAM's wildcards (* and ?), as in StringLike conditions and policy Action/Resource. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}
