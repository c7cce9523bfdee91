import type { GeneratedFile } from "../core/generated-file.js";
import { emitSdkIndex } from "./emit-sdk-index.js";
import { emitSdkTag } from "./emit-sdk-tag.js";
import type { OpenApiModel } from "./model.js";
import { sdkGroups } from "./sdk-groups.js";

/**
 * The client SDK of one document: a file per tag (an operation goes under its first tag, untagged
 * ones under `default`) and an index. Names are handed out in contract order, so output is stable.
 */
export function emitSdk(model: OpenApiModel, readWriteMarkers: boolean): GeneratedFile[] {
  const tags = sdkGroups(model);
  const ctx = { typesModule: "types.ts", readWriteMarkers };
  return [...tags.map((tag) => emitSdkTag(model, tag, ctx)), emitSdkIndex(model, tags)];
}
