// The settings, read on the server from its environment (or .env.local) at each request, and
// handed to the browser as <StsProvider>'s props. None of them is a secret. STS_ENDPOINT is the
// local stack's; unset for real AWS.
export interface AppConfig {
  authority: string;
  clientId: string;
  redirectUri: string;
  roleArn: string;
  region: string;
  stsEndpoint?: string;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the local stack and copy its values into .env.local (see README.md).`);
  return value;
};

export function readConfig(): AppConfig {
  return {
    authority: required('OIDC_AUTHORITY'),
    clientId: required('OIDC_CLIENT_ID'),
    // The server cannot know the browser's origin: the IdP sends the browser back here.
    redirectUri: process.env.OIDC_REDIRECT_URI || 'http://localhost:3000/',
    roleArn: required('ROLE_ARN'),
    region: required('AWS_REGION'),
    stsEndpoint: process.env.STS_ENDPOINT || undefined,
  };
}
