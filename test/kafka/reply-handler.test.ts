/**
 * replyWith: the answer goes to the reply message with the request's correlation id (or its
 * message id) and a child of its trace; a failing answer sends nothing and fails the handler.
 * The producer here records sends (the broker round trip is test/asyncapi/roundtrip.integration.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { ConcordProducer } from "../../runtime/src/kafka/producer.js";
import { replyWith } from "../../runtime/src/kafka/reply-handler.js";
import type { MessageSpec, ReceivedMessage, SendMetadata } from "../../runtime/src/kafka/types.js";
import { messageSpec, topicSpec, type UserProfileRequested, type UserProfileResponse } from "../../tools/kafka/specs.js";

interface Sent {
  readonly spec: MessageSpec<unknown>;
  readonly payload: unknown;
  readonly metadata: SendMetadata | undefined;
}

function recordingProducer(): { producer: ConcordProducer; sent: Sent[] } {
  const sent: Sent[] = [];
  const unused = () => Promise.reject(new Error("not used by replyWith"));
  const producer: ConcordProducer = {
    connect: async () => {},
    disconnect: async () => {},
    sendBatch: unused,
    sendRecords: unused,
    async send(spec, payload, metadata) {
      sent.push({ spec: spec as MessageSpec<unknown>, payload, metadata });
      return { messageId: `reply-${sent.length}`, topic: spec.topic.name, partition: 0, offset: String(sent.length - 1) };
    },
  };
  return { producer, sent };
}

const replySpec = messageSpec<UserProfileResponse>("UserProfileResponse", topicSpec("users.profile.response"), (r) => r.username);

function request(overrides: Partial<ReceivedMessage<UserProfileRequested>> = {}): ReceivedMessage<UserProfileRequested> {
  return {
    payload: { requestId: "req-1", username: "ada" },
    key: "ada",
    messageId: "msg-1",
    correlationId: "corr-1",
    traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    headers: {},
    topic: "users.profile",
    partition: 0,
    offset: "7",
    attempt: 1,
    deadline: Date.now() + 60_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

const answer = async (m: ReceivedMessage<UserProfileRequested>): Promise<UserProfileResponse> => ({
  requestId: m.payload.requestId,
  username: m.payload.username,
  found: true,
});

describe("replyWith", () => {
  it("sends the answer with the request's correlation id and a child span of its trace", async () => {
    const { producer, sent } = recordingProducer();
    await replyWith(producer, replySpec, answer)(request());
    expect(sent).toHaveLength(1);
    expect(sent[0]!.spec).toBe(replySpec);
    expect(sent[0]!.payload).toEqual({ requestId: "req-1", username: "ada", found: true });
    expect(sent[0]!.metadata?.correlationId).toBe("corr-1");
    const traceparent = sent[0]!.metadata?.traceparent ?? "";
    expect(traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(traceparent).not.toContain("b7ad6b7169203331");
  });

  it("falls back to the request's message id when it has no correlation id", async () => {
    const { producer, sent } = recordingProducer();
    await replyWith(producer, replySpec, answer)(request({ correlationId: undefined }));
    expect(sent[0]!.metadata?.correlationId).toBe("msg-1");
  });

  it("sends nothing when the answer fails, and fails the handler (the consumer retries it)", async () => {
    const { producer, sent } = recordingProducer();
    const failing = replyWith(producer, replySpec, async () => Promise.reject(new Error("profile store down")));
    await expect(failing(request())).rejects.toThrow("profile store down");
    expect(sent).toEqual([]);
  });
});
