// Hooks for the end-to-end suite, mounted only in the e2e build (__WIK_E2E_HOOKS__, see
// demo/vite.config.ts) and only when the page's URL has `?e2e`: the kit's S3 functions and this
// session's credential provider on window.__kit, for flows the demo's UI does not offer (a
// resumable upload continued after a reload, presigned PUT from the page). Never in a build that
// a person uses: any script on the page, or anyone who gets a link opened, could read credentials.
import { useEffect } from 'react';
import { useCredentialSession } from 'web-identity-kit/react';
import { indexedDbResumeStore, memoryResumeStore, presignS3Url, uploadToS3 } from 'web-identity-kit/s3';
import type { DemoConfig } from './config';

export const e2eRequested = () => __WIK_E2E_HOOKS__ && new URLSearchParams(location.search).has('e2e');

export function E2eHooks({ config }: { config: DemoConfig }) {
  const session = useCredentialSession();
  useEffect(() => {
    const w = window as unknown as { __kit?: unknown };
    w.__kit = { config, getCredentials: session.getCredentials, uploadToS3, presignS3Url, indexedDbResumeStore, memoryResumeStore };
    return () => void delete w.__kit;
  }, [config, session]);
  return null;
}
