import { join } from "node:path";
import type { Finding } from "../finding.js";
import { DocumentSet } from "./document-set.js";
import { DOCUMENT_EXTENSIONS, listFiles } from "./list-files.js";

export interface DocumentPair {
  base: DocumentSet;
  head: DocumentSet;
  baseFile: string;
  headFile: string;
  /** `openapi/gateway.yaml`: the path inside the contracts folder. */
  display: string;
}

/**
 * Loads every YAML/JSON file of `folder` on both sides (so a file that does not parse fails the run
 * on either side), then pairs the root documents by path; `isRoot` tells roots from referenced fragments.
 */
export function pairDocuments(baseRoot: string, headRoot: string, folder: string, isRoot: (value: unknown) => boolean, kindName: string): { pairs: DocumentPair[]; findings: Finding[] } {
  const base = new DocumentSet(baseRoot);
  const head = new DocumentSet(headRoot);
  const baseFiles = listFiles(join(baseRoot, folder), DOCUMENT_EXTENSIONS);
  const headFiles = listFiles(join(headRoot, folder), DOCUMENT_EXTENSIONS);
  const baseRoots = new Set(baseFiles.filter((f) => isRoot(base.load(join(baseRoot, folder, f)))));
  const headRoots = new Set(headFiles.filter((f) => isRoot(head.load(join(headRoot, folder, f)))));
  const pairs: DocumentPair[] = [];
  const findings: Finding[] = [];
  for (const file of baseRoots) {
    const display = `${folder}/${file}`;
    if (!headRoots.has(file)) {
      findings.push({ rule: "contract-file-removed", level: "error", file: display, location: "", message: `${kindName} document ${display} removed` });
      continue;
    }
    pairs.push({ base, head, baseFile: join(baseRoot, folder, file), headFile: join(headRoot, folder, file), display });
  }
  for (const file of headRoots) {
    if (!baseRoots.has(file)) {
      const display = `${folder}/${file}`;
      findings.push({ rule: "contract-file-added", level: "info", file: display, location: "", message: `${kindName} document ${display} added` });
    }
  }
  return { pairs, findings };
}
