import { join } from "node:path";
import type { ContractProblem } from "../core/contract-error.js";
import { DOCUMENT_EXTENSIONS, listContractFiles } from "./list-files.js";
import type { SourceDocument } from "./read.js";
import { SourceSet } from "./source-set.js";

/** Tells a document of a kind from a fragment its documents `$ref`, by where the file is and what it holds. */
export type IsDocument = (relativePath: string, value: unknown) => boolean;

/**
 * An OpenAPI document: every file directly in the `openapi/` folder, and a file in a sub-folder
 * whose top level has `openapi` (or `swagger`, which the loader then refuses by its version).
 * Other files in sub-folders are fragments.
 */
export const isOpenApiDocument: IsDocument = (relativePath, value) =>
  !relativePath.includes("/") || hasKey(value, "openapi") || hasKey(value, "swagger");

/** An AsyncAPI document: a file, anywhere under `asyncapi/`, whose top level has `asyncapi`. */
export const isAsyncApiDocument: IsDocument = (_relativePath, value) => hasKey(value, "asyncapi");

export interface ContractFolder {
  /** The documents, sorted by their path relative to the folder (`/`-separated). */
  documents: { relativePath: string; source: SourceDocument }[];
  /** The problems of every file of the folder that does not read, documents and fragments alike. */
  problems: ContractProblem[];
  /** Every file read, for following `$ref`s into them. */
  set: SourceSet;
}

/**
 * Reads every YAML/JSON file under `dir` (so a file that does not read fails every command
 * alike, whether or not a document uses it) and picks out the documents.
 */
export function readContractFolder(dir: string, isDocument: IsDocument, set = new SourceSet()): ContractFolder {
  const problems: ContractProblem[] = [];
  const documents: ContractFolder["documents"] = [];
  for (const relativePath of listContractFiles(dir, DOCUMENT_EXTENSIONS)) {
    const source = set.read(join(dir, ...relativePath.split("/")), problems);
    if (source && isDocument(relativePath, source.data)) documents.push({ relativePath, source });
  }
  return { documents, problems, set };
}

function hasKey(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, key);
}
