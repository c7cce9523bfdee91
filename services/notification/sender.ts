import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "@concordkit/runtime/service";
import type { Channel } from "./store.js";

/**
 * The delivery channel, simulated: a real deployment hands the message to an e-mail, SMS or push
 * provider here. `delayMs` stands for a slow provider (the benchmark's slowed-down notification).
 */
export async function simulateDelivery(
  logger: Logger,
  channel: Channel,
  recipient: string,
  subject: string,
  delayMs: number,
): Promise<void> {
  if (delayMs > 0) await delay(delayMs);
  logger.info("notification delivered (simulator)", { channel, recipient, subject });
}
