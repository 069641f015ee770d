// <CredentialsStatus>: who the app is acting as, and for how long. The countdown ticks in its own
// state (one timer, once a second); only status changes are announced to screen readers.
import { useEffect, useState } from 'react';
import { useAwsCredentials } from '../hooks/use-aws-credentials';
import { cx } from './class-names';

const STATUS_TEXT = {
  loading: 'Getting credentials',
  ready: 'Credentials ready',
  refreshing: 'Refreshing credentials',
  'signed-out': 'Signed out',
  error: 'Credentials unavailable',
} as const;

/** A duration for the countdown: `m:ss` or `h:mm:ss`, and 'expired' at zero or less. */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

function Countdown({ until, now }: { until: Date; now: () => number }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [until]);
  return <time dateTime={until.toISOString()}>{formatRemaining(until.getTime() - now())}</time>;
}

/** The props of {@link CredentialsStatus}. */
export interface CredentialsStatusProps {
  /** Added to the root element's class names. */
  className?: string;
  /** The clock for the countdown; injectable for tests. */
  now?: () => number;
}

/**
 * Who the app is acting as and for how long: the status (announced to screen readers), the assumed
 * role, the subject and provider, a countdown to expiry, and the last refresh error if any.
 * Needs a {@link StsProvider} above it.
 */
export function CredentialsStatus({ className, now = Date.now }: CredentialsStatusProps) {
  const { status, identity, expiresAt, lastRefreshError, error } = useAwsCredentials();
  return (
    <section className={cx('wik-status', `wik-status-${status}`, className)} aria-label="AWS credentials">
      <p className="wik-status-text" aria-live="polite" role="status">
        {STATUS_TEXT[status]}
      </p>
      {identity && (
        <dl className="wik-identity">
          <dt>Role</dt>
          <dd className="wik-role">{identity.assumedRoleArn ?? '—'}</dd>
          <dt>Subject</dt>
          <dd className="wik-subject">{identity.subject ?? '—'}</dd>
          {identity.provider && (
            <>
              <dt>Provider</dt>
              <dd className="wik-provider">{identity.provider}</dd>
            </>
          )}
          {expiresAt && (
            <>
              <dt>Expires in</dt>
              <dd className="wik-expires">
                <Countdown until={expiresAt} now={now} />
              </dd>
            </>
          )}
        </dl>
      )}
      {lastRefreshError && (
        <p className="wik-last-error">Last refresh failed ({lastRefreshError.name}); still using valid credentials and retrying.</p>
      )}
      {status === 'error' && error && (
        <p className="wik-error" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
