// Every default of the credential session, in one place.
/** Every default of {@link createCredentialSession}, in one place (read-only). */
export const SESSION_DEFAULTS = {
  /** Refresh in the background once less than this remains (seconds). */
  advisorySeconds: 300,
  /** Callers wait for a refresh once less than this remains (seconds). */
  mandatorySeconds: 60,
  /** Background refreshes start up to this much earlier, at random, so tabs and clients spread out. */
  maxJitterSeconds: 30,
  /**
   * The least time between credentials landing and the next refresh (seconds): credentials that
   * last almost nothing (a server granting seconds, a clock ahead by nearly the lifetime) must
   * not make the session call STS back to back.
   */
  minRefreshSpacingSeconds: 10,
  /** After a failed background refresh: retry after 1 s, 2 s, 4 s, ... up to this. */
  maxRetryDelaySeconds: 30,
  /** How long a tab waits for another tab's fresh credentials before calling STS itself. */
  peerWaitMs: 250,
  /**
   * How long a tab with no signed-in user of its own (opened by address: oidc-client-ts keeps the
   * user per tab) waits for a tab that has one to refresh for it, before saying signed-out.
   */
  peerRefreshWaitMs: 15_000,
  /** Tabs of an origin share refreshes and sign-outs. */
  shareAcrossTabs: true,
  /** Credentials live in memory only. */
  storage: 'memory' as const,
  /** An ID token this close to its exp is renewed before use (seconds). */
  idTokenExpirySkewSeconds: 30,
} as const;
