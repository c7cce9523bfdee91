import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile, type Printable } from "../core/ts-file.js";
import type { DocumentModel, MessageModel } from "./model.js";
import { pascalCase } from "../core/names.js";
import { isObject } from "../schema/json-schema.js";
import { sendMethodName, type ResolvedOperation } from "./operations.js";
import { channelFile, documentFile, EMITTER, messageConst, parametersType, payloadType, serviceName, messageTypesFile } from "./paths.js";
import { runtime } from "../core/runtime-symbols.js";

interface SendMethod {
  readonly name: string;
  readonly operation: ResolvedOperation;
  readonly message: MessageModel;
}

/** The document's producer: one typed `send…` per `send` operation (one per message when it has several). */
export function emitProducer(document: DocumentModel, operations: readonly ResolvedOperation[]): GeneratedFile | undefined {
  const methods = sendMethods(operations);
  if (methods.length === 0) return undefined;
  const service = serviceName(document);
  const file = new TsFile(documentFile(document, "producer.ts"), generatedHeader(EMITTER, document.source));
  const producerType = runtime.kafka.ConcordProducer;
  const sent = runtime.kafka.SentMessage;
  const metadata = runtime.kafka.SendMetadata;

  file.print(`/** Sends the messages of ${document.title}: one method per \`send\` operation of ${document.source}. */`);
  file.print(`export interface ${service}Producer {`);
  for (const method of methods) {
    file.jsdoc(describe(method), "  ");
    const parameters = parametersOf(file, method);
    file.print(
      `  ${method.name}(`,
      ...parameters,
      "payload: ",
      payloadSymbol(file, method),
      `, metadata?: `,
      metadata,
      "): Promise<",
      sent,
      ">;",
    );
  }
  file.print("  /** Connects ahead of the first send (optional: the first send connects). */");
  file.print("  connect(): Promise<void>;");
  file.print("  disconnect(): Promise<void>;");
  file.print("}");
  file.print();
  file.print(`/** Creates the ${service} producer on its own idempotent kafkajs producer (acks=all). */`);
  file.print(
    `export function create${service}Producer(kafka: `,
    runtime.kafka.Kafka,
    ", options: ",
    runtime.kafka.ProducerOptions,
    ` = {}): ${service}Producer {`,
  );
  file.print(`  return bind${service}Producer(`, runtime.kafka.createProducer, "(kafka, options));");
  file.print("}");
  file.print();
  file.print(`/** The ${service} producer's methods on an existing producer (shared with other code, e.g. an outbox relay). */`);
  file.print(`export function bind${service}Producer(producer: `, producerType, `): ${service}Producer {`);
  file.print("  return {");
  for (const method of methods) {
    const imported = file.import(messageConst(method.message), channelFile(method.operation.channel));
    const parameterized = method.operation.channel.parameters.length > 0;
    const spec: Printable[] = parameterized ? [runtime.kafka.onTopic, "(", imported, ", parameters)"] : [imported];
    // async: a parameter value that names no topic rejects the returned promise, as a send that fails does.
    const args = parameterized ? "async (parameters, payload, metadata)" : "(payload, metadata)";
    const correlation = method.message.correlationProperty;
    if (correlation) {
      file.print(`    ${method.name}: ${args} =>`);
      file.print(
        "      producer.send(",
        ...spec,
        `, payload, { ...metadata, correlationId: metadata?.correlationId ?? ${correlationText(method.message, correlation)} }),`,
      );
    } else {
      file.print(`    ${method.name}: ${args} => producer.send(`, ...spec, ", payload, metadata),");
    }
  }
  file.print("    connect: () => producer.connect(),");
  file.print("    disconnect: () => producer.disconnect(),");
  file.print("  };");
  file.print("}");
  return file.toFile();
}

/** The payload's correlation property as header text: as it is when the schema says string, else `String(…)`. */
function correlationText(message: MessageModel, property: string): string {
  const value = access("payload", property);
  const schema = isObject(message.payload) && isObject(message.payload["properties"]) ? message.payload["properties"][property] : undefined;
  if (isObject(schema) && schema["type"] === "string") return value;
  const required =
    isObject(message.payload) && Array.isArray(message.payload["required"]) && message.payload["required"].includes(property);
  return required ? `String(${value})` : `(${value} === undefined ? undefined : String(${value}))`;
}

function access(object: string, property: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(property) ? `${object}.${property}` : `${object}[${JSON.stringify(property)}]`;
}

function sendMethods(operations: readonly ResolvedOperation[]): SendMethod[] {
  return operations
    .filter((o) => o.operation.action === "send" && !o.reply)
    .flatMap((operation) => {
      const base = sendMethodName(operation.operation);
      return operation.messages.map((message) => ({
        name: operation.messages.length > 1 ? `${base}${pascalCase(message.name)}` : base,
        operation,
        message,
      }));
    });
}

/** `parameters: …Parameters, ` for a channel whose address has parameters: the topic to send to. */
function parametersOf(file: TsFile, method: SendMethod): Printable[] {
  const channel = method.operation.channel;
  if (channel.parameters.length === 0) return [];
  return ["parameters: ", file.importType(parametersType(channel), channelFile(channel)), ", "];
}

function payloadSymbol(file: TsFile, method: SendMethod) {
  return file.importType(payloadType(method.message), messageTypesFile(method.message, method.operation.channel));
}

function describe(method: SendMethod): string {
  const key = method.message.key ? `, keyed by \`${method.message.key.property}\`` : "";
  const where = `Writes ${method.message.name} to \`${method.operation.channel.topic.name}\`${key}; the payload is validated first.`;
  const correlation = method.message.correlationProperty
    ? `The correlation id is \`metadata.correlationId\`, else the payload's \`${method.message.correlationProperty}\`.`
    : undefined;
  return [method.operation.operation.description, [where, correlation].filter(Boolean).join(" ")].filter(Boolean).join("\n\n");
}
