// IAM policy documents, as far as the stack needs them: which actions on which resources an
// Allow statement grants. Malformed documents are refused with STS's own codes and words.
import type { SessionPolicy } from './credentials-store';

export class PolicyError extends Error {
  constructor(
    readonly code: 'MalformedPolicyDocument' | 'PackedPolicyTooLarge',
    message: string,
  ) {
    super(message);
  }
}

/** A policy element that may be one value or a list of them (Action, Resource, Statement). */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : v === undefined ? [] : [v]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const syntaxError = () => new PolicyError('MalformedPolicyDocument', 'Syntax errors in policy.');

/** Action and Resource hold strings only; anything else is a syntax error, as IAM reports it. */
function strings(v: unknown): string[] {
  const items = list(v);
  if (!items.every((x): x is string => typeof x === 'string')) throw syntaxError();
  return items;
}

/** Parses a session policy; a Deny-free subset of IAM: Allow statements with Action and Resource. */
export function parsePolicy(json: string): SessionPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new PolicyError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
  const statements = isObject(doc) ? list(doc.Statement) : [];
  if (!statements.length || !statements.every(isObject)) throw syntaxError();
  if (statements.some((s) => s.Effect !== 'Allow' && s.Effect !== 'Deny')) throw syntaxError();
  const allow = statements.filter((s) => s.Effect === 'Allow');
  return { actions: allow.flatMap((s) => strings(s.Action)), resources: allow.flatMap((s) => strings(s.Resource)) };
}

/**
 * STS packs session policies, managed policy ARNs and tags into one binary limit; this stands in
 * for its compression with plain sizes, so a test can reach the limit on purpose.
 */
export function checkPackedSize(policy: string | undefined, policyArnCount: number, limit = 2048): number {
  const size = (policy ? JSON.stringify(JSON.parse(policy)).length : 0) + 200 * policyArnCount;
  const percent = Math.ceil((size / limit) * 100);
  if (percent > 100) {
    throw new PolicyError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
  }
  return percent;
}
