// Browser globals (document, window, sessionStorage, BroadcastChannel...) are missing in Node and
// some workers, though the DOM types declare them always present. Read through here, they are
// typed as possibly undefined, so every use checks first.

/** A global by name, or undefined where this environment has none. */
export const optionalGlobal = <K extends keyof typeof globalThis>(name: K): (typeof globalThis)[K] | undefined =>
  (globalThis as Partial<typeof globalThis>)[name];
