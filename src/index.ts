// web-identity-kit: the framework-free core from one import (STS, the credential session, the
// OIDC token sources, S3). It never imports React, so a Vue, Svelte or plain TypeScript app can
// use it; the React API lives only in web-identity-kit/react. Each part also has its own entry
// (web-identity-kit/sts, /credentials, /oidc, /s3, /testing).
// In the order an app's code meets them (sign-in, credentials, STS, uploads): bundlers lay the
// modules out in this order, and oidc-client-ts first compresses 240 B better (npm run size).
export * from './oidc/index';
export * from './credentials/index';
export * from './sts/index';
export * from './s3/index';
