import type { SecurityRequirement, SecuritySchemeSpec, ServerRequest } from "./operation.js";

/** Credentials found in a request for one security scheme. */
export interface Credentials {
  scheme: string;
  /** `bearer`, `basic` (http schemes) or `apiKey`. */
  type: string;
  /** The token, the base64 user:password pair, or the API key. */
  value: string;
}

/**
 * Finds the first alternative of `security` whose schemes all have credentials in the request.
 * Returns `[]` for an operation without security, undefined when no alternative is satisfied.
 * Schemes the router cannot see on the wire (oauth2, openIdConnect with no token, mutualTLS)
 * are judged by the Authorization header's Bearer token, or left to the authenticate hook.
 */
export function findCredentials(
  security: readonly SecurityRequirement[],
  schemes: Readonly<Record<string, SecuritySchemeSpec>>,
  request: ServerRequest,
  query: URLSearchParams,
): Credentials[] | undefined {
  if (security.length === 0) return [];
  for (const requirement of security) {
    const found: Credentials[] = [];
    for (const name of requirement) {
      const credentials = credentialsFor(name, schemes[name], request, query);
      if (!credentials) break;
      found.push(credentials);
    }
    if (found.length === requirement.length) return found;
  }
  return undefined;
}

function credentialsFor(
  name: string,
  scheme: SecuritySchemeSpec | undefined,
  request: ServerRequest,
  query: URLSearchParams,
): Credentials | undefined {
  if (!scheme) return undefined;
  if (scheme.type === "apiKey") {
    const value = apiKey(scheme, request, query);
    return value ? { scheme: name, type: "apiKey", value } : undefined;
  }
  if (scheme.type === "mutualTLS") return { scheme: name, type: "mutualTLS", value: "" };
  const wanted = scheme.type === "http" ? (scheme.scheme ?? "bearer").toLowerCase() : "bearer";
  const authorization = request.headers.authorization;
  const match = /^(\S+)\s+(\S.*)$/.exec(typeof authorization === "string" ? authorization.trim() : "");
  if (!match || match[1]!.toLowerCase() !== wanted) return undefined;
  return { scheme: name, type: wanted, value: match[2]! };
}

function apiKey(scheme: SecuritySchemeSpec, request: ServerRequest, query: URLSearchParams): string | undefined {
  const name = scheme.name ?? "";
  if (scheme.in === "query") return query.get(name) ?? undefined;
  if (scheme.in === "cookie") {
    const cookies = String(request.headers.cookie ?? "").split(";");
    for (const cookie of cookies) {
      const [key, ...value] = cookie.trim().split("=");
      if (key === name) return value.join("=");
    }
    return undefined;
  }
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
