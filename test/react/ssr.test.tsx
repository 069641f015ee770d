// @vitest-environment node
// Server rendering: no window, no document; everything renders in status 'loading'.
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { CredentialsStatus, RequireCredentials, S3Uploader, StsProvider, useAwsCredentials, useS3UploadQueue } from '../../src/react';

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

  it('renders <S3Uploader> and useS3UploadQueue as an empty queue, with no warning', () => {
    const warned = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      function Count() {
        const { filesTotal, status } = useS3UploadQueue({ bucket: 'uploads', region: 'us-east-1' });
        return (
          <span id="q">
            {status} {filesTotal}
          </span>
        );
      }
      const html = renderToString(
        <StsProvider
          oidc={{ authority: 'https://idp.example.com', client_id: 'spa', redirect_uri: 'https://app.example.com/' }}
          roleArn="arn:aws:iam::123456789012:role/web"
          region="us-east-1"
        >
          <Count />
          <S3Uploader bucket="uploads" region="us-east-1" folders />
        </StsProvider>,
      );
      expect(html).toContain('<span id="q">idle<!-- --> <!-- -->0</span>');
      expect(html).toContain('Choose files to upload');
      expect(html).toContain('webkitdirectory=""');
      expect(html).not.toContain('<li');
      expect(warned).not.toHaveBeenCalled();
    } finally {
      warned.mockRestore();
    }
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
