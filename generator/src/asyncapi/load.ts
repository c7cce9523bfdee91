import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { Parser, type AsyncAPIDocumentInterface, type Diagnostic } from "@asyncapi/parser";
import { coreRuleset, recommendedRuleset } from "@asyncapi/parser/cjs/ruleset/ruleset.js";
import { ContractError, type ContractProblem } from "../core/contract-error.js";

/** One AsyncAPI document that parsed with no error diagnostics. */
export interface LoadedDocument {
  /** Path relative to the contracts folder's parent, with `/`, e.g. `asyncapi/order-service.yaml`. */
  readonly source: string;
  readonly document: AsyncAPIDocumentInterface;
}

const ERROR = 0;

/**
 * Parses every AsyncAPI document (2.6 or 3.x) under `dir`: a YAML or JSON file whose top level
 * has an `asyncapi` key. Files without it are fragments that documents `$ref`. Any error
 * diagnostic of any document fails the whole load with every problem listed.
 */
export async function loadAsyncApiDocuments(dir: string): Promise<LoadedDocument[]> {
  const root = resolve(dir);
  const parser = new Parser({ ruleset: SHARED_VALIDATORS_RULESET });
  const loaded: LoadedDocument[] = [];
  const problems: ContractProblem[] = [];
  for (const file of await findDocuments(root)) {
    const text = await readFile(file, "utf8");
    const { document, diagnostics } = await parser.parse(text, { source: file });
    const errors = diagnostics.filter((d) => d.severity === ERROR).map((d) => toProblem(d, file));
    problems.push(...errors);
    if (errors.length > 0) continue;
    if (!document) {
      problems.push({ file: shown(file), rule: "asyncapi-unparsed", message: "the parser returned no document" });
      continue;
    }
    const source = relative(join(root, ".."), file).split(sep).join("/");
    loaded.push({ source, document });
  }
  if (problems.length > 0) throw new ContractError(problems);
  return loaded;
}

/**
 * The parser's rules that validate with Spectral's `schema` function, redefined as they are but for
 * one thing. That function keeps its Ajv instances, and so its compiled validators, per document
 * inventory: every document built new instances and compiled the whole AsyncAPI 3 JSON Schema
 * again, twice (resolved and unresolved): about 0.3 s of CPU a document, two thirds of
 * `concord generate` on the repository's eight documents. The inventory is only that cache's key
 * (the rules take the document itself from `context.document`), so these rules pass one key for
 * the whole process. Names, severities, messages, `given`, `field` and `resolved` are the parser's
 * own; Spectral assigns a redefinition over the rule of the same name.
 */
const validatorCacheKey = {};
interface SchemaRule {
  then: { function: (target: any, options: any, context: any) => unknown };
}
function sharingValidators<Rule extends SchemaRule>(rule: Rule): Rule {
  const validate = rule.then.function;
  const shared = (target: unknown, options: unknown, context: { documentInventory: unknown }) =>
    validate(target, options, { ...context, documentInventory: validatorCacheKey });
  // Its options validator too (Spectral checks `functionOptions` with it), and its name for messages.
  Object.defineProperty(shared, "name", { value: validate.name });
  return { ...rule, then: { ...rule.then, function: Object.assign(shared, validate) } };
}
const SHARED_VALIDATORS_RULESET = {
  rules: {
    "asyncapi-document-resolved": sharingValidators(coreRuleset.rules["asyncapi-document-resolved"]),
    "asyncapi-document-unresolved": sharingValidators(coreRuleset.rules["asyncapi-document-unresolved"]),
    "asyncapi-latest-version": sharingValidators(coreRuleset.rules["asyncapi-latest-version"]),
    "asyncapi-servers": sharingValidators(recommendedRuleset.rules["asyncapi-servers"]),
  },
} as NonNullable<ConstructorParameters<typeof Parser>[0]>["ruleset"];

async function findDocuments(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const candidates = entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const documents: string[] = [];
  for (const file of candidates) {
    if (isDocument(file, await readFile(file, "utf8"))) documents.push(file);
  }
  return documents;
}

function isDocument(file: string, text: string): boolean {
  if (!file.toLowerCase().endsWith(".json")) return /^asyncapi\s*:/m.test(text);
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && "asyncapi" in value;
  } catch {
    // Not JSON at all: let the parser say so, with a line number.
    return /"asyncapi"\s*:/.test(text);
  }
}

function toProblem(diagnostic: Diagnostic, file: string): ContractProblem {
  const start = diagnostic.range?.start;
  const path = diagnostic.path.length > 0 ? `/${diagnostic.path.map(escapePointer).join("/")}` : undefined;
  return {
    file: shown(diagnostic.source ?? file),
    ...(start ? { line: start.line + 1, column: start.character + 1 } : {}),
    ...(path ? { path } : {}),
    rule: String(diagnostic.code),
    message: diagnostic.message,
  };
}

function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Relative to the working directory when the file is under it, so messages stay short. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel.split(sep).join("/");
}
