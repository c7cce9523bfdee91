/**
 * vitest global setup: one shared Kafka broker for the whole run, handed to test files with
 * `provide("kafkaBrokers", …)` (read it with `kafkaBrokers()` from ./index.ts).
 *
 * - `KAFKA_BROKERS=host:port[,host:port]` uses that broker and starts nothing.
 * - Otherwise the broker starts only if a selected test file is an `*.integration.test.ts`,
 *   so `vitest run test/core` does not pay for a JVM.
 */
import type { TestProject } from "vitest/node";
import { startKafkaBroker } from "../../../tools/kafka/broker.js";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnv = process.env.KAFKA_BROKERS?.split(",")
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (fromEnv && fromEnv.length > 0) {
    project.provide("kafkaBrokers", fromEnv);
    return undefined;
  }
  if (!(await integrationFilesSelected(project))) {
    project.provide("kafkaBrokers", []);
    return undefined;
  }
  const broker = await startKafkaBroker();
  project.provide("kafkaBrokers", broker.brokers);
  return () => broker.destroy();
}

/**
 * Whether this run selected an integration test file. vitest does not pass the selection to a
 * global setup, so we glob with the run's CLI filters (vitest keeps them in `filenamePattern`);
 * if a vitest version stops exposing it, every file counts and the broker starts.
 */
async function integrationFilesSelected(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const specifications = await project.vitest.globTestSpecifications(filters);
  return specifications.some((specification) => specification.moduleId.includes(".integration."));
}
