import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentServiceClient } from "../../generated/proto/payment/v1/payment_service_client.js";
import { servePaymentService } from "../../generated/proto/payment/v1/payment_service_server.js";
import { createNodeTransport } from "../../runtime/src/rpc/node-transport.js";
import type { RunningServer } from "../../runtime/src/rpc/server.js";
import { makeCertificates, type TestCertificates } from "./support/certs.js";
import { TestPaymentService } from "./support/payment-service.js";

describe("generated server and client over mutual TLS (seed 001: mTLS between services)", () => {
  let certs: TestCertificates;
  let server: RunningServer;
  beforeAll(async () => {
    certs = makeCertificates();
    server = await servePaymentService(new TestPaymentService(), { tls: { ...certs.server, ca: certs.ca } });
  });
  afterAll(() => server.close());

  it("serves https and answers a client that presents a certificate from the CA, over HTTP/2 and gRPC", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    for (const protocol of ["connect", "grpc"] as const) {
      const client = createPaymentServiceClient(
        createNodeTransport({ baseUrl: server.url, protocol, tls: { ca: certs.ca, ...certs.client } }),
      );
      const balance = await client.getBalance({ username: "alice" });
      expect(balance.balance?.amount).toBe(10_000n);
    }
  });

  it("refuses a client without a certificate", async () => {
    const client = createPaymentServiceClient(createNodeTransport({ baseUrl: server.url, tls: { ca: certs.ca } }), { retry: false });
    const error: unknown = await client.getBalance({ username: "alice" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectError);
    expect([Code.Internal, Code.Unavailable]).toContain((error as ConnectError).code);
    expect((error as ConnectError).message).toMatch(/certificate|socket hang up|ECONNRESET/i);
  });
});
