// The README's "Use it in your app" as a running app: the settings come from src/config.ts
// instead of literals, the local stack's endpoints are passed on, and Files lists the objects.
import { StsProvider, RequireCredentials, useAwsCredentials, S3Uploader } from 'web-identity-kit/react';
import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { useEffect, useMemo, useState } from 'react';
import type { AppConfig } from './config';

export const App = ({ config }: { config: AppConfig }) => {
  const oidc = { authority: config.authority, client_id: config.clientId, redirect_uri: location.origin + '/' };
  const sts = config.stsEndpoint ? { region: config.region, endpoint: config.stsEndpoint } : undefined;
  const [uploads, setUploads] = useState(0); // lists again after each upload
  return (
    <StsProvider oidc={oidc} roleArn={config.roleArn} region={config.region} sts={sts}>
      <RequireCredentials>
        <S3Uploader
          bucket={config.bucket}
          region={config.region}
          endpoint={config.s3Endpoint}
          forcePathStyle={config.s3Endpoint !== undefined}
          keyPrefix="incoming/"
          onUploaded={() => setUploads((n) => n + 1)}
        />
        <Files config={config} refreshKey={uploads} />
      </RequireCredentials>
    </StsProvider>
  );
};

function Files({ config, refreshKey }: { config: AppConfig; refreshKey: number }) {
  const { getCredentials } = useAwsCredentials(); // an AWS SDK v3 credential provider
  // One client for the component's life: getCredentials is stable, and the SDK asks it for fresh
  // credentials before each request.
  const s3 = useMemo(
    () =>
      new S3Client({
        region: config.region,
        endpoint: config.s3Endpoint,
        forcePathStyle: config.s3Endpoint !== undefined,
        credentials: getCredentials,
      }),
    [config, getCredentials],
  );
  const [keys, setKeys] = useState<string[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: 'incoming/' })).then(
      (out) => {
        if (live) setKeys((out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      },
      (e: Error) => {
        if (live) setError(e.message);
      },
    );
    return () => {
      live = false;
    };
  }, [s3, config, refreshKey]);

  if (error) return <p role="alert">Could not list the bucket: {error}</p>;
  if (!keys) return <p role="status">Listing…</p>;
  if (keys.length === 0) return <p>No objects yet: upload a file above.</p>;
  return (
    <ul aria-label="Objects">
      {keys.map((key) => (
        <li key={key}>{key}</li>
      ))}
    </ul>
  );
}
