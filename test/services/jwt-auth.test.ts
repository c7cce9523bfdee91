import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createJwtVerifier } from "../../services/shared/auth/jwt-verifier.js";
import { forwardIdentity, trustedIdentity } from "../../services/shared/auth/identity-headers.js";
import { issueToken } from "../../services/shared/auth/token-issuer.js";

const secret = "a-test-secret-that-is-long-enough-for-hs256";
const verifierFor = () => createJwtVerifier({ algorithms: ["HS256"], secret });

describe("gateway JWT verification", () => {
  it("accepts a valid token and reads subject and roles", async () => {
    const verify = await verifierFor();
    const token = await issueToken(secret, { username: "alice", roles: ["user", "admin"] });
    expect(await verify(`Bearer ${token}`)).toEqual({ ok: true, identity: { username: "alice", roles: ["user", "admin"] } });
  });

  it("rejects a request without a token", async () => {
    const verify = await verifierFor();
    expect(await verify(undefined)).toEqual({ ok: false, reason: "missing bearer token" });
    expect(await verify("Basic YWxpY2U6cHc=")).toEqual({ ok: false, reason: "missing bearer token" });
  });

  it("rejects a token signed with another key", async () => {
    const verify = await verifierFor();
    const forged = await issueToken("another-secret-of-the-same-good-length!!", { username: "alice" });
    expect(await verify(`Bearer ${forged}`)).toEqual({ ok: false, reason: "bad signature" });
  });

  it("rejects a token whose payload was changed after signing", async () => {
    const verify = await verifierFor();
    const [header, , signature] = (await issueToken(secret, { username: "alice" })).split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "mallory", exp: Math.floor(Date.now() / 1000) + 60 })).toString("base64url");
    expect(await verify(`Bearer ${header}.${payload}.${signature}`)).toMatchObject({ ok: false, reason: "bad signature" });
  });

  it("rejects an expired token", async () => {
    const verify = await verifierFor();
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("alice")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(secret));
    expect(await verify(`Bearer ${expired}`)).toEqual({ ok: false, reason: "token expired" });
  });

  it("rejects alg none even when the allow-list names it", async () => {
    const verify = await createJwtVerifier({ algorithms: ["none", "HS256"], secret });
    const unsigned = new UnsecuredJWT({}).setSubject("alice").setExpirationTime("1h").encode();
    const result = await verify(`Bearer ${unsigned}`);
    expect(result.ok).toBe(false);
  });

  it("rejects an algorithm outside the allow-list", async () => {
    const verify = await createJwtVerifier({ algorithms: ["HS512"], secret });
    const token = await issueToken(secret, { username: "alice" });
    expect(await verify(`Bearer ${token}`)).toEqual({ ok: false, reason: "algorithm not allowed" });
  });

  it("checks issuer and audience when configured", async () => {
    const verify = await createJwtVerifier({ algorithms: ["HS256"], secret, issuer: "concord", audience: "gateway" });
    const right = await issueToken(secret, { username: "alice", issuer: "concord", audience: "gateway" });
    const wrong = await issueToken(secret, { username: "alice", issuer: "elsewhere", audience: "gateway" });
    expect((await verify(`Bearer ${right}`)).ok).toBe(true);
    expect((await verify(`Bearer ${wrong}`)).ok).toBe(false);
  });

  it("verifies ES256 tokens against a JWKS file, choosing the key by kid", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256", use: "sig" };
    const dir = await mkdtemp(join(tmpdir(), "concord-jwks-"));
    const jwksFile = join(dir, "jwks.json");
    await writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
    const verify = await createJwtVerifier({ algorithms: ["ES256"], jwksFile });
    const token = await new SignJWT({ roles: ["user"] })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setSubject("bob")
      .setExpirationTime("5m")
      .sign(privateKey);
    expect(await verify(`Bearer ${token}`)).toEqual({ ok: true, identity: { username: "bob", roles: ["user"] } });
    const unknownKid = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: "k2" })
      .setSubject("bob")
      .setExpirationTime("5m")
      .sign(privateKey);
    expect((await verify(`Bearer ${unknownKid}`)).ok).toBe(false);
  });
});

describe("identity headers", () => {
  const internal = "internal-secret";

  it("replaces a forged X-Username and X-Roles with the token's identity", () => {
    const forwarded = forwardIdentity(
      { "X-Username": "admin", "x-roles": "admin", "x-concord-internal": "guess", accept: "application/json" },
      { username: "alice", roles: ["user"] },
      internal,
    );
    expect(forwarded).toEqual({ accept: "application/json", "x-username": "alice", "x-roles": "user", "x-concord-internal": internal });
  });

  it("inner services ignore identity headers that did not come with the gateway's secret", () => {
    const forged = new Headers({ "x-username": "admin", "x-roles": "admin" });
    expect(trustedIdentity(forged, internal)).toBeUndefined();
    const wrongSecret = new Headers({ "x-username": "admin", "x-concord-internal": "internal-secreT" });
    expect(trustedIdentity(wrongSecret, internal)).toBeUndefined();
    const fromGateway = new Headers({ "x-username": "alice", "x-roles": "user,buyer", "x-concord-internal": internal });
    expect(trustedIdentity(fromGateway, internal)).toEqual({ username: "alice", roles: ["user", "buyer"] });
  });
});
