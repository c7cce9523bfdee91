import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ContractProblem } from "../core/contract-error.js";
import { pointerOf, pointerTokens, type SourceDocument } from "./source.js";

export interface RefCheck {
  problems: ContractProblem[];
  /** Whether any `$ref` points into another file or URL, so the document needs bundling. */
  hasExternal: boolean;
}

/**
 * Checks every `$ref` of one file: a local one (`#/components/…`) must point at something in the
 * file; an external one (`common.yaml#/…`) must name a file that exists. The problem points at the
 * line of the `$ref` itself, which is where the reader has to look.
 */
export function checkRefs(source: SourceDocument, absoluteFile: string): RefCheck {
  const problems: ContractProblem[] = [];
  let hasExternal = false;
  walk(source.data, [], (ref, at) => {
    const pointer = pointerOf([...at, "$ref"]);
    const report = (message: string) =>
      problems.push({ file: source.file, ...source.locate(pointer), path: pointer, rule: "ref-unresolved", message });
    if (ref.startsWith("#")) {
      if (resolvePointer(source.data, ref) === undefined) report(`$ref "${ref}" points at nothing in this file`);
      return;
    }
    hasExternal = true;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return;
    const target = resolve(dirname(absoluteFile), safeDecodeUri(ref.split("#")[0] ?? ""));
    if (!existsSync(target)) report(`$ref "${ref}" names a file that does not exist (${target})`);
  });
  return { problems, hasExternal };
}

/** Depth-first over the document with one shared path stack (a 13 MB spec has ~10^6 nodes). */
function walk(node: unknown, at: (string | number)[], onRef: (ref: string, at: (string | number)[]) => void): void {
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      const item: unknown = node[index];
      if (typeof item !== "object" || item === null) continue;
      at.push(index);
      walk(item, at, onRef);
      at.pop();
    }
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string") onRef(record.$ref, [...at]);
  for (const key in record) {
    // `example(s)`, `const` and `enum` hold data, not schema: a `$ref` key there is not a reference.
    if (key === "example" || key === "examples" || key === "const" || key === "enum") continue;
    const value = record[key];
    if (typeof value !== "object" || value === null) continue;
    at.push(key);
    walk(value, at, onRef);
    at.pop();
  }
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/** The value at a local `#/…` pointer, or undefined. */
export function resolvePointer(root: unknown, ref: string): unknown {
  let node: unknown = root;
  for (const token of pointerTokens(ref)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
    if (node === undefined) return undefined;
  }
  return node;
}
