// Which tabs are peers: sessions that would get the same credentials from STS. Their channel, lock
// and freshness marker are named after the role, the region and a hash of the rest of what is
// asked of STS (session policies, duration, endpoint, ...), so a session with a narrower policy,
// another role or another region never takes or hands out another one's credentials. Nothing
// secret goes into the name: any script of the origin may work it out, and that is fine.
import { fnvHash } from './fnv-hash';
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
  return `web-identity-kit:${o.roleArn}:${region}:${fnvHash(JSON.stringify(asked))}`;
}
