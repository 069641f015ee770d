// A server component. <StsProvider> is a client component (every React module of
// web-identity-kit starts with "use client"), so the server renders it with the props below and
// the browser makes the credential session; on the server its status stays 'loading'.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { StsProvider } from 'web-identity-kit/react';
import { readConfig, type AppConfig } from './config';

export const metadata: Metadata = { title: 'web-identity-kit: Next.js App Router', icons: { icon: 'data:,' } };

// The settings come from the environment at each request, not frozen into the build.
export const dynamic = 'force-dynamic';

function Provider({ config, children }: { config: AppConfig; children: ReactNode }) {
  return (
    <StsProvider
      oidc={{
        authority: config.authority,
        client_id: config.clientId,
        redirect_uri: config.redirectUri,
        post_logout_redirect_uri: config.redirectUri,
      }}
      roleArn={config.roleArn}
      region={config.region}
      sts={config.stsEndpoint ? { region: config.region, endpoint: config.stsEndpoint } : undefined}
    >
      {children}
    </StsProvider>
  );
}

function configOrError(): AppConfig | Error {
  try {
    return readConfig();
  } catch (e) {
    return e as Error;
  }
}

export default function RootLayout({ children }: { children: ReactNode }) {
  const config = configOrError();
  return (
    <html lang="en">
      <body>
        <h1>Sign in, get AWS credentials</h1>
        {config instanceof Error ? <p role="alert">{config.message}</p> : <Provider config={config}>{children}</Provider>}
      </body>
    </html>
  );
}
