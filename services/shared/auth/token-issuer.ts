import { SignJWT } from "jose";

/**
 * Signs HS256 tokens with the configured secret: the development login of the reference system
 * and the tests' way to get a token. A deployment gets its tokens from its identity provider.
 */
export async function issueToken(
  secret: string,
  claims: { username: string; roles?: string[]; ttlSeconds?: number; issuer?: string; audience?: string },
): Promise<string> {
  let jwt = new SignJWT({ roles: claims.roles ?? ["user"] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.username)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? 3600}s`);
  if (claims.issuer) jwt = jwt.setIssuer(claims.issuer);
  if (claims.audience) jwt = jwt.setAudience(claims.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
