/**
 * `POST /dev/token {"username": "…"}` → `{"token": "…"}`: the reference system's development
 * issuer, so the page can sign in (the public API has no login route yet). Only served when the
 * example server is given the gateway's HS256 secret; never part of a deployment.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { issueToken } from "../../../services/shared/auth/token-issuer.js";

const maxBody = 4_096;
const usernamePattern = /^[a-z0-9_.-]{3,64}$/;

export function devTokenIssuer(secret: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const username = await readUsername(req);
    if (!username) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: 'send {"username": "…"}' }));
      return;
    }
    const token = await issueToken(secret, { username });
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ token }));
  };
}

async function readUsername(req: IncomingMessage): Promise<string | undefined> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > maxBody) return undefined;
  }
  try {
    const body: unknown = JSON.parse(text);
    const username = typeof body === "object" && body !== null && "username" in body ? body.username : undefined;
    return typeof username === "string" && usernamePattern.test(username) ? username : undefined;
  } catch {
    return undefined;
  }
}
