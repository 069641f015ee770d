// The public `web-identity-kit/testing` entry offers test doubles (the STS stub, clocks, tabs, a
// token source), not the stub's wire helpers: those are internals that would tie users (and the
// local stack, once) to the kit's own reading of STS's wire format.
import { describe, expect, it } from 'vitest';
import * as testing from '../../src/testing/index';

describe('web-identity-kit/testing', () => {
  it('exports the test doubles', () => {
    expect(Object.keys(testing)).toEqual(
      expect.arrayContaining(['createStsStub', 'createTestClock', 'createTestTabs', 'createFakeTokenSource']),
    );
  });

  it('keeps the STS wire helpers internal', () => {
    for (const name of ['parseForm', 'readQuery', 'renderSuccessXml', 'renderErrorXml']) expect(Object.keys(testing)).not.toContain(name);
  });
});
