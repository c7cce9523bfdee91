/** The courier simulator: stages as a function of stored times and the clock, cancellation, resumption. */
import { describe, expect, it } from "vitest";
import { DeliveryStage } from "../../generated/proto/delivery/v1/delivery_pb.js";
import { estimatedDeliveryAt, isFinalStage, nextStageAt, stageAt, stagesReached } from "../../services/delivery/courier-simulator.js";

const step = 100;
const created = 1_000_000;

describe("courier simulator", () => {
  it("moves one stage per step from creation to delivery", () => {
    const shipment = { createdAt: created, cancelledAt: undefined };
    expect(stageAt(shipment, created, step)).toBe(DeliveryStage.CREATED);
    expect(stageAt(shipment, created + step - 1, step)).toBe(DeliveryStage.CREATED);
    expect(stageAt(shipment, created + step, step)).toBe(DeliveryStage.PICKED_UP);
    expect(stageAt(shipment, created + 2 * step, step)).toBe(DeliveryStage.IN_TRANSIT);
    expect(stageAt(shipment, created + 3 * step, step)).toBe(DeliveryStage.OUT_FOR_DELIVERY);
    expect(stageAt(shipment, created + 4 * step, step)).toBe(DeliveryStage.DELIVERED);
    expect(stageAt(shipment, created + 100 * step, step)).toBe(DeliveryStage.DELIVERED);
    expect(estimatedDeliveryAt(created, step)).toBe(created + 4 * step);
  });

  it("lists every stage reached with its time, so a late watcher (or a restarted service) sees them all", () => {
    const steps = stagesReached({ createdAt: created, cancelledAt: undefined }, created + 10 * step, step);
    expect(steps.map((s) => s.stage)).toEqual([
      DeliveryStage.CREATED,
      DeliveryStage.PICKED_UP,
      DeliveryStage.IN_TRANSIT,
      DeliveryStage.OUT_FOR_DELIVERY,
      DeliveryStage.DELIVERED,
    ]);
    expect(steps.map((s) => s.at)).toEqual([0, 1, 2, 3, 4].map((i) => created + i * step));
  });

  it("stops at the cancellation and ends with CANCELLED", () => {
    const shipment = { createdAt: created, cancelledAt: created + step + 50 };
    expect(stagesReached(shipment, created + 10 * step, step).map((s) => s.stage)).toEqual([
      DeliveryStage.CREATED,
      DeliveryStage.PICKED_UP,
      DeliveryStage.CANCELLED,
    ]);
    expect(nextStageAt(shipment, created + 10 * step, step)).toBeUndefined();
    expect(isFinalStage(stageAt(shipment, created + 10 * step, step))).toBe(true);
  });

  it("says when the next stage is due, and nothing once delivered", () => {
    const shipment = { createdAt: created, cancelledAt: undefined };
    expect(nextStageAt(shipment, created, step)).toBe(created + step);
    expect(nextStageAt(shipment, created + 2 * step + 10, step)).toBe(created + 3 * step);
    expect(nextStageAt(shipment, created + 4 * step, step)).toBeUndefined();
  });
});
