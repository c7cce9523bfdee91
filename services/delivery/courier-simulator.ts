/**
 * The courier service the delivery adapter talks to is a **simulator** running in the same
 * process: a shipment moves one stage every `stepMs` from the moment it was created (created →
 * picked up → in transit → out for delivery → delivered) unless it was cancelled first. The
 * stage is a function of the stored times and the clock, so a restarted delivery service goes on
 * exactly where the simulated courier is, with no timers to restore.
 */
import { DeliveryStage } from "../../generated/proto/delivery/v1/delivery_pb.js";

/** The stages a shipment passes through, in order. */
export const courierRoute: readonly DeliveryStage[] = [
  DeliveryStage.CREATED,
  DeliveryStage.PICKED_UP,
  DeliveryStage.IN_TRANSIT,
  DeliveryStage.OUT_FOR_DELIVERY,
  DeliveryStage.DELIVERED,
];

export interface SimulatedShipment {
  createdAt: number;
  cancelledAt: number | undefined;
}

export interface StageStep {
  stage: DeliveryStage;
  /** When the simulated courier reached it (epoch ms). */
  at: number;
}

/** Every stage the shipment has reached by `now`, in order; a cancelled one ends with CANCELLED. */
export function stagesReached(shipment: SimulatedShipment, now: number, stepMs: number): StageStep[] {
  const steps: StageStep[] = [];
  for (const [index, stage] of courierRoute.entries()) {
    const at = shipment.createdAt + index * stepMs;
    if (at > now) break;
    if (shipment.cancelledAt !== undefined && at > shipment.cancelledAt) break;
    steps.push({ stage, at });
  }
  const last = steps.at(-1)?.stage;
  if (shipment.cancelledAt !== undefined && shipment.cancelledAt <= now && last !== DeliveryStage.DELIVERED) {
    steps.push({ stage: DeliveryStage.CANCELLED, at: shipment.cancelledAt });
  }
  return steps;
}

/** The stage at `now`. */
export function stageAt(shipment: SimulatedShipment, now: number, stepMs: number): DeliveryStage {
  return stagesReached(shipment, now, stepMs).at(-1)?.stage ?? DeliveryStage.CREATED;
}

/** When the next stage is due, or undefined once the shipment is delivered or cancelled. */
export function nextStageAt(shipment: SimulatedShipment, now: number, stepMs: number): number | undefined {
  const reached = stagesReached(shipment, now, stepMs);
  if (isFinalStage(reached.at(-1)?.stage)) return undefined;
  return shipment.createdAt + reached.length * stepMs;
}

export function estimatedDeliveryAt(createdAt: number, stepMs: number): number {
  return createdAt + (courierRoute.length - 1) * stepMs;
}

export function isFinalStage(stage: DeliveryStage | undefined): boolean {
  return stage === DeliveryStage.DELIVERED || stage === DeliveryStage.CANCELLED;
}
