/**
 * `npm run kafka`: a single-node Apache Kafka 3.9 broker (KRaft) for the reference services, in
 * the foreground, from the same Maven Central jars the tests use. Ctrl-C stops it; its data is
 * kept in .cache/kafka/dev (delete the folder for a clean broker).
 *
 *   npm run kafka                         # 127.0.0.1:9092
 *   npm run kafka -- --port 19092 --data /tmp/kafka-dev --auto-create-topics
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startKafkaBroker } from "../tools/kafka/broker.js";
import { KAFKA_VERSION, repoRoot } from "../tools/kafka/jars.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9092" },
    "controller-port": { type: "string", default: "9093" },
    data: { type: "string", default: join(repoRoot, ".cache/kafka/dev") },
    "auto-create-topics": { type: "boolean", default: false },
  },
});

await mkdir(values.data, { recursive: true });
console.log(`starting Apache Kafka ${KAFKA_VERSION} (KRaft, single node), data in ${values.data} …`);
const broker = await startKafkaBroker({
  dataDir: values.data,
  port: Number(values.port),
  controllerPort: Number(values["controller-port"]),
  autoCreateTopics: values["auto-create-topics"],
});
console.log(`Kafka is ready on ${broker.brokers.join(",")} (KAFKA_BROKERS=${broker.brokers.join(",")}); log: ${broker.logFile}`);
console.log("Ctrl-C stops it.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("stopping Kafka …");
    void broker.stop().then(() => process.exit(0));
  });
}
