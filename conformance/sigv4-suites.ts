// Where the SigV4 suites' cases are, and how many each holds: shared by the stack verifier's
// conformance test and the kit signer's, so both run exactly the same vectors.
import { readdirSync, statSync } from 'node:fs';
import { oraclePath } from './oracles';

export const BOTO = 'botocore-aws4_testsuite';
export const CRT = 'aws-c-auth-v4';
export const EXPECTED_COUNTS = { botocore: 34, awsCAuth: 38, s3: 5 };
// botocore's get-vanilla-with-session-token .sreq carries get-vanilla's signature (README).
export const BOTO_DEFECT = 'get-vanilla-with-session-token';
// The session token is added after signing, unsigned: a convention our stack refuses.
export const TOKEN_AFTER_SIGNING = 'post-sts-header-after';
/** The secret of every botocore case (AKIDEXAMPLE). */
export const BOTO_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

/** Every folder holding <name>/<name>.req, sub-folders included, as a path relative to the suite. */
export function botoCases(rel = ''): string[] {
  const dir = oraclePath('sigv4', BOTO, rel);
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const child = rel ? `${rel}/${entry}` : entry;
      if (!statSync(`${dir}/${entry}`).isDirectory()) return [];
      const own = readdirSync(`${dir}/${entry}`).includes(`${entry}.req`) ? [child] : [];
      return [...own, ...botoCases(child)];
    });
}

export interface CrtContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
  normalize: boolean;
  sign_body: boolean;
  omit_session_token?: boolean;
  expiration_in_seconds: number;
}

export function crtCases(): string[] {
  const dir = oraclePath('sigv4', CRT);
  return readdirSync(dir)
    .filter((entry) => statSync(`${dir}/${entry}`).isDirectory())
    .sort();
}

export interface S3Example {
  id: string;
  method: string;
  host: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  payload?: string;
  payloadHash: string;
  presign?: { expiresSeconds: number; signedHeaders: string };
  expected: { canonicalRequest: string; stringToSign: string; signature: string; authorization?: string; url?: string };
}

export interface S3Examples {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  service: string;
  amzDate: string;
  cases: S3Example[];
}
