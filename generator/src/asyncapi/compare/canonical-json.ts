import { refOf, type DocumentSet, type Located } from "../../source/document-set.js";

const IGNORED = new Set(["description", "title", "examples", "example", "$comment", "x-parser-schema-id"]);

/** A schema with `$ref`s inlined, documentation keys dropped and keys sorted: equal strings mean equal schemas. */
export function canonicalJson(located: Located, docs: DocumentSet, depth = 0): string {
  const resolved = refOf(located.node) === undefined ? located : docs.resolve(located);
  const node = resolved.node;
  if (depth > 24) return '"…"';
  if (Array.isArray(node)) return `[${node.map((item) => canonicalJson({ node: item, file: resolved.file }, docs, depth + 1)).join(",")}]`;
  if (typeof node !== "object" || node === null) return JSON.stringify(node) ?? "null";
  const entries = Object.entries(node as Record<string, unknown>)
    .filter(([key]) => !IGNORED.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${JSON.stringify(key)}:${canonicalJson({ node: value, file: resolved.file }, docs, depth + 1)}`);
  return `{${entries.join(",")}}`;
}
