/**
 * Throughput of Concord's Kafka layer against bare kafkajs on the same broker, with the same
 * `orders.created` JSON on 6-partition topics, in interleaved rounds (medians reported). The
 * Concord side uses the generated OrderCreated spec (generated/asyncapi/channels/orders-created.ts).
 *
 * Produce: bare kafkajs sends JSON + key (and once more with the four headers Concord writes by
 * default, built by hand); Concord's producer adds contract validation, key derivation and the
 * headers. Consume: both read the very same records (the ones Concord wrote); bare kafkajs
 * parses the JSON in `eachMessage`, Concord's loop also decodes headers, validates, routes,
 * retries-wraps and commits by hand.
 *
 *   npx tsx bench/kafka.ts            # starts a broker of its own (Maven jars, Java 17)
 *   KAFKA_BROKERS=127.0.0.1:9092 BENCH_MESSAGES=30000 BENCH_ROUNDS=5 npx tsx bench/kafka.ts
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import { bindHandler, runConsumer } from "@concord/runtime/kafka/consumer";
import { createProducer } from "@concord/runtime/kafka/producer";
import { provisionTopics } from "@concord/runtime/kafka/provision";
import type { TopicSpec } from "@concord/runtime/kafka/types";
import { startKafkaBroker, type KafkaBroker } from "../test/support/kafka/broker.js";
import { orderCreatedMessage, type OrderCreated } from "../generated/asyncapi/channels/orders-created.js";
import { orderCreated, topicSpec } from "../test/kafka/helpers/specs.js";

const messages = Number(process.env.BENCH_MESSAGES ?? 30_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const batchSize = 100;

const fromEnv = process.env.KAFKA_BROKERS?.split(",").filter(Boolean);
const broker: KafkaBroker | undefined = fromEnv?.length ? undefined : await startKafkaBroker();
const brokers = fromEnv?.length ? fromEnv : broker!.brokers;
const kafka = new Kafka({ clientId: "concord-bench", brokers, logLevel: logLevel.NOTHING });
const payloads: OrderCreated[] = Array.from({ length: messages }, (_, index) => orderCreated(index + 1));

async function freshTopic(): Promise<TopicSpec> {
  const topic = topicSpec(`bench.orders.created.${randomBytes(4).toString("hex")}`, 6);
  await provisionTopics(kafka, [topic], { dlq: false });
  return topic;
}

/** Messages per second of `send` over all payloads, `batchSize` per request. */
async function produceRate(send: (batch: OrderCreated[]) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < payloads.length; index += batchSize) await send(payloads.slice(index, index + batchSize));
  return messages / ((performance.now() - started) / 1000);
}

async function bareProduce(headers: boolean): Promise<number> {
  const topic = await freshTopic();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    return await produceRate((batch) =>
      producer.send({
        topic: topic.name,
        acks: -1,
        messages: batch.map((order) => ({
          key: String(order.orderId),
          value: JSON.stringify(order),
          ...(headers ? { headers: handWrittenHeaders() } : {}),
        })),
      }),
    );
  } finally {
    await producer.disconnect();
  }
}

/** What a careful hand-written service would send; ids from randomUUID (cheap: node caches its entropy). */
function handWrittenHeaders(): Record<string, string> {
  const trace = randomUUID().replaceAll("-", "");
  return {
    "message-id": randomUUID(),
    traceparent: `00-${trace}-${trace.slice(0, 16)}-01`,
    "content-type": "application/json",
    "message-name": "OrderCreated",
  };
}

/** Produces with Concord into a fresh topic; returns the rate and the topic, which both consumers then read. */
async function concordProduce(): Promise<{ rate: number; topic: TopicSpec }> {
  const topic = await freshTopic();
  const spec = onTopic(topic);
  const producer = createProducer(kafka);
  try {
    return { rate: await produceRate((batch) => producer.sendBatch(spec, batch.map((payload) => ({ payload })))), topic };
  } finally {
    await producer.disconnect();
  }
}

