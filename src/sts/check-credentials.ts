// STS always sends the four members of Credentials; an answer without one would hand the app
// credentials that fail later, far from the cause (a missing SessionToken gives "invalid token"
// on the first S3 call, an unreadable Expiration an Invalid Date). Refused here instead.
import type { Operation } from './model';

/** Credentials in which {@link credentialsProblem} finds nothing wrong. */
export interface CompleteCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

const MEMBERS = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'] as const satisfies readonly (keyof CompleteCredentials)[];

const isPresent = (member: (typeof MEMBERS)[number], value: unknown): boolean =>
  member === 'Expiration' ? value instanceof Date && !Number.isNaN(value.getTime()) : typeof value === 'string' && value !== '';

/** The members of `credentials` missing, empty or (Expiration) not a valid date, as `Credentials.X`: names, never values. */
export function missingMembers(credentials: Record<string, unknown> | undefined): string[] {
  if (!credentials) return ['Credentials'];
  return MEMBERS.filter((m) => !isPresent(m, credentials[m])).map((m) => `Credentials.${m}`);
}

/**
 * What is wrong with the Credentials of an output, in words that name members and never quote
 * their values; undefined when they are complete or the operation returns none.
 */
export function credentialsProblem(operation: Operation, output: Record<string, unknown>): string | undefined {
  if (!Object.hasOwn(operation.output.members, 'Credentials')) return undefined;
  const missing = missingMembers(output.Credentials as Record<string, unknown> | undefined);
  if (missing[0] === 'Credentials') return `STS answered ${operation.name} without Credentials`;
  return missing.length ? `STS answered ${operation.name} without ${missing.join(', ')} (missing, empty or not a valid date)` : undefined;
}
