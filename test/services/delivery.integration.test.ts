/**
 * The delivery service on a real Connect server (127.0.0.1), called through the generated client:
 * one shipment per order whatever the retries, the stream of stages in order, cancellation, a
 * restart that loses nothing, and no access without the internal secret.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryStage } from "../../generated/proto/delivery/v1/delivery_pb.js";
import { createDeliveryServiceClient, type DeliveryServiceClient } from "../../generated/proto/delivery/v1/delivery_service_client.js";
import { startDeliveryService } from "../../services/delivery/delivery-service.js";
import { loadConfig, type ServiceConfig } from "../../services/shared/config.js";
import { innerTransport, sendInternalSecret } from "../../services/shared/rpc.js";
import type { RunningService } from "../../services/shared/service.js";

const secret = "delivery-test-internal-secret";
const stepMs = 300;
let dataDir: string;
let config: ServiceConfig;
let service: RunningService;
let client: DeliveryServiceClient;

async function startDelivery(port = 0): Promise<RunningService> {
  return startDeliveryService({ config, urls: { order: "", payment: "", user: "", notification: "", delivery: "" }, port });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "concord-delivery-"));
  config = { ...loadConfig({}), dataDir, internalSecret: secret, deliveryStepMs: stepMs, logLevel: "error" };
  service = await startDelivery();
  client = newClient();
}, 30_000);

function newClient(): DeliveryServiceClient {
  return createDeliveryServiceClient(innerTransport(`http://127.0.0.1:${service.ports.api}`), {
    interceptors: [sendInternalSecret(secret)],
  });
}

afterAll(async () => {
  await service?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

let nextOrder = 1;
const newShipment = () => client.createShipment({ orderId: BigInt(nextOrder++), username: "alice", deliveryAddress: "1 Main St" });

async function stagesOf(shipmentId: string): Promise<Array<{ stage: DeliveryStage; at: number }>> {
  const stages: Array<{ stage: DeliveryStage; at: number }> = [];
  for await (const step of client.watchDelivery({ shipmentId }, { timeoutMs: 20_000 })) {
    expect(step.shipmentId).toBe(shipmentId);
    stages.push({ stage: step.stage, at: step.occurredAt ? timestampMs(step.occurredAt) : 0 });
  }
  return stages;
}

describe("delivery service (courier simulator)", () => {
  it("creates one shipment per order, whatever the retries", async () => {
    const orderId = BigInt(nextOrder++);
    const first = await client.createShipment(
      { orderId, username: "alice", deliveryAddress: "1 Main St" },
      { headers: { "idempotency-key": "k-1" } },
    );
    const again = await client.createShipment(
      { orderId, username: "alice", deliveryAddress: "1 Main St" },
      { headers: { "idempotency-key": "k-2" } },
    );
    expect(first.shipmentId).toMatch(/^shp-/);
    expect(again.shipmentId).toBe(first.shipmentId);
    expect(first.estimatedDeliveryAt).toBeDefined();
  });

  it("streams every stage in order until DELIVERED, one step apart", async () => {
    const { shipmentId, estimatedDeliveryAt } = await newShipment();
    const started = Date.now();
    const stages = await stagesOf(shipmentId);
    expect(stages.map((s) => DeliveryStage[s.stage])).toEqual(["CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
    const times = stages.map((s) => s.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(stepMs);
    expect(times.at(-1)).toBe(timestampMs(estimatedDeliveryAt!));
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * stepMs);
  });

  it("cancels a shipment before delivery: the stream ends with CANCELLED, and cancelling again changes nothing", async () => {
    const { shipmentId } = await newShipment();
    const watching = stagesOf(shipmentId);
    expect((await client.cancelShipment({ shipmentId, reason: "customer changed their mind" })).stage).toBe(DeliveryStage.CANCELLED);
    expect((await client.cancelShipment({ shipmentId, reason: "again" })).stage).toBe(DeliveryStage.CANCELLED);
    const stages = (await watching).map((s) => DeliveryStage[s.stage]);
    expect(stages.at(-1)).toBe("CANCELLED");
    expect(stages).not.toContain("DELIVERED");
  });

  it("does not cancel what was delivered", async () => {
    const { shipmentId } = await newShipment();
    await stagesOf(shipmentId);
    expect((await client.cancelShipment({ shipmentId, reason: "too late" })).stage).toBe(DeliveryStage.DELIVERED);
  });

  it("answers NotFound for an unknown shipment", async () => {
    await expect(stagesOf("shp-unknown")).rejects.toMatchObject({ code: Code.NotFound });
  });

  it("goes on after a restart: the shipment and its stages survive", async () => {
    const { shipmentId } = await newShipment();
    const port = service.ports.api!;
    await service.stop();
    service = await startDelivery(port);
    // A new connection (the old HTTP/2 session died with the server).
    client = newClient();
    const stages = await stagesOf(shipmentId);
    expect(stages.map((s) => DeliveryStage[s.stage])).toEqual(["CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
  });

  it("refuses calls without the internal secret", async () => {
    const outsider = createDeliveryServiceClient(innerTransport(`http://127.0.0.1:${service.ports.api}`), { retry: false });
    const error = await outsider
      .createShipment({ orderId: 999n, username: "mallory", deliveryAddress: "x" })
      .catch((e: unknown) => ConnectError.from(e));
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unauthenticated);
  });
});
