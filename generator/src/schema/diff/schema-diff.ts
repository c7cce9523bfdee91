import type { Level } from "../../core/finding.js";
import type { DocumentSet, Located } from "../../source/document-set.js";
import { BOUNDS, flatten, variantName, type BoundKeyword, type FlatSchema } from "./flat-schema.js";

/**
 * Which way data flows through the schema. `request`: the head must still accept everything the
 * baseline accepted (narrowing breaks writers). `response`: readers of the baseline must still read
 * what the head produces (widening breaks readers). `both`: a schema registry's FULL compatibility.
 */
export type Direction = "request" | "response" | "both";

/** One change inside a schema, before it is named for its context. */
export interface SchemaChange {
  /** What changed, e.g. `type-changed`, `removed` (of a property), `enum-value-added`. */
  what: string;
  /** Pointer segments from the schema root the diff started at. */
  path: string[];
  /** Dotted property path for messages, "" at the root. */
  subject: string;
  detail: string;
  /** Level when judged as a request (head must accept base's values). */
  asRequest: Level;
  /** Level when judged as a response (base's readers must read head's values). */
  asResponse: Level;
}

export function levelFor(change: SchemaChange, direction: Direction): Level {
  if (direction === "request") return change.asRequest;
  if (direction === "response") return change.asResponse;
  return worse(change.asRequest, change.asResponse);
}

function worse(a: Level, b: Level): Level {
  if (a === "error" || b === "error") return "error";
  return a === "warning" || b === "warning" ? "warning" : "info";
}

interface Sides {
  base: DocumentSet;
  head: DocumentSet;
  direction: Direction;
  /** Changes of `$ref` pairs already compared, relative to the pair; big specs repeat components. */
  memo: Map<string, SchemaChange[]>;
}

/** Pass the same `memo` for every schema of one document pair: each component pair is then diffed once. */
export function diffSchemas(
  base: Located,
  head: Located,
  sides: Omit<Sides, "memo"> & { memo?: Map<string, SchemaChange[]> },
): SchemaChange[] {
  return diffAt(base, head, { ...sides, memo: sides.memo ?? new Map() }, new Set(), 0);
}

function diffAt(base: Located, head: Located, sides: Sides, path: Set<string>, depth: number): SchemaChange[] {
  const b = flatten(base, sides.base);
  const h = flatten(head, sides.head);
  const pairKey = b.refKey && h.refKey ? `${sides.direction}|${b.refKey}|${h.refKey}` : undefined;
  if (pairKey) {
    if (path.has(pairKey) || depth > 48) return [];
    const cached = sides.memo.get(pairKey);
    if (cached) return cached;
    path.add(pairKey);
  }
  const changes = compareFlat(b, h, sides, path, depth);
  if (pairKey) {
    path.delete(pairKey);
    sides.memo.set(pairKey, changes);
  }
  return changes;
}

function compareFlat(b: FlatSchema, h: FlatSchema, sides: Sides, path: Set<string>, depth: number): SchemaChange[] {
  const out: SchemaChange[] = [];
  const add: Add = (what, detail, asRequest, asResponse, at) => {
    out.push({ what, path: at?.segments ?? [], subject: at?.subject ?? "", detail, asRequest, asResponse });
  };
  const nested = (segments: string[], subject: string, bs: Located, hs: Located): void => {
    for (const change of diffAt(bs, hs, sides, path, depth + 1)) {
      out.push({
        ...change,
        path: [...segments, ...change.path],
        subject: joinSubject(subject, change.subject),
      });
    }
  };
  compareTypes(b, h, add);
  compareEnums(b, h, add);
  compareBounds(b, h, add);
  compareStrings("pattern", b.pattern, h.pattern, add);
  compareStrings("format", b.format, h.format, add);
  compareProperties(b, h, sides, add, nested);
  compareAdditional(b, h, add, nested);
  if (b.items && h.items) nested(["items"], "[]", b.items, h.items);
  compareVariants("one-of", b.oneOf, h.oneOf, add, nested);
  compareVariants("any-of", b.anyOf, h.anyOf, add, nested);
  return out;
}

type Add = (what: string, detail: string, asRequest: Level, asResponse: Level, at?: { segments: string[]; subject: string }) => void;
type Nested = (segments: string[], subject: string, base: Located, head: Located) => void;

function compareTypes(b: FlatSchema, h: FlatSchema, add: Add): void {
  if (!b.types && !h.types) return;
  if (!b.types) {
    add("type-narrowed", `type any → ${show(h.types)}`, "error", "info");
    return;
  }
  if (!h.types) {
    add("type-widened", `type ${show(b.types)} → any`, "info", "warning");
    return;
  }
  const lost = [...b.types].filter((t) => !accepts(h.types as Set<string>, t));
  const gained = [...h.types].filter((t) => !accepts(b.types as Set<string>, t));
  if (lost.length === 0 && gained.length === 0) return;
  const detail = `type ${show(b.types)} → ${show(h.types)}`;
  if (lost.length === 0 && gained.length === 1 && gained[0] === "null") {
    add("became-nullable", detail, "info", "error");
    return;
  }
  if (gained.length === 0 && lost.length === 1 && lost[0] === "null") {
    add("became-not-nullable", detail, "error", "info");
    return;
  }
  if (lost.length === 0) {
    add("type-widened", detail, "info", "error");
    return;
  }
  if (gained.length === 0) {
    add("type-narrowed", detail, "error", "info");
    return;
  }
  add("type-changed", detail, "error", "error");
}

function accepts(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === "integer" && types.has("number"));
}

