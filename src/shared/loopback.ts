// Plain http is allowed to this machine only (a local stack or emulator while developing):
// anywhere else, tokens, signatures and session tokens would cross the network in clear.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether a URL's hostname is this machine: localhost, 127.0.0.0/8 or [::1]. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname);
