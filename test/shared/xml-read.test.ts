// The two readers STS and S3 answers share: a document's content under the root it must have, and
// a child element's trimmed text.
import { describe, expect, it } from 'vitest';
import { field, MalformedResponse, readRoot } from '../../src/shared/xml';

describe('readRoot', () => {
  it('gives the content under the expected root', () => {
    expect(field(readRoot('<Error><Code> SlowDown </Code></Error>', 'Error'), 'Code')).toBe('SlowDown');
  });

  it('refuses another root, naming both', () => {
    expect(() => readRoot('<html><body/></html>', 'Error')).toThrow(new MalformedResponse('expected <Error>, got <html>'));
  });
});

describe('field', () => {
  it('is undefined for an absent element, empty for an empty one', () => {
    const content = readRoot('<R><Empty/></R>', 'R');
    expect(field(content, 'Missing')).toBeUndefined();
    expect(field(content, 'Empty')).toBe('');
  });

  it('refuses an element that appears twice or holds elements', () => {
    expect(() => field(readRoot('<R><A>1</A><A>2</A></R>', 'R'), 'A')).toThrow(MalformedResponse);
    expect(() => field(readRoot('<R><A><B/></A></R>', 'R'), 'A')).toThrow(MalformedResponse);
  });
});
