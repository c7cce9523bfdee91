import { basename, resolve } from "node:path";
import { Parser, type AsyncAPIDocumentInterface, type Diagnostic } from "@asyncapi/parser";
import { coreRuleset, recommendedRuleset } from "@asyncapi/parser/cjs/ruleset/ruleset.js";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { formatPointer } from "../core/json-pointer.js";
import { isAsyncApiDocument, readContractFolder } from "../source/contract-folder.js";
import { shownPath } from "../source/shown-path.js";
import { checkRefs } from "../source/refs.js";

/** One AsyncAPI document that parsed with no error diagnostics. */
export interface LoadedDocument {
  /** Path relative to the contracts folder's parent, with `/`, e.g. `asyncapi/order-service.yaml`. */
  readonly source: string;
  readonly document: AsyncAPIDocumentInterface;
}

const ERROR = 0;

/**
 * Parses every AsyncAPI document (2.6 or 3.x) under `dir`: a YAML or JSON file whose top level
 * has an `asyncapi` key. Files without it are fragments that documents `$ref`. Every file is read
 * first the one way every command reads contracts (syntax, repeated keys, `$ref`s that lead
 * nowhere: the problems `concord breaking` reports too); then the parser validates each document.
 * Any error diagnostic of any document fails the whole load with every problem listed.
 */
export async function loadAsyncApiDocuments(dir: string): Promise<LoadedDocument[]> {
  const root = resolve(dir);
  const folder = readContractFolder(root, isAsyncApiDocument);
  const problems: ContractProblem[] = [...folder.problems];
  const parser = new Parser({ ruleset: SHARED_VALIDATORS_RULESET });
  const loaded: LoadedDocument[] = [];
  for (const { relativePath, source: read } of folder.documents) {
    const refs = checkRefs(folder.set, read.path);
    problems.push(...refs.problems);
    if (refs.problems.length > 0 || !refs.complete) continue;
    const { document, diagnostics } = await parser.parse(read.text, { source: read.path });
    const errors = diagnostics.filter((d) => d.severity === ERROR).map((d) => toProblem(d, read.path));
    problems.push(...errors);
    if (errors.length > 0) continue;
    if (!document) {
      problems.push({ file: read.file, rule: "asyncapi-unparsed", message: "the parser returned no document" });
      continue;
    }
    loaded.push({ source: `${basename(root)}/${relativePath}`, document });
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
  // Spectral types its rule functions loosely; the shared wrapper passes every argument through.
  // biome-ignore lint/suspicious/noExplicitAny: the parser's rule functions take Spectral's own argument types
  then: { function: (target: any, options: any, context: any) => unknown };
}
function sharingValidators<Rule extends SchemaRule>(rule: Rule): Rule {
  const validate = rule.then.function;
  const shared = (target: unknown, options: unknown, context: { documentInventory: unknown }) =>
    validate(target, options, { ...context, documentInventory: validatorCacheKey });
  // Its options validator too (Spectral checks `functionOptions` with it), and its name for messages.
  Object.defineProperty(shared, "name", { value: validate.name });
  // biome-ignore lint/suspicious/noThenProperty: `then` is what Spectral calls a rule's action
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

function toProblem(diagnostic: Diagnostic, file: string): ContractProblem {
  const start = diagnostic.range?.start;
  const path = diagnostic.path.length > 0 ? formatPointer(diagnostic.path) : undefined;
  return {
    file: shownPath(diagnostic.source ?? file),
    ...(start ? { line: start.line + 1, column: start.character + 1 } : {}),
    ...(path ? { path } : {}),
    rule: String(diagnostic.code),
    message: diagnostic.message,
  };
}
