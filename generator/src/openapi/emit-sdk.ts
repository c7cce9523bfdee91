import type { GeneratedFile } from "../core/generated-file.js";
import { emitSdkIndex } from "./emit-sdk-index.js";
import { emitSdkTag, type TagFile } from "./emit-sdk-tag.js";
import type { OpenApiModel } from "./model.js";
import { camelName, fileName, NameRegistry, pascalName } from "./names.js";

/**
 * The client SDK of one document: a file per tag (an operation goes under its first tag, untagged
 * ones under `default`) and an index. Names are handed out in contract order, so output is stable.
 */
export function emitSdk(model: OpenApiModel, readWriteMarkers: boolean): GeneratedFile[] {
  const functions = new NameRegistry();
  const types = new NameRegistry();
  const files = new NameRegistry();
  const byTag = new Map<string | undefined, TagFile>();
  for (const op of model.operations) {
    const tag = op.tags[0];
    let group = byTag.get(tag);
    if (!group) {
      group = { tag, file: files.claim(fileName(tag ?? "default")), operations: [] };
      byTag.set(tag, group);
    }
    const fn = functions.claim(camelName(op.operationId));
    group.operations.push({ op, names: { fn, type: types.claim(pascalName(fn)) } });
  }
  const tags = [...byTag.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const ctx = { typesModule: "../types.js", readWriteMarkers };
  return [...tags.map((tag) => emitSdkTag(model, tag, ctx)), emitSdkIndex(model, tags)];
}
