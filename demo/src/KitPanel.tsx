// The kit at work, against the local stack: STS calls made, last and next refresh, and knobs to
// shorten credential lifetime or break STS and S3 on purpose, to watch refresh and recovery.
import { useEffect, useRef, useState } from 'react';
import { useAwsCredentials } from 'web-identity-kit/react';
import type { DemoConfig } from './config';

const FAULTS: [string, object][] = [
  ['STS answers 503 once', { service: 'sts', kind: 'status', status: 503 }],
  ['STS throttles once', { service: 'sts', kind: 'throttling' }],
  ['IdP unreachable once', { service: 'sts', kind: 'idp-communication' }],
  ['HTML error page once', { service: 'sts', kind: 'html' }],
  ['Drop the STS connection once', { service: 'sts', kind: 'drop' }],
  ['STS down for good', { service: 'sts', kind: 'status', status: 500, times: 1e9 }],
  ['5% of upload parts fail', { service: 's3', action: 'UploadPart', kind: 'status', status: 500, probability: 0.05 }],
];

const LIFETIMES: [string, number | null][] = [
  ['1 hour', null],
  ['2 minutes', 120],
  ['30 seconds', 30],
];

export function KitPanel({ config }: { config: DemoConfig }) {
  const { credentials, expiresAt, status, lastRefreshError, refresh } = useAwsCredentials();
  const [stsCalls, setStsCalls] = useState({ issued: 0, failed: 0 });
  /** When the page first saw the credentials it shows (set while rendering: no extra effect pass). */
  const [lastRefresh, setLastRefresh] = useState<{ accessKeyId: string; at: Date }>();
  const [message, setMessage] = useState('');
  /** The fault last armed from here, until the stack says it has fired. */
  const armed = useRef<string | undefined>(undefined);

  if (credentials && credentials.accessKeyId !== lastRefresh?.accessKeyId) {
    setLastRefresh({ accessKeyId: credentials.accessKeyId, at: new Date() });
  }

  useEffect(() => {
    const read = (path: string) => fetch(`${config.stsEndpoint}/__control/${path}`).then((r) => r.json());
    const poll = () => {
      read('log')
        .then((log: { action: string; status: number }[]) => {
          const calls = log.filter((e) => e.action === 'AssumeRoleWithWebIdentity');
          const issued = calls.filter((e) => e.status === 200).length;
          setStsCalls({ issued, failed: calls.length - issued });
        })
        .catch(() => {});
      read('faults')
        .then((pending: unknown[]) => {
          if (!armed.current || pending.length) return;
          setMessage(`Fired: ${armed.current}.`);
          armed.current = undefined;
        })
        .catch(() => {});
    };
    poll();
    const t = setInterval(poll, 2000);
    return () => clearInterval(t);
  }, [config.stsEndpoint, credentials?.accessKeyId, status]);

  const control = async (path: string, body: unknown, method = 'POST') => {
    try {
      const res = await fetch(`${config.stsEndpoint}/__control/${path}`, { method, body: JSON.stringify(body) });
      return res.ok;
    } catch {
      return false; // the stack unreachable, or the request refused (CORS): the panel says so
    }
  };
  const setLifetime = async (label: string, seconds: number | null) => {
    await control('settings', { credentialLifetimeSeconds: seconds });
    setMessage(`New credentials will last ${label}.`);
    await refresh({ force: true }).catch(() => {});
  };
  const arm = async (label: string, fault: object) => {
    const ok = await control('faults', fault);
    armed.current = ok ? label : undefined;
    setMessage(ok ? `Armed: ${label}.` : 'Could not arm the fault.');
  };
  const clearFaults = async () => {
    armed.current = undefined;
    setMessage((await control('faults', {}, 'DELETE')) ? 'All faults cleared.' : 'Could not clear.');
  };

  return (
    <aside className="kit-panel" aria-label="The kit at work">
      <h2>The kit at work</h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="kit-status">{status}</dd>
        <dt>STS calls made</dt>
        <dd data-testid="sts-calls">
          {stsCalls.issued} issued{stsCalls.failed ? `, ${stsCalls.failed} failed` : ''}
        </dd>
        <dt>Last refresh</dt>
        <dd>{lastRefresh ? lastRefresh.at.toLocaleTimeString() : '—'}</dd>
        <dt>Credentials expire</dt>
        <dd>{expiresAt ? expiresAt.toLocaleTimeString() : '—'}</dd>
        {lastRefreshError && (
          <>
            <dt>Last refresh error</dt>
            <dd className="error">{lastRefreshError.name}</dd>
          </>
        )}
      </dl>
      <fieldset>
        <legend>Credential lifetime</legend>
        {LIFETIMES.map(([label, seconds]) => (
          <button key={label} type="button" onClick={() => void setLifetime(label, seconds)}>
            {label}
          </button>
        ))}
      </fieldset>
      <fieldset>
        <legend>Break things</legend>
        {FAULTS.map(([label, fault]) => (
          <button key={label} type="button" onClick={() => void arm(label, fault)}>
            {label}
          </button>
        ))}
        <button type="button" onClick={() => void clearFaults()}>
          Clear faults
        </button>
        <button type="button" onClick={() => void refresh({ force: true }).catch(() => {})}>
          Refresh now
        </button>
      </fieldset>
      <p role="status" className="panel-message">
        {message}
      </p>
    </aside>
  );
}
