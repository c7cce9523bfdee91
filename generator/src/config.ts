import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { ContractError, type ContractProblem } from "./core/contract-error.js";
import type { Formatter } from "./core/format-output.js";
import { encodeToken, parsePointer } from "./core/json-pointer.js";
import { JsonLocator } from "./source/json-locator.js";
import { jsonSyntaxMessage } from "./source/read.js";
import { shownPath } from "./source/shown-path.js";

export const CONFIG_FILE = "concord.config.json";

/** The JSON Schema every concord.config.json is checked against; the package exports it as `./config.schema.json`. */
export const CONFIG_SCHEMA_URL = new URL("../config.schema.json", import.meta.url);

/**
 * The repository's `concord.config.json` (its schema: `config.schema.json` of this package). Every
 * key is optional; each contract kind owns the section named after it and reads it with its own type.
 */
export interface ConcordConfig {
  /** The JSON Schema, for editors; ignored. */
  $schema?: string;
  contracts?: string;
  out?: string;
  /** The project's formatter, run over the generated files before they are written or checked. */
  format?: Formatter;
  /** Which parts of each OpenAPI document are generated (`sdk`, `server`, `responseSchemas`). */
  openapi?: { sdk?: boolean; server?: boolean; responseSchemas?: boolean };
  proto?: Record<string, unknown>;
  breaking?: Record<string, unknown>;
}

export interface LoadedConfig {
  /** Folder the config was read from (the repository root); paths in it are relative to it. */
  root: string;
  file?: string;
  config: ConcordConfig;
}

/**
 * Reads `concord.config.json` from `root`, if there is one, and checks it against the schema: a
 * syntax error, an unknown key or a wrong type is a ContractError naming the file, the line, the
 * JSON pointer and the rule.
 */
export function loadConfig(root = process.cwd()): LoadedConfig {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return { root, config: {} };
  return { root, file, config: parseConfig(readFileSync(file, "utf8"), shownPath(file)) };
}

/** Parses the text of a concord.config.json and checks it against the schema; `file` is the name errors show. */
export function parseConfig(text: string, file: string = CONFIG_FILE): ConcordConfig {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let config: unknown;
  try {
    config = JSON.parse(body);
  } catch (error) {
    throw new ContractError(syntaxProblem((error as Error).message, new JsonLocator(body), file));
  }
  const validate = configValidator();
  if (validate(config)) return config as ConcordConfig;
  const locator = new JsonLocator(body);
  const problems = (validate.errors ?? []).map((error) => schemaProblem(error, locator, file));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ContractError(problems);
}

export function resolveFromConfig(loaded: LoadedConfig, key: "contracts" | "out", fallback: string): string {
  return resolve(loaded.root, loaded.config[key] ?? fallback);
}

let validator: ValidateFunction | undefined;

/**
 * ajv is loaded (synchronously, it is CommonJS) only when there is a config to check, and compiles
 * the schema once per process: about 50 ms. The schema itself is checked against the draft 2020-12
 * meta-schema by the unit tests, not at every start (`validateSchema: false` saves some 35 ms more).
 */
function configValidator(): ValidateFunction {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js");
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_URL, "utf8")) as object;
  validator = new Ajv2020({ allErrors: true, verbose: true, strict: true, validateSchema: false }).compile(schema);
  return validator;
}

/** V8 says `… in JSON at position 11 (line 3 column 1)`; the position goes into the location. */
function syntaxProblem(message: string, locator: JsonLocator, file: string): ContractProblem {
  const syntax = jsonSyntaxMessage(message);
  return {
    file,
    ...(syntax.position === undefined ? {} : locator.position(syntax.position)),
    rule: "config-syntax",
    message: `not valid JSON: ${syntax.message}`,
  };
}

function schemaProblem(error: ErrorObject, locator: JsonLocator, file: string): ContractProblem {
  let path = error.instancePath;
  let rule = "config-value";
  let message = error.message ?? "is not valid";
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params["additionalProperty"]);
      path = `${path}/${encodeToken(key)}`;
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      rule = "config-unknown-key";
      message = `unknown key ${JSON.stringify(key)}${allowed.length > 0 ? `; ${error.instancePath || "the top level"} allows ${allowed.join(", ")}` : ""}`;
      break;
    }
    case "type":
      rule = "config-type";
      message = `must be ${withArticle(String(params["type"]))}, not ${withArticle(typeName(error.data))}`;
      break;
    case "required":
      rule = "config-missing-key";
      message = `missing the key ${JSON.stringify(params["missingProperty"])}`;
      break;
    case "enum":
      message = `must be ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", or ")}, not ${JSON.stringify(error.data)}`;
      break;
    case "pattern":
      message = `${JSON.stringify(error.data)} must look like key=value (no comma, no space)`;
      break;
  }
  return { file, line: locator.locate(parsePointer(path) ?? []).line, path: path || "/", rule, message };
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return Number.isInteger(value) ? "integer" : typeof value;
}

function withArticle(type: string): string {
  if (type === "null") return "null";
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}
