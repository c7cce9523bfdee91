import net from "node:net";
import { createConnectTransport } from "@connectrpc/connect-web";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaymentStatus } from "../../generated/proto/payment/v1/payment_pb.js";
import { createPaymentServiceClient } from "../../generated/proto/payment/v1/payment_service_client.js";
import { bufCurl, parseJsonStream } from "./support/buf-curl.js";
import { startPayment, type PaymentFixture } from "./support/serve-payment.js";

describe("payment service from the generated skeleton, on 127.0.0.1 over HTTP/2", () => {
  let payment: PaymentFixture;
  beforeAll(async () => {
    payment = await startPayment();
  });
  afterAll(() => payment.server.close());

  it("answers the generated client: unary charge, then the payment's status as an async iterable", async () => {
    const client = payment.client();
    const charged = await client.charge({ orderId: 41n, username: "alice", total: { amount: 2_500n, currency: "EUR" } });
    expect(charged.status).toBe(PaymentStatus.IN_PROGRESS);
    expect(charged.paymentId).toMatch(/^pay-\d+$/);

    const statuses: PaymentStatus[] = [];
    for await (const update of client.watchPayment({ paymentId: charged.paymentId })) {
      expect(update.orderId).toBe(41n);
      expect(update.occurredAt).toBeDefined();
      statuses.push(update.status);
    }
    expect(statuses).toEqual([PaymentStatus.IN_PROGRESS, PaymentStatus.PAID]);
  });

  it("gives each charge an idempotency key the server sees", async () => {
    const before = payment.service.keysSeen.length;
    await payment.client().charge({ orderId: 42n, username: "alice", total: { amount: 1n, currency: "EUR" } });
    const key = payment.service.keysSeen[before];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("speaks gRPC and gRPC-Web over HTTP/2, and Connect over HTTP/1.1 (Node, and the fetch transport a browser would use)", async () => {
    const grpc = payment.client({}, { protocol: "grpc" });
    const viaGrpc = await grpc.createAccount({ username: "grpc-user", currency: "EUR" });
    expect(viaGrpc.balance).toMatchObject({ amount: 0n, currency: "EUR" });

    const web = createPaymentServiceClient(createConnectTransport({ baseUrl: payment.server.url }));
    const viaFetch = await web.getBalance({ username: "grpc-user" });
    expect(viaFetch.balance?.amount).toBe(0n);

    const grpcWeb = payment.client({}, { protocol: "grpc-web" });
    expect((await grpcWeb.getBalance({ username: "grpc-user" })).username).toBe("grpc-user");
    const http1 = payment.client({}, { httpVersion: "1.1" });
    expect((await http1.getBalance({ username: "grpc-user" })).username).toBe("grpc-user");

    const webDefault = createPaymentServiceClient({ baseUrl: payment.server.url });
    await expect(webDefault.getBalance({ username: "nobody" })).rejects.toMatchObject({ code: Code.NotFound });
  });

  it("rejects a charge without an idempotency key when the caller bypasses the generated client", async () => {
    const result = await bufCurl(
      payment.server.url,
      "payment.v1.PaymentService/Charge",
      { orderId: "1", username: "alice", total: { amount: "5", currency: "EUR" } },
      { protocol: "connect" },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("invalid_argument");
    expect(result.stderr).toContain("idempotency-key");
  });

  for (const protocol of ["connect", "grpc"] as const) {
    it(`answers buf curl --protocol ${protocol} --http2-prior-knowledge: unary and server stream`, async () => {
      const key = `curl-${protocol}-${Date.now()}`;
      const body = { orderId: "77", username: "alice", total: { amount: "300", currency: "EUR" } };
      const charged = await bufCurl(payment.server.url, "payment.v1.PaymentService/Charge", body, {
        protocol,
        headers: { "idempotency-key": key },
      });
      expect(charged.stderr).toBe("");
      expect(charged.code).toBe(0);
      const [response] = parseJsonStream(charged.stdout) as [{ paymentId: string; status: string }];
      expect(response.status).toBe("PAYMENT_STATUS_IN_PROGRESS");

      const watched = await bufCurl(
        payment.server.url,
        "payment.v1.PaymentService/WatchPayment",
        { paymentId: response.paymentId },
        { protocol },
      );
      expect(watched.code).toBe(0);
      const updates = parseJsonStream(watched.stdout) as { orderId: string; status: string }[];
      expect(updates.map((u) => u.status)).toEqual(["PAYMENT_STATUS_IN_PROGRESS", "PAYMENT_STATUS_PAID"]);
      expect(updates[0]!.orderId).toBe("77");
    });
  }

  it("keeps serving after peers that reset at once or send garbage", async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(payment.server.port, "127.0.0.1", () => {
        socket.resetAndDestroy();
        resolve();
      });
      socket.on("error", reject);
    });
    await new Promise<void>((resolve) => {
      const socket = net.connect(payment.server.port, "127.0.0.1", () => socket.end("\x00\x01garbage\r\n\r\n"));
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
      socket.resume();
    });
    await expect(payment.client().getBalance({ username: "alice" })).resolves.toMatchObject({ username: "alice" });
  });

  it("maps a handler's ConnectError to the caller with its code", async () => {
    const error = await payment
      .client()
      .watchPayment({ paymentId: "pay-missing" })
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.NotFound);
  });
});
