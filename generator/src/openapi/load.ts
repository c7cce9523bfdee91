import { readdir } from "node:fs/promises";
import { basename, extname, isAbsolute, join, relative, resolve } from "node:path";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { buildModel } from "./build-model.js";
import type { OpenApiModel } from "./model.js";
import { checkRefs } from "./refs.js";
import { readSource, type SourceDocument } from "./source.js";
import { semanticProblems, validateOpenApi } from "./validate.js";

const CONTRACT_FILE = /\.(ya?ml|json)$/i;

/**
 * Loads every OpenAPI document directly inside `dir` (files in sub-folders are fragments that
 * documents may `$ref`). Each is parsed, validated, bundled into one document with local `$ref`s
 * only, and turned into the model. Every problem of every file is reported at once.
 */
export async function loadOpenApiDir(dir: string): Promise<OpenApiModel[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && CONTRACT_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  const models: OpenApiModel[] = [];
  const problems: ContractProblem[] = [];
  for (const name of files) {
    try {
      models.push(await loadOpenApiFile(join(dir, name), `openapi/${name}`));
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ContractError(problems);
  return models;
}

/**
 * Loads one document. `sourceName` is what generated headers cite (`openapi/gateway.yaml`);
 * error messages name the file as the user would type it.
 */
export async function loadOpenApiFile(file: string, sourceName = basename(file)): Promise<OpenApiModel> {
  const absolute = resolve(file);
  const source = await readSource(absolute, shownPath(absolute));
  const schemaProblems = validateOpenApi(source);
  if (schemaProblems.length > 0) throw new ContractError(schemaProblems);
  const refs = checkRefs(source, absolute);
  if (refs.problems.length > 0) throw new ContractError(refs.problems);

  const document = refs.hasExternal ? await bundleExternal(absolute, source) : (source.data as Record<string, unknown>);
  if (refs.hasExternal) {
    const bundledProblems = validateOpenApi({ ...source, data: document });
    if (bundledProblems.length > 0) throw new ContractError(bundledProblems);
  }
  const semantic = semanticProblems(document).map((p) => ({
    file: source.file,
    ...source.locate(p.pointer),
    path: p.pointer,
    rule: p.rule,
    message: p.message,
  }));
  if (semantic.length > 0) throw new ContractError(semantic);
  return buildModel(document, basename(file, extname(file)), sourceName);
}

async function bundleExternal(absolute: string, source: SourceDocument): Promise<Record<string, unknown>> {
  try {
    // Loaded on demand: most documents are one file, and the parser costs ~0.3 s of CPU to load.
    const { bundle } = await import("@readme/openapi-parser");
    return (await bundle(absolute, { resolve: { file: true, external: true } })) as unknown as Record<string, unknown>;
  } catch (error) {
    const e = error as Error & { source?: string; path?: string | null };
    const file = e.source ? shownPath(e.source) : source.file;
    throw new ContractError({ file, rule: "ref-unresolved", message: e.message.split("\n")[0] ?? e.message });
  }
}

function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}
