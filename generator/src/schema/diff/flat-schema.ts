import { parsePointer } from "../../core/json-pointer.js";
import { asRecord, refOf, type DocumentSet, type Located } from "../../source/document-set.js";

/** Keywords that bound a value; `upper` ones narrow when lowered, the others when raised. */
export const BOUNDS = {
  maxLength: { name: "max-length", upper: true },
  maxItems: { name: "max-items", upper: true },
  maxProperties: { name: "max-properties", upper: true },
  maximum: { name: "max", upper: true },
  exclusiveMaximum: { name: "exclusive-max", upper: true },
  minLength: { name: "min-length", upper: false },
  minItems: { name: "min-items", upper: false },
  minProperties: { name: "min-properties", upper: false },
  minimum: { name: "min", upper: false },
  exclusiveMinimum: { name: "exclusive-min", upper: false },
} as const;
export type BoundKeyword = keyof typeof BOUNDS;

/**
 * One JSON Schema with `$ref`s followed and `allOf` merged in, reduced to what compatibility
 * rules look at. `types` undefined means "any type"; `null` is a member when the value is nullable
 * (3.0 `nullable: true` or a 3.1 type array with "null").
 */
export interface FlatSchema {
  refKey?: string;
  name?: string;
  types?: Set<string>;
  enumValues?: unknown[];
  extensibleEnum: boolean;
  properties: Map<string, Located>;
  required: Set<string>;
  /** false: closed object; a schema: typed extra properties; undefined: anything allowed. */
  additional?: false | Located;
  items?: Located;
  oneOf?: Located[];
  anyOf?: Located[];
  bounds: Partial<Record<BoundKeyword, number>>;
  pattern?: string;
  format?: string;
  readOnly: boolean;
  writeOnly: boolean;
}

export function flatten(located: Located, docs: DocumentSet, depth = 0): FlatSchema {
  const raw = asRecord(located.node);
  if (refOf(raw) !== undefined && Object.keys(raw).length > 1 && depth < 32) {
    // OpenAPI 3.1 / JSON Schema: keywords beside a $ref apply too (readOnly, nullable, description…).
    const { $ref, ...siblings } = raw;
    const flat = flatten({ node: { $ref }, file: located.file }, docs, depth + 1);
    const own = ownKeywords(siblings, located);
    mergeInto(own, flat);
    if (flat.refKey) own.refKey = flat.refKey;
    return own;
  }
  const resolved = docs.resolve(located);
  const node = asRecord(resolved.node);
  const flat = ownKeywords(node, resolved);
  if (resolved.refKey) flat.refKey = resolved.refKey;
  const allOf = Array.isArray(node["allOf"]) ? node["allOf"] : [];
  if (depth < 32) {
    for (const member of allOf) mergeInto(flat, flatten({ node: member, file: resolved.file }, docs, depth + 1));
  }
  return flat;
}

function ownKeywords(node: Record<string, unknown>, at: Located): FlatSchema {
  const child = (value: unknown): Located => ({ node: value, file: at.file });
  const flat: FlatSchema = {
    extensibleEnum: node["x-extensible-enum"] === true,
    properties: new Map(Object.entries(asRecord(node["properties"])).map(([k, v]) => [k, child(v)])),
    required: new Set(Array.isArray(node["required"]) ? node["required"].map(String) : []),
    bounds: {},
    readOnly: node["readOnly"] === true,
    writeOnly: node["writeOnly"] === true,
  };
  const types = typeSet(node) ?? impliedType(node);
  if (types) flat.types = types;
  if (Array.isArray(node["enum"])) flat.enumValues = node["enum"];
  else if ("const" in node) flat.enumValues = [node["const"]];
  if (flat.enumValues && node["nullable"] === true && !flat.enumValues.includes(null)) flat.enumValues.push(null);
  if (node["additionalProperties"] === false) flat.additional = false;
  else if (typeof node["additionalProperties"] === "object" && node["additionalProperties"] !== null) {
    flat.additional = child(node["additionalProperties"]);
  }
  if (node["items"] !== undefined && typeof node["items"] === "object") flat.items = child(node["items"]);
  if (Array.isArray(node["oneOf"])) flat.oneOf = node["oneOf"].map(child);
  if (Array.isArray(node["anyOf"])) flat.anyOf = node["anyOf"].map(child);
  for (const keyword of Object.keys(BOUNDS) as BoundKeyword[]) {
    if (typeof node[keyword] === "number") flat.bounds[keyword] = node[keyword];
  }
  if (typeof node["pattern"] === "string") flat.pattern = node["pattern"];
  if (typeof node["format"] === "string") flat.format = node["format"];
  if (typeof node["title"] === "string") flat.name = node["title"];
  return flat;
}

function typeSet(node: Record<string, unknown>): Set<string> | undefined {
  const type = node["type"];
  let types: Set<string> | undefined;
  if (typeof type === "string") types = new Set([type]);
  else if (Array.isArray(type)) types = new Set(type.map(String));
  if (types && node["nullable"] === true) types.add("null");
  return types;
}

/** `properties` without `type` is an object in every contract anyone writes; `items`, an array. */
function impliedType(node: Record<string, unknown>): Set<string> | undefined {
  if ("properties" in node || "additionalProperties" in node) return new Set(node["nullable"] === true ? ["object", "null"] : ["object"]);
  if ("items" in node) return new Set(node["nullable"] === true ? ["array", "null"] : ["array"]);
  return undefined;
}

function mergeInto(target: FlatSchema, member: FlatSchema): void {
  for (const [name, schema] of member.properties) if (!target.properties.has(name)) target.properties.set(name, schema);
  for (const name of member.required) target.required.add(name);
  if (member.types) target.types = target.types ? intersect(target.types, member.types) : new Set(member.types);
  target.enumValues ??= member.enumValues;
  target.extensibleEnum ||= member.extensibleEnum;
  if (target.additional === undefined && member.additional !== undefined) target.additional = member.additional;
  target.items ??= member.items;
  target.oneOf ??= member.oneOf;
  target.anyOf ??= member.anyOf;
  target.bounds = { ...member.bounds, ...target.bounds };
  target.pattern ??= member.pattern;
  target.format ??= member.format;
  target.name ??= member.name;
  target.readOnly ||= member.readOnly;
  target.writeOnly ||= member.writeOnly;
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const t of a) if (b.has(t) || (t === "integer" && b.has("number"))) out.add(t);
  for (const t of b) if (t === "integer" && a.has("number")) out.add(t);
  return out;
}

/** A name for a oneOf/anyOf variant that survives reordering: its component name, else its title. */
export function variantName(located: Located): string | undefined {
  const ref = refOf(located.node);
  if (ref) {
    const hash = ref.indexOf("#");
    const tokens = hash === -1 ? [] : (parsePointer(ref.slice(hash)) ?? []);
    if (tokens.length > 0) return tokens[tokens.length - 1];
    const file = hash === -1 ? ref : ref.slice(0, hash);
    return file.slice(file.lastIndexOf("/") + 1);
  }
  const title = asRecord(located.node)["title"];
  return typeof title === "string" ? title : undefined;
}
