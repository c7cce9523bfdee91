import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { anchorIndex } from "./anchors.js";
import { DATA_KEYWORDS } from "./keywords.js";
import { formatPointer, parsePointer, resolvePointer } from "../core/json-pointer.js";
import type { SourceSet } from "./source-set.js";

/** The one rule a `$ref` that leads nowhere breaks, on every command. */
export const REF_RULE = "ref-unresolved";

/** Where a `$ref` leads: a file (absolute) and the tokens of the pointer into it. */
export interface RefTarget {
  path: string;
  tokens: string[];
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** True for a `$ref` to a URL (`https://…`): no command reads those itself. */
export function isRemoteRef(ref: string): boolean {
  return REMOTE.test(ref);
}

/**
 * Where `ref`, written in the file at `from`, leads: `#/a/b` into `from` itself, `common.yaml#/a`
 * or `common.yaml` (its root) into a file beside it. A string for a `$ref` that is no reference
 * concord reads (a URL, a fragment that is not a JSON pointer): what is wrong with it.
 */
export function refTarget(ref: string, from: string): RefTarget | string {
  if (isRemoteRef(ref)) return `$ref "${ref}" is a URL; only files are followed`;
  const hash = ref.indexOf("#");
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const tokens = parsePointer(hash === -1 ? "" : ref.slice(hash));
  if (tokens === undefined) return `$ref "${ref}" has a fragment that is not a JSON pointer (#/…)`;
  return { path: filePart === "" ? from : resolve(dirname(from), uriToPath(filePart)), tokens };
}

/** The string `$ref` of a reference object (`{ $ref: "…" }`, siblings allowed), else undefined. */
export function refOf(node: unknown): string | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
  const ref = (node as Record<string, unknown>)["$ref"];
  return typeof ref === "string" ? ref : undefined;
}

/**
 * The node `target` names and where it really is: a `$ref` the pointer passes through on the way is
 * followed (`#/channels/orders/messages/Created` where `orders` is `{ $ref: "common.yaml#/orders" }`),
 * as the OpenAPI bundler and the AsyncAPI parser follow it. Undefined when there is nothing there.
 */
export function locateTarget(set: SourceSet, target: RefTarget): (RefTarget & { node: unknown }) | undefined {
  let { path, tokens } = target;
  for (let hops = 0; hops < 64; hops++) {
    let node: unknown = set.peek(path)?.data;
    if (node === undefined) return undefined;
    let next: RefTarget | undefined;
    for (let i = 0; i < tokens.length && next === undefined; i++) {
      const ref = refOf(node);
      if (ref !== undefined && !Object.hasOwn(node as object, tokens[i]!)) {
        const via = refTarget(ref, path);
        if (typeof via === "string") return undefined;
        next = { path: via.path, tokens: [...via.tokens, ...tokens.slice(i)] };
      } else {
        node = resolvePointer(node, [tokens[i]!]);
        if (node === undefined) return undefined;
      }
    }
    if (next === undefined) return { path, tokens, node };
    ({ path, tokens } = next);
  }
  return undefined;
}

/**
 * Calls `onRef` with every `$ref` under `node` and the tokens of the object holding it (`at`
 * extended). `example(s)`, `const` and `enum` hold data, not schemas: a `$ref` key there is no
 * reference; nor is one inside a vendor extension (`x-…`).
 * Depth-first with one shared path stack (a 13 MB spec has ~10^6 nodes).
 */
function forEachRef(node: unknown, at: (string | number)[], onRef: (ref: string, at: readonly (string | number)[]) => void): void {
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      const item: unknown = node[index];
      if (typeof item !== "object" || item === null) continue;
      at.push(index);
      forEachRef(item, at, onRef);
      at.pop();
    }
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.$ref === "string") onRef(record.$ref, [...at]);
  for (const key in record) {
    // Extensions are left alone unless a feature reads them: a `$ref` there may name anything.
    if (DATA_KEYWORDS.has(key) || key.startsWith("x-")) continue;
    const value = record[key];
    if (typeof value !== "object" || value === null) continue;
    at.push(key);
    forEachRef(value, at, onRef);
    at.pop();
  }
}

/**
 * `node`, or where its chain of local `$ref`s (`#/…`, inside `root`) ends: undefined when one points
 * at nothing, the last reference object when the chain is longer than `maxHops`.
 */
export function followLocalRefs(root: unknown, node: unknown, maxHops = 20): unknown {
  let current = node;
  for (let hops = 0; hops < maxHops; hops++) {
    const ref = refOf(current);
    if (ref === undefined || !ref.startsWith("#")) break;
    current = resolvePointer(root, ref);
  }
  return current;
}

export interface RefCheck {
  problems: ContractProblem[];
  /** Whether a `$ref` leads out of the file (another file or a URL), so the document needs bundling. */
  hasExternal: boolean;
  /** Whether a `$ref` names its target by `$id` or `$anchor`: the document then needs `withPointerRefs`. */
  anchored: boolean;
  /**
   * False when a file a `$ref` leads into does not read: its problems are in `problems`, or were
   * handed out before (the folder read it); either way the document cannot be used.
   */
  complete: boolean;
}

/**
 * Checks every `$ref` of the document at `path` and, through them, of every part of another file
 * they lead to: each must lead to something (a file that is there, a pointer that names a node in
 * it), and a chain of `$ref`s must end at something that is not one. A problem points at the line
 * of the `$ref` itself, which is where the reader has to look. `$ref`s to URLs are not followed.
 */
