// What tabs say to each other, read like input from anybody: a message this kit sends with the
// session's nonce, or nothing, never a throw.
import { describe, expect, it } from 'vitest';
import { readTabMessage } from '../../src/credentials/tab-messages';

const NOW = Date.UTC(2030, 0, 1);
const NONCE = '0123456789abcdef0123456789abcdef';
const state = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: NOW + 3_600_000,
  lifetime: 3_600_000,
  identity: { subject: 'alice' },
};

describe('readTabMessage', () => {
  it('reads each kind of message with its nonce', () => {
    for (const message of [
      { type: 'signed-out' },
      { type: 'ask' },
      { type: 'hello' },
      { type: 'refresh-request', force: true },
      { type: 'credentials', state },
    ]) {
      expect(readTabMessage({ ...message, nonce: NONCE }, NOW)).toEqual({ message, nonce: NONCE });
    }
  });

  it('drops messages without a well-formed nonce, of unknown types, or with bad fields', () => {
    for (const data of [
      { type: 'ask' },
      { type: 'ask', nonce: 'short' },
      { type: 'ask', nonce: 'not a nonce with spaces!' },
      { type: 'later-kind', nonce: NONCE },
      { type: 'refresh-request', force: 'yes', nonce: NONCE },
      { type: 'credentials', state: { ...state, accessKeyId: 'nope' }, nonce: NONCE },
      null,
      'ask',
    ]) {
      expect(readTabMessage(data, NOW)).toBeUndefined();
    }
  });

  it('does not throw on data whose getters throw', () => {
    const hostile = Object.defineProperty({ nonce: NONCE }, 'type', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(readTabMessage(hostile, NOW)).toBeUndefined();
  });
});
