// The stack's injected faults as the S3 front end would show them: latency, a dropped connection,
// an answer cut halfway, throttling, a bare status, or a body that is not S3's. Apart from the
// operations because a fault decides before them, or instead of them, what the client sees.
import type { Fault } from '../shared/faults';
import type { Exchange } from './exchange';
import { S3Error } from './xml';

/** Applies a fault as the S3 front end would show it; true when it answered (or dropped) the request. */
export async function applyFault(x: Exchange, fault: Fault): Promise<boolean> {
  x.fault = fault.kind;
  switch (fault.kind) {
    case 'latency':
      await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
      return false;
    case 'truncated':
      // The operation runs; its answer is cut halfway, as a connection reset mid-body would.
      x.truncate = true;
      return false;
    case 'drop':
      x.res.destroy();
      x.log(0);
      return true;
    case 'status':
      x.fail(statusFault(fault.status ?? 500));
      return true;
    case 'throttling':
      x.fail(new S3Error('SlowDown', 'Please reduce your request rate.', 503));
      return true;
    case 'html':
      x.send(
        fault.status ?? 502,
        { 'content-type': 'text/html' },
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return true;
    case 'empty':
      x.send(fault.status ?? 200, {}, '');
      return true;
    case 'malformed':
      x.send(
        200,
        { 'content-type': 'application/xml' },
        '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Unexpected>not what you asked for</Unexpected></Wrong>',
      );
      return true;
    default:
      x.fault = undefined;
      return false;
  }
}

function statusFault(status: number): S3Error {
  if (status === 503) return new S3Error('ServiceUnavailable', 'Reduce your request rate.', 503);
  if (status === 501) return new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
  if (status === 403) return new S3Error('AccessDenied', 'Access Denied', 403);
  if (status === 400) return new S3Error('InvalidRequest', 'Invalid Request', 400);
  return new S3Error('InternalError', 'We encountered an internal error. Please try again.', status);
}
