// What the app signs in with and uploads to: VITE_* variables, from the environment or
// .env.local (see README.md). The two endpoints are the local stack's; unset for real AWS.
export interface AppConfig {
  authority: string;
  clientId: string;
  roleArn: string;
  region: string;
  bucket: string;
  stsEndpoint?: string;
  s3Endpoint?: string;
}

const required = (name: string, value: string | undefined): string => {
  if (!value) throw new Error(`${name} is not set: start the local stack and copy its values into .env.local (see README.md).`);
  return value;
};

export function readConfig(env: ImportMetaEnv = import.meta.env): AppConfig {
  return {
    authority: required('VITE_OIDC_AUTHORITY', env.VITE_OIDC_AUTHORITY),
    clientId: required('VITE_OIDC_CLIENT_ID', env.VITE_OIDC_CLIENT_ID),
    roleArn: required('VITE_ROLE_ARN', env.VITE_ROLE_ARN),
    region: required('VITE_AWS_REGION', env.VITE_AWS_REGION),
    bucket: required('VITE_S3_BUCKET', env.VITE_S3_BUCKET),
    stsEndpoint: env.VITE_STS_ENDPOINT || undefined,
    s3Endpoint: env.VITE_S3_ENDPOINT || undefined,
  };
}
