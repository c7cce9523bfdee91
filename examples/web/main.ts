/**
 * `npx tsx examples/web/main.ts --gateway http://127.0.0.1:8080 [--port 8090]`: serves the
 * example page in front of a running gateway (`npm run system`). The development token issuer
 * signs with JWT_SECRET, or the reference system's development default when no key is configured.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../../services/shared/config.js";
import { startWebServer } from "./server/web-server.js";

const { values } = parseArgs({
  options: {
    gateway: { type: "string", default: process.env.GATEWAY_URL ?? "http://127.0.0.1:8080" },
    port: { type: "string", default: process.env.PORT ?? "8090" },
  },
});
const { jwt } = loadConfig();
const server = await startWebServer({
  gatewayUrl: values.gateway,
  port: Number(values.port),
  ...(jwt.secret ? { devJwtSecret: jwt.secret } : {}),
});
console.log(`the shop page: ${server.url}  (gateway ${values.gateway}${jwt.secret ? ", dev tokens on" : ", paste a token"})`);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
