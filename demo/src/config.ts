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
  if (import.meta.env.VITE_OIDC_AUTHORITY) return fromEnv(import.meta.env);
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error('No /config.json: start the demo with npm run demo, or set the VITE_* variables for real AWS.');
  return (await res.json()) as DemoConfig;
}

/** Real AWS: all five variables, or a message that names the ones missing (not a sign-in that fails later). */
function fromEnv(env: ImportMetaEnv): DemoConfig {
  const { VITE_OIDC_AUTHORITY: authority, VITE_OIDC_CLIENT_ID: clientId, VITE_ROLE_ARN: roleArn } = env;
  const { VITE_AWS_REGION: region, VITE_S3_BUCKET: bucket } = env;
  if (authority && clientId && roleArn && region && bucket) return { authority, clientId, roleArn, region, bucket };
  const names = ['VITE_OIDC_AUTHORITY', 'VITE_OIDC_CLIENT_ID', 'VITE_ROLE_ARN', 'VITE_AWS_REGION', 'VITE_S3_BUCKET'] as const;
  const missing = names.filter((name) => !env[name]);
  throw new Error(`For real AWS set all the VITE_* variables (see the README); missing: ${missing.join(', ')}.`);
}
