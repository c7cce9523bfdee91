import { basename, extname, resolve } from "node:path";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { isOpenApiDocument, readContractFolder } from "../source/contract-folder.js";
import type { SourceDocument } from "../source/read.js";
import { withPointerRefs } from "../source/anchors.js";
import { checkRefs, isRemoteRef, REF_RULE, uriToPath } from "../source/refs.js";
import { SourceSet } from "../source/source-set.js";
import { buildModel } from "./build-model.js";
import type { OpenApiModel } from "./model.js";
import { semanticProblems, validateOpenApi } from "./validate.js";

/**
 * Loads every OpenAPI document under `dir`: each file directly in it, and each file in a sub-folder
 * whose top level has `openapi` (the other files in sub-folders are fragments that documents may
 * `$ref`). Every YAML/JSON file is read, fragments too, as `concord breaking` reads them. Each document
 * is validated, bundled into one document with local `$ref`s only, and turned into the model; it
 * generates into `openapi/<its file name>/`, so two documents of one name are refused. Every problem
 * of every file is reported at once.
 */
export async function loadOpenApiDir(dir: string): Promise<OpenApiModel[]> {
  const folder = readContractFolder(resolve(dir), isOpenApiDocument);
  const models: OpenApiModel[] = [];
  const problems: ContractProblem[] = [...folder.problems];
  const names = new Map<string, string>();
  for (const { relativePath, source } of folder.documents) {
    const name = basename(relativePath, extname(relativePath));
    const first = names.get(name);
    if (first !== undefined) {
      problems.push({
        file: source.file,
        rule: "openapi-name-taken",
        message: `generates into openapi/${name}/, as ${first} does: rename one of them`,
      });
      continue;
    }
    names.set(name, source.file);
    try {
      models.push(await loadDocument(source, folder.set, name, `openapi/${relativePath}`));
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
  const set = new SourceSet();
  return loadDocument(set.get(resolve(file)), set, basename(file, extname(file)), sourceName);
}

async function loadDocument(source: SourceDocument, set: SourceSet, name: string, sourceName: string): Promise<OpenApiModel> {
  const schemaProblems = validateOpenApi(source);
  if (schemaProblems.length > 0) throw new ContractError(schemaProblems);
  const refs = checkRefs(set, source.path);
  // Incomplete with no problems of its own: a file it uses does not read, and the folder said so.
  if (refs.problems.length > 0 || !refs.complete) throw new ContractError(refs.problems);

  // After this, every `$ref` is a JSON pointer: what the bundler, openapi-typescript and the validators follow.
  const pointers = refs.anchored ? withPointerRefs : <T>(data: T) => data;
  const document = refs.hasExternal ? await bundleExternal(source, set, pointers) : (pointers(source.data) as Record<string, unknown>);
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
  return buildModel(document, name, sourceName);
}

/**
 * One document with the parts of other files it `$ref`s copied in. The bundler reads every file
 * through `set`, so it bundles what the checks above read, parsed the one way.
 */
async function bundleExternal(
  source: SourceDocument,
  set: SourceSet,
  pointers: (data: unknown) => unknown,
): Promise<Record<string, unknown>> {
  // Loaded on demand: most documents are one file, and the parser costs ~0.3 s of CPU to load.
  const { bundle } = await import("@readme/openapi-parser");
  let unread: ContractError | undefined;
  const reader = {
    order: 1,
    canRead: (file: { url: string }) => !isRemoteRef(file.url) || /^file:/i.test(file.url),
    read: (file: { url: string }) => {
      try {
        // The bundler rewrites what it reads: each read gets its own copy.
        return pointers(structuredClone(set.get(uriToPath(file.url)).data));
      } catch (error) {
        if (error instanceof ContractError) unread ??= error;
        throw error;
      }
    },
  };
  try {
    return (await bundle(source.path, { resolve: { file: reader, external: true } } as never)) as unknown as Record<string, unknown>;
  } catch (error) {
    if (unread) throw unread;
    const e = error as Error & { source?: string };
    const file = e.source ? set.label(uriToPath(e.source)) : source.file;
    throw new ContractError({ file, rule: REF_RULE, message: e.message.split("\n")[0] ?? e.message });
  }
}
