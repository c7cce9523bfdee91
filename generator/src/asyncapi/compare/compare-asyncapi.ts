import type { Compatibility } from "./compatibility.js";
import { joinPointer } from "../../core/json-pointer.js";
import type { Finding, Level } from "../../core/finding.js";
import { diffSchemas, type Direction, type SchemaChange } from "../../schema/diff/schema-diff.js";
import { schemaFindings } from "../../schema/diff/schema-findings.js";
import type { DocumentPair } from "../../source/document-pairs.js";
import type { DocumentSet } from "../../source/document-set.js";
import { readAsyncApi, type ChannelModel, type MessageModel } from "./model.js";
import { canonicalJson } from "./canonical-json.js";

/** Compares two versions of one AsyncAPI document: channels, topics, messages, keys and payloads. */
export function compareAsyncApi(pair: DocumentPair, defaultCompatibility: Compatibility): Finding[] {
  const findings: Finding[] = [];
  const report = (rule: string, level: Level, location: string, message: string): void => {
    const finding: Finding = { rule, level, file: pair.display, location, message };
    const line = pair.head.lineOf(pair.headFile, location);
    if (line !== undefined) finding.line = line;
    findings.push(finding);
  };
  const ctx: Context = { pair, report, findings, memo: new Map(), fallback: defaultCompatibility };
  const before = readAsyncApi(pair.base, pair.baseFile);
  const after = readAsyncApi(pair.head, pair.headFile);
  const matched = new Set<string>();
  for (const base of before.values()) {
    const head = after.get(base.id) ?? [...after.values()].find((c) => c.address === base.address && !before.has(c.id));
    if (!head) {
      report("channel-removed", "error", base.pointer, `channel ${base.id} (${base.address}) removed`);
      continue;
    }
    matched.add(head.id);
    compareChannel(ctx, base, head);
  }
  for (const head of after.values()) {
    if (!matched.has(head.id)) report("channel-added", "info", head.pointer, `channel ${head.id} (${head.address}) added`);
  }
  return findings;
}

interface Context {
  pair: DocumentPair;
  report: (rule: string, level: Level, location: string, message: string) => void;
  findings: Finding[];
  /** Schema diffs of component pairs: many channels share the same schemas. */
  memo: Map<string, SchemaChange[]>;
  /** Compatibility of channels without `x-concord-compatibility`. */
  fallback: Compatibility;
}

function compareChannel(ctx: Context, base: ChannelModel, head: ChannelModel): void {
  const { report } = ctx;
  const label = `channel ${head.id}`;
  if (base.address !== head.address) {
    report("channel-address-changed", "error", joinPointer(head.pointer, "address"), `${label}: address ${base.address} → ${head.address}`);
  } else if (base.topic.name !== head.topic.name) {
    report(
      "topic-name-changed",
      "error",
      joinPointer(head.pointer, "bindings", "kafka", "topic"),
      `${label}: Kafka topic ${base.topic.name} → ${head.topic.name} (producers and consumers on the old contract use the old topic)`,
    );
  }
  const bindings = joinPointer(head.pointer, "bindings", "kafka");
  const before = base.topic.partitions;
  const after = head.topic.partitions;
  if (after !== before) {
    const fewer = after < before;
    report(
      fewer ? "topic-partitions-decreased" : "topic-partitions-increased",
      fewer ? "error" : "warning",
      joinPointer(bindings, "partitions"),
      `${label}: partitions ${before} → ${after}${fewer ? " (Kafka cannot remove partitions)" : " (keys move to other partitions; per-key order breaks during the switch)"}`,
    );
  }
  if (base.topic.cleanupPolicy !== head.topic.cleanupPolicy) {
    report(
      "topic-cleanup-policy-changed",
      "error",
      joinPointer(bindings, "topicConfiguration", "cleanup.policy"),
      `${label}: cleanup.policy ${base.topic.cleanupPolicy ?? "default"} → ${head.topic.cleanupPolicy ?? "default"}`,
    );
  }
  const compatibility = (head.compatibility ?? ctx.fallback) as Compatibility;
  for (const message of base.messages.values()) {
    const next = head.messages.get(message.id);
    if (!next) {
      report("message-removed", "error", joinPointer(head.pointer, "messages", message.id), `${label}: message ${message.id} removed`);
      continue;
    }
    compareMessage(ctx, label, message, next, compatibility);
  }
  for (const message of head.messages.values()) {
    if (base.messages.has(message.id)) continue;
    const sent = message.actions.has("send");
    report(
      "message-added",
      sent ? "warning" : "info",
      message.pointer,
      `${label}: message ${message.id} added${sent ? " (consumers on the old contract will see a message type they do not know)" : ""}`,
    );
  }
}

function compareMessage(ctx: Context, channel: string, base: MessageModel, head: MessageModel, compatibility: Compatibility): void {
  const { pair, report, findings, memo } = ctx;
  const label = `${channel} message ${head.id}`;
  for (const action of base.actions) {
    if (head.actions.has(action)) continue;
    const who = action === "send" ? "its consumers stop getting it" : "its producers lose their consumer";
    report(
      `message-no-longer-${action === "send" ? "sent" : "received"}`,
      "warning",
      head.pointer,
      `${label}: no operation ${action}s it any more (${who})`,
    );
  }
  const keyBefore = keyOf(base, pair.base);
  const keyAfter = keyOf(head, pair.head);
  if (keyBefore !== keyAfter) {
    report(
      "message-key-changed",
      "error",
      joinPointer(head.pointer, "bindings", "kafka", "key"),
      `${label}: the record key changed, so records of one entity land on other partitions`,
    );
  }
  if (compatibility === "NONE") return;
  const direction: Direction = compatibility === "BACKWARD" ? "request" : compatibility === "FORWARD" ? "response" : "both";
  const role = roleOf(head);
  for (const part of ["payload", "headers"] as const) {
    const before = base[part];
    const after = head[part];
    if (!before || !after) continue;
    const changes = diffSchemas(before, after, { base: pair.base, head: pair.head, direction, memo });
    findings.push(
      ...schemaFindings(changes, {
        file: pair.display,
        pointer: joinPointer(head.pointer, part),
        direction,
        rootRule: part,
        nestedRule: part === "payload" ? "payload-property" : "header",
        label: `${label} ${part} (${compatibility}${role})`,
        line: (p) => pair.head.lineOf(pair.headFile, p),
      }),
    );
  }
}

/** How the application uses the message: sent messages must stay readable by consumers, received ones satisfiable by producers. */
function roleOf(message: MessageModel): string {
  const sends = message.actions.has("send");
  const receives = message.actions.has("receive");
  if (sends && receives) return "; sent and received here";
  if (sends) return "; sent here, consumers must still read it";
  if (receives) return "; received here, producers must still satisfy it";
  return "";
}

function keyOf(message: MessageModel, docs: DocumentSet): string {
  const schema = message.key ? canonicalJson(message.key, docs) : "";
  return `${schema}|${message.keyProperty ?? ""}`;
}
