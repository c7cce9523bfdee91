/** The Node side of Connect-RPC: serving generated services over HTTP/2 (h2c or TLS/mTLS), and the HTTP/2 client transport. */
export { createNodeTransport, type NodeTransportOptions } from "./node-transport.js";
export { serverTraceInterceptor } from "./server-trace.js";
export { mountService, serveRpc, type MountOptions, type RunningServer, type ServeOptions, type TlsOptions } from "./server.js";
