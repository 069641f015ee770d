// The options of createCredentialSession checked and turned into the parts a session runs on:
// its clock and timers, the STS client, the refresh windows, the tab channel, where it stores.
// Options that cannot work fail here, before anything reaches outside.
import { StsConfigurationError } from '../sts/errors';
import { webIdentityClient, type WebIdentityCaller } from '../sts/web-identity';
import type { CredentialSessionOptions } from './api';
import { SESSION_DEFAULTS } from './defaults';
import { RefreshWindows } from './refresh-windows';
import { browserTabs, TabSync } from './tab-sync';
import { tabScopeName } from './tab-scope';
import { globalTimers, type Timers } from './timer';
import type { TokenExchange } from './token-exchange';

/** A session's parts, from its options. */
export interface SessionParts {
  now: () => number;
  timers: Timers;
  random: () => number;
  windows: RefreshWindows;
  sts: WebIdentityCaller;
  /** STS's time now (epoch ms), as the STS client knows it. */
  serverNow: () => number;
  exchange: TokenExchange;
  tabs: TabSync;
  /** The sessionStorage key, when credentials are kept there. */
  storageKey?: string;
}

/** @throws StsConfigurationError for options that cannot work. */
export function sessionParts(o: CredentialSessionOptions): SessionParts {
  check(o);
  const caller = o.sts && isCaller(o.sts) ? o.sts : undefined;
  const settings = o.sts && !isCaller(o.sts) ? o.sts : undefined;
  // One clock: the session's, which the client it builds measures STS's offset against too.
  const now = o.now ?? settings?.now ?? Date.now;
  const sts = caller ?? webIdentityClient({ region: o.region, logger: o.logger, ...settings, now });
  // The client adds STS's offset to the clock it measured it against; one that cannot say (an
  // app's own caller) is taken to run on the session's clock.
  const serverNow = () => sts.serverNow?.() ?? now() + (sts.systemClockOffset || 0);
  const share = o.shareAcrossTabs ?? SESSION_DEFAULTS.shareAcrossTabs;
  return {
    now,
    timers: o.timers ?? globalTimers,
    random: o.random ?? Math.random,
    windows: new RefreshWindows(o.refreshWindows),
    sts,
    serverNow,
    exchange: exchangeParts(o, sts, serverNow),
    tabs: new TabSync(tabScopeName(o), share ? (o.tabs ?? browserTabs()) : false, now),
    storageKey: o.storage === 'sessionStorage' ? `web-identity-kit:${o.roleArn}` : undefined,
  };
}

/** What the token exchange uses, and only that (not the timers, tabs or storage of the options). */
function exchangeParts(o: CredentialSessionOptions, sts: WebIdentityCaller, serverNow: () => number): TokenExchange {
  const { roleArn, tokenSource, roleSessionName, durationSeconds, policy, policyArns, providerId, logger } = o;
  return { roleArn, tokenSource, roleSessionName, durationSeconds, policy, policyArns, providerId, logger, sts, serverNow };
}

const isCaller = (sts: object): sts is WebIdentityCaller => 'assumeRoleWithWebIdentity' in sts;

function check(o: CredentialSessionOptions) {
  if (!o.roleArn) throw new StsConfigurationError('createCredentialSession needs a roleArn', 'Pass the ARN of the IAM role to assume.');
  if (!o.tokenSource?.getIdToken)
    throw new StsConfigurationError(
      'createCredentialSession needs a tokenSource',
      'Pass oidcTokenSource(userManager) or functionTokenSource(getIdToken).',
    );
  if ((o.storage as string) === 'localStorage') {
    throw new StsConfigurationError(
      "storage 'localStorage' is not offered",
      "Credentials there outlive the tab and any script can read them; use 'memory' or, knowingly, 'sessionStorage'.",
    );
  }
}
