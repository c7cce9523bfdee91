/**
 * Per-request state the router does not pass through: the caller's verified identity, forwarded
 * inward as X-Username / X-Roles by the inner clients.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Interceptor } from "@connectrpc/connect";
import { rolesHeader, usernameHeader } from "../shared/auth/identity-headers.js";
import type { Identity } from "../shared/auth/jwt-verifier.js";

export interface RequestScope {
  identity?: Identity;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Adds the caller's verified identity to inner calls made while serving a request. */
export function forwardIdentityInterceptor(): Interceptor {
  return (next) => async (request) => {
    const identity = requestScope.getStore()?.identity;
    if (identity) {
      request.header.set(usernameHeader, identity.username);
      request.header.set(rolesHeader, identity.roles.join(","));
    }
    return next(request);
  };
}

/** An upstream could not serve the request; the gateway answers 503 (or 504 on a timeout). */
export class UpstreamUnavailable extends Error {
  constructor(
    message: string,
    readonly status: 503 | 504 = 503,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
