import { join, relative, sep } from "node:path";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { readContractFolder, type IsDocument } from "./contract-folder.js";
import { checkRefs } from "./refs.js";
import { shownPath } from "./shown-path.js";
import { SourceSet } from "./source-set.js";
import type { Finding } from "../core/finding.js";
import { DocumentSet } from "./document-set.js";

export interface DocumentPair {
  base: DocumentSet;
  head: DocumentSet;
  baseFile: string;
  headFile: string;
  /** `openapi/gateway.yaml`: the path inside the contracts folder. */
  display: string;
}

/**
 * Reads `folder` of both trees as `concord generate` reads it (every YAML/JSON file, so a file that
 * does not read fails the run on either side; every `$ref` of every document checked), then pairs the
 * documents by path. Problems name a head file as `generate` does, a baseline file as
 * `baseline:openapi/gateway.yaml`; the head's come first.
 */
export function pairDocuments(
  baseRoot: string,
  headRoot: string,
  folder: string,
  isDocument: IsDocument,
  kindName: string,
): { pairs: DocumentPair[]; findings: Finding[] } {
  const head = readSide(headRoot, folder, isDocument, new SourceSet(shownPath));
  const base = readSide(baseRoot, folder, isDocument, new SourceSet((path) => `baseline:${relative(baseRoot, path).split(sep).join("/")}`));
  const problems = [...head.problems, ...base.problems];
  if (problems.length > 0) throw new ContractError(problems);
  const pairs: DocumentPair[] = [];
  const findings: Finding[] = [];
  for (const file of base.documents) {
    const display = `${folder}/${file}`;
    if (!head.documents.has(file)) {
      findings.push({
        rule: "contract-file-removed",
        level: "error",
        file: display,
        location: "",
        message: `${kindName} document ${display} removed`,
      });
      continue;
    }
    pairs.push({ base: base.set, head: head.set, baseFile: join(baseRoot, folder, file), headFile: join(headRoot, folder, file), display });
  }
  for (const file of head.documents) {
    if (!base.documents.has(file)) {
      const display = `${folder}/${file}`;
      findings.push({
        rule: "contract-file-added",
        level: "info",
        file: display,
        location: "",
        message: `${kindName} document ${display} added`,
      });
    }
  }
  return { pairs, findings };
}

function readSide(
  root: string,
  folder: string,
  isDocument: IsDocument,
  sources: SourceSet,
): { set: DocumentSet; documents: Set<string>; problems: ContractProblem[] } {
  const read = readContractFolder(join(root, folder), isDocument, sources);
  const problems = [...read.problems];
  for (const { source } of read.documents) problems.push(...checkRefs(sources, source.path).problems);
  return { set: new DocumentSet(sources), documents: new Set(read.documents.map((d) => d.relativePath)), problems };
}
