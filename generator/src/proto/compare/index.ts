import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { runBuf } from "../buf.js";
import { bufFailure, bufFindings, type BufFileName } from "../buf-errors.js";
import { listContractFiles } from "../../source/list-files.js";
import { shownPath } from "../../source/shown-path.js";
import type { Finding } from "../../core/finding.js";
import { protoElement } from "./element.js";
import { inventoryChanges } from "./inventory.js";

/** WIRE_JSON keeps binary and JSON encodings compatible; Connect clients also call RPCs by name. */
/** buf breaking rule selection: categories or rule ids to use, and rule ids to leave out. */
export interface ProtoRules {
  use?: string[];
  except?: string[];
}

export const DEFAULT_PROTO_RULES = ["WIRE_JSON", "SERVICE_NO_DELETE", "RPC_NO_DELETE"];

/**
 * Runs `buf breaking` on the `proto/` folders of the two trees (buf is the engine; its rule ids are
 * kept). With `everyChange`, also lists added and removed elements that buf does not call breaking.
 */
export async function compareProtoFolders(baseRoot: string, headRoot: string, rules: ProtoRules, everyChange: boolean): Promise<Finding[]> {
  const baseDir = join(baseRoot, "proto");
  const headDir = join(headRoot, "proto");
  const baseFiles = listContractFiles(baseDir, [".proto"]);
  const headFiles = listContractFiles(headDir, [".proto"]);
  const findings: Finding[] = [];
  for (const file of baseFiles) {
    if (!headFiles.includes(file)) {
      findings.push({
        rule: "contract-file-removed",
        level: "warning",
        file: `proto/${file}`,
        location: "",
        message: `proto file proto/${file} removed`,
      });
    }
  }
  for (const file of headFiles) {
    if (!baseFiles.includes(file)) {
      findings.push({
        rule: "contract-file-added",
        level: "info",
        file: `proto/${file}`,
        location: "",
        message: `proto file proto/${file} added`,
      });
    }
  }
  if (headFiles.length === 0 || baseFiles.length === 0) {
    if (headFiles.length > 0) await ensureCompiles(headDir, headRoot, headFileName(headDir));
    if (baseFiles.length > 0) await ensureCompiles(baseDir, baseRoot, baseFileName(baseRoot, baseDir));
    return findings;
  }
  const bufConfig = JSON.stringify({
    version: "v2",
    breaking: { use: rules.use ?? DEFAULT_PROTO_RULES, except: rules.except ?? [] },
  });
  const run = await runBuf(
    ["breaking", headDir, "--against", baseDir, "--error-format=json", "--config", bufConfig, "--against-config", bufConfig],
    headRoot,
  );
  const headName = headFileName(headDir);
  const baseName = baseFileName(baseRoot, baseDir);
  const fileName: BufFileName = (path) =>
    path !== undefined && isUnder(resolve(headDir, path), baseDir) ? baseName(path) : headName(path);
  for (const a of bufFindings(run, fileName)) {
    const file = relative(headRoot, resolve(headDir, a.path ?? "."))
      .split(sep)
      .join("/");
    const finding: Finding = { rule: a.type ?? "", level: "error", file, location: protoElement(a.message) ?? "", message: a.message };
    if (a.line) finding.line = a.line;
    findings.push(finding);
  }
  if (everyChange) findings.push(...(await inventoryChanges(baseDir, headDir, headRoot)));
  return findings;
}

/** Outside `buf breaking` (one side has no proto files), buf build says whether the other compiles. */
async function ensureCompiles(dir: string, root: string, fileName: BufFileName): Promise<void> {
  const run = await runBuf(["build", dir, "--error-format=json", "--config", '{"version":"v2"}', "-o", "/dev/null"], root);
  if (run.code !== 0) throw bufFailure(run, fileName);
}

/** A file of the tree being checked, named as `concord generate` names it. */
function headFileName(dir: string): BufFileName {
  return (path) => shownPath(resolve(dir, path ?? "."));
}

/** A file of the baseline tree: `baseline:proto/…`, since the baseline is often a temporary checkout. */
function baseFileName(root: string, dir: string): BufFileName {
  return (path) =>
    `baseline:${relative(root, resolve(dir, path ?? "."))
      .split(sep)
      .join("/")}`;
}

function isUnder(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}
