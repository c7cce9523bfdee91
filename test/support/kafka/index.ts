/**
 * What test files use to reach Kafka: the shared broker of the run (started by ./global-setup.ts,
 * or the one `KAFKA_BROKERS` names), unique topic names, and topic provisioning.
 */
import { randomBytes } from "node:crypto";
import { Kafka, logLevel, type ITopicConfig } from "kafkajs";
import { inject } from "vitest";
import { waitUntilServing } from "../../../runtime/src/kafka/provision.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** `host:port` list of the run's shared broker; empty when no integration test file was selected. */
    kafkaBrokers: string[];
  }
}

/** The shared broker's `host:port` list. Throws when the run started none (only unit test files selected). */
export function kafkaBrokers(): string[] {
  const brokers = inject("kafkaBrokers");
  if (!brokers || brokers.length === 0) {
    throw new Error(
      "no Kafka broker for this run: the global setup starts one only when a selected test file is " +
        "named *.integration.test.ts; or set KAFKA_BROKERS=host:port to use a running broker",
    );
  }
  return brokers;
}

/** A topic name no other suite on the shared broker uses: `<prefix>.<12 hex chars>`. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}.${randomBytes(6).toString("hex")}`;
}

/** A kafkajs client with its log silenced (tests assert on behaviour, not on client chatter). */
export function testKafka(brokers: string[], clientId = "concord-test"): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

/**
 * Creates topics (the shared broker does not auto-create them) and waits for their leaders.
 * `topics` entries are names (1 partition) or full kafkajs topic configs.
 */
export async function createTopics(brokers: string[], topics: Array<string | ITopicConfig>): Promise<void> {
  const admin = testKafka(brokers, "concord-test-admin").admin();
  await admin.connect();
  try {
    const configs = topics.map((topic) => (typeof topic === "string" ? { topic, numPartitions: 1 } : topic));
    await admin.createTopics({ topics: configs, waitForLeaders: false });
    await waitUntilServing(
      admin,
      configs.map((config) => config.topic),
    );
  } finally {
    await admin.disconnect();
  }
}
