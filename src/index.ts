// web-identity-kit: everything from one import. Each part also has its own entry
// (web-identity-kit/sts, /credentials, /oidc, /s3, /react, /testing) for smaller bundles.
export * from './sts/index';
export * from './credentials/index';
export * from './oidc/index';
export * from './s3/index';
export * from './react';
