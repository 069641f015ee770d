/// <reference types="vite/client" />

// The settings the app reads (src/config.ts); Vite takes them from the environment or .env.local.
interface ImportMetaEnv {
  readonly VITE_OIDC_AUTHORITY?: string;
  readonly VITE_OIDC_CLIENT_ID?: string;
  readonly VITE_ROLE_ARN?: string;
  readonly VITE_AWS_REGION?: string;
  readonly VITE_S3_BUCKET?: string;
  readonly VITE_STS_ENDPOINT?: string;
  readonly VITE_S3_ENDPOINT?: string;
}
