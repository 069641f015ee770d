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

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Parses a session policy; a Deny-free subset of IAM: Allow statements with Action and Resource. */
export function parsePolicy(json: string): SessionPolicy {
  let doc: any;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new PolicyError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
  const statements = list(doc?.Statement).length ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
  if (typeof doc !== 'object' || !statements.length) throw new PolicyError('MalformedPolicyDocument', 'Syntax errors in policy.');
  const allow = statements.filter((s: any) => s?.Effect === 'Allow');
  if (statements.some((s: any) => s?.Effect !== 'Allow' && s?.Effect !== 'Deny')) {
    throw new PolicyError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  return { actions: allow.flatMap((s: any) => list(s.Action)), resources: allow.flatMap((s: any) => list(s.Resource)) };
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
