// Hand-written equivalent of the STS endpoint rule set (botocore endpoint-rule-set-1.json), kept
// small because it ships to browsers. The conformance suite checks it against the rule set's tests.
import { isRegion } from '../shared/region';
import { StsConfigurationError } from './errors';

/** The settings that choose the STS endpoint; the same names as in {@link StsClientSettings}. */
export interface EndpointSettings {
  /** e.g. 'eu-west-1'. Required unless `endpoint` is given. */
  region?: string;
  /** A custom endpoint URL; wins over the region's. */
  endpoint?: string;
  /** Use the FIPS endpoint. Default false. */
  useFipsEndpoint?: boolean;
  /** Use the dual-stack endpoint. Default false. */
  useDualstackEndpoint?: boolean;
  /** Use sts.amazonaws.com for the regions that had it as their default. Default false. */
  useGlobalEndpoint?: boolean;
}

/** Where STS calls go and the region they are signed for. */
export interface ResolvedEndpoint {
  /** The endpoint URL, e.g. `https://sts.eu-west-1.amazonaws.com`. */
  url: string;
  /** The region in the SigV4 credential scope (us-east-1 for the global endpoint). */
  signingRegion: string;
}

type Suffixes = [regions: RegExp, dnsSuffix: string, dualStackDnsSuffix: string];

// From partitions.json. The "-global" pseudo-regions are spelled out because the partitions'
// region patterns miss them. Every partition supports both FIPS and dual-stack, so the rule set's
// "this partition does not support ..." errors cannot fire and there are no flags for them.
const PARTITIONS: Suffixes[] = [
  [/^(cn-\w+-\d+|aws-cn-global)$/, 'amazonaws.com.cn', 'api.amazonwebservices.com.cn'],
  [/^(us-iso-\w+-\d+|aws-iso-global)$/, 'c2s.ic.gov', 'api.aws.ic.gov'],
  [/^(us-isob-\w+-\d+|aws-iso-b-global)$/, 'sc2s.sgov.gov', 'api.aws.scloud'],
  [/^(eu-isoe-\w+-\d+|aws-iso-e-global)$/, 'cloud.adc-e.uk', 'api.cloud-aws.adc-e.uk'],
  [/^(us-isof-\w+-\d+|aws-iso-f-global)$/, 'csp.hci.ic.gov', 'api.aws.hci.ic.gov'],
  [/^eusc-de-\w+-\d+$/, 'amazonaws.eu', 'api.amazonwebservices.eu'],
];
// aws.partition falls back to the commercial partition for any region it does not recognise.
// GovCloud (aws-us-gov) has the same suffixes; only its FIPS rule differs, so it needs just a pattern.
const AWS: Suffixes = [/(?:)/, 'amazonaws.com', 'api.aws'];
const US_GOV = /^(us-gov-\w+-\d+|aws-us-gov-global)$/;

// Regions that, with useGlobalEndpoint, still go to the single global endpoint (STS's old default).
const LEGACY_GLOBAL = /^(ap-(northeast-1|south-1|southeast-[12])|(ca|eu)-central-1|eu-(north-1|west-[123])|sa-east-1|us-(east|west)-[12])$/;

const GLOBAL: ResolvedEndpoint = { url: 'https://sts.amazonaws.com', signingRegion: 'us-east-1' };

/**
 * The STS endpoint for the settings, as the AWS SDKs' endpoint rule set resolves it (regional by
 * default; FIPS, dual-stack, legacy global and every partition handled).
 *
 * @throws {@link StsConfigurationError} when neither region nor endpoint is given, the region is not a
 *   valid host label, or the custom endpoint is not an absolute http(s) URL, has a user name in it, or is
 *   combined with FIPS or dual-stack.
 */
export function resolveStsEndpoint(settings: EndpointSettings): ResolvedEndpoint {
  const fips = !!settings.useFipsEndpoint;
  const dualstack = !!settings.useDualstackEndpoint;
  if (settings.endpoint !== undefined) return customEndpoint(settings.endpoint, settings.region, fips, dualstack);
  const region = checkRegion(settings.region);
  if (!fips && !dualstack && (region === 'aws-global' || (settings.useGlobalEndpoint && LEGACY_GLOBAL.test(region)))) {
    return GLOBAL;
  }
  const [, dnsSuffix, dualStackDnsSuffix] = PARTITIONS.find((p) => p[0].test(region)) ?? AWS;
  // GovCloud's plain regional endpoints are already FIPS endpoints; only its dual-stack FIPS host differs.
  const prefix = fips && (dualstack || !US_GOV.test(region)) ? 'sts-fips' : 'sts';
  return { url: `https://${prefix}.${region}.${dualstack ? dualStackDnsSuffix : dnsSuffix}`, signingRegion: region };
}

// A custom endpoint is used verbatim, so FIPS and dual-stack (which pick among AWS's hosts) cannot apply.
function customEndpoint(endpoint: string, region: string | undefined, fips: boolean, dualstack: boolean): ResolvedEndpoint {
  if (fips || dualstack) {
    const [feature, option] = fips ? ['FIPS', 'useFipsEndpoint'] : ['Dualstack', 'useDualstackEndpoint'];
    throw invalid(`${feature} and custom endpoint are not supported`, `Unset ${option} or endpoint.`);
  }
  if (!isHttpUrl(endpoint)) {
    const shown = withoutUserinfo(endpoint);
    throw invalid(`endpoint "${shown}" is not an absolute http(s) URL`, 'Use a full URL, e.g. "https://sts.example.com".');
  }
  if (hasUserinfo(endpoint)) {
    const { protocol, host } = new URL(endpoint);
    throw invalid(
      `endpoint ${protocol}//[redacted]@${host} has a user name or password in it`,
      'Remove the "user:password@" part: STS takes no credentials in the URL.',
    );
  }
  // The rule set ignores the region here, but it still scopes the signature.
  return { url: endpoint, signingRegion: checkRegion(region ?? 'us-east-1') };
}

function isHttpUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

// A URL's userinfo would be sent to the endpoint and echoed by anything that prints the URL.
// The parser drops an empty one (`https://@host`), so the raw authority is checked as well.
function hasUserinfo(url: string): boolean {
  const { username, password } = new URL(url);
  const authority = url.replace(/^[a-z][\w+.-]*:[\\/]*/i, '').split(/[\\/?#]/)[0];
  return username !== '' || password !== '' || authority.includes('@');
}

/** For messages about an endpoint that is not a URL: nothing before an `@` is shown. */
const withoutUserinfo = (endpoint: string): string =>
  endpoint.includes('@') ? `[redacted]@${endpoint.slice(endpoint.lastIndexOf('@') + 1)}` : endpoint;

// The rule set would build a host name from any string; a region that is not a DNS label is a
// typo or a mangled variable, so fail now instead of with a network error later.
function checkRegion(region: string | undefined): string {
  if (!region) throw invalid('Missing Region', 'Set region, e.g. "us-east-1".');
  if (!isRegion(region)) throw invalid(`region "${String(region)}" is not valid`, 'Use a region code, e.g. "us-east-1".');
  return region;
}

// Messages keep the rule set's "Invalid Configuration: ..." wording so they match what the SDKs say.
function invalid(problem: string, hint: string): StsConfigurationError {
  return new StsConfigurationError(`Invalid Configuration: ${problem}`, hint);
}
