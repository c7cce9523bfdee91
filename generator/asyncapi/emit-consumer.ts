import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile, type Printable } from "../core/ts-file.js";
import type { DocumentModel } from "./model.js";
import { groupOf, handlerName, type ResolvedOperation } from "./operations.js";
import { channelFile, documentFile, EMITTER, fromSibling, messageConst, payloadType, RUNTIME, serviceName } from "./paths.js";

/**
 * The document's consumer: a handler interface with one typed handler per `receive` operation,
 * and `start<Service>Consumer`, which runs them in the contract's consumer groups. A receive
 * operation with a `reply` returns the reply's payload; it is sent to the reply channel with the
 * request's correlation id and a child of its trace (as the runtime's `serveReplies` does).
 */
export function emitConsumer(document: DocumentModel, operations: readonly ResolvedOperation[]): GeneratedFile | undefined {
  const receives = operations.filter((o) => o.operation.action === "receive");
  if (receives.length === 0) return undefined;
  const service = serviceName(document);
  const file = new TsFile(documentFile(document, "consumer.ts"), generatedHeader(EMITTER, document.source));
  const groups = [...new Set(receives.map((o) => groupOf(o.operation, document)))];
  const replies = receives.some((o) => o.reply);

  printHandlers(file, service, document, receives);
  file.print();
  file.print(`/** Consumer groups of ${document.source}, from the operations' Kafka bindings. */`);
  file.print(`export const ${lowerFirst(service)}ConsumerGroups = [${groups.map((g) => JSON.stringify(g)).join(", ")}] as const;`);
  file.print();
  file.print(`export interface ${service}ConsumerOptions extends Omit<`, file.importType("ConsumerOptions", `${RUNTIME}/consumer`), ', "groupId" | "handlers"> {');
  file.print("  /** Maps the contract's group id to the one used (e.g. a per-test suffix); identity by default. */");
  file.print("  groupId?: (contractGroupId: string) => string;");
  file.print("}");
  file.print();
  printStart(file, service, document, receives, groups, replies);
  return file.toFile();
}

function printHandlers(file: TsFile, service: string, document: DocumentModel, receives: readonly ResolvedOperation[]): void {
  file.print(`/** Handlers of ${document.title}: one per \`receive\` operation of ${document.source}. */`);
  file.print(`export interface ${service}Handlers {`);
  for (const resolved of receives) {
    const { operation, channel, messages } = resolved;
    const where = `Reads ${messages.map((m) => m.name).join(", ")} from \`${channel.topic.name}\` in group \`${groupOf(operation, document)}\`.`;
    const reply = resolved.reply ? ` Returns the ${resolved.reply.message.name} sent to \`${resolved.reply.channel.topic.name}\`.` : "";
    file.jsdoc([operation.description, where + reply].filter(Boolean).join("\n\n"), "  ");
    const payload = join(messages.map((m) => file.importType(payloadType(m), fromSibling(channelFile(channel)))), " | ");
    if (resolved.reply) {
      const replyType = file.importType(payloadType(resolved.reply.message), fromSibling(channelFile(resolved.reply.channel)));
      const received = file.importType("ReceivedMessage", `${RUNTIME}/types`);
      file.print(`  ${handlerName(operation)}(message: `, received, "<", ...payload, ">): Promise<", replyType, ">;");
    } else {
      file.print(`  ${handlerName(operation)}: `, file.importType("MessageHandler", `${RUNTIME}/types`), "<", ...payload, ">;");
    }
  }
  file.print("}");
}

function printStart(
  file: TsFile,
  service: string,
  document: DocumentModel,
  receives: readonly ResolvedOperation[],
  groups: readonly string[],
  replies: boolean,
): void {
  const running = file.importType("RunningConsumer", `${RUNTIME}/consumer`);
  const runConsumer = file.import("runConsumer", `${RUNTIME}/consumer`);
  file.print(`/** Starts ${document.title}'s consumers (one per consumer group); \`stop()\` stops them all. */`);
  file.print(`export async function start${service}Consumer(`);
  file.print("  kafka: ", file.importType("Kafka", "kafkajs"), ",");
  file.print(`  handlers: ${service}Handlers,`);
  file.print(`  options: ${service}ConsumerOptions = {},`);
  file.print("): Promise<", running, "> {");
  file.print("  const { groupId = (id: string) => id, ...consumer } = options;");
  if (replies) {
    file.print("  const replies = consumer.producer ?? ", file.import("createProducer", `${RUNTIME}/producer`), "(kafka);");
  }
  file.print("  const started: ", running, "[] = [];");
  file.print("  try {");
  for (const group of groups) {
    file.print(`    started.push(`);
    file.print(`      await `, runConsumer, `(kafka, {`);
    file.print("        ...consumer,");
    if (replies) file.print("        producer: replies,");
    file.print(`        groupId: groupId(${JSON.stringify(group)}),`);
    file.print("        handlers: [");
    for (const resolved of receives.filter((o) => groupOf(o.operation, document) === group)) {
      printBindings(file, resolved);
    }
    file.print("        ],");
    file.print("      }),");
    file.print("    );");
  }
  file.print("  } catch (error) {");
  file.print("    await Promise.allSettled(started.map((c) => c.stop()));");
  file.print("    throw error;");
  file.print("  }");
  file.print("  return {");
  file.print("    joined: Promise.all(started.map((c) => c.joined)).then(() => undefined),");
  file.print("    async stop() {");
  file.print("      await Promise.all(started.map((c) => c.stop()));");
  if (replies) file.print("      if (!consumer.producer) await replies.disconnect();");
  file.print("    },");
  file.print("  };");
  file.print("}");
}

function printBindings(file: TsFile, resolved: ResolvedOperation): void {
  const from = fromSibling(channelFile(resolved.channel));
  const handler = `handlers.${handlerName(resolved.operation)}`;
  for (const message of resolved.messages) {
    const spec = file.import(messageConst(message), from);
    if (!resolved.reply) {
      file.print("          { message: ", spec, `, handle: ${handler} },`);
      continue;
    }
    const replySpec = file.import(messageConst(resolved.reply.message), fromSibling(channelFile(resolved.reply.channel)));
    file.print("          {");
    file.print("            message: ", spec, ",");
    file.print("            handle: async (message) => {");
    file.print(`              const reply = await ${handler}(message);`);
    file.print("              await replies.send(", replySpec, ", reply, {");
    file.print("                correlationId: message.correlationId ?? message.messageId,");
    file.print("                traceparent: ", file.import("childTraceparent", `${RUNTIME}/headers`), "(message.traceparent),");
    file.print("              });");
    file.print("            },");
    file.print("          },");
  }
}

function join(parts: readonly Printable[], separator: string): Printable[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : [separator, part]));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
