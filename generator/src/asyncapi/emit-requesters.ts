import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile } from "../core/ts-file.js";
import type { DocumentModel } from "./model.js";
import { requestName, type ResolvedOperation } from "./operations.js";
import { channelFile, documentFile, EMITTER, messageConst, payloadType, messageTypesFile } from "./paths.js";
import { runtime } from "../core/runtime-symbols.js";
import { replyNames, replyPayload, replySpecs } from "./emit-reply.js";

/**
 * `<document>/requesters.ts`: for each `send` operation with a `reply` (a request/reply channel
 * pair such as `users.profile` / `users.profile.response`), a typed requester whose `request()`
 * sends, waits for the reply with the same correlation id, and times out.
 */
export function emitRequesters(document: DocumentModel, operations: readonly ResolvedOperation[]): GeneratedFile | undefined {
  const requests = operations.filter((o) => o.operation.action === "send" && o.reply);
  if (requests.length === 0) return undefined;
  const file = new TsFile(documentFile(document, "requesters.ts"), generatedHeader(EMITTER, document.source));
  requests.forEach((resolved, index) => {
    if (index > 0) file.print();
    printRequester(file, resolved);
  });
  return file.toFile();
}

function printRequester(file: TsFile, resolved: ResolvedOperation): void {
  const reply = resolved.reply!;
  const message = resolved.messages[0]!;
  const base = requestName(resolved.operation).replace(/^request/, "");
  const requestFrom = channelFile(resolved.channel);
  const types = [file.importType(payloadType(message), messageTypesFile(message, resolved.channel)), ", ", ...replyPayload(file, reply)];
  const requester = runtime.kafka.Requester;

  file.print(`/** Sends ${message.name} and resolves with the matching ${replyNames(reply)}. */`);
  file.print(`export type ${base}Requester = `, requester, "<", ...types, ">;");
  file.print();
  const how =
    `Sends ${message.name} to \`${resolved.channel.topic.name}\` and waits for the ${replyNames(reply)} ` +
    `on \`${reply.channel.topic.name}\` with the same correlation id; \`request()\` times out (default 30 s).`;
  file.jsdoc([resolved.operation.description, how].filter(Boolean).join("\n\n"));
  file.print(`export function create${base}Requester(`);
  file.print("  kafka: ", runtime.kafka.Kafka, ",");
  file.print("  options: Omit<", runtime.kafka.RequesterOptions, "<", ...types, '>, "request" | "reply"> = {},');
  file.print(`): Promise<${base}Requester> {`);
  file.print("  return ", runtime.kafka.createRequester, "(kafka, {");
  file.print("    ...options,");
  file.print("    request: ", file.import(messageConst(message), requestFrom), ",");
  file.print("    reply: ", ...replySpecs(file, reply), ",");
  file.print("  });");
  file.print("}");
}
