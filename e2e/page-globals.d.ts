// What the e2e suite finds on the page's window, typed for the functions it runs there with
// page.evaluate / addInitScript: the kit that demo/src/E2eHooks.tsx puts on window.__kit (e2e
// build, `?e2e` only), and what the tests and harness.ts put there themselves.
import type { CredentialSession } from 'web-identity-kit';
import type { indexedDbResumeStore, memoryResumeStore, presignS3Url, Upload, uploadToS3 } from 'web-identity-kit/s3';

/** The part of demo/src/config.ts's DemoConfig the tests use (that file needs Vite's types). */
interface E2eDemoConfig {
  bucket: string;
  region: string;
  s3Endpoint?: string;
}

/** Mirrors demo/src/E2eHooks.tsx. */
interface E2eKit {
  config: E2eDemoConfig;
  getCredentials: CredentialSession['getCredentials'];
  uploadToS3: typeof uploadToS3;
  presignS3Url: typeof presignS3Url;
  indexedDbResumeStore: typeof indexedDbResumeStore;
  memoryResumeStore: typeof memoryResumeStore;
}

declare global {
  interface Window {
    /** Present once the demo, opened with `?e2e`, has a session: wait for it before use. */
    __kit?: E2eKit;
    /** The resumable upload uploads.e2e.test.ts started, kept reachable from the page. */
    __upload?: Upload;
    /** Set in one tab by tabs.e2e.test.ts: still there means that tab did not navigate. */
    __stillTheSamePage?: boolean;
    /** harness.ts's xhrsInFlight: the kit's requests in flight now, at most, and in all. */
    __e2eXhrs?: { now: number; max: number; total: number };
    /** Exposed by harness.ts (page.exposeFunction) before the init scripts that call them run. */
    __e2eCspViolation?: (violation: string) => Promise<void>;
    __e2eStatus?: (status: string, signInShown: boolean, url: string) => Promise<void>;
  }
}
