/**
 * Request/reply on a real broker, shaped like `users.profile` / `users.profile.response`:
 * replies find their requests by correlation id, concurrent requests do not mix, a request
 * nobody answers times out with a typed error.
 */
import { afterAll, describe, expect, it } from "vitest";
import { RequestTimeoutError } from "../../runtime/src/kafka/errors.js";
import { provisionTopics } from "../../runtime/src/kafka/provision.js";
import { createRequester, serveReplies } from "../../runtime/src/kafka/request-reply.js";
import type { MessageSpec } from "../../runtime/src/kafka/types.js";
import { kafkaBrokers, testKafka, uniqueTopic } from "../support/kafka/index.js";
import { messageSpec, topicSpec, type UserProfileRequested, type UserProfileResponse } from "../../tools/kafka/specs.js";

const kafka = testKafka(kafkaBrokers(), "concord-request-reply");
const cleanup: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function profileSpecs() {
  const base = uniqueTopic("users.profile");
  const request = messageSpec<UserProfileRequested>("UserProfileRequested", topicSpec(base, 3), (payload) => payload.username);
  const reply = messageSpec<UserProfileResponse>("UserProfileResponse", topicSpec(`${base}.response`, 3), (payload) => payload.username);
  return { request, reply };
}

describe("request/reply", () => {
  it("answers concurrent requests, each with its own reply", async () => {
    const { request, reply } = profileSpecs();
    await provisionTopics(kafka, [request.topic, reply.topic]);
    const responder = await serveReplies(kafka, {
      request,
      reply,
      groupId: uniqueTopic("user-service"),
      handle: async ({ payload }) => ({
        requestId: payload.requestId,
        username: payload.username,
        found: payload.username !== "ghost",
        ...(payload.username === "ghost" ? {} : { email: `${payload.username}@example.com` }),
      }),
    });
    cleanup.push(() => responder.stop());
    const requester = await createRequester(kafka, { request, reply, timeoutMs: 20_000 });
    cleanup.push(() => requester.stop());

    const names = ["alice", "bob", "carol", "ghost", "dave", "erin"];
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const replies = await Promise.all(
      names.map((username, index) => requester.request({ requestId: `req-${index}`, username }, { traceparent })),
    );

    expect(replies.map((message) => message.payload.username)).toEqual(names);
    expect(replies.map((message) => message.correlationId)).toEqual(names.map((_, index) => `req-${index}`));
    expect(replies[0]!.payload).toEqual({ requestId: "req-0", username: "alice", found: true, email: "alice@example.com" });
    expect(replies[3]!.payload).toEqual({ requestId: "req-3", username: "ghost", found: false });
    // The reply continues the request's trace with a span of its own.
    expect(replies[0]!.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(replies[0]!.traceparent).not.toBe(traceparent);
  }, 60_000);

  it("takes a reply of several messages: the responder sends each answer as the message that accepts it", async () => {
    const { request, reply } = profileSpecs();
    await provisionTopics(kafka, [request.topic, reply.topic]);
    type Found = { requestId: string; email: string };
    type Missing = { requestId: string; reason: string };
    const shaped = <T>(name: string, field: string): MessageSpec<T> => ({
      name,
      topic: reply.topic,
      contentType: "application/json",
      key: () => undefined,
      validate: (value) =>
        typeof value === "object" && value !== null && field in value ? { valid: true } : { valid: false, errors: [`/ needs ${field}`] },
    });
    const found = shaped<Found>("ProfileFound", "email");
    const missing = shaped<Missing>("ProfileMissing", "reason");
    const responder = await serveReplies<UserProfileRequested, Found | Missing>(kafka, {
      request,
      reply: [found, missing],
      groupId: uniqueTopic("user-service"),
      handle: async ({ payload }) =>
        payload.username === "ghost"
          ? { requestId: payload.requestId, reason: "no such user" }
          : { requestId: payload.requestId, email: `${payload.username}@example.com` },
    });
    cleanup.push(() => responder.stop());
    const requester = await createRequester<UserProfileRequested, Found | Missing>(kafka, {
      request,
      reply: [found, missing],
      timeoutMs: 20_000,
    });
    cleanup.push(() => requester.stop());

    const [alice, ghost] = await Promise.all([
      requester.request({ requestId: "r-alice", username: "alice" }),
      requester.request({ requestId: "r-ghost", username: "ghost" }),
    ]);
    expect(alice.payload).toEqual({ requestId: "r-alice", email: "alice@example.com" });
    expect(alice.headers["message-name"]).toBe("ProfileFound");
    expect(ghost.payload).toEqual({ requestId: "r-ghost", reason: "no such user" });
    expect(ghost.headers["message-name"]).toBe("ProfileMissing");
  }, 60_000);

  it("times out with RequestTimeoutError when nobody answers", async () => {
    const { request, reply } = profileSpecs();
    await provisionTopics(kafka, [request.topic, reply.topic]);
    const requester = await createRequester(kafka, { request, reply, timeoutMs: 1_500 });
    cleanup.push(() => requester.stop());

    const started = Date.now();
    const error = await requester.request({ requestId: "lonely", username: "alice" }).catch((caught: unknown) => caught);
    const waited = Date.now() - started;

    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ correlationId: "lonely", timeoutMs: 1_500, retriable: true, code: "REQUEST_TIMEOUT" });
    expect(waited).toBeGreaterThanOrEqual(1_400);
    expect(waited).toBeLessThan(10_000);
  }, 60_000);

  it("ends the wait when the caller's signal aborts (a handler's budget), before its own timeout", async () => {
    const { request, reply } = profileSpecs();
    await provisionTopics(kafka, [request.topic, reply.topic]);
    const requester = await createRequester(kafka, { request, reply, timeoutMs: 30_000 });
    cleanup.push(() => requester.stop());
    expect(requester.health()).toEqual([expect.objectContaining({ running: true })]);

    const budget = new AbortController();
    setTimeout(() => budget.abort(new Error("budget spent")), 500);
    const started = Date.now();
    const error = await requester
      .request({ requestId: "hurried", username: "alice" }, { signal: budget.signal })
      .catch((caught: unknown) => caught);
    const waited = Date.now() - started;
    expect((error as Error).message).toBe("budget spent");
    expect(waited).toBeGreaterThanOrEqual(450);
    expect(waited).toBeLessThan(5_000);
    // An already spent budget sends nothing.
    await expect(requester.request({ requestId: "late", username: "alice" }, { signal: budget.signal })).rejects.toThrow("budget spent");
  }, 60_000);
});
