/**
 * The example's server (node:http on 127.0.0.1): the page, its bundle, the gateway behind
 * `/api/v1` on the same origin, and — given the gateway's HS256 secret — a development token issuer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { bundlePage } from "./bundle.js";
import { devTokenIssuer } from "./dev-token.js";
import { proxyTo } from "./proxy.js";

export interface WebServerOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:8080`; `/api/v1/…` is forwarded there. */
  gatewayUrl: string;
  /** The gateway's HS256 secret: enables `POST /dev/token`. */
  devJwtSecret?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface WebServer {
  readonly url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const page = await readFile(new URL("../index.html", import.meta.url));
  const bundle = await bundlePage();
  const proxy = proxyTo(options.gatewayUrl);
  const issueToken = options.devJwtSecret ? devTokenIssuer(options.devJwtSecret) : undefined;

  const route = (req: IncomingMessage): Handler | undefined => {
    const path = new URL(req.url ?? "/", "http://page").pathname;
    if (path === "/api/v1" || path.startsWith("/api/v1/")) return proxy;
    if (path === "/dev/token" && req.method === "POST") return issueToken;
    if (req.method !== "GET" && req.method !== "HEAD") return undefined;
    if (path === "/" || path === "/index.html")
      return (_req, res) => void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    const file = bundle.get(path);
    if (file) return (_req, res) => void res.writeHead(200, { "content-type": file.contentType }).end(file.body);
    return undefined;
  };

  const server = createServer((req, res) => {
    const handler = route(req) ?? notFound;
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain" }).end("not found");
}
