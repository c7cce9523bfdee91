/**
 * How identity crosses the gateway: the gateway drops any `X-Username` / `X-Roles` a client sent,
 * sets them from the verified token, and adds the internal secret; an inner service believes those
 * headers only when the secret matches.
 */
import { timingSafeEqual } from "node:crypto";
import type { Identity } from "./jwt-verifier.js";

export const usernameHeader = "x-username";
export const rolesHeader = "x-roles";
/** Carries the shared secret from the gateway to inner services. */
export const internalAuthHeader = "x-concord-internal";

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Headers the gateway forwards inward: the client's, minus forged identity, plus the verified one. */
export function forwardIdentity(incoming: HeaderBag, identity: Identity, internalSecret: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    const lower = name.toLowerCase();
    if (lower === usernameHeader || lower === rolesHeader || lower === internalAuthHeader) continue;
    if (typeof value === "string") out[lower] = value;
  }
  out[usernameHeader] = identity.username;
  out[rolesHeader] = identity.roles.join(",");
  out[internalAuthHeader] = internalSecret;
  return out;
}

/** The identity an inner service may act on: present only when the gateway's secret came with it. */
export function trustedIdentity(headers: { get(name: string): string | null }, internalSecret: string): Identity | undefined {
  const secret = headers.get(internalAuthHeader);
  if (secret === null || !sameSecret(secret, internalSecret)) return undefined;
  const username = headers.get(usernameHeader);
  if (!username) return undefined;
  const roles = (headers.get(rolesHeader) ?? "").split(",").filter(Boolean);
  return { username, roles };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
