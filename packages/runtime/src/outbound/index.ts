// Outbound requests (webhooks, group robots) under the SSRF policy. See outbound-policy.ts.
export { isPublicAddress } from './address-ranges.ts';
export { OutboundPolicy, OutboundRefusedError, type ResolvedAddress, type Resolver } from './outbound-policy.ts';
export { sendOutbound, OutboundFailedError, type OutboundAnswer, type OutboundRequest } from './outbound-request.ts';
