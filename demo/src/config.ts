// Where the demo signs in and what it may use: the local stack's /config.json, or real AWS
// when the VITE_* variables are set (see the README's "Against real AWS").
export interface DemoConfig {
  authority: string;
  clientId: string;
  roleArn: string;
  region: string;
  bucket: string;
  /** The local stack's STS and S3; absent for real AWS. */
  stsEndpoint?: string;
  s3Endpoint?: string;
}

export async function loadConfig(): Promise<DemoConfig> {
  const env = import.meta.env;
  if (env.VITE_OIDC_AUTHORITY) {
    return {
      authority: env.VITE_OIDC_AUTHORITY,
      clientId: env.VITE_OIDC_CLIENT_ID,
      roleArn: env.VITE_ROLE_ARN,
      region: env.VITE_AWS_REGION,
      bucket: env.VITE_S3_BUCKET,
    };
  }
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error('No /config.json: start the demo with npm run demo, or set the VITE_* variables for real AWS.');
  return res.json();
}
