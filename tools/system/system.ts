/**
 * One throwaway reference system on a broker of its own (the services use the contracts' fixed
 * topic names, which other suites on a shared broker may use too), with fresh SQLite files and
 * consumer groups. The service tests start it through test/services/support/system.ts; the soak
 * run starts it directly.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { startKafkaBroker, type KafkaBroker } from "../kafka/broker.js";
import { deleteContractTopics } from "./contract-topics.js";
import type { OrderFlow } from "../../services/shared/config.js";
import { startSystem, type RunningSystem, type SystemOptions } from "../../services/system.js";
import { GatewayClient } from "./gateway-client.js";

export const testJwtSecret = "service-tests-secret-0123456789abcdef";
export const testInternalSecret = "service-tests-internal-secret";

export async function startTestBroker(): Promise<KafkaBroker> {
  return startKafkaBroker({ maxHeap: "384m" });
}

export interface SystemOverrides {
  notifyDelayMs?: number;
  deliveryStepMs?: number;
  /** Where the services' log lines go (at SERVICE_LOG_LEVEL, default error); stdout by default. */
  logDestination?: SystemOptions["logDestination"];
}

export interface TestSystem {
  system: RunningSystem;
  client: GatewayClient;
  stop(): Promise<void>;
}

export async function startTestSystem(broker: KafkaBroker, flow: OrderFlow, overrides: SystemOverrides = {}): Promise<TestSystem> {
  await deleteContractTopics(broker.brokers);
  const dataDir = await mkdtemp(join(tmpdir(), `concord-${flow}-`));
  const system = await startSystem({
    brokers: broker.brokers,
    flow,
    dataDir,
    ...(overrides.logDestination ? { logDestination: overrides.logDestination } : {}),
    config: {
      logLevel: process.env.SERVICE_LOG_LEVEL ?? "error",
      jwt: { algorithms: ["HS256"], secret: testJwtSecret },
      internalSecret: testInternalSecret,
      groupSuffix: `.${flow}.${randomBytes(4).toString("hex")}`,
      notifyDelayMs: overrides.notifyDelayMs ?? 0,
      ...(overrides.deliveryStepMs ? { deliveryStepMs: overrides.deliveryStepMs } : {}),
    },
  });
  return {
    system,
    client: new GatewayClient(system.gatewayUrl, testJwtSecret),
    async stop() {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
