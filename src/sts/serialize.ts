// awsQuery request bodies: `Action=Op&Version=2011-06-15` then every member, walked in table
// order. Structures nest with dots, lists as `.member.N` (an empty list as `Name=`), maps as
// `.entry.N.key/.value`. Values are percent-encoded per RFC 3986 as the AWS SDKs do.
import { STS_API_VERSION, type Operation } from './model';
import { memberOf } from '../shared/member-of';
import type { Shape } from './shapes';
import { encodeQuery } from '../shared/uri-encode';

/** Smithy date-time: RFC 3339 UTC, fractional seconds only when there are some. */
export const formatTimestamp = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

/** Flattens a value into ordered [name, value] pairs, names already encoded. */
export function queryPairs(shape: Shape, value: unknown, prefix = '', out: [string, string][] = []) {
  if (value == null) return out;
  switch (shape.type) {
    case 'structure':
      for (const name in shape.members) {
        queryPairs(shape.members[name], memberOf(value, name), prefix ? `${prefix}.${name}` : name, out);
      }
      break;
    case 'list':
      if ((value as unknown[]).length === 0) out.push([prefix, '']);
      (value as unknown[]).forEach((v, i) => queryPairs(shape.member, v, `${prefix}.member.${i + 1}`, out));
      break;
    case 'map':
      Object.keys(value).forEach((key, i) => {
        out.push([`${prefix}.entry.${i + 1}.key`, key]);
        queryPairs(shape.value, memberOf(value, key), `${prefix}.entry.${i + 1}.value`, out);
      });
      break;
    case 'timestamp':
      out.push([prefix, formatTimestamp(value as Date)]);
      break;
    default:
      out.push([prefix, scalarText(value)]);
  }
  return out;
}

/** A string, number or boolean as the wire writes it; validation lets nothing else reach here. */
const scalarText = (v: NonNullable<unknown>): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : Object.prototype.toString.call(v);

/** The query parameters of a call, Action and Version first. */
export function operationParams(operation: Operation, input: unknown): [string, string][] {
  return queryPairs(operation.input, input, '', [
    ['Action', operation.name],
    ['Version', STS_API_VERSION],
  ]);
}

/** The awsQuery form body of a call: its pairs, RFC 3986-encoded as a query string. */
export const serializeRequest = (operation: Operation, input: unknown): string => encodeQuery(operationParams(operation, input));
