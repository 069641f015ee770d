// The page's own events say when to look at the credentials again: visible again, back online.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onPageReturn } from '../../src/credentials/page-events';

/** A document and a window that record their listeners. */
function page() {
  const listeners = { document: new Map<string, () => void>(), window: new Map<string, () => void>() };
  const target = (map: Map<string, () => void>) => ({
    addEventListener: (type: string, l: () => void) => map.set(type, l),
    removeEventListener: (type: string, l: () => void) => map.get(type) === l && map.delete(type),
  });
  const doc = { visibilityState: 'hidden', ...target(listeners.document) };
  vi.stubGlobal('document', doc);
  vi.stubGlobal('window', target(listeners.window));
  return { doc, listeners };
}

afterEach(() => vi.unstubAllGlobals());

describe('onPageReturn', () => {
  it('rechecks when the page becomes visible, not when it is hidden, and when it is back online', () => {
    const { doc, listeners } = page();
    let rechecks = 0;
    onPageReturn(() => rechecks++);
    listeners.document.get('visibilitychange')!();
    expect(rechecks).toBe(0);
    doc.visibilityState = 'visible';
    listeners.document.get('visibilitychange')!();
    listeners.window.get('online')!();
    expect(rechecks).toBe(2);
  });

  it('removes both listeners when stopped', () => {
    const { listeners } = page();
    const stop = onPageReturn(() => {});
    expect([...listeners.document.keys(), ...listeners.window.keys()]).toEqual(['visibilitychange', 'online']);
    stop();
    expect(listeners.document.size + listeners.window.size).toBe(0);
  });

  it('does nothing where there is no page (Node, a worker)', () => {
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('window', undefined);
    expect(() => onPageReturn(() => {})()).not.toThrow();
  });
});
