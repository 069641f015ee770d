// web-identity-kit/s3: browser uploads and presigned URLs land here (issue 5). The entry exists so
// that the package's export map is stable from the start.
export {};
