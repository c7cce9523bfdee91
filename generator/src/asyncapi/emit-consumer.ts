import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile, type Printable } from "../core/ts-file.js";
import type { DocumentModel } from "./model.js";
import { groupOf, handlerName, type ResolvedOperation } from "./operations.js";
import { channelFile, documentFile, EMITTER, messageConst, parametersType, payloadType, serviceName, messageTypesFile } from "./paths.js";
import { runtime } from "../core/runtime-symbols.js";
import { replyNames, replyPayload, replySpecs } from "./emit-reply.js";

/**
 * The document's consumer: a handler interface with one typed handler per `receive` operation,
 * and `start<Service>Consumer`, which runs them in the contract's consumer groups. A receive
 * operation with a `reply` returns the reply's payload; the runtime's `replyWith` sends it to the
 * reply channel with the request's correlation id and a child of its trace.
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
  const parameterized = receives.filter((o) => o.channel.parameters.length > 0);
  file.print(`export interface ${service}ConsumerOptions extends Omit<`, runtime.kafka.ConsumerOptions, ', "groupId" | "handlers"> {');
  file.print("  /** Maps the contract's group id to the one used (e.g. a per-test suffix); identity by default. */");
  file.print("  groupId?: (contractGroupId: string) => string;");
  if (parameterized.length > 0) {
    file.print("  /** The topics to read, by handler: one set of parameter values a topic (its address names parameters). */");
    file.print("  topics: {");
    for (const { operation, channel } of parameterized) {
      file.print(`    ${handlerName(operation)}: readonly `, file.importType(parametersType(channel), channelFile(channel)), "[];");
    }
    file.print("  };");
  }
  file.print("}");
  file.print();
  printStart(file, service, document, receives, groups, replies, parameterized.length > 0);
  return file.toFile();
}

function printHandlers(file: TsFile, service: string, document: DocumentModel, receives: readonly ResolvedOperation[]): void {
  file.print(`/** Handlers of ${document.title}: one per \`receive\` operation of ${document.source}. */`);
  file.print(`export interface ${service}Handlers {`);
  for (const resolved of receives) {
    const { operation, channel, messages } = resolved;
    const where = `Reads ${messages.map((m) => m.name).join(", ")} from \`${channel.topic.name}\` in group \`${groupOf(operation, document)}\`.`;
    const reply = resolved.reply ? ` Returns the ${replyNames(resolved.reply)} sent to \`${resolved.reply.channel.topic.name}\`.` : "";
    file.jsdoc([operation.description, where + reply].filter(Boolean).join("\n\n"), "  ");
    const payload = join(
      messages.map((m) => file.importType(payloadType(m), messageTypesFile(m, channel))),
      " | ",
    );
    if (resolved.reply) {
      const received = runtime.kafka.ReceivedMessage;
      file.print(
        `  ${handlerName(operation)}(message: `,
        received,
        "<",
        ...payload,
        ">): Promise<",
        ...replyPayload(file, resolved.reply),
        ">;",
      );
    } else {
      file.print(`  ${handlerName(operation)}: `, runtime.kafka.MessageHandler, "<", ...payload, ">;");
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
  parameterized: boolean,
): void {
  const running = runtime.kafka.RunningConsumer;
  const runConsumerGroups = runtime.kafka.runConsumerGroups;
  file.print(`/** Starts ${document.title}'s consumers (one per consumer group); \`stop()\` stops them all. */`);
  file.print(`export async function start${service}Consumer(`);
  file.print("  kafka: ", runtime.kafka.Kafka, ",");
  file.print(`  handlers: ${service}Handlers,`);
  file.print(`  options: ${service}ConsumerOptions${parameterized ? "" : " = {}"},`);
  file.print("): Promise<", running, "> {");
  file.print(`  const { groupId = (id: string) => id, ${parameterized ? "topics, " : ""}...consumer } = options;`);
  if (!replies) {
    file.print("  return ", runConsumerGroups, "(kafka, [");
    printGroups(file, document, receives, groups, "    ", false);
    file.print("  ]);");
    file.print("}");
    return;
  }
  file.print("  const replies = consumer.producer ?? ", runtime.kafka.createProducer, "(kafka);");
  file.print("  // A producer made here for the replies is this consumer's to disconnect.");
  file.print("  const afterStop = consumer.producer ? undefined : () => replies.disconnect();");
  file.print("  return ", runConsumerGroups, "(");
  file.print("    kafka,");
  file.print("    [");
  printGroups(file, document, receives, groups, "      ", true);
  file.print("    ],");
  file.print("    { afterStop },");
  file.print("  );");
  file.print("}");
}

/** One `ConsumerOptions` literal per group: the caller's options, the mapped group id, its handlers. */
function printGroups(
  file: TsFile,
  document: DocumentModel,
  receives: readonly ResolvedOperation[],
  groups: readonly string[],
  indent: string,
  replies: boolean,
): void {
  for (const group of groups) {
    file.print(`${indent}{`);
    file.print(`${indent}  ...consumer,`);
    if (replies) file.print(`${indent}  producer: replies,`);
    file.print(`${indent}  groupId: groupId(${JSON.stringify(group)}),`);
    file.print(`${indent}  handlers: [`);
    for (const resolved of receives.filter((o) => groupOf(o.operation, document) === group)) {
      printBindings(file, resolved, `${indent}    `);
    }
    file.print(`${indent}  ],`);
    file.print(`${indent}},`);
  }
}

function printBindings(file: TsFile, resolved: ResolvedOperation, indent: string): void {
  const from = channelFile(resolved.channel);
  const handler = `handlers.${handlerName(resolved.operation)}`;
  const parameterized = resolved.channel.parameters.length > 0;
  for (const message of resolved.messages) {
    const imported = file.import(messageConst(message), from);
    const spec: Printable[] = parameterized ? [runtime.kafka.onTopic, "(", imported, ", parameters)"] : [imported];
    const handle: Printable[] = resolved.reply
      ? [runtime.kafka.replyWith, "(replies, ", ...replySpecs(file, resolved.reply), `, ${handler})`]
      : [handler];
    if (parameterized) {
      const values = `topics.${handlerName(resolved.operation)}`;
      file.print(`${indent}...${values}.map((parameters) => ({ message: `, ...spec, ", handle: ", ...handle, " })),");
    } else {
      file.print(`${indent}{ message: `, ...spec, ", handle: ", ...handle, " },");
    }
  }
}

function join(parts: readonly Printable[], separator: string): Printable[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : [separator, part]));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
