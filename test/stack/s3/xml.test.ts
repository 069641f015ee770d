// The stack's S3 XML on fast-xml-parser: answers written as S3 writes them, and the
// CompleteMultipartUpload body read as strictly as S3 reads it.
import { describe, expect, it } from 'vitest';
import { parseCompleteMultipartUpload, renderDocument, renderError, S3Error } from '../../../stack/s3/xml';
import { readXml, XmlRefused } from '../../../stack/shared/xml';

const complete = (parts: string) =>
  `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`;
const malformed = (body: string) => {
  try {
    parseCompleteMultipartUpload(body);
  } catch (e) {
    return e instanceof S3Error ? e.code : String(e);
  }
  return 'accepted';
};

describe('S3 answers', () => {
  it('writes the prolog, the namespace, elements in order, and leaves out undefined ones', () => {
    const xml = renderDocument('ListPartsResult', [
      ['Bucket', 'b'],
      ['KeyMarker', undefined],
      [
        'Part',
        [
          ['PartNumber', 1],
          ['LastModified', new Date(0)],
          ['ETag', '"e1"'],
        ],
      ],
      [
        'Part',
        [
          ['PartNumber', 2],
          ['Size', 5],
        ],
      ],
      ['IsTruncated', false],
      ['Prefix', ''],
    ]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket>' +
        '<Part><PartNumber>1</PartNumber><LastModified>1970-01-01T00:00:00.000Z</LastModified><ETag>&quot;e1&quot;</ETag></Part>' +
        '<Part><PartNumber>2</PartNumber><Size>5</Size></Part><IsTruncated>false</IsTruncated><Prefix></Prefix></ListPartsResult>',
    );
  });

  it('escapes markup and the control characters XML cannot carry literally, as S3 does', () => {
    const xml = renderDocument('R', [['Key', `a<&>"'\u0001\u001f\tb`]]);
    expect(xml).toContain('<Key>a&lt;&amp;&gt;&quot;&apos;&#x1;&#x1f;\tb</Key>');
  });

  it('writes <Error> without a namespace, with the extra elements between Message and RequestId', () => {
    const e = new S3Error('NoSuchUpload', 'gone & <done>', 404, { UploadId: 'u1', Skipped: undefined, PartNumber: 3 });
    expect(renderError(e, 'REQ', 'HOST')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>gone &amp; &lt;done&gt;</Message>' +
        '<UploadId>u1</UploadId><PartNumber>3</PartNumber><RequestId>REQ</RequestId><HostId>HOST</HostId></Error>',
    );
  });
});

describe('CompleteMultipartUpload bodies', () => {
  it('reads parts in order, with ETags unquoted and references decoded, checksums by algorithm', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      complete(
        '<Part><PartNumber> 1 </PartNumber><ETag>&quot;abc&#34;</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>' +
          '<!-- a comment --><Part><PartNumber>2</PartNumber><ETag><![CDATA["d&amp;"]]></ETag><ChecksumSHA256>x+/=</ChecksumSHA256></Part>',
      );
    expect(parseCompleteMultipartUpload(body)).toEqual([
      { partNumber: 1, etag: 'abc', checksums: { CRC32: 'AAAAAA==' } },
      // CDATA is taken as written: no reference in it is decoded.
      { partNumber: 2, etag: 'd&amp;', checksums: { SHA256: 'x+/=' } },
    ]);
  });

  it('takes namespace prefixes off element names', () => {
    const body =
      '<s3:CompleteMultipartUpload xmlns:s3="x"><s3:Part><s3:PartNumber>7</s3:PartNumber><s3:ETag>e</s3:ETag></s3:Part></s3:CompleteMultipartUpload>';
    expect(parseCompleteMultipartUpload(body)).toEqual([{ partNumber: 7, etag: 'e', checksums: {} }]);
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]>' + complete('<Part><PartNumber>1</PartNumber><ETag>&a;</ETag></Part>')],
    [
      'a DOCTYPE without entities',
      '<!DOCTYPE CompleteMultipartUpload>' + complete('<Part><PartNumber>1</PartNumber><ETag>e</ETag></Part>'),
    ],
    ['an undeclared entity', complete('<Part><PartNumber>1</PartNumber><ETag>&nbsp;</ETag></Part>')],
    ['a bare &', complete('<Part><PartNumber>1</PartNumber><ETag>a & b</ETag></Part>')],
    ['a reference to NUL', complete('<Part><PartNumber>1</PartNumber><ETag>&#0;</ETag></Part>')],
    ['a mismatched end tag', complete('<Part><PartNumber>1</PartNumber><ETag>e</Etag></Part>')],
    ['an unclosed element', '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part>'],
    ['two root elements', complete('<Part><PartNumber>1</PartNumber><ETag>e</ETag></Part>') + '<Other/>'],
    ['another root element', '<CompleteMultipart><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></CompleteMultipart>'],
    ['no parts', complete('')],
    ['a part without an ETag', complete('<Part><PartNumber>1</PartNumber></Part>')],
    ['a part number that is not one', complete('<Part><PartNumber>1x</PartNumber><ETag>e</ETag></Part>')],
    ['a part number given twice', complete('<Part><PartNumber>1</PartNumber><PartNumber>2</PartNumber><ETag>e</ETag></Part>')],
    ['an ETag holding elements', complete('<Part><PartNumber>1</PartNumber><ETag><x>e</x></ETag></Part>')],
    ['an empty body', ''],
  ])('refuses %s with MalformedXML', (_, body) => {
    expect(malformed(body)).toBe('MalformedXML');
  });
});

describe('the reader under it', () => {
  it('joins text and CDATA in document order and leaves comments and instructions out', () => {
    const root = readXml('<?xml version="1.0"?><a>x<![CDATA[<y>&amp;]]>z<!--c-->&lt;w<?pi data?></a>');
    expect(root).toEqual({ name: 'a', children: [], text: 'x<y>&amp;z<w' });
  });

  it('refuses a DOCTYPE before the parser reads it, whatever it declares', () => {
    expect(() => readXml('<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')).toThrow(XmlRefused);
    expect(() => readXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(XmlRefused);
  });
});
