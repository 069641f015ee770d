/// <reference types="vite/client" />

/** True only in the e2e suite's build (demo/vite.config.ts): it mounts E2eHooks for `?e2e`. */
declare const __WIK_E2E_HOOKS__: boolean;

/** The variables that point the demo at real AWS (the README's "Against real AWS"); unset for the local stack. */
interface ImportMetaEnv {
  readonly VITE_OIDC_AUTHORITY?: string;
  readonly VITE_OIDC_CLIENT_ID?: string;
  readonly VITE_ROLE_ARN?: string;
  readonly VITE_AWS_REGION?: string;
  readonly VITE_S3_BUCKET?: string;
}
