// @vitest-environment node
// Server rendering: no window, no document; everything renders in status 'loading'.
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { CredentialsStatus, RequireCredentials, StsProvider, useAwsCredentials } from '../../src/react';

describe('server rendering', () => {
  it('renders the provider built from OIDC settings, and its consumers, as loading', () => {
    expect(typeof globalThis.window).toBe('undefined');
    function Status() {
      return <span id="s">{useAwsCredentials().status}</span>;
    }
    const html = renderToString(
      <StsProvider
        oidc={{ authority: 'https://idp.example.com', client_id: 'spa', redirect_uri: 'https://app.example.com/' }}
        roleArn="arn:aws:iam::123456789012:role/web"
        region="us-east-1"
      >
        <Status />
        <RequireCredentials>
          <p>secret area</p>
        </RequireCredentials>
        <CredentialsStatus />
      </StsProvider>,
    );
    expect(html).toContain('<span id="s">loading</span>');
    expect(html).toContain('Getting AWS credentials');
    expect(html).toContain('Getting credentials');
    expect(html).not.toContain('secret area');
  });

  it('imports every entry without touching browser globals', async () => {
    const touched: string[] = [];
    for (const name of ['window', 'document', 'localStorage', 'sessionStorage']) {
      Object.defineProperty(globalThis, name, { configurable: true, get: () => void touched.push(name) });
    }
    try {
      vi.resetModules(); // evaluate every module afresh, under the traps
      await import('../../src/index');
      await import('../../src/testing/index');
    } finally {
      for (const name of ['window', 'document', 'localStorage', 'sessionStorage']) Reflect.deleteProperty(globalThis, name);
    }
    expect(touched).toEqual([]);
  });
});
