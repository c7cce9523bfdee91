import { Ajv, _, type Options } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { ContractError } from "../core/contract-error.js";
import { importAjvHelpers } from "./ajv-helpers.js";

// Both packages are CommonJS with a default export that ESM sees under `.default` or not, by loader.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const standaloneCode = (standaloneCodeModule as unknown as { default?: typeof standaloneCodeModule }).default ?? standaloneCodeModule;

/** ajv's standalone code is JavaScript that ajv checked when it wrote it: the project's `tsc` only emits it. */
export const UNCHECKED = "// @ts-nocheck: ajv's standalone code (types on the exports only)";

/**
 * The JSON Schema dialect of a contract kind: AsyncAPI 2 and 3 payloads are draft-07 (AsyncAPI's
 * schema format is a superset of it); OpenAPI 3.1 and 3.2 are 2020-12, and Concord reads 3.0's
 * schemas (nullable, exclusive bounds as booleans) as 2020-12 views.
 */
export type Dialect = "draft-07" | "2020-12";

export interface ValidatorOptions {
  dialect: Dialect;
  /** The contract, named in the error when a schema does not compile. */
  file: string;
  /** Parameters arrive as text: coerce them to the schema's type. */
  coerce?: boolean;
  /** Fill in the contract's defaults (a server's input); a producer's payload is left as it is. */
  useDefaults?: boolean;
  /**
   * Read schemas as OpenAPI writes them: extra keywords and formats, no meta-schema check (the
   * loader did it), shared schemas called rather than inlined.
   */
  openapi?: boolean;
  /** The JSON pointer in the contract of the schema registered as `id`, for an error that names it. */
  locate?: (id: string) => string | undefined;
}

/** A schema to compile, under the `$id` that other schemas and `exports` refer to it by. */
export interface ValidatorSchema {
  id: string;
  schema: unknown;
}

/**
 * Compiles schemas with ajv at generation time and returns its standalone code, so nothing compiles
 * a schema when a program starts: `exports` maps an export name to a schema's `$id`. Every violation
 * is reported (allErrors). A schema ajv cannot compile (a bad `pattern`…) is a contract error.
 */
export function standaloneValidators(
  options: ValidatorOptions,
  schemas: readonly ValidatorSchema[],
  exports: Record<string, string>,
): string {
  const ajv = newAjv(options);
  try {
    for (const { id, schema } of schemas) ajv.addSchema(compilable(schema) as object, id);
    return importAjvHelpers(standaloneCode(ajv, exports));
  } catch (error) {
    const failing = failingSchema(options, schemas);
    const path = failing ? options.locate?.(failing.id) : undefined;
    throw new ContractError({
      file: options.file,
      ...(path === undefined ? {} : { path }),
      rule: "schema-not-compilable",
      message: (error as Error).message,
    });
  }
}

/** The first schema, in `schemas`' order, that ajv cannot compile (with the others there for its `$ref`s): to name it. */
function failingSchema(options: ValidatorOptions, schemas: readonly ValidatorSchema[]): ValidatorSchema | undefined {
  const ajv = newAjv(options);
  for (const { id, schema } of schemas) ajv.addSchema(compilable(schema) as object, id);
  return schemas.find(({ id }) => {
    try {
      ajv.getSchema(id);
      return false;
    } catch {
      return true;
    }
  });
}

/** Keywords whose values are data (or lists of names), not schemas. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example", "required", "dependentRequired", "type"]);
/** Keywords whose values map names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/**
 * What the specification allows and ajv refuses, said so that ajv takes it: an empty `enum`
 * ("SHOULD have at least one element", so it matches nothing) becomes `allOf: [false]`, and a
 * `nullable` without a `type` (no effect in OpenAPI 3.0; no keyword in 2020-12 or draft-07) is left out.
 */
function compilable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compilable);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" && !("type" in node)) continue;
    if (DATA_KEYWORDS.has(key) || key.startsWith("x-")) out[key] = value;
    else if (SCHEMA_MAPS.has(key) && typeof value === "object" && value !== null && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, compilable(schema)]));
    } else out[key] = compilable(value);
  }
  if (Array.isArray(out["enum"]) && out["enum"].length === 0) {
    delete out["enum"];
    out["allOf"] = [...(Array.isArray(out["allOf"]) ? out["allOf"] : []), false];
  }
  return out;
}

const ANNOTATION_FORMATS = ["iri", "iri-reference", "idn-email", "idn-hostname"];

function newAjv(options: ValidatorOptions): Ajv {
  const settings: Options = {
    allErrors: true,
    strict: false,
    // An unknown `format` is an annotation (JSON Schema 2020-12 §7.2; draft-07 alike), not a warning on the console.
    logger: false,
    coerceTypes: options.coerce ? "array" : false,
    useDefaults: options.useDefaults ?? false,
    code: { source: true, esm: true, lines: true },
  };
  if (options.openapi) {
    Object.assign(settings, {
      validateSchema: false,
      inlineRefs: false,
      // Drops the bookkeeping for unevaluatedProperties/$dynamicRef, which OpenAPI documents rarely use.
      unevaluated: false,
      dynamicRef: false,
      code: { ...settings.code, optimize: false, formats: _`require("ajv-formats/dist/formats").fullFormats` },
    });
  }
  const ajv = options.dialect === "2020-12" ? new Ajv2020(settings) : new Ajv(settings);
  addFormats(ajv);
  // Standard formats ajv-formats does not check: accepted, as validators that do not assert them do.
  for (const format of ANNOTATION_FORMATS) ajv.addFormat(format, true);
  return ajv;
}
