import { useCallback, useEffect, useRef, useState } from 'react';
import {
  CredentialsStatus,
  RequireCredentials,
  S3Uploader,
  SignInButton,
  SignOutButton,
  StsProvider,
  useAwsCredentials,
} from 'web-identity-kit/react';
import type { DemoConfig } from './config';
import { E2eHooks, e2eRequested } from './E2eHooks';
import { KitPanel } from './KitPanel';
import { ObjectList } from './ObjectList';

export function App({ config }: { config: DemoConfig }) {
  const redirect = `${location.origin}/`;
  return (
    <StsProvider
      oidc={{
        authority: config.authority,
        client_id: config.clientId,
        redirect_uri: redirect,
        post_logout_redirect_uri: redirect,
        scope: 'openid profile email offline_access',
      }}
      roleArn={config.roleArn}
      region={config.region}
      sts={config.stsEndpoint ? { region: config.region, endpoint: config.stsEndpoint } : undefined}
    >
      <header className="bar">
        <h1>web-identity-kit</h1>
        <Account />
      </header>
      <main>
        <div className="content">
          <RequireCredentials fallback={<Welcome />}>
            <SignedIn config={config} />
          </RequireCredentials>
        </div>
        {config.stsEndpoint && <KitPanel config={config} />}
      </main>
      {/* The constant first, so a production build drops E2eHooks altogether. */}
      {__WIK_E2E_HOOKS__ && e2eRequested() && <E2eHooks config={config} />}
    </StsProvider>
  );
}

function Account() {
  const { status, identity } = useAwsCredentials();
  if (status === 'ready' || status === 'refreshing') {
    return (
      <div className="account">
        <span className="who">{identity?.subject}</span> <SignOutButton />
      </div>
    );
  }
  return <SignInButton />;
}

function Welcome() {
  const { status, error, refresh } = useAwsCredentials();
  return (
    <section className="welcome">
      <h2>Sign in, get AWS credentials, upload to S3</h2>
      <p>
        This page signs you in with OpenID Connect, trades the ID token with AWS STS for temporary credentials, keeps them fresh, and
        uploads files straight from the browser to S3. No backend, no long-term keys.
      </p>
      {status === 'loading' ? <p role="status">Checking your session…</p> : <SignInButton className="primary">Sign in</SignInButton>}
      {error && status === 'error' && (
        <div role="alert" className="error">
          <p>
            AWS credentials could not be obtained: {error.message} {(error as { hint?: string }).hint}
          </p>
          <button type="button" onClick={() => void refresh({ force: true }).catch(() => {})}>
            Try again
          </button>
        </div>
      )}
    </section>
  );
}

const resumableRequested = () => new URLSearchParams(location.search).has('resumable');
/** With ?keepBytes too, files up to 64 MiB are kept in IndexedDB and resume after a reload in any browser. */
const keepBytesRequested = () => new URLSearchParams(location.search).has('keepBytes');

/**
 * A key that changes to have the object list listed again, and the function that asks for it: at
 * most every 300 ms, since a batch of hundreds of small files finishes one every few milliseconds
 * and each listing presigns a link for every object.
 */
function useListAgain(): [number, () => void] {
  const [key, setKey] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const again = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      setKey((n) => n + 1);
    }, 300);
  }, []);
  return [key, again];
}

function SignedIn({ config }: { config: DemoConfig }) {
  const { identity } = useAwsCredentials();
  const [uploads, listAgain] = useListAgain();
  const prefix = `users/${identity?.subject ?? 'anonymous'}/`;
  return (
    <div className="content">
      <CredentialsStatus />
      <S3Uploader
        bucket={config.bucket}
        region={config.region}
        endpoint={config.s3Endpoint}
        forcePathStyle={!!config.s3Endpoint}
        keyPrefix={prefix}
        // Pick a whole folder too (keys keep its layout); drops take folders either way.
        folders
        // With ?resumable, a cut-off upload comes back after a reload: Resume (its file handle in
        // Chromium, or its bytes with ?keepBytes) or pick the file again.
        resumable={resumableRequested()}
        keepBytes={keepBytesRequested()}
        onUploaded={listAgain}
        // A failed upload may still have stored the object (a CORS rule hiding ETag): list again.
        onUploadError={listAgain}
      />
      <ObjectList config={config} prefix={prefix} refreshKey={uploads} />
    </div>
  );
}
