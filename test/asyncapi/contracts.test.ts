import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Parser } from "@asyncapi/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { buildModel } from "../../generator/src/asyncapi/build-model.js";
import { loadAsyncApiDocuments } from "../../generator/src/asyncapi/load.js";
import type { AsyncApiModel } from "../../generator/src/asyncapi/model.js";

const contracts = join(dirname(fileURLToPath(import.meta.url)), "../../contracts/asyncapi");

/** The bundled contracts against the seeds' glossary: topics, bindings, groups, keys, headers. */
describe("bundled AsyncAPI contracts", { timeout: 180_000 }, () => {
  let model: AsyncApiModel;
  beforeAll(async () => {
    model = buildModel(await loadAsyncApiDocuments(contracts));
  });

  it("every document parses with no diagnostics at all (no errors, no warnings)", async () => {
    const parser = new Parser();
    const documents = (await readdir(contracts)).filter((f) => f.endsWith(".yaml")).sort();
    expect(documents.length).toBeGreaterThanOrEqual(8);
    for (const name of documents) {
      const file = join(contracts, name);
      const { document, diagnostics } = await parser.parse(await readFile(file, "utf8"), { source: file });
      expect(diagnostics.map((d) => `${name}: [${d.severity}] ${d.message}`)).toEqual([]);
      expect(document, name).toBeDefined();
    }
  });

  it("declares every topic of the glossary", () => {
    expect(model.channels.map((c) => c.topic.name).sort()).toEqual(
      [
        "billing.payments",
        "moderation.results",
        "moderation.tasks",
        "notifications.requested",
        "notifications.sent",
        "order.status.changed",
        "orders.created",
        "orders.requests",
        "orders.status",
        "users.profile",
        "users.profile.response",
        "users.registered",
      ].sort(),
    );
  });

  it("sizes topics as the seeds say: order.status.changed 6×RF3, moderation.tasks 12 partitions", () => {
    const topic = (name: string) => model.channels.find((c) => c.topic.name === name)?.topic;
    expect(topic("order.status.changed")).toMatchObject({ partitions: 6, replicas: 3, cleanupPolicy: "delete" });
    expect(topic("moderation.tasks")).toMatchObject({ partitions: 12 });
  });

  it("keys order topics by orderId, user topics by username, moderation by reportId", () => {
    const keys = Object.fromEntries(model.channels.flatMap((c) => c.messages.map((m) => [m.name, m.key?.property])));
    for (const name of ["OrderCreated", "PaymentProcessed", "OrderStatusUpdated", "OrderStatusChanged"]) expect(keys[name]).toBe("orderId");
    for (const name of ["UserRegistered", "UserProfileRequested", "UserProfileResponse", "NotificationRequested"])
      expect(keys[name]).toBe("username");
    for (const name of ["ModerationTask", "ModerationResult"]) expect(keys[name]).toBe("reportId");
  });

  it("correlates saga messages by their requestId", () => {
    const correlated = model.channels.flatMap((c) => c.messages.filter((m) => m.correlationProperty === "requestId").map((m) => m.name));
    expect(correlated.sort()).toEqual([
      "NotificationRequested",
      "NotificationSent",
      "OrderCreated",
      "OrderCreationRequested",
      "OrderStatusUpdated",
      "PaymentProcessed",
      "UserProfileRequested",
      "UserProfileResponse",
    ]);
  });

  it("carries the Concord headers on every message", () => {
    for (const channel of model.channels) {
      for (const message of channel.messages) {
        const headers = message.headers as { properties?: Record<string, unknown> };
        expect(Object.keys(headers.properties ?? {}).sort(), message.name).toEqual([
          "content-type",
          "correlation-id",
          "idempotency-key",
          "message-id",
          "message-name",
          "traceparent",
        ]);
      }
    }
  });

  it("puts the moderation workers in group moderation-workers and pairs users.profile with its response", () => {
    const operations = model.documents.flatMap((d) => d.operations);
    expect(operations.find((o) => o.channel === "moderation.tasks" && o.action === "receive")?.groupId).toBe("moderation-workers");
    const request = operations.find((o) => o.channel === "users.profile" && o.action === "send");
    expect(request?.reply).toEqual({ channel: "users.profile.response", messages: ["UserProfileResponse"] });
  });

  it("uses the shared order statuses", () => {
    const status = model.namedSchemas.find((s) => s.name === "OrderStatus")?.schema as { enum?: string[] };
    expect(status.enum).toEqual(["NEW", "PENDING_VALIDATION", "PAID", "INSUFFICIENT_FUNDS", "SHIPPED", "DELIVERED", "CANCELLED"]);
  });
});