/** Messages per second from the first to the last message handled by a new group. */
function consumeRate(start: (onMessage: () => void) => Promise<() => Promise<void>>): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let first = 0;
    let stop: (() => Promise<void>) | undefined;
    const timer = setTimeout(() => reject(new Error(`only ${count} of ${messages} consumed`)), 300_000);
    start(() => {
      if (count++ === 0) first = performance.now();
      if (count === messages) {
        clearTimeout(timer);
        const rate = messages / ((performance.now() - first) / 1000);
        setImmediate(() => void stop?.().then(() => resolve(rate), reject)); // stopping waits for the handler in hand
      }
    }).then((stopper) => (stop = stopper), reject);
  });
}

function bareConsume(topic: TopicSpec): Promise<number> {
  return consumeRate(async (onMessage) => {
    const consumer = kafka.consumer({ groupId: `${topic.name}.bare.${randomUUID()}`, maxWaitTimeInMs: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic: topic.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        JSON.parse(message.value!.toString()) as OrderCreated;
        onMessage();
      },
    });
    return () => consumer.disconnect();
  });
}

/** The generated OrderCreated spec (ahead-of-time validator, key from orderId) on this run's topic. */
function onTopic(topic: TopicSpec) {
  return { ...orderCreatedMessage, topic };
}

function concordConsume(topic: TopicSpec): Promise<number> {
  const spec = onTopic(topic);
  return consumeRate(async (onMessage) => {
    const consumer = await runConsumer(kafka, {
      groupId: `${topic.name}.concord.${randomUUID()}`,
      handlers: [bindHandler(spec, async () => onMessage())],
    });
    return () => consumer.stop();
  });
}

const results: Record<"bareProduce" | "bareProduceHeaders" | "concordProduce" | "bareConsume" | "concordConsume", number[]> = {
  bareProduce: [],
  bareProduceHeaders: [],
  concordProduce: [],
  bareConsume: [],
  concordConsume: [],
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

try {
  for (let round = 1; round <= rounds; round++) {
    // The three producers run in a rotating order, so none always runs on the coolest broker.
    let topic: TopicSpec | undefined;
    const producers = [
      async () => results.bareProduce.push(await bareProduce(false)),
      async () => results.bareProduceHeaders.push(await bareProduce(true)),
      async () => {
        const produced = await concordProduce();
        results.concordProduce.push(produced.rate);
        topic = produced.topic;
      },
    ];
    for (let index = 0; index < producers.length; index++) await producers[(index + round) % producers.length]!();
    // Alternate which consumer reads first, so neither always gets the warmer page cache.
    if (round % 2 === 1) {
      results.bareConsume.push(await bareConsume(topic!));
      results.concordConsume.push(await concordConsume(topic!));
    } else {
      results.concordConsume.push(await concordConsume(topic!));
      results.bareConsume.push(await bareConsume(topic!));
    }
    console.error(`round ${round}/${rounds} done`);
  }
  const m = Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)])) as Record<keyof typeof results, number>;
  const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")} msg/s`;
  const ratio = (concord: number, bare: number) => `${((concord / bare) * 100).toFixed(0)}%`;
  console.log(`${messages} orders.created messages per run, ${batchSize} per produce request, 6 partitions, median of ${rounds} rounds`);
  console.log("| | messages/s | Concord / bare |");
  console.log("|---|---|---|");
  console.log(`| produce, bare kafkajs (JSON + key) | ${rate(m.bareProduce)} | |`);
  console.log(`| produce, bare kafkajs (JSON + key + the same 4 headers) | ${rate(m.bareProduceHeaders)} | |`);
  console.log(`| produce, Concord producer | ${rate(m.concordProduce)} | ${ratio(m.concordProduce, m.bareProduce)} (vs same headers: ${ratio(m.concordProduce, m.bareProduceHeaders)}) |`);
  console.log(`| consume, bare kafkajs eachMessage | ${rate(m.bareConsume)} | |`);
  console.log(`| consume, Concord consumer loop | ${rate(m.concordConsume)} | ${ratio(m.concordConsume, m.bareConsume)} |`);
} finally {
  await broker?.destroy();
}
