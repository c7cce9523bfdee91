/** How messages are named and shared across channels: reuse, same-name clashes, unnamed messages, scalar correlation ids. */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../generator/src/asyncapi/build-model.js";
import { emitAsyncApi } from "../../generator/src/asyncapi/emit.js";
import { loadAsyncApiDocuments } from "../../generator/src/asyncapi/load.js";

async function model(text: string) {
  const dir = await mkdtemp(join(tmpdir(), "concord-asyncapi-names-"));
  await mkdir(join(dir, "asyncapi"));
  await writeFile(join(dir, "asyncapi", "svc.yaml"), text);
  return buildModel(await loadAsyncApiDocuments(join(dir, "asyncapi")));
}

const names = (m: Awaited<ReturnType<typeof model>>) =>
  m.channels.map((c) => `${c.address}: ${c.messages.map((x) => `${x.name}→${x.typeName}${x.shared ? " (shared)" : ""}`).join(", ")}`);

describe("AsyncAPI message names", () => {
  it("one message on two channels is one type, declared in types.ts and re-exported by each channel module", async () => {
    const m = await model(`asyncapi: 3.0.0
info: { title: Lights, version: 1.0.0 }
channels:
  turnOn: { address: lights.on, messages: { turnOn: { $ref: '#/components/messages/turnOnOff' } } }
  turnOff: { address: lights.off, messages: { turnOff: { $ref: '#/components/messages/turnOnOff' } } }
operations:
  on: { action: send, channel: { $ref: '#/channels/turnOn' } }
  off: { action: send, channel: { $ref: '#/channels/turnOff' } }
components:
  messages:
    turnOnOff:
      name: turnOnOff
      payload: { type: object, required: [command], properties: { command: { type: string, enum: ['on', 'off'] } } }
`);
    expect(names(m)).toEqual(["lights.off: turnOnOff→turnOnOff (shared)", "lights.on: turnOnOff→turnOnOff (shared)"]);
    const files = new Map(emitAsyncApi(m).map((f) => [f.path, f.content]));
    expect(files.get("types.ts")).toContain("export interface TurnOnOff {");
    for (const channel of ["channels/lights-on.ts", "channels/lights-off.ts"]) {
      expect(files.get(channel)).toContain("export type { TurnOnOff };");
      expect(files.get(channel)).not.toContain("export interface TurnOnOff");
      expect(files.get(channel)).toContain("export const turnOnOffMessage: MessageSpec<TurnOnOff> = {");
    }
  });

  it("two different messages of one name on two channels are told apart by channel, and keep their name on the wire", async () => {
    const m = await model(`asyncapi: 3.0.0
info: { title: Orders, version: 1.0.0 }
channels:
  created: { address: orders.created, messages: { event: { name: Event, payload: { type: object, properties: { id: { type: string } } } } } }
  paid: { address: orders.paid, messages: { event: { name: Event, payload: { type: object, properties: { amount: { type: integer } } } } } }
`);
    expect(names(m)).toEqual(["orders.created: Event→OrdersCreatedEvent", "orders.paid: Event→OrdersPaidEvent"]);
    const channel = emitAsyncApi(m).find((f) => f.path === "channels/orders-paid.ts")!.content;
    expect(channel).toContain("export interface OrdersPaidEvent {");
    expect(channel).toContain('name: "Event",');
  });

  it("names unnamed messages after their operation (numbered when it has several), never the parser's counter", async () => {
    const m = await model(`asyncapi: 2.6.0
info: { title: Sums, version: 1.0.0 }
channels:
  sum:
    publish:
      operationId: requestSum
      message: { payload: { type: object, properties: { numbers: { type: array, items: { type: number } } } } }
    subscribe:
      message:
        oneOf:
          - payload: { type: object, properties: { result: { type: number } } }
          - payload: { type: object, properties: { error: { type: string } } }
`);
    const all = m.channels.flatMap((c) => c.messages.map((x) => x.name));
    expect(all.sort()).toEqual(["requestSum", "subscribe1", "subscribe2"]);
    expect(all.join(" ")).not.toMatch(/anonymous/i);
  });

  it("takes an integer correlation id and sends its text", async () => {
    const m = await model(`asyncapi: 3.0.0
info: { title: Ping, version: 1.0.0 }
channels:
  ping:
    address: ping
    messages:
      ping:
        correlationId: { location: '$message.payload#/reqid' }
        payload: { type: object, required: [reqid], properties: { reqid: { type: integer } } }
operations:
  sendPing: { action: send, channel: { $ref: '#/channels/ping' } }
`);
    expect(m.channels[0]!.messages[0]!.correlationProperty).toBe("reqid");
    const producer = emitAsyncApi(m).find((f) => f.path.endsWith("producer.ts"))!.content;
    expect(producer).toContain("correlationId: metadata?.correlationId ?? String(payload.reqid)");
  });
});

describe("qualified message names", () => {
  it("shortens Java class names to the class, keeping package segments only where two would clash", async () => {
    const { shortNames } = await import("../../generator/src/asyncapi/merge.js");
    const names = [
      "io.github.springwolf.examples.kafka.dtos.NestedPayloadDto",
      "io.github.springwolf.examples.kafka.dto.proto.ExamplePayloadProtobufDto.Message",
      "io.github.springwolf.examples.kafka.dtos.AnotherPayloadDto",
      "io.github.springwolf.examples.kafka.dto.avro.AnotherPayloadDto",
      "java.lang.String",
      "orders.created",
      "OrderCreated",
    ];
    expect(Object.fromEntries(shortNames(names))).toEqual({
      "io.github.springwolf.examples.kafka.dtos.NestedPayloadDto": "NestedPayloadDto",
      "io.github.springwolf.examples.kafka.dto.proto.ExamplePayloadProtobufDto.Message": "ExamplePayloadProtobufDto.Message",
      "io.github.springwolf.examples.kafka.dtos.AnotherPayloadDto": "dtos.AnotherPayloadDto",
      "io.github.springwolf.examples.kafka.dto.avro.AnotherPayloadDto": "avro.AnotherPayloadDto",
      "java.lang.String": "String",
    });
  });
});
