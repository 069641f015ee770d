// Every failure the STS client can produce is one of these classes, so callers can branch with
// `instanceof` or on `name` exactly as they would with @aws-sdk/client-sts. Messages never quote a
// secret: they are built from member names, rules and the service's own words only.
import { WebIdentityKitError } from '../shared/errors';
import { retryableOf } from '../shared/retry';
import { ServiceException, type ResponseMetadata, type ServiceExceptionOptions } from '../shared/service-exception';
import { STS_ERRORS, type StsErrorName } from './model';

export type { ResponseMetadata } from '../shared/service-exception';
export { ServiceException, type ServiceExceptionOptions, type RetryableTrait } from '../shared/service-exception';
export { isThrottlingCode } from '../shared/retry';
export { WebIdentityKitError, CredentialsProviderError } from '../shared/errors';

/** The client is configured in a way that cannot work (bad region, FIPS with a custom endpoint, ...). */
export class StsConfigurationError extends WebIdentityKitError {
  constructor(message: string, hint?: string) {
    super('StsConfigurationError', message, hint);
  }
}

/** Input that STS would reject, caught before any network call. */
export class StsValidationError extends WebIdentityKitError {
  /** Dotted path of the member, e.g. `PolicyArns[0].arn`. */
  readonly member: string;
  /** Which rule it broke: required, type, min, max, pattern, length, unknown. */
  readonly rule: string;
  constructor(operation: string, member: string, rule: string, detail: string) {
    super('StsValidationError', `${operation}: ${member} ${detail}`, `Fix ${member}; see ${operation} in the AWS STS API reference.`);
    this.member = member;
    this.rule = rule;
  }
}

/** The request never got an HTTP answer: offline, DNS, CORS, connection reset. */
export class StsNetworkError extends WebIdentityKitError {
  readonly $metadata: ResponseMetadata;
  /** Always retried: no answer came, so the next attempt may get one. */
  readonly $retryable = { throttling: false } as const;
  constructor(message: string, $metadata: ResponseMetadata, cause?: unknown) {
    super('StsNetworkError', message, 'Check the network, and that the endpoint allows this origin (CORS; real STS does).', {
      cause,
    });
    this.$metadata = $metadata;
  }
}

/** No answer within requestTimeoutMs. Named as the SDK names its timeouts. */
export class StsTimeoutError extends WebIdentityKitError {
  readonly $metadata: ResponseMetadata;
  /** Always retried: the next attempt may be answered in time. */
  readonly $retryable = { throttling: false } as const;
  constructor(timeoutMs: number, $metadata: ResponseMetadata) {
    super('TimeoutError', `STS did not answer within ${timeoutMs} ms`, 'Retry, or raise requestTimeoutMs on a slow network.');
    this.$metadata = $metadata;
  }
}

/** What {@link StsServiceException}'s constructor takes: the base's fields, with `Code` required and STS's `Type`. */
export interface StsServiceExceptionInit extends ServiceExceptionOptions {
  /** The wire code, e.g. `InvalidIdentityToken`. */
  Code: string;
  /** `Sender` or `Receiver`, as STS sends it. */
  Type?: string;
}

/** An error answer from STS (or something in its place that is not an STS answer). */
export class StsServiceException extends ServiceException {
  /** The wire code, e.g. `InvalidIdentityToken` for InvalidIdentityTokenException. */
  declare readonly Code: string;
  /** `Sender` or `Receiver`, as STS sends it. */
  readonly Type?: string;
  constructor(init: StsServiceExceptionInit) {
    super(init);
    if (init.Type) this.Type = init.Type;
  }
}

/**
 * A 2xx answer in STS's form that cannot be used: a member unreadable, or Credentials incomplete.
 * Named as the SDK's deserialization failures are reported; the message names members, never values.
 */
export class StsDeserializationError extends StsServiceException {
  constructor(message: string, $metadata: ResponseMetadata) {
    super({
      name: 'DeserializationError',
      Code: 'DeserializationError',
      message,
      $fault: 'server',
      $metadata,
      hint: 'Something other than STS answered, or changed the answer: check the endpoint URL and any proxy in between.',
    });
  }
}

/** The SDK's name for the base class; both names are the same class. */
export { StsServiceException as STSServiceException };

