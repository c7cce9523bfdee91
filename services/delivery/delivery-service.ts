/**
 * The delivery service: the seeds' integration adapter in front of a courier service, on the
 * generated Connect `delivery.v1.DeliveryService`. The courier is a simulator in this process
 * (courier-simulator.ts; DELIVERY_STEP_MS between stages). Shipments are stored, so a restart
 * loses none and the stages go on from where the simulated courier is.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { DeliveryStage } from "../../generated/proto/delivery/v1/delivery_pb.js";
import { mountDeliveryService, type DeliveryServiceHandler } from "../../generated/proto/delivery/v1/delivery_service_server.js";
import { serveInnerRpc } from "../shared/rpc.js";
import { runService, type ContextOptions, type RunningService, type ServiceContext } from "../shared/service.js";
import { estimatedDeliveryAt, nextStageAt, stageAt, stagesReached } from "./courier-simulator.js";
import { cancelShipment, createDeliverySchema, createShipment, findShipment } from "./store.js";

export function startDeliveryService(options: ContextOptions): Promise<RunningService> {
  return runService("delivery", options, start);
}

async function start(context: ServiceContext) {
  const { db } = context;
  await createDeliverySchema(db);
  const stopping = new AbortController();
  const server = await serveInnerRpc(context, (router, options) =>
    mountDeliveryService(router, deliveryHandler(context, stopping.signal), options),
  );
  return {
    ports: { api: server.port },
    async stop() {
      stopping.abort();
      await server.close();
    },
  };
}

function deliveryHandler(context: ServiceContext, stopping: AbortSignal): DeliveryServiceHandler {
  const { db, logger } = context;
  const stepMs = context.config.deliveryStepMs;

  async function shipmentOrThrow(shipmentId: string) {
    const shipment = await findShipment(db, shipmentId);
    if (!shipment) throw new ConnectError(`no shipment ${shipmentId}`, Code.NotFound);
    return shipment;
  }

  return {
    async createShipment(request) {
      if (request.orderId <= 0n) throw new ConnectError("order_id is required", Code.InvalidArgument);
      const { shipment, created } = await createShipment(db, {
        orderId: Number(request.orderId),
        username: request.username,
        deliveryAddress: request.deliveryAddress,
      });
      if (created) logger.info("shipment handed to the courier simulator", { orderId: shipment.orderId, shipmentId: shipment.shipmentId });
      return { shipmentId: shipment.shipmentId, estimatedDeliveryAt: timestampFromMs(estimatedDeliveryAt(shipment.createdAt, stepMs)) };
    },

    async cancelShipment(request) {
      const shipment = await shipmentOrThrow(request.shipmentId);
      const now = Date.now();
      if (stageAt(shipment, now, stepMs) === DeliveryStage.DELIVERED) return { stage: DeliveryStage.DELIVERED };
      const cancelled = await cancelShipment(db, shipment.shipmentId, now, request.reason);
      return { stage: stageAt(cancelled!, Date.now(), stepMs) };
    },

    async *watchDelivery(request, callContext) {
      let shipment = await shipmentOrThrow(request.shipmentId);
      const signal = AbortSignal.any([callContext.signal, stopping]);
      let sent = 0;
      for (;;) {
        const now = Date.now();
        const reached = stagesReached(shipment, now, stepMs);
        for (const step of reached.slice(sent)) {
          yield {
            shipmentId: shipment.shipmentId,
            orderId: BigInt(shipment.orderId),
            stage: step.stage,
            occurredAt: timestampFromMs(step.at),
          };
        }
        sent = reached.length;
        const next = nextStageAt(shipment, now, stepMs);
        if (next === undefined) return;
        // Wake for the next stage, or sooner to notice a cancellation.
        await sleep(Math.max(1, Math.min(next - now, stepMs)), undefined, { signal }).catch(() => undefined);
        if (signal.aborted) return;
        shipment = await shipmentOrThrow(shipment.shipmentId);
      }
    },
  };
}
