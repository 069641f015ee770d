/// <reference types="vite/client" />

/** True only in the e2e suite's build (demo/vite.config.ts): it mounts E2eHooks for `?e2e`. */
declare const __WIK_E2E_HOOKS__: boolean;
