// The objects under the user's prefix, listed with the AWS SDK (the kit's credentials go into any
// SDK v3 client), each with a presigned download link made by the kit.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { useEffect, useMemo, useState } from 'react';
import { presignS3Url } from 'web-identity-kit/s3';
import { formatBytes, useAwsCredentials } from 'web-identity-kit/react';
import type { DemoConfig } from './config';

interface Row {
  key: string;
  size: number;
  link?: string;
}

export function ObjectList({ config, prefix, refreshKey }: { config: DemoConfig; prefix: string; refreshKey: number }) {
  const { getCredentials } = useAwsCredentials();
  const s3 = useMemo(
    () =>
      new S3Client({
        region: config.region,
        endpoint: config.s3Endpoint,
        forcePathStyle: !!config.s3Endpoint,
        credentials: getCredentials,
      }),
    [config, getCredentials],
  );
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    (async () => {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix }));
      const list = await Promise.all(
        (out.Contents ?? []).map(async (o) => ({
          key: o.Key!,
          size: o.Size ?? 0,
          link: await presignS3Url({
            method: 'GET',
            bucket: config.bucket,
            key: o.Key!,
            region: config.region,
            endpoint: config.s3Endpoint,
            forcePathStyle: !!config.s3Endpoint,
            credentials: getCredentials,
          }),
        })),
      );
      if (live) setRows(list);
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [s3, config, prefix, refreshKey, getCredentials]);

  return (
    <section className="objects" aria-label="Your objects">
      <h2>Your objects</h2>
      {error && <p role="alert">{error}</p>}
      {!rows && !error && <p role="status">Listing…</p>}
      {rows?.length === 0 && <p>No objects yet: upload a file above.</p>}
      {rows && rows.length > 0 && (
        <ul>
          {rows.map((r) => (
            <li key={r.key}>
              <a href={r.link} className="object-link">
                {r.key.slice(prefix.length)}
              </a>{' '}
              <span className="size">{formatBytes(r.size)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