export class ExpiredTokenException extends StsServiceException {}
export class ExpiredTradeInTokenException extends StsServiceException {}
export class IDPCommunicationErrorException extends StsServiceException {}
export class IDPRejectedClaimException extends StsServiceException {}
export class InsufficientSessionLifetimeException extends StsServiceException {}
export class InvalidAuthorizationMessageException extends StsServiceException {}
export class InvalidContextAssertionException extends StsServiceException {}
export class InvalidIdentityTokenException extends StsServiceException {}
export class InvalidSubjectCredentialsException extends StsServiceException {}
export class JWTPayloadSizeExceededException extends StsServiceException {}
export class MalformedPolicyDocumentException extends StsServiceException {}
export class OutboundWebIdentityFederationDisabledException extends StsServiceException {}
export class PackedPolicyTooLargeException extends StsServiceException {}
export class RegionDisabledException extends StsServiceException {}
export class SessionDurationEscalationException extends StsServiceException {}

const CLASS_BY_NAME: Record<StsErrorName, typeof StsServiceException> = {
  ExpiredTokenException,
  ExpiredTradeInTokenException,
  IDPCommunicationErrorException,
  IDPRejectedClaimException,
  InsufficientSessionLifetimeException,
  InvalidAuthorizationMessageException,
  InvalidContextAssertionException,
  InvalidIdentityTokenException,
  InvalidSubjectCredentialsException,
  JWTPayloadSizeExceededException,
  MalformedPolicyDocumentException,
  OutboundWebIdentityFederationDisabledException,
  PackedPolicyTooLargeException,
  RegionDisabledException,
  SessionDurationEscalationException,
};
// Codes come from the answer, so they are looked up in Maps: a plain object would find
// `constructor` or `toString` on Object.prototype.
const ERROR_CLASSES = new Map(Object.entries(CLASS_BY_NAME) as [StsErrorName, typeof StsServiceException][]);

const BY_CODE = new Map<string, StsErrorName>((Object.keys(STS_ERRORS) as StsErrorName[]).map((name) => [STS_ERRORS[name].code, name]));

/**
 * What the user can do, for the codes where the kit knows better than "see the message". Advice on
 * refusals that only a signed call can get is the signer's (sign.ts), so unsigned-only apps do not ship it.
 */
const HINTS = new Map<string, string>(
  Object.entries({
    InvalidIdentityToken:
      'Check that the IAM OIDC identity provider URL is the token\u2019s iss exactly and its audiences include the token\u2019s aud (the app client id).',
    IDPCommunicationError:
      'STS could not fetch your IdP\u2019s keys; retried, it usually passes. If not, check that the issuer\u2019s /.well-known/openid-configuration and jwks_uri are reachable from the internet.',
    IDPRejectedClaim: 'Compare the role\u2019s trust policy conditions (aud, sub, amr) with the ID token\u2019s claims.',
    ExpiredTokenException: 'Get a fresh ID token (sign in again or renew silently) and retry.',
    AccessDenied:
      'Check the role\u2019s trust policy: its Principal (Federated: the OIDC provider ARN), Action sts:AssumeRoleWithWebIdentity and Conditions.',
    MalformedPolicyDocument: 'Check the session policy\u2019s JSON and actions.',
    PackedPolicyTooLarge: 'Shorten the session policy or use fewer tags.',
    RegionDisabledException: 'Activate STS for this region in IAM (Account settings), or use another region.',
    ValidationError: 'The message names the parameter STS rejected.',
  }),
);

/** Builds the right exception class for an STS error answer; `hints` adds advice for codes of its own (a signer's). */
export function serviceException(
  code: string,
  message: string,
  type: string | undefined,
  $metadata: ResponseMetadata,
  hints?: ReadonlyMap<string, string>,
): StsServiceException {
  // The wire code, or the SDK's class name in its place.
  const modelled = BY_CODE.get(code) ?? (ERROR_CLASSES.has(code as StsErrorName) ? (code as StsErrorName) : undefined);
  const status = $metadata.httpStatusCode ?? 0;
  const $retryable = retryableOf(code, status) ?? (identityProviderHiccup(code, message) ? { throttling: false } : undefined);
  const init: StsServiceExceptionInit = {
    name: modelled ?? code,
    Code: code,
    Type: type,
    message,
    $fault: type === 'Receiver' || status >= 500 ? 'server' : 'client',
    $metadata,
    hint: hints?.get(code) ?? HINTS.get(code) ?? (modelled ? HINTS.get(STS_ERRORS[modelled].code) : undefined),
    $retryable,
  };
  const ErrorClass = (modelled && ERROR_CLASSES.get(modelled)) || StsServiceException;
  return new ErrorClass(init);
}

/**
 * STS's transient identity-provider failures, retried on top of the standard rule: IDPCommunicationError,
 * and InvalidIdentityToken when AWS could not fetch the IdP's keys (the PHP and Ruby SDKs retry it).
 */
const identityProviderHiccup = (code: string, message: string): boolean =>
  code === 'IDPCommunicationError' || (code === 'InvalidIdentityToken' && /retrieve verification key/i.test(message));
