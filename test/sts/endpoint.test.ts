import { describe, it, expect } from 'vitest';
import { resolveStsEndpoint, type EndpointSettings } from '../../src/sts/endpoint';
import { StsConfigurationError } from '../../src/sts/errors';

function errorOf(settings: EndpointSettings): StsConfigurationError {
  try {
    resolveStsEndpoint(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(StsConfigurationError);
    return error as StsConfigurationError;
  }
  throw new Error(`expected ${JSON.stringify(settings)} to be rejected`);
}

const LEGACY_GLOBAL_REGIONS = [
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

describe('resolveStsEndpoint: regional endpoints', () => {
  it.each([
    ['us-east-1', 'https://sts.us-east-1.amazonaws.com'],
    ['eu-west-3', 'https://sts.eu-west-3.amazonaws.com'],
    ['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com'],
    ['us-iso-east-1', 'https://sts.us-iso-east-1.c2s.ic.gov'],
    ['us-isob-east-1', 'https://sts.us-isob-east-1.sc2s.sgov.gov'],
    ['eu-isoe-west-1', 'https://sts.eu-isoe-west-1.cloud.adc-e.uk'],
    ['us-isof-south-1', 'https://sts.us-isof-south-1.csp.hci.ic.gov'],
    ['eusc-de-east-1', 'https://sts.eusc-de-east-1.amazonaws.eu'],
    // Unknown regions belong to the commercial partition.
    ['mars-east-1', 'https://sts.mars-east-1.amazonaws.com'],
  ])('%s -> %s, signed for the region', (region, url) => {
    expect(resolveStsEndpoint({ region })).toEqual({ url, signingRegion: region });
  });

  it('maps a partition\'s "-global" pseudo-region to that partition', () => {
    expect(resolveStsEndpoint({ region: 'aws-cn-global' }).url).toBe('https://sts.aws-cn-global.amazonaws.com.cn');
    expect(resolveStsEndpoint({ region: 'aws-iso-b-global' }).url).toBe('https://sts.aws-iso-b-global.sc2s.sgov.gov');
  });

  it('sends aws-global to the global endpoint signed for us-east-1', () => {
    expect(resolveStsEndpoint({ region: 'aws-global' })).toEqual({
      url: 'https://sts.amazonaws.com',
      signingRegion: 'us-east-1',
    });
  });
});

describe('resolveStsEndpoint: useGlobalEndpoint', () => {
  it.each(LEGACY_GLOBAL_REGIONS)('sends legacy region %s to the global endpoint', (region) => {
    expect(resolveStsEndpoint({ region, useGlobalEndpoint: true })).toEqual({
      url: 'https://sts.amazonaws.com',
      signingRegion: 'us-east-1',
    });
  });

  it.each(['us-east-3', 'ap-northeast-2', 'eu-south-1', 'cn-north-1', 'us-gov-west-1'])('keeps non-legacy region %s regional', (region) => {
    const { url, signingRegion } = resolveStsEndpoint({ region, useGlobalEndpoint: true });
    expect(url).toMatch(new RegExp(`^https://sts\\.${region}\\.`));
    expect(signingRegion).toBe(region);
  });

  it('is ignored when FIPS or dual-stack is on', () => {
    expect(resolveStsEndpoint({ region: 'us-east-1', useGlobalEndpoint: true, useFipsEndpoint: true }).url).toBe(
      'https://sts-fips.us-east-1.amazonaws.com',
    );
    expect(resolveStsEndpoint({ region: 'eu-west-1', useGlobalEndpoint: true, useDualstackEndpoint: true }).url).toBe(
      'https://sts.eu-west-1.api.aws',
    );
  });
});

describe('resolveStsEndpoint: FIPS and dual-stack', () => {
  it.each([
    [{ useFipsEndpoint: true }, 'https://sts-fips.us-west-2.amazonaws.com'],
    [{ useDualstackEndpoint: true }, 'https://sts.us-west-2.api.aws'],
    [{ useFipsEndpoint: true, useDualstackEndpoint: true }, 'https://sts-fips.us-west-2.api.aws'],
  ])('%o in us-west-2 -> %s', (flags, url) => {
    expect(resolveStsEndpoint({ region: 'us-west-2', ...flags })).toEqual({ url, signingRegion: 'us-west-2' });
  });

  it("uses the partition's own suffixes", () => {
    expect(resolveStsEndpoint({ region: 'cn-north-1', useFipsEndpoint: true }).url).toBe('https://sts-fips.cn-north-1.amazonaws.com.cn');
    expect(resolveStsEndpoint({ region: 'cn-north-1', useDualstackEndpoint: true }).url).toBe(
      'https://sts.cn-north-1.api.amazonwebservices.com.cn',
    );
    expect(resolveStsEndpoint({ region: 'us-iso-east-1', useFipsEndpoint: true, useDualstackEndpoint: true }).url).toBe(
      'https://sts-fips.us-iso-east-1.api.aws.ic.gov',
    );
  });

  it('keeps GovCloud FIPS on the regional host, except with dual-stack', () => {
    expect(resolveStsEndpoint({ region: 'us-gov-east-1', useFipsEndpoint: true }).url).toBe('https://sts.us-gov-east-1.amazonaws.com');
    expect(resolveStsEndpoint({ region: 'us-gov-east-1', useFipsEndpoint: true, useDualstackEndpoint: true }).url).toBe(
      'https://sts-fips.us-gov-east-1.api.aws',
    );
  });

  it('treats aws-global as an ordinary region name', () => {
    expect(resolveStsEndpoint({ region: 'aws-global', useFipsEndpoint: true }).url).toBe('https://sts-fips.aws-global.amazonaws.com');
  });
});

describe('resolveStsEndpoint: custom endpoint', () => {
  it('wins over region and useGlobalEndpoint, kept verbatim with its path', () => {
    expect(resolveStsEndpoint({ region: 'us-west-1', useGlobalEndpoint: true, endpoint: 'http://localhost:4566/sts/' })).toEqual({
      url: 'http://localhost:4566/sts/',
      signingRegion: 'us-west-1',
    });
  });

  it('is signed for us-east-1 when no region is set', () => {
    expect(resolveStsEndpoint({ endpoint: 'https://example.com' })).toEqual({
      url: 'https://example.com',
      signingRegion: 'us-east-1',
    });
  });

  it('rejects FIPS', () => {
    const error = errorOf({ region: 'us-east-1', endpoint: 'https://example.com', useFipsEndpoint: true });
    expect(error.message).toContain('Invalid Configuration: FIPS and custom endpoint are not supported');
    expect(error.hint).toContain('useFipsEndpoint');
  });

  it('rejects dual-stack', () => {
    const error = errorOf({ region: 'us-east-1', endpoint: 'https://example.com', useDualstackEndpoint: true });
    expect(error.message).toContain('Invalid Configuration: Dualstack and custom endpoint are not supported');
    expect(error.hint).toContain('useDualstackEndpoint');
  });

  it('reports FIPS first when both are on, as the rule set does', () => {
    const error = errorOf({ endpoint: 'https://example.com', useFipsEndpoint: true, useDualstackEndpoint: true });
    expect(error.message).toContain('FIPS and custom endpoint');
  });

  it.each(['', 'example.com', '/sts', 'ftp://example.com', 'https://exa mple.com', 'not a url'])(
    'rejects %j as not an absolute http(s) URL',
    (endpoint) => {
      const error = errorOf({ region: 'us-east-1', endpoint });
      expect(error.message).toContain('not an absolute http(s) URL');
      expect(error.hint).toMatch(/full URL/);
    },
  );

  it('still rejects an invalid region', () => {
    expect(errorOf({ region: 'us_east_1', endpoint: 'https://example.com' }).message).toContain('region "us_east_1"');
  });

  // Issue 17 (hostile probe): a user:password in the endpoint was accepted and echoed in errors.
  it.each([
    'https://u:hunter2-pw@sts.example.com',
    'https://hunter2-pw@sts.example.com',
    'https://:hunter2-pw@sts.example.com/sts/',
    'http://u:hunter2-pw@127.0.0.1:9000',
    'https://@sts.example.com',
    'HTTPS://u:hunter2-pw@STS.example.com',
  ])('rejects the user name or password in %s, without echoing it', (endpoint) => {
    const error = errorOf({ region: 'us-east-1', endpoint });
    expect(error).toBeInstanceOf(StsConfigurationError);
    expect(error.message).toMatch(/user name or password/);
    expect(error.hint).toMatch(/credentials/);
    for (const text of [error.message, error.hint ?? '', String(error), error.stack ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain('hunter2');
    }
  });

  it.each(['htp://u:hunter2-pw@x', 'https://u:hunter2-pw@exa mple.com', 'u:hunter2-pw@sts.example.com'])(
    'does not echo a password in an endpoint it cannot use either: %s',
    (endpoint) => {
      const error = errorOf({ region: 'us-east-1', endpoint });
      expect(error).toBeInstanceOf(StsConfigurationError);
      for (const text of [error.message, error.hint ?? '', String(error), error.stack ?? '']) expect(text).not.toContain('hunter2');
    },
  );
});

describe('resolveStsEndpoint: region errors', () => {
  it.each([undefined, ''])('rejects a missing region (%j)', (region) => {
    const error = errorOf({ region });
    expect(error.message).toBe('Invalid Configuration: Missing Region');
    expect(error.hint).toMatch(/Set region/);
  });

  it.each(['us east 1', 'us_east_1', 'us-east-1.evil.com', 'eu-west-1/', '-us-east-1', 'us-east-1-', 'région-1', 'a'.repeat(64)])(
    'rejects %j, which is not a host label',
    (region) => {
      const error = errorOf({ region });
      expect(error.message).toContain('Invalid Configuration: region');
      expect(error.hint).toMatch(/region code/);
    },
  );

  it('checks the region before FIPS or dual-stack', () => {
    expect(errorOf({ region: 'bad region', useFipsEndpoint: true, useDualstackEndpoint: true }).message).toContain('region "bad region"');
  });
});
