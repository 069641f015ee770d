// Which tabs are peers: sessions that would get the same credentials from STS. Their channel, lock
// and freshness marker are named after the role, the region and a hash of the rest of what is
// asked of STS (session policies, duration, endpoint, ...), so a session with a narrower policy,
// another role or another region never takes or hands out another one's credentials. Nothing
// secret goes into the name: any script of the origin may work it out, and that is fine.
import type { RoleRequest } from './token-exchange';

export interface TabScopeOptions extends Omit<RoleRequest, 'tokenSource'> {
  region?: string;
  /** Settings of the built-in STS client (their region and endpoint count), or a client. */
  sts?: object;
}

export function tabScopeName(o: TabScopeOptions): string {
  const settings =
    o.sts && !('assumeRoleWithWebIdentity' in o.sts) ? (o.sts as { region?: string; endpoint?: string; useGlobalEndpoint?: boolean }) : {};
  const region = o.region ?? settings.region ?? '';
  const asked = {
    endpoint: settings.endpoint,
    global: settings.useGlobalEndpoint,
    durationSeconds: o.durationSeconds,
    policy: o.policy,
    policyArns: o.policyArns?.map((p) => (typeof p === 'string' ? p : p.arn)),
    providerId: o.providerId,
    // A function names sessions by the claims; only a fixed name is part of what is asked.
    roleSessionName: typeof o.roleSessionName === 'string' ? o.roleSessionName : undefined,
  };
  return `web-identity-kit:${o.roleArn}:${region}:${hash(JSON.stringify(asked))}`;
}

/** cyrb53: a fast 53-bit string hash, to tell configurations apart (not a secret, not crypto). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
