import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile } from "../core/ts-file.js";
import type { AsyncApiModel, ChannelModel, DocumentModel } from "./model.js";
import { camelCase } from "../core/names.js";
import type { ResolvedOperation } from "./operations.js";
import { channelFile, documentFile, EMITTER, serviceName, topicConst } from "./paths.js";
import { runtime } from "../core/runtime-symbols.js";

/** `<document>/topics.ts`: the topics a document sends to or reads from, and a provisioning call. */
export function emitDocumentTopics(document: DocumentModel, operations: readonly ResolvedOperation[]): GeneratedFile {
  const channels = new Map<string, ChannelModel>();
  for (const { channel, reply } of operations) {
    channels.set(channel.address, channel);
    if (reply) channels.set(reply.channel.address, reply.channel);
  }
  const listed = [...channels.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  const name = `${camelCase(serviceName(document))}Topics`;
  const file = new TsFile(documentFile(document, "topics.ts"), generatedHeader(EMITTER, document.source));
  printTopics(file, name, `Topics ${document.title} sends to or reads from (${document.source}).`, listed);
  file.print();
  printProvision(file, `provision${serviceName(document)}Topics`, name);
  return file.toFile();
}

/** `topics.ts`: every topic of every document. */
export function emitAllTopics(model: AsyncApiModel): GeneratedFile {
  const sources = model.documents.map((d) => d.source).join(", ");
  const file = new TsFile("topics.ts", generatedHeader(EMITTER, sources));
  printTopics(file, "allTopics", "Every topic of the AsyncAPI contracts.", model.channels);
  file.print();
  printProvision(file, "provisionAllTopics", "allTopics");
  return file.toFile();
}

function printTopics(file: TsFile, name: string, doc: string, channels: readonly ChannelModel[]): void {
  file.print(`/** ${doc} */`);
  file.print(`export const ${name}: readonly `, runtime.kafka.TopicSpec, "[] = [");
  for (const channel of channels) file.print("  ", file.import(topicConst(channel), channelFile(channel)), ",");
  file.print("];");
}

function printProvision(file: TsFile, fn: string, list: string): void {
  file.print("/** Creates the topics (and their `.dlq` topics) if missing; safe to run on every start. */");
  file.print(
    `export function ${fn}(kafka: `,
    runtime.kafka.Kafka,
    ", options?: ",
    runtime.kafka.ProvisionOptions,
    "): Promise<",
    runtime.kafka.ProvisionReport,
    "> {",
  );
  file.print("  return ", runtime.kafka.provisionTopics, `(kafka, ${list}, options);`);
  file.print("}");
}
