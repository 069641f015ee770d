// A session's methods as stand-alone functions, made once per session: the same identity in every
// render and every component (safe in dependency arrays and as props), and callable detached even
// when the session is a class whose methods live on its prototype.
import type { CredentialSession } from '../credentials/session';

/** The session functions the React layer hands out or subscribes with. */
export type SessionMethods = Pick<CredentialSession, 'getCredentials' | 'subscribe' | 'refresh' | 'signIn' | 'signOut'>;

const made = new WeakMap<CredentialSession, SessionMethods>();

/** The session's functions, bound to it; the same object for every call with the same session. */
export function sessionMethods(session: CredentialSession): SessionMethods {
  let methods = made.get(session);
  if (!methods) {
    methods = {
      getCredentials: (options) => session.getCredentials(options),
      subscribe: (listener) => session.subscribe(listener),
      refresh: (options) => session.refresh(options),
      signIn: () => session.signIn(),
      signOut: () => session.signOut(),
    };
    made.set(session, methods);
  }
  return methods;
}
