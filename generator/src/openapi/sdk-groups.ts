import type { TagFile } from "./emit-sdk-tag.js";
import type { OpenApiModel } from "./model.js";
import { kebabCase, UniqueNames } from "../core/names.js";
import { operationNames } from "./operation-names.js";

/**
 * The operation groups of one document, as the SDK lays them out: one group (and SDK file) per
 * tag, an operation under its first tag, untagged ones under `default`. Names are handed out in
 * contract order, so the grouping is stable; groups come sorted by file name. `concord scaffold`
 * reads the same groups, so a service's REST handler files match the SDK's files.
 */
export function sdkGroups(model: OpenApiModel): TagFile[] {
  const names = operationNames(model);
  const files = new UniqueNames();
  const byTag = new Map<string | undefined, TagFile>();
  for (const op of model.operations) {
    const tag = op.tags[0];
    let group = byTag.get(tag);
    if (!group) {
      group = { tag, file: files.claim(kebabCase(tag ?? "") || "default"), operations: [] };
      byTag.set(tag, group);
    }
    group.operations.push({ op, names: names.get(op)! });
  }
  return [...byTag.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
