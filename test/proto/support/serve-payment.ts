import { createNodeTransport, type NodeTransportOptions } from "../../../runtime/src/rpc/node-transport.js";
import type { MountOptions, RunningServer } from "../../../runtime/src/rpc/server.js";
import type { RpcClientOptions } from "../../../runtime/src/rpc/client.js";
import type { PaymentService } from "../../../generated/proto/payment/v1/payment_pb.js";
import { createPaymentServiceClient, type PaymentServiceClient } from "../../../generated/proto/payment/v1/payment_service_client.js";
import { servePaymentService } from "../../../generated/proto/payment/v1/payment_service_server.js";
import { TestPaymentService } from "./payment-service.js";

export interface PaymentFixture {
  service: TestPaymentService;
  server: RunningServer;
  client(options?: RpcClientOptions<typeof PaymentService>, transport?: Omit<NodeTransportOptions, "baseUrl">): PaymentServiceClient;
}

/** The test payment service on 127.0.0.1, a free port, served by the generated `servePaymentService`. */
export async function startPayment(options: MountOptions = {}): Promise<PaymentFixture> {
  const service = new TestPaymentService();
  const server = await servePaymentService(service, options);
  return {
    service,
    server,
    client: (options, transport) => createPaymentServiceClient(createNodeTransport({ baseUrl: server.url, ...transport }), options),
  };
}
