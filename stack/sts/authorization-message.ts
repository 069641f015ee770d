// Encoded authorization messages: AWS services answer some denials with an opaque message that only
// STS's DecodeAuthorizationMessage turns back into the decision's details (JSON). The stack encodes
// them with AES-256-GCM under a key of its own, so only this stack can decode them and any other
// string (or a message altered on the way) is refused, as STS refuses it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a denial was about; `allowed` and `explicitDeny` default to false. */
export interface AuthorizationContext {
  principal: { id: string; arn: string };
  action: string;
  resource: string;
  allowed?: boolean;
  explicitDeny?: boolean;
  conditions?: { key: string; values: string[] }[];
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createAuthorizationMessages() {
  const key = randomBytes(32);

  /** The decoded form STS returns: the decision, the statements that matched, and its context. */
  function decodedJson(c: AuthorizationContext): string {
    return JSON.stringify({
      allowed: c.allowed ?? false,
      explicitDeny: c.explicitDeny ?? false,
      matchedStatements: { items: [] },
      failures: { items: [] },
      context: {
        principal: c.principal,
        action: c.action,
        resource: c.resource,
        conditions: {
          items: (c.conditions ?? []).map(({ key: k, values }) => ({ key: k, values: { items: values.map((value) => ({ value })) } })),
        },
      },
    });
  }

  function encode(context: AuthorizationContext): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(decodedJson(context), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The decoded message, or undefined when this stack did not encode it. */
  function decode(encoded: string): string | undefined {
    const bytes = Buffer.from(encoded, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== encoded) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  return { encode, decode };
}

export type AuthorizationMessages = ReturnType<typeof createAuthorizationMessages>;
