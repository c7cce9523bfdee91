import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModel } from "../../generator/src/asyncapi/build-model.js";
import { loadAsyncApiDocuments } from "../../generator/src/asyncapi/load.js";
import { ContractError } from "../../generator/src/core/contract-error.js";

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "concord-asyncapi-model-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

function service(title: string, partitions: number, action: "send" | "receive", extraProperty = ""): string {
  return `asyncapi: 3.0.0
info: { title: ${title}, version: 1.0.0 }
channels:
  events:
    address: shared.events
    bindings: { kafka: { partitions: ${partitions} } }
    messages:
      Happened:
        name: Happened
        payload:
          type: object
          properties:
            id: { type: string }${extraProperty}
operations:
  op:
    action: ${action}
    channel: { $ref: '#/channels/events' }
`;
}

async function failure(dir: string): Promise<ContractError> {
  const error = await loadAsyncApiDocuments(dir)
    .then(buildModel)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

// The parser runs spectral rules on every document: seconds each on a busy two-core machine.
describe("AsyncAPI model", { timeout: 120_000 }, () => {
  it("merges a channel shared by two documents into one", async () => {
    const dir = await folder({ "a.yaml": service("A", 3, "send"), "b.yaml": service("B", 3, "receive") });
    const model = buildModel(await loadAsyncApiDocuments(dir));
    expect(model.channels).toHaveLength(1);
    const base = basename(dir);
    expect(model.channels[0]).toMatchObject({ address: "shared.events", sources: [`${base}/a.yaml`, `${base}/b.yaml`] });
    expect(model.documents.map((d) => d.operations[0]?.action)).toEqual(["send", "receive"]);
  });

  it("rejects two documents that size the same topic differently", async () => {
    const dir = await folder({ "a.yaml": service("A", 3, "send"), "b.yaml": service("B", 6, "receive") });
    const error = await failure(dir);
    expect(error.problems[0]).toMatchObject({ rule: "asyncapi-conflict", path: "channel shared.events" });
  });

  it("rejects two documents whose same-named message differs", async () => {
    const dir = await folder({
      "a.yaml": service("A", 3, "send"),
      "b.yaml": service("B", 3, "receive", "\n            at: { type: integer }"),
    });
    const error = await failure(dir);
    expect(error.problems[0]).toMatchObject({ rule: "asyncapi-conflict", path: "channel shared.events / message Happened" });
  });

  it("numbers two different schemas of one title (Money, Money2), each message keeping its own", async () => {
    const titled = (extra: string) =>
      service("A", 3, "send").replace(
        "            id: { type: string }",
        `            id: { type: string }\n            money: { title: Money, type: object, properties: { amount: { type: integer }${extra} } }`,
      );
    const other = titled(", currency: { type: string }").replace("shared.events", "other.events").replaceAll("Happened", "Other");
    const dir = await folder({ "a.yaml": titled(""), "b.yaml": other });
    const model = buildModel(await loadAsyncApiDocuments(dir));
    expect(model.namedSchemas.map((s) => s.name)).toEqual(["Money", "Money2"]);
    const money = (address: string) => {
      const payload = model.channels.find((c) => c.address === address)!.messages[0]!.payload as {
        properties: { money: { title: string } };
      };
      return payload.properties.money.title;
    };
    expect([money("other.events"), money("shared.events")].sort()).toEqual(["Money", "Money2"]);
  });

  it("ignores YAML fragments without an asyncapi key, and reads 2.6 publish as receive", async () => {
    const v2 = `asyncapi: 2.6.0
info: { title: Old, version: 1.0.0 }
channels:
  jobs:
    publish:
      operationId: onJob
      bindings: { kafka: { groupId: { type: string, enum: [workers] } } }
      message:
        name: Job
        payload: { $ref: './common/schemas.yaml#/Job' }
`;
    const dir = await folder({ "old.yaml": v2, "common/schemas.yaml": "Job:\n  type: object\n  title: Job\n" });
    const model = buildModel(await loadAsyncApiDocuments(dir));
    expect(model.documents).toHaveLength(1);
    expect(model.documents[0]?.operations[0]).toMatchObject({ id: "onJob", action: "receive", channel: "jobs", groupId: "workers" });
  });
});
