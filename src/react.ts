// web-identity-kit/react: <StsProvider>, useAwsCredentials() and the components land here
// (issue 6). The entry exists so that the package's export map is stable from the start.
export {};
