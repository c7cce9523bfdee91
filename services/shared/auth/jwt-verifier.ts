/**
 * Verifies the gateway's bearer tokens with jose: signature, expiry (and not-before), an algorithm
 * allow-list that never contains `none`, optional issuer and audience. Keys come from config (an
 * HMAC secret or a PEM public key) or from a JWKS file.
 */
import { readFile } from "node:fs/promises";
import { createLocalJWKSet, importSPKI, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey, type CryptoKey } from "jose";
import type { JwtConfig } from "../config.js";

export interface Identity {
  readonly username: string;
  readonly roles: readonly string[];
}

export type VerifyResult = { ok: true; identity: Identity } | { ok: false; reason: string };

export type TokenVerifier = (authorization: string | undefined) => Promise<VerifyResult>;

export async function createJwtVerifier(config: JwtConfig): Promise<TokenVerifier> {
  const algorithms = config.algorithms.filter((alg) => alg.toLowerCase() !== "none");
  if (algorithms.length === 0) throw new Error("JWT: the algorithm allow-list is empty");
  const key = await resolveKey(config, algorithms);
  const options = {
    algorithms,
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
  };
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) return { ok: false, reason: "missing bearer token" };
    try {
      const { payload } = typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      return identityOf(payload);
    } catch (error) {
      return { ok: false, reason: describe(error) };
    }
  };
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  return match?.[1];
}

function identityOf(payload: JWTPayload): VerifyResult {
  const username = typeof payload.sub === "string" ? payload.sub : undefined;
  if (!username) return { ok: false, reason: "token has no subject" };
  const claim = (payload as { roles?: unknown }).roles;
  const roles = Array.isArray(claim) ? claim.filter((role): role is string => typeof role === "string") : [];
  return { ok: true, identity: { username, roles } };
}

async function resolveKey(config: JwtConfig, algorithms: string[]): Promise<Uint8Array | CryptoKey | JWTVerifyGetKey> {
  if (config.jwksFile) return createLocalJWKSet(JSON.parse(await readFile(config.jwksFile, "utf8")));
  if (config.publicKeyPem) {
    const alg = algorithms.find((candidate) => !candidate.startsWith("HS"));
    if (!alg) throw new Error("JWT: a public key needs an asymmetric algorithm in JWT_ALGORITHMS");
    return importSPKI(config.publicKeyPem, alg);
  }
  if (config.secret) return new TextEncoder().encode(config.secret);
  throw new Error("JWT: configure JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_FILE");
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "token expired";
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  if (error instanceof errors.JOSEError) return error.code;
  return "invalid token";
}
