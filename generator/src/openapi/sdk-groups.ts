import type { TagFile } from "./emit-sdk-tag.js";
import type { OpenApiModel } from "./model.js";
import { kebabCase, UniqueNames } from "../core/names.js";
import { operationNames } from "./operation-names.js";

/**
 * The operation groups of one document, as the SDK lays them out: one group (and SDK file) per
 * tag, an operation under its first tag, untagged ones under `default`; or, with `groupBy: "path"`
 * and for a document that tags nothing, per resource (the first path segment that is not a
 * version, `api` or a parameter). Names are handed out in contract order, so the grouping is
 * stable; groups come sorted by file name. `concord scaffold` reads the same groups, so a
 * service's REST handler files match the SDK's files.
 */
export function sdkGroups(model: OpenApiModel): TagFile[] {
  const names = operationNames(model);
  const files = new UniqueNames();
  const byPath = model.groupBy === "path" || model.operations.every((op) => op.tags.length === 0);
  const byGroup = new Map<string | undefined, TagFile>();
  for (const op of model.operations) {
    const key = byPath ? resourceOf(op.path) : op.tags[0];
    let group = byGroup.get(key);
    if (!group) {
      const file = files.claim(kebabCase(key ?? "") || "default");
      group = { tag: byPath ? undefined : key, ...(byPath && key ? { resource: key } : {}), file, operations: [] };
      byGroup.set(key, group);
    }
    group.operations.push({ op, names: names.get(op)! });
  }
  return [...byGroup.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** `/v1/customers/{customer}/sources` → `customers`; `/` or only parameters → undefined (`default`). */
export function resourceOf(path: string): string | undefined {
  return path.split("/").find((segment) => segment !== "" && !segment.startsWith("{") && !/^(v\d+(\.\d+)*|api)$/i.test(segment));
}
