import type { TagFile } from "./emit-sdk-tag.js";
import type { OpenApiModel } from "./model.js";
import { camelName, fileName, NameRegistry, pascalName } from "./names.js";

/**
 * The operation groups of one document, as the SDK lays them out: one group (and SDK file) per
 * tag, an operation under its first tag, untagged ones under `default`. Names are handed out in
 * contract order, so the grouping is stable; groups come sorted by file name. `concord scaffold`
 * reads the same groups, so a service's REST handler files match the SDK's files.
 */
export function sdkGroups(model: OpenApiModel): TagFile[] {
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
  return [...byTag.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
