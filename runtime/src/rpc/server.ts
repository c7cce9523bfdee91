import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter, ConnectRouterOptions, Interceptor, ServiceImpl } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { requireIdempotencyKeyInterceptor } from "./idempotency.js";
import { serverTraceInterceptor } from "./server-trace.js";

export interface MountOptions {
  /** Run inside Concord's (trace, idempotency-key check), closest to the handler. */
  interceptors?: Interceptor[];
  /** Reject calls to methods that the contract marks `idempotency_key_required` when they carry no key (default true). */
  requireIdempotencyKey?: boolean;
}

/** Registers `impl` for `service` on `router`, with trace propagation and the idempotency-key check. */
export function mountService<S extends DescService>(
  router: ConnectRouter,
  service: S,
  impl: ServiceImpl<S>,
  idempotencyKeyMethods: readonly string[],
  options: MountOptions = {},
): ConnectRouter {
  const interceptors: Interceptor[] = [serverTraceInterceptor()];
  if (options.requireIdempotencyKey !== false && idempotencyKeyMethods.length > 0) {
    interceptors.push(requireIdempotencyKeyInterceptor(new Set(idempotencyKeyMethods)));
  }
  interceptors.push(...(options.interceptors ?? []));
  return router.service(service, impl, { interceptors });
}

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port, see `RunningServer.port`. */
  port?: number;
  /** Passed to connectNodeAdapter: protocols, limits, compression. */
  router?: ConnectRouterOptions;
  /** Serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) instead of cleartext; with `ca` + `requestCert`, mutual TLS. */
  tls?: TlsOptions;
}

export interface TlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
  /** CA that client certificates must chain to (mutual TLS). */
  ca?: string | Buffer;
  /** Ask for a client certificate and refuse connections without a valid one (default: true when `ca` is set). */
  requestCert?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops taking connections. Without `graceMs` (or 0) it closes every connection at once; with it,
   * calls in flight may finish for up to `graceMs` (HTTP/2 connections get GOAWAY, idle HTTP/1.1
   * ones close), then what is left is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves the routes on one port speaking HTTP/2 and HTTP/1.1, with the Connect, gRPC and
 * gRPC-Web protocols. Cleartext by default: each connection is routed by its first bytes (the
 * HTTP/2 preface starts with `PRI `), so gRPC clients with prior knowledge and browsers share
 * the port. With `tls`, HTTPS (mutual TLS when a client CA is given).
 */
export async function serveRpc(routes: (router: ConnectRouter) => void, options: ServeOptions = {}): Promise<RunningServer> {
  const handler = connectNodeAdapter({ ...options.router, routes });
  if (options.tls) return serveTls(handler, options.tls, options);
  const h2 = http2.createServer(handler);
  const h1 = http.createServer(handler);
  const sessions = trackSessions(h2);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // A peer that resets before its first bytes must not crash the process with an unhandled error.
    socket.on("error", () => socket.destroy());
    socket.once("readable", () => {
      const first = socket.read() as Buffer | null;
      if (first === null) return void socket.destroy();
      socket.unshift(first);
      (first.subarray(0, 4).toString("latin1") === "PRI " ? h2 : h1).emit("connection", socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  return running(
    server,
    "http",
    sockets,
    sessions,
    () => h1.closeAllConnections(),
    () => h1.closeIdleConnections(),
  );
}

/** HTTPS: ALPN picks HTTP/2 or HTTP/1.1 for each connection. */
async function serveTls(handler: ReturnType<typeof connectNodeAdapter>, tls: TlsOptions, options: ServeOptions): Promise<RunningServer> {
  const requestCert = tls.requestCert ?? tls.ca !== undefined;
  const server = http2.createSecureServer(
    { key: tls.key, cert: tls.cert, ...(tls.ca ? { ca: tls.ca } : {}), requestCert, rejectUnauthorized: requestCert, allowHTTP1: true },
    handler,
  );
  const sockets = new Set<net.Socket>();
  const sessions = trackSessions(server);
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  return running(server, "https", sockets, sessions);
}

function running(
  server: net.Server,
  scheme: "http" | "https",
  sockets: Set<net.Socket>,
  sessions: Set<http2.ServerHttp2Session>,
  closeMore?: () => void,
  closeIdle?: () => void,
): RunningServer {
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `${scheme}://${host}:${port}`,
    port,
    close: (graceMs = 0) =>
      new Promise<void>((resolve) => {
        const closeAll = () => {
          closeMore?.();
          for (const socket of sockets) socket.destroy();
        };
        server.close(() => resolve());
        if (graceMs <= 0) return closeAll();
        // GOAWAY: a session takes no new streams and closes once its streams are done.
        for (const session of sessions) session.close();
        const idle = setInterval(() => closeIdle?.(), 50);
        closeIdle?.();
        const deadline = setTimeout(closeAll, graceMs);
        server.once("close", () => {
          clearInterval(idle);
          clearTimeout(deadline);
        });
      }),
  };
}

function trackSessions(server: http2.Http2Server | http2.Http2SecureServer): Set<http2.ServerHttp2Session> {
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  return sessions;
}
