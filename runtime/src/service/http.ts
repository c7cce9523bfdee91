/**
 * A node:http server that can stop gracefully: it stops taking connections, lets the requests in
 * flight finish within a grace period, then closes what is left (idle keep-alive connections at
 * once, event streams and slow requests when the grace period is over).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HttpServerOptions {
  /** Default 127.0.0.1: a service listens on loopback unless its deployment says otherwise. */
  host?: string;
  /** Default 0: a free port (see `port` on the result). */
  port?: number;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops taking connections and waits for the requests in flight, at most `graceMs` (default 5000). */
  close(graceMs?: number): Promise<void>;
}

export type HttpListener = (request: IncomingMessage, response: ServerResponse) => void;

export async function serveHttp(listener: HttpListener, options: HttpServerOptions = {}): Promise<RunningHttpServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close(graceMs = 5_000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
