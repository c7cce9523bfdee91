/**
 * `npm run system`: the whole reference system on this machine. Starts a Kafka broker (unless
 * KAFKA_BROKERS names one), provisions the contracts' topics, then runs every service as its own
 * process on 127.0.0.1 (`node --conditions=@concordkit/source --import tsx services/main.ts <service>`) and prints where they listen. Ctrl-C
 * stops everything. ORDER_FLOW=sync|async|hybrid (or `--flow <flow>`) picks the order flow.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { allTopics, provisionAllTopics } from "../generated/asyncapi/topics.js";
import { parseOrderFlow } from "../services/shared/config.js";
import { createKafka } from "../services/shared/kafka-client.js";
import { waitForKafka } from "@concordkit/runtime/kafka";
import { createLogger } from "@concordkit/runtime/service";
import { freePort } from "../tools/free-port.js";
import { startKafkaBroker, type KafkaBroker } from "../tools/kafka/broker.js";

const flowFlag = process.argv.indexOf("--flow");
const flow = parseOrderFlow(flowFlag > 0 ? (process.argv[flowFlag + 1] ?? "") : (process.env.ORDER_FLOW ?? "hybrid"));
const dataDir = process.env.DATA_DIR ?? ".data/system";
mkdirSync(dataDir, { recursive: true });
const logger = createLogger("system", { level: "error" });

let broker: KafkaBroker | undefined;
let brokers = process.env.KAFKA_BROKERS?.split(",").filter(Boolean) ?? [];
if (brokers.length === 0) {
  console.log("starting a Kafka broker (first run downloads the jars from Maven Central)…");
  broker = await startKafkaBroker({ dataDir: `${dataDir}/kafka` });
  brokers = broker.brokers;
}
const kafka = createKafka("concord-system", brokers, logger);
await provisionAllTopics(kafka);
await waitForKafka(
  kafka,
  allTopics.map((topic) => topic.name),
);

const port = async (variable: string) => Number(process.env[variable] ?? (await freePort()));
const ports = {
  gateway: await port("GATEWAY_PORT"),
  order: await freePort(),
  payment: await freePort(),
  user: await freePort(),
  notification: await freePort(),
  delivery: await freePort(),
};
const url = (service: keyof typeof ports) => `http://127.0.0.1:${ports[service]}`;
const commonEnv = {
  ...process.env,
  KAFKA_BROKERS: brokers.join(","),
  ORDER_FLOW: flow,
  DATA_DIR: dataDir,
  ORDER_URL: url("order"),
  PAYMENT_URL: url("payment"),
  USER_URL: url("user"),
  NOTIFICATION_URL: url("notification"),
  DELIVERY_URL: url("delivery"),
};

const children: ChildProcess[] = [];
const table: Array<{ service: string; api: string; metrics: string }> = [];

function run(service: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@concordkit/source", "--import", "tsx", "services/main.ts", ...args], {
      env: { ...commonEnv, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    child.once("exit", (code) => reject(new Error(`${service} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith('{"ready"')) {
        const ready = JSON.parse(line) as { ports: Record<string, number> };
        table.push({ service, api: ready.ports.api ? url2(ready.ports.api) : "-", metrics: `${url2(ready.ports.metrics!)}/metrics` });
        resolve();
      } else if (process.env.SYSTEM_LOGS) {
        process.stdout.write(`${line}\n`);
      }
    });
  });
}
const url2 = (value: number) => `http://127.0.0.1:${value}`;

async function stopAll(): Promise<void> {
  for (const child of children.reverse()) child.kill("SIGTERM");
  await Promise.all(
    children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))),
  );
  await broker?.stop();
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.log("\nstopping…");
    stopAll().then(() => process.exit(0));
  });
}

try {
  await Promise.all([
    run("payment", ["payment"], { PORT: String(ports.payment) }),
    run("user", ["user"], { PORT: String(ports.user) }),
    run("notification", ["notification"], { PORT: String(ports.notification) }),
    run("delivery", ["delivery"], { PORT: String(ports.delivery) }),
  ]);
  await run("order", ["order"], { PORT: String(ports.order) });
  await Promise.all([
    run("moderation-1", ["moderation"], { INSTANCE: "moderation-1" }),
    run("moderation-2", ["moderation"], { INSTANCE: "moderation-2" }),
  ]);
  await run("gateway", ["gateway"], { PORT: String(ports.gateway) });
} catch (error) {
  console.error(error);
  await stopAll();
  process.exit(1);
}

console.table(table);
console.log(`ORDER_FLOW=${flow}; Kafka at ${brokers.join(",")}; data in ${dataDir}`);
console.log(`gateway: ${url("gateway")}/api/v1   (Ctrl-C stops everything)`);
