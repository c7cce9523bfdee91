/**
 * `npm run ts -- services/dev-token.ts <username> [roles]`: prints a bearer token for the local system,
 * signed with JWT_SECRET (the development default unless set). The public API has no login
 * route yet; a deployment gets its tokens from its identity provider.
 */
import { loadConfig } from "./shared/config.js";
import { issueToken } from "./shared/auth/token-issuer.js";

const [username, roles] = process.argv.slice(2);
const { jwt } = loadConfig();
if (!username || !jwt.secret) {
  console.error(
    username
      ? "dev-token signs HS256 tokens and needs JWT_SECRET (or no key settings at all)"
      : "usage: npm run ts -- services/dev-token.ts <username> [role,role]",
  );
  process.exit(2);
}
console.log(await issueToken(jwt.secret, { username, roles: roles ? roles.split(",") : ["user"] }));
