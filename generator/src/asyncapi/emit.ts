import type { GeneratedFile } from "../core/generated-file.js";
import { emitChannel } from "./emit-channel.js";
import { emitConsumer } from "./emit-consumer.js";
import { emitProducer } from "./emit-producer.js";
import { emitRequesters } from "./emit-requesters.js";
import { emitAllTopics, emitDocumentTopics } from "./emit-topics.js";
import { emitNamedTypes } from "./emit-types.js";
import { emitValidators } from "./emit-validators.js";
import type { AsyncApiModel } from "./model.js";
import { resolveOperations } from "./operations.js";

/**
 * Model → files. Shared parts once (named types, one module and one validator per channel, the
 * list of all topics); per document its producer, consumer, requesters and topic list, which
 * import the shared channel modules.
 */
export function emitAsyncApi(model: AsyncApiModel): GeneratedFile[] {
  const files: Array<GeneratedFile | undefined> = [emitNamedTypes(model), emitAllTopics(model)];
  for (const channel of model.channels) {
    files.push(emitChannel(channel), ...emitValidators(channel));
  }
  for (const document of model.documents) {
    const operations = resolveOperations(model, document);
    files.push(
      emitProducer(document, operations),
      emitConsumer(document, operations),
      emitRequesters(document, operations),
      emitDocumentTopics(document, operations),
    );
  }
  return files.filter((file): file is GeneratedFile => file !== undefined);
}
