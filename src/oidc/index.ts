// web-identity-kit/oidc: ID-token sources (the oidc-client-ts adapter, functionTokenSource) land
// here (issue 4). The entry exists so that the package's export map is stable from the start.
export {};
