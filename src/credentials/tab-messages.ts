// What tabs of one session say to each other over their BroadcastChannel, and the check every
// received message passes before the session sees it. Any script of the origin can post to that
// channel, so a message is read like an answer from an unknown server: the shape, types and bounds
// of STS's own output, or it is dropped, silently and without throwing.
import { isFields, own, readCredentialsRecord, type Fields } from './record-check';
import type { CredentialsRecord } from './snapshot';

export type TabMessage =
  | { type: 'credentials'; state: CredentialsRecord }
  | { type: 'signed-out' }
  | { type: 'ask' }
  | { type: 'hello' }
  /** From a tab with no signed-in user of its own: a tab that has one refreshes for everyone. */
  | { type: 'refresh-request'; force: boolean };

/** On the wire every message carries the session's nonce (see TabSync). */
export type WireMessage = TabMessage & { nonce: string };

const NONCE = /^[\w-]{16,128}$/;
const isNonce = (v: unknown): v is string => typeof v === 'string' && NONCE.test(v);

/**
 * The message in `data` with its nonce, or undefined when it is not one this kit sends, well
 * formed. `now` (epoch ms) bounds the expiration. Never throws.
 */
export function readTabMessage(data: unknown, now: number): { message: TabMessage; nonce: string } | undefined {
  try {
    if (!isFields(data)) return undefined;
    const nonce = own(data, 'nonce');
    const message = readMessage(data, now);
    return message && isNonce(nonce) ? { message, nonce } : undefined;
  } catch {
    return undefined; // a getter or proxy that throws (not structured-cloned data): not a message
  }
}

function readMessage(data: Fields, now: number): TabMessage | undefined {
  switch (own(data, 'type')) {
    case 'signed-out':
      return { type: 'signed-out' };
    case 'ask':
      return { type: 'ask' };
    case 'hello':
      return { type: 'hello' };
    case 'refresh-request': {
      const force = own(data, 'force');
      return typeof force === 'boolean' ? { type: 'refresh-request', force } : undefined;
    }
    case 'credentials': {
      const state = readCredentialsRecord(own(data, 'state'), now);
      return state && { type: 'credentials', state };
    }
    default:
      return undefined; // unknown types (a newer kit's, or anybody's): ignored
  }
}
