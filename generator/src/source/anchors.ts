import { formatPointer } from "../core/json-pointer.js";
import { DATA_KEYWORDS } from "./keywords.js";

/**
 * `$ref`s by `$id` and `$anchor` (JSON Schema 2020-12, so OpenAPI 3.1): `#pet` where a schema says
 * `$anchor: pet`, `https://example.com/pet` where one says `$id: https://example.com/pet`, and
 * `https://example.com/pet#name` for an anchor inside that resource. Every tool after the reader
 * (the bundler, openapi-typescript, the validator views) follows JSON pointers only, so such a
 * `$ref` is rewritten to the pointer of the schema it names, in the same file. A `$id` is matched
 * as written (not resolved against an outer `$id`); anchors count file-wide.
 */
export function anchorIndex(root: unknown): Map<string, string> {
  const index = new Map<string, string>();
  walk(root, [], (node, at) => {
    const id = typeof node["$id"] === "string" ? node["$id"] : undefined;
    const anchor = typeof node["$anchor"] === "string" ? node["$anchor"] : undefined;
    const pointer = `#${formatPointer(at)}`;
    if (id !== undefined) index.set(id, pointer);
    if (anchor !== undefined) {
      index.set(`#${anchor}`, pointer);
      if (id !== undefined) index.set(`${id}#${anchor}`, pointer);
    }
  });
  return index;
}

/** `root` with each `$ref` that `index` knows replaced by its JSON pointer; `root` itself when there is none. */
export function withPointerRefs(root: unknown, index: ReadonlyMap<string, string> = anchorIndex(root)): unknown {
  if (index.size === 0) return root;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out[key] = index.get(value) ?? value;
      else out[key] = DATA_KEYWORDS.has(key) || key.startsWith("x-") ? value : rewrite(value);
    }
    return out;
  };
  return rewrite(root);
}

function walk(node: unknown, at: (string | number)[], visit: (node: Record<string, unknown>, at: readonly (string | number)[]) => void) {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walk(item, [...at, index], visit);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  visit(record, at);
  for (const [key, value] of Object.entries(record)) {
    if (DATA_KEYWORDS.has(key) || key.startsWith("x-")) continue;
    if (typeof value === "object" && value !== null) walk(value, [...at, key], visit);
  }
}