export function checkRefs(set: SourceSet, path: string): RefCheck {
  const problems: ContractProblem[] = [];
  let hasExternal = false;
  let anchored = false;
  let complete = true;
  const checked = new Map<string, string[]>();
  const inCycle = new Set<string>();
  const queue: RefTarget[] = [{ path, tokens: [] }];
  for (let next = 0; next < queue.length; next++) {
    const part = queue[next]!;
    if (covered(checked, part)) continue;
    const document = set.read(part.path, problems);
    if (!document) {
      complete = false;
      continue;
    }
    forEachRef(resolvePointer(document.data, part.tokens), [...part.tokens], (ref, at) => {
      const pointer = formatPointer([...at, "$ref"]);
      const report = (message: string) =>
        problems.push({ file: document.file, ...document.locate(pointer), path: pointer, rule: REF_RULE, message });
      const anchor = anchorPointer(set, ref, part.path);
      if (anchor !== undefined) anchored = true;
      else if (isRemoteRef(ref)) {
        hasExternal = true;
        return;
      }
      const target = refTarget(anchor ?? ref, part.path);
      if (typeof target === "string") return report(target);
      if (target.path !== part.path) {
        hasExternal = true;
        if (!existsSync(target.path)) return report(`$ref "${ref}" names a file that does not exist (${target.path})`);
      }
      const into = set.read(target.path, problems);
      if (!into) {
        complete = false;
        return;
      }
      const found = locateTarget(set, target);
      if (found === undefined) return report(`$ref "${ref}" points at nothing in ${target.path === part.path ? "this file" : into.file}`);
      const cycle = refCycle(set, found);
      if (cycle) {
        if (!inCycle.has(keyOf(found))) report(`$ref "${ref}" leads round a cycle of $refs that never reaches a value`);
        for (const key of cycle) inCycle.add(key);
        return;
      }
      queue.push({ path: found.path, tokens: found.tokens });
    });
  }
  return { problems, hasExternal, anchored, complete };
}

const anchorIndexes = new WeakMap<SourceSet, Map<string, Map<string, string>>>();

/**
 * The JSON pointer (`#/components/schemas/Pet`) that a `$ref` by `$id` or `$anchor` names in the
 * file at `path`; undefined for any other `$ref`. The file's index is built on first need only.
 */
export function anchorPointer(set: SourceSet, ref: string, path: string): string | undefined {
  if (ref.startsWith("#/") || (ref.startsWith("#") ? ref.length === 1 : !isRemoteRef(ref))) return undefined;
  let files = anchorIndexes.get(set);
  if (!files) anchorIndexes.set(set, (files = new Map()));
  let index = files.get(path);
  if (!index) files.set(path, (index = anchorIndex(set.get(path).data)));
  return index.get(ref);
}

/**
 * Follows `$ref`s from `located` (a node of the file at `file`) to a node that is not a reference.
 * Throws a ContractError (`ref-unresolved`) where one leads nowhere: after `checkRefs`, only a `$ref`
 * it does not follow (to a URL, or inside `examples`) can.
 */
export function followRefs(set: SourceSet, located: { node: unknown; file: string }): { node: unknown; file: string; key?: string } {
  let current: { node: unknown; file: string; key?: string } = located;
  const seen = new Set<string>();
  for (;;) {
    const ref = refOf(current.node);
    if (ref === undefined) return current;
    const fail = (message: string): never => {
      throw new ContractError({ file: set.label(current.file), rule: REF_RULE, message });
    };
    const target = refTarget(anchorPointer(set, ref, current.file) ?? ref, current.file);
    if (typeof target === "string") return fail(target);
    if (!existsSync(target.path)) return fail(`$ref "${ref}" names a file that does not exist (${target.path})`);
    set.get(target.path);
    const found = locateTarget(set, target);
    if (found === undefined)
      return fail(`$ref "${ref}" points at nothing in ${target.path === current.file ? "this file" : set.label(target.path)}`);
    const key = keyOf(found);
    if (seen.has(key)) return fail(`$ref "${ref}" leads round a cycle of $refs that never reaches a value`);
    seen.add(key);
    current = { node: found.node, file: found.path, key };
  }
}

/** The keys of the `$ref` chain from `start` when it comes back on itself, else undefined. */
function refCycle(set: SourceSet, start: RefTarget & { node: unknown }): string[] | undefined {
  const seen: string[] = [keyOf(start)];
  let current = start;
  for (;;) {
    const ref = refOf(current.node);
    if (ref === undefined) return undefined;
    const next = refTarget(ref, current.path);
    if (typeof next === "string") return undefined;
    const found = locateTarget(set, next);
    if (found === undefined) return undefined;
    const key = keyOf(found);
    if (seen.includes(key)) return seen;
    seen.push(key);
    current = found;
  }
}

function keyOf(target: RefTarget): string {
  return `${target.path}#${formatPointer(target.tokens)}`;
}

/** Whether `part`, or a part of its file that holds it, was checked already; marks it checked. */
function covered(checked: Map<string, string[]>, part: RefTarget): boolean {
  const pointer = formatPointer(part.tokens);
  const done = checked.get(part.path) ?? [];
  if (done.some((p) => p === pointer || pointer.startsWith(`${p}/`))) return true;
  done.push(pointer);
  checked.set(part.path, done);
  return false;
}

/**
 * The file path a `$ref`'s file part (or a bundler's file URL) spells: percent-escapes decoded,
 * as `@apidevtools/json-schema-ref-parser` reads it; a `%` that starts no escape is kept.
 */
export function uriToPath(uri: string): string {
  const path = uri.replace(/^file:\/\//i, "");
  try {
    return decodeURIComponent(path.replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
  } catch {
    return path;
  }
}
