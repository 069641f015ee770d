import { describe, expect, it } from 'vitest';
import { statusText } from '../../src/components/upload-row';

describe('an upload row’s status text', () => {
  it('says in words that the upload waits for the network, and keeps the other statuses as they are', () => {
    expect(statusText('waiting-for-network')).toBe('Waiting for the network…');
    expect(statusText('aborted')).toBe('aborted');
    expect(statusText('uploading')).toBe('uploading');
  });
});
