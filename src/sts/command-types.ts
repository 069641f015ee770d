// What @aws-sdk/client-sts adds to every command output. The SDK's per-operation names
// (`AssumeRoleCommandInput`, `...CommandOutput`) sit beside each row in model.ts.
import type { ResponseMetadata } from './errors';

/** What every command output carries besides the response: `$metadata` (HTTP status, request ID, attempts). */
export interface MetadataBearer {
  /** Facts about the HTTP exchange, as the SDK reports them. */
  $metadata: ResponseMetadata;
}
