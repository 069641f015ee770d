// web-identity-kit: the framework-free core from one import (STS, the credential session, the
// OIDC token sources, S3). It never imports React, so a Vue, Svelte or plain TypeScript app can
// use it; the React API lives only in web-identity-kit/react. Each part also has its own entry
// (web-identity-kit/sts, /credentials, /oidc, /s3, /testing).
export * from './sts/index';
export * from './credentials/index';
export * from './oidc/index';
export * from './s3/index';
