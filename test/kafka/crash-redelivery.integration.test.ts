/**
 * At-least-once with a real crash: a consumer process SIGKILLed after its side effect but before
 * the offset commit gets the message again in its next life, and the SQLite dedup store keeps
 * the side effect single. And a graceful stop finishes the message in hand and commits it.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bindHandler, runConsumer } from "../../runtime/src/kafka/consumer.js";
import { createProducer } from "../../runtime/src/kafka/producer.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { orderCreated, orderCreatedSpec, topicSpec } from "../../tools/kafka/specs.js";
import { waitUntil } from "../../tools/wait.js";

const brokers = kafkaBrokers();
const kafka = testKafka(brokers, "concord-crash");
const producer = createProducer(kafka);
const consumerScript = fileURLToPath(new URL("./helpers/crash-consumer.ts", import.meta.url));
const dirs: string[] = [];

afterAll(async () => {
  await producer.disconnect();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface ConsumerProcess {
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly joined: Promise<void>;
  terminate(): void;
}

function startConsumerProcess(env: Record<string, string>): ConsumerProcess {
  const child = spawn(process.execPath, ["--conditions=@concordkit/source", "--import", "tsx", "--no-warnings", consumerScript], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const joined = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("joined") && resolve());
    void exit.then(({ code, signal }) => reject(new Error(`consumer exited (${code ?? signal}) before joining:\n${stderr}`)));
  });
  joined.catch(() => {});
  return { exit, joined, terminate: () => child.kill("SIGTERM") };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))]);
}

describe("crash and redelivery", () => {
  it("redelivers a message whose consumer was SIGKILLed before committing, and dedup keeps its side effect single", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created")));
    await provisionTopics(kafka, [spec.topic]);
    const dir = await mkdtemp(join(tmpdir(), "concord-crash-"));
    dirs.push(dir);
    const env = { BROKERS: brokers.join(","), TOPIC: spec.topic.name, GROUP: uniqueTopic("crash-group"), DB: join(dir, "state.db") };
    const ids = ["m1", "m2", "m3", "m4", "m5"];
    await producer.sendBatch(
      spec,
      ids.map((messageId, index) => ({ payload: orderCreated(index + 1), metadata: { messageId } })),
    );

    const first = startConsumerProcess({ ...env, CRASH_AFTER: "m3" });
    expect(await withTimeout(first.exit, 45_000, "the first consumer's crash")).toEqual({ code: null, signal: "SIGKILL" });

    const second = startConsumerProcess(env);
    await withTimeout(second.joined, 45_000, "the second consumer's join");
    const db = new DatabaseSync(env.DB);
    try {
      const effects = () =>
        db
          .prepare("SELECT message_id AS id FROM effects ORDER BY rowid")
          .all()
          .map((row) => String(row.id));
      await waitUntil(
        () => effects().length >= ids.length,
        30_000,
        () => `effects so far: ${effects().join(",")}`,
      );
      second.terminate();
      expect(await withTimeout(second.exit, 30_000, "the graceful stop")).toEqual({ code: 0, signal: null });

      // Every side effect exactly once, in order, although m3 (and what preceded it in the batch) came twice.
      expect(effects()).toEqual(ids);
      const deliveries = db
        .prepare("SELECT message_id AS id, COUNT(*) AS n, COUNT(DISTINCT pid) AS pids FROM deliveries GROUP BY message_id")
        .all();
      const timesDelivered = Object.fromEntries(deliveries.map((row) => [String(row.id), Number(row.n)]));
      expect(timesDelivered.m3).toBe(2);
      expect(timesDelivered.m4).toBe(1);
      expect(timesDelivered.m5).toBe(1);
    } finally {
      db.close();
    }
  }, 120_000);

  it("finishes the message in hand on stop, commits it, and a new member of the group starts after it", async () => {
    const spec = orderCreatedSpec(topicSpec(uniqueTopic("orders.created")));
    await provisionTopics(kafka, [spec.topic]);
    const groupId = uniqueTopic("graceful-group");
    const handled: number[] = [];
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const slow = await runConsumer(kafka, {
      groupId,
      handlers: [
        bindHandler(spec, async ({ payload }) => {
          entered();
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          handled.push(payload.orderId);
        }),
      ],
    });
    await producer.send(spec, orderCreated(1));
    await withTimeout(inHandler, 30_000, "the first delivery");
    await slow.stop();
    expect(handled).toEqual([1]);

    await producer.send(spec, orderCreated(2));
    const next = await runConsumer(kafka, {
      groupId,
      handlers: [bindHandler(spec, async ({ payload }) => void handled.push(payload.orderId))],
    });
    try {
      await waitUntil(
        () => handled.length === 2,
        30_000,
        () => `handled ${JSON.stringify(handled)}`,
      );
    } finally {
      await next.stop();
    }
    expect(handled).toEqual([1, 2]);
  }, 90_000);
});
