import { joinPointer } from "../../core/json-pointer.js";
import { asRecord } from "../../source/document-set.js";
import { compareOperation } from "./compare-operation.js";
import type { OpenApiContext } from "./context.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Compares two versions of one OpenAPI document: paths, operations, and what each operation takes and returns. */
export function compareOpenApi(ctx: OpenApiContext): void {
  const baseRoot = asRecord(ctx.base.load(ctx.baseFile));
  const headRoot = asRecord(ctx.head.load(ctx.headFile));
  const basePaths = pathsByTemplate(baseRoot["paths"]);
  const headPaths = pathsByTemplate(headRoot["paths"]);

  for (const [template, base] of basePaths) {
    const head = headPaths.get(template);
    const pointer = joinPointer("/paths", (head ?? base).key);
    if (!head) {
      ctx.report("api-path-removed", "error", pointer, `path ${base.key} removed`);
      continue;
    }
    comparePathItem(ctx, base.key, head.key, baseRoot, headRoot);
  }
  for (const [template, head] of headPaths) {
    if (!basePaths.has(template)) ctx.report("api-path-added", "info", joinPointer("/paths", head.key), `path ${head.key} added`);
  }
}

function comparePathItem(
  ctx: OpenApiContext,
  baseKey: string,
  headKey: string,
  baseRoot: Record<string, unknown>,
  headRoot: Record<string, unknown>,
): void {
  const baseItem = asRecord(ctx.baseAt(asRecord(baseRoot["paths"])[baseKey]).node);
  const headItem = asRecord(ctx.headAt(asRecord(headRoot["paths"])[headKey]).node);
  for (const method of HTTP_METHODS) {
    const base = baseItem[method];
    const head = headItem[method];
    const pointer = joinPointer("/paths", headKey, method);
    const label = `${method.toUpperCase()} ${headKey}`;
    if (base && !head) ctx.report("api-operation-removed", "error", pointer, `operation ${label} removed`);
    else if (!base && head) ctx.report("api-operation-added", "info", pointer, `operation ${label} added`);
    else if (base && head) {
      compareOperation(ctx, {
        label,
        pointer,
        pathPointer: joinPointer("/paths", headKey),
        base: { operation: asRecord(base), item: baseItem, root: baseRoot, template: baseKey },
        head: { operation: asRecord(head), item: headItem, root: headRoot, template: headKey },
      });
    }
  }
}

interface PathEntry {
  key: string;
}

/** Paths keyed by their template with parameter names blanked: renaming `{id}` to `{orderId}` is not a removal. */
function pathsByTemplate(paths: unknown): Map<string, PathEntry> {
  const out = new Map<string, PathEntry>();
  for (const key of Object.keys(asRecord(paths))) out.set(normalizeTemplate(key), { key });
  return out;
}

export function normalizeTemplate(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}").replace(/\/+$/, "");
}
