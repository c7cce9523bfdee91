/**
 * vitest hooks around tools/system/system.ts: a broker of the test file's own, and one reference
 * system on it per describe block.
 */
import { afterAll, beforeAll } from "vitest";
import type { KafkaBroker } from "../../../tools/kafka/broker.js";
import type { OrderFlow } from "../../../services/shared/config.js";
import { startTestBroker, startTestSystem, type SystemOverrides, type TestSystem } from "../../../tools/system/system.js";

/** Starts a broker of this test file's own before its tests and destroys it after them. */
export function useOwnBroker(): { readonly broker: KafkaBroker } {
  let broker: KafkaBroker | undefined;
  beforeAll(async () => {
    broker = await startTestBroker();
  }, 180_000);
  afterAll(async () => {
    await broker?.destroy();
  }, 60_000);
  return {
    get broker() {
      if (!broker) throw new Error("the test broker is not started yet");
      return broker;
    },
  };
}

/** Starts the reference system on the file's own broker before a describe block's tests and stops it after them. */
export function useTestSystem(own: { readonly broker: KafkaBroker }, flow: OrderFlow, overrides: SystemOverrides = {}): TestSystem {
  let current: TestSystem | undefined;
  beforeAll(async () => {
    current = await startTestSystem(own.broker, flow, overrides);
  }, 120_000);
  afterAll(async () => {
    await current?.stop();
  }, 60_000);
  const started = () => {
    if (!current) throw new Error("the test system is not started yet");
    return current;
  };
  return {
    get system() {
      return started().system;
    },
    get client() {
      return started().client;
    },
    stop: () => started().stop(),
  };
}
