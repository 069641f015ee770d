// The STS operations the stack answers and the constraints AWS documents on each input member
// (STS API reference, API version 2011-06-15: lengths, patterns, ranges, required members). The
// stack checks requests against this table, not against the kit's model, so a wrong constraint on
// the kit's side shows up as a disagreement instead of passing on both.

/** A pattern as the API reference prints it (and as AWS quotes it in errors), and its test. */
export interface Pattern {
  shown: string;
  test: RegExp;
}

export type Member =
  | { kind: 'string'; min?: number; max?: number; pattern?: Pattern; /** never echoed in errors */ sensitive?: boolean }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'list'; min?: number; max?: number; member: Member }
  | { kind: 'structure'; members: Record<string, Member>; required?: readonly string[] };

export interface StsOperation {
  name: string;
  /** AssumeRoleWithWebIdentity is sent unsigned; every other operation needs SigV4. */
  signed: boolean;
  required: readonly string[];
  members: Record<string, Member>;
}

/** Patterns are whole-value matches in AWS; `u` makes \p{...} and astral ranges work. */
const pattern = (shown: string, test = new RegExp(`^(?:${shown})$`, 'u')): Pattern => ({ shown, test });

// The reference writes the supplementary range as \u10000-\u10FFFF; a regex needs \u{...} for it.
const ARN = pattern(
  String.raw`[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`,
  /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u,
);
const NAME = pattern(String.raw`[\w+=,.@-]*`);
const POLICY = pattern(String.raw`[\u0009\u000A\u000D\u0020-\u00FF]+`);
const TAG_KEY = pattern(String.raw`[\p{L}\p{Z}\p{N}_.:/=+\-@]+`);
const TAG_VALUE = pattern(String.raw`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`);

const arn: Member = { kind: 'string', min: 20, max: 2048, pattern: ARN };
const roleSessionName: Member = { kind: 'string', min: 2, max: 64, pattern: NAME };
const roleDuration: Member = { kind: 'integer', min: 900, max: 43200 };
const policyArns: Member = { kind: 'list', member: { kind: 'structure', members: { arn } } };
const tagKey: Member = { kind: 'string', min: 1, max: 128, pattern: TAG_KEY };
const serialNumber: Member = { kind: 'string', min: 9, max: 256, pattern: pattern(String.raw`[\w+=/:,.@-]*`) };
const tokenCode: Member = { kind: 'string', min: 6, max: 6, pattern: pattern(String.raw`[\d]*`) };

export const OPERATIONS: Record<string, StsOperation> = {
  AssumeRoleWithWebIdentity: {
    name: 'AssumeRoleWithWebIdentity',
    signed: false,
    required: ['RoleArn', 'RoleSessionName', 'WebIdentityToken'],
    members: {
      RoleArn: arn,
      RoleSessionName: roleSessionName,
      WebIdentityToken: { kind: 'string', min: 4, max: 20000, sensitive: true },
      ProviderId: { kind: 'string', min: 4, max: 2048 },
      PolicyArns: policyArns,
      Policy: { kind: 'string', min: 1, max: 2048, pattern: POLICY },
      DurationSeconds: roleDuration,
    },
  },
  AssumeRole: {
    name: 'AssumeRole',
    signed: true,
    required: ['RoleArn', 'RoleSessionName'],
    members: {
      RoleArn: arn,
      RoleSessionName: roleSessionName,
      PolicyArns: policyArns,
      // AssumeRole's session policy has no documented maximum length; the packed size limits it.
      Policy: { kind: 'string', min: 1, pattern: POLICY },
      DurationSeconds: roleDuration,
      Tags: {
        kind: 'list',
        max: 50,
        member: {
          kind: 'structure',
          required: ['Key', 'Value'],
          members: { Key: tagKey, Value: { kind: 'string', min: 0, max: 256, pattern: TAG_VALUE } },
        },
      },
      TransitiveTagKeys: { kind: 'list', max: 50, member: tagKey },
      ExternalId: { kind: 'string', min: 2, max: 1224, pattern: pattern(String.raw`[\w+=,.@:\/-]*`) },
      SerialNumber: serialNumber,
      TokenCode: tokenCode,
      SourceIdentity: { kind: 'string', min: 2, max: 64, pattern: NAME },
      ProvidedContexts: {
        kind: 'list',
        min: 1,
        max: 5,
        member: { kind: 'structure', members: { ProviderArn: arn, ContextAssertion: { kind: 'string', min: 4, max: 2048 } } },
      },
    },
  },
  GetCallerIdentity: { name: 'GetCallerIdentity', signed: true, required: [], members: {} },
  GetSessionToken: {
    name: 'GetSessionToken',
    signed: true,
    required: [],
    members: { DurationSeconds: { kind: 'integer', min: 900, max: 129600 }, SerialNumber: serialNumber, TokenCode: tokenCode },
  },
  GetAccessKeyInfo: {
    name: 'GetAccessKeyInfo',
    signed: true,
    required: ['AccessKeyId'],
    members: { AccessKeyId: { kind: 'string', min: 16, max: 128, pattern: pattern(String.raw`[\w]*`) } },
  },
  DecodeAuthorizationMessage: {
    name: 'DecodeAuthorizationMessage',
    signed: true,
    required: ['EncodedMessage'],
    members: { EncodedMessage: { kind: 'string', min: 1, max: 10240 } },
  },
};

export function operationNamed(action: string): StsOperation | undefined {
  return Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
}