function compareEnums(b: FlatSchema, h: FlatSchema, add: Add): void {
  if (!b.enumValues && !h.enumValues) return;
  if (!b.enumValues) {
    add("enum-added", `values restricted to ${list(h.enumValues ?? [])}`, "error", "info");
    return;
  }
  if (!h.enumValues) {
    add("enum-removed", "values no longer restricted to an enum", "info", "warning");
    return;
  }
  const headKeys = new Set(h.enumValues.map((v) => JSON.stringify(v)));
  const baseKeys = new Set(b.enumValues.map((v) => JSON.stringify(v)));
  for (const value of b.enumValues) {
    if (!headKeys.has(JSON.stringify(value))) add("enum-value-removed", `enum value ${JSON.stringify(value)} removed`, "error", "info");
  }
  const open = h.extensibleEnum;
  for (const value of h.enumValues) {
    if (!baseKeys.has(JSON.stringify(value))) {
      add("enum-value-added", `enum value ${JSON.stringify(value)} added`, "info", open ? "info" : "error");
    }
  }
}

function compareBounds(b: FlatSchema, h: FlatSchema, add: Add): void {
  for (const keyword of Object.keys(BOUNDS) as BoundKeyword[]) {
    const { name, upper } = BOUNDS[keyword];
    const before = b.bounds[keyword];
    const after = h.bounds[keyword];
    if (before === after) continue;
    const detail = `${keyword} ${before ?? "none"} → ${after ?? "none"}`;
    if (before === undefined) add(`${name}-set`, detail, "error", "info");
    else if (after === undefined) add(`${name}-removed`, detail, "info", "warning");
    else if (upper === after < before) add(`${name}-${upper ? "decreased" : "increased"}`, detail, "error", "info");
    else add(`${name}-${upper ? "increased" : "decreased"}`, detail, "info", "warning");
  }
}

function compareStrings(keyword: "pattern" | "format", before: string | undefined, after: string | undefined, add: Add): void {
  if (before === after) return;
  const detail = `${keyword} ${before ?? "none"} → ${after ?? "none"}`;
  if (before === undefined) add(`${keyword}-added`, detail, keyword === "pattern" ? "error" : "warning", "info");
  else if (after === undefined) add(`${keyword}-removed`, detail, "info", "warning");
  else add(`${keyword}-changed`, detail, "warning", "warning");
}

function compareProperties(b: FlatSchema, h: FlatSchema, sides: Sides, add: Add, nested: Nested): void {
  const names = new Set([...b.properties.keys(), ...h.properties.keys()]);
  for (const name of [...names].sort()) {
    const bs = b.properties.get(name);
    const hs = h.properties.get(name);
    const at = { segments: ["properties", name], subject: name };
    if (bs && hs && (isHidden(sides.direction, flatten(bs, sides.base)) || isHidden(sides.direction, flatten(hs, sides.head)))) continue;
    if (bs && !hs) {
      if (isHidden(sides.direction, flatten(bs, sides.base))) continue;
      add("removed", "property removed", h.additional === false ? "error" : "warning", b.required.has(name) ? "error" : "warning", at);
    } else if (!bs && hs) {
      if (isHidden(sides.direction, flatten(hs, sides.head))) continue;
      if (h.required.has(name)) add("added-required", "new required property", "error", "info", at);
      else add("added", "new optional property", "info", "info", at);
    } else if (bs && hs) {
      const wasRequired = b.required.has(name);
      const isRequired = h.required.has(name);
      if (!wasRequired && isRequired) add("became-required", "became required", "error", "info", at);
      if (wasRequired && !isRequired) add("became-optional", "became optional", "info", "error", at);
      nested(at.segments, name, bs, hs);
    }
  }
}

/** readOnly properties are not sent in requests, writeOnly ones never appear in responses. */
function isHidden(direction: Direction, property: FlatSchema): boolean {
  return (direction === "request" && property.readOnly) || (direction === "response" && property.writeOnly);
}

function compareAdditional(b: FlatSchema, h: FlatSchema, add: Add, nested: Nested): void {
  if (b.additional !== false && h.additional === false) {
    add("additional-properties-disallowed", "additionalProperties became false", "error", "info");
  } else if (b.additional === false && h.additional !== false) {
    add("additional-properties-allowed", "additionalProperties no longer false", "info", "warning");
  } else if (b.additional && h.additional) {
    nested(["additionalProperties"], "*", b.additional, h.additional);
  }
}

function compareVariants(
  keyword: "one-of" | "any-of",
  before: Located[] | undefined,
  after: Located[] | undefined,
  add: Add,
  nested: Nested,
): void {
  if (!before && !after) return;
  const base = before ?? [];
  const head = after ?? [];
  const key = keyword === "one-of" ? "oneOf" : "anyOf";
  const used = new Set<number>();
  base.forEach((variant, index) => {
    const name = variantName(variant);
    let match = name === undefined ? -1 : head.findIndex((v, i) => !used.has(i) && variantName(v) === name);
    if (match === -1 && name === undefined && index < head.length && variantName(head[index] as Located) === undefined) match = index;
    if (match === -1) {
      add(`${keyword}-removed`, `${key} variant ${name ?? `#${index}`} removed`, "error", "info");
      return;
    }
    used.add(match);
    nested([key, String(match)], "", variant, head[match] as Located);
  });
  head.forEach((variant, index) => {
    if (!used.has(index)) add(`${keyword}-added`, `${key} variant ${variantName(variant) ?? `#${index}`} added`, "info", "warning");
  });
}

function joinSubject(parent: string, child: string): string {
  if (!child) return parent;
  if (!parent) return child;
  return child.startsWith("[") ? `${parent}${child}` : `${parent}.${child}`;
}

function show(types: Set<string> | undefined): string {
  return types ? [...types].sort().join("|") : "any";
}

function list(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}
