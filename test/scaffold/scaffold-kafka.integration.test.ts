/**
 * `concord scaffold service` for a service of all three kinds, on the run's broker: the skeleton
 * (Connect, REST, and the AsyncAPI document's consumer and producer) type-checks strict, its own
 * first test passes with KAFKA_BROKERS set, and run as a process its /healthz reports the consumer
 * group. A message for the unwritten handler goes to the topic's .dlq at once (not retried) with a
 * log line that says how to replay it; with the handler written in (it sends through the generated
 * producer) and the service started again, a new message is handled, and `concord dlq replay`
 * brings the dead-lettered one back to be handled too.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Consumer, KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaBrokers, testKafka } from "../support/kafka/index.js";
import { waitUntil } from "../../tools/wait.js";
import { createProject, type Project, type RunningProgram } from "./support/project.js";

const run = randomBytes(4).toString("hex");
const placed = `scaffold.${run}.orders-placed`;
const confirmed = `scaffold.${run}.orders-confirmed`;
const group = `scaffold-${run}-shop`;
let project: Project;
let env: Record<string, string>;
let collector: Consumer | undefined;
const received: Array<{ topic: string; message: KafkaMessage }> = [];
const running: RunningProgram[] = [];

beforeAll(async () => {
  env = { HOST: "127.0.0.1", RPC_PORT: "0", HTTP_PORT: "0", OPS_PORT: "0", KAFKA_BROKERS: kafkaBrokers().join(",") };
  project = await createProject(["proto", "openapi", "asyncapi"], run);
  const generate = await project.concord(["generate"]);
  expect(generate.code, generate.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await Promise.all(running.map((program) => program.stop()));
  await collector?.disconnect();
  await project?.remove();
}, 60_000);

async function start(): Promise<RunningProgram> {
  const program = await project.start("services/shop/main.ts", env, 60_000);
  running.push(program);
  return program;
}

async function stop(program: RunningProgram): Promise<number | null> {
  running.splice(running.indexOf(program), 1);
  return program.stop(30_000);
}

async function send(orderId: string): Promise<void> {
  const producer = testKafka(kafkaBrokers()).producer();
  await producer.connect();
  await producer.send({ topic: placed, messages: [{ key: orderId, value: JSON.stringify({ orderId }) }] });
  await producer.disconnect();
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

describe("concord scaffold service shop (Connect, REST and Kafka)", () => {
  it("writes a handler file per consumed topic and wires the consumer and producer; it type-checks strict", async () => {
    const result = await project.concord(["scaffold", "service", "shop"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `AsyncAPI  shop-service (consumes ${placed}; produces ${confirmed})  [AsyncAPI document shop-service or shop]`,
    );
    expect(result.stdout).toContain(`wrote  services/shop/handlers/kafka/scaffold-${run}-orders-placed.ts`);
    const service = await readFile(join(project.dir, "services/shop/service.ts"), "utf8");
    for (const wired of [
      "startShopServiceConsumer(",
      "createShopServiceProducer(kafka)",
      "provisionShopServiceTopics(kafka)",
      "health.watch(shopServiceConsumer)",
      "mountCartService(router",
      "createShopRouter(shopHandlers",
    ]) {
      expect(service).toContain(wired);
    }
    const tsc = await project.typecheck();
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  }, 120_000);

  it("its own first test passes against the broker", async () => {
    const result = await project.tsx(["--test", "services/shop/service.test.ts"], { env, timeoutMs: 90_000 });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/# pass 1\b/);
    expect(result.stdout).toMatch(/# skipped 0\b/);
  }, 120_000);

  it("runs: /healthz reports the consumer group; a message for the unwritten handler is dead-lettered at once, and the log says how to replay it", async () => {
    const program = await start();
    const health = await fetch(`${program.urls.ops}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", groups: [{ groupId: group, running: true }] });

    collector = testKafka(kafkaBrokers()).consumer({ groupId: `scaffold-test-${run}` });
    await collector.connect();
    await collector.subscribe({ topics: [`${placed}.dlq`, confirmed], fromBeginning: true });
    await collector.run({ eachMessage: async ({ topic, message }) => void received.push({ topic, message }) });

    await send("o1");
    await waitUntil(
      () => received.some((r) => r.topic === `${placed}.dlq`),
      30_000,
      () => `no dead letter on ${placed}.dlq:\n${program.output()}`,
    );
    const dead = received.find((r) => r.topic === `${placed}.dlq`)!.message;
    expect(JSON.parse(dead.value!.toString())).toEqual({ orderId: "o1" });
    expect(header(dead, "dlq-reason")).toBe("handler-failed");
    expect(header(dead, "dlq-attempts")).toBe("1"); // not retried: retrying could not help
    expect(header(dead, "dlq-error")).toContain(`NotImplementedError: onOrderPlaced (${placed}) is not implemented`);
    expect(header(dead, "dlq-consumer-group")).toBe(group);
    await waitUntil(
      () => program.output().includes("write the handler, then concord dlq replay"),
      10_000,
      () => program.output(),
    );
    expect(program.output()).toContain(
      `went to ${placed}.dlq; write the handler, then concord dlq replay --topic ${placed} --failed-by ${group}`,
    );

    const metrics = await (await fetch(`${program.urls.ops}/metrics`)).text();
    expect(metrics).toContain(
      `concord_kafka_dead_letters_total{service="shop",group="${group}",topic="${placed}",reason="handler-failed"} 1`,
    );
    expect(metrics).toContain(
      'concord_requests_total{service="shop",surface="kafka",operation="onOrderPlaced",code="NotImplementedError"} 1',
    );
    expect(await stop(program)).toBe(0);
  }, 90_000);

  it("with the handler written in (it sends through the generated producer), a new message is handled and the dead-lettered one comes back with dlq replay", async () => {
    const file = join(project.dir, `services/shop/handlers/kafka/scaffold-${run}-orders-placed.ts`);
    const stub = await readFile(file, "utf8");
    const body = `throw new NotImplementedError("onOrderPlaced (${placed})");`;
    expect(stub).toContain(body);
    await writeFile(
      file,
      stub.replace(
        body,
        "await service.shopServiceProducer.sendOrderConfirmed({ orderId: message.payload.orderId, confirmedBy: service.config.name });",
      ),
    );
    const [tsc, program] = await Promise.all([project.typecheck(), start()]);
    expect(tsc.stdout + tsc.stderr).toBe("");

    const confirmations = () =>
      received.filter((r) => r.topic === confirmed).map((r) => JSON.parse(r.message.value!.toString()) as unknown);
    await send("o2");
    await waitUntil(
      () => confirmations().length >= 1,
      30_000,
      () => `no confirmation:\n${program.output()}`,
    );
    expect(confirmations()).toEqual([{ orderId: "o2", confirmedBy: "shop" }]);

    const replay = await project.concord(
      ["dlq", "replay", "--topic", placed, "--brokers", kafkaBrokers().join(","), "--failed-by", group],
      60_000,
    );
    expect(replay.code, replay.stderr).toBe(0);
    await waitUntil(
      () => confirmations().length >= 2,
      30_000,
      () => `the replayed message was not handled:\n${replay.stdout}\n${program.output()}`,
    );
    expect(confirmations()).toEqual([
      { orderId: "o2", confirmedBy: "shop" },
      { orderId: "o1", confirmedBy: "shop" },
    ]);
    expect(await stop(program)).toBe(0);
    expect(program.output()).toContain('"msg":"stopped"');
  }, 120_000);
});
