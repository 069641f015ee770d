// Plain http is allowed to this machine only (a local stack or emulator while developing):
// anywhere else, tokens, signatures and session tokens would cross the network in clear.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a URL's hostname is this machine: localhost, 127.0.0.0/8 or [::1]. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname);

/** Whether tokens and signed requests may go to this URL: https, or plain http to a loopback host. */
export const isSecureOrLoopback = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));

/** What to do about an endpoint that {@link isSecureOrLoopback} refuses. */
export const PLAIN_HTTP_HINT = 'Use an https:// endpoint (http is accepted for localhost, 127.0.0.0/8 and [::1] only).';
