// What a region may be, for every service's endpoint: one DNS label (the rule src/sts/endpoint.ts
// applies). A region is spliced into a host name, so "evil.com/x#" would move the request, and
// its signed headers and session token, to another host.
const HOST_LABEL = /^(?!-)(?!.*-$)[a-zA-Z0-9-]{1,63}$/;

export const isRegion = (region: unknown): region is string => typeof region === 'string' && HOST_LABEL.test(region);
