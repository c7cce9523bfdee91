import { join, relative } from "node:path";
import { ContractError, type ContractProblem } from "../../core/contract-error.js";
import type { BreakingConfig } from "../config.js";
import type { Finding } from "../finding.js";
import { listFiles } from "../source/list-files.js";
import { parseAnnotations, runBuf, type BufAnnotation } from "./buf.js";
import { protoElement } from "./element.js";
import { inventoryChanges } from "./inventory.js";

/** WIRE_JSON keeps binary and JSON encodings compatible; Connect clients also call RPCs by name. */
export const DEFAULT_PROTO_RULES = ["WIRE_JSON", "SERVICE_NO_DELETE", "RPC_NO_DELETE"];

/**
 * Runs `buf breaking` on the `proto/` folders of the two trees (buf is the engine; its rule ids are
 * kept). With `everyChange`, also lists added and removed elements that buf does not call breaking.
 */
export async function compareProtoFolders(baseRoot: string, headRoot: string, config: BreakingConfig, everyChange: boolean): Promise<Finding[]> {
  const baseDir = join(baseRoot, "proto");
  const headDir = join(headRoot, "proto");
  const baseFiles = listFiles(baseDir, [".proto"]);
  const headFiles = listFiles(headDir, [".proto"]);
  const findings: Finding[] = [];
  for (const file of baseFiles) {
    if (!headFiles.includes(file)) {
      findings.push({ rule: "contract-file-removed", level: "warning", file: `proto/${file}`, location: "", message: `proto file proto/${file} removed` });
    }
  }
  for (const file of headFiles) {
    if (!baseFiles.includes(file)) {
      findings.push({ rule: "contract-file-added", level: "info", file: `proto/${file}`, location: "", message: `proto file proto/${file} added` });
    }
  }
  if (headFiles.length === 0 || baseFiles.length === 0) {
    if (headFiles.length > 0) await ensureCompiles(headDir, headRoot);
    if (baseFiles.length > 0) await ensureCompiles(baseDir, baseRoot);
    return findings;
  }
  const bufConfig = JSON.stringify({
    version: "v2",
    breaking: { use: config.proto?.use ?? DEFAULT_PROTO_RULES, except: config.proto?.except ?? [] },
  });
  const run = await runBuf(
    ["breaking", headDir, "--against", baseDir, "--error-format=json", "--config", bufConfig, "--against-config", bufConfig],
    headRoot,
  );
  const annotations = run.stdout.trim() ? parseAnnotations(run.stdout) : [];
  failOnCompileErrors(annotations, baseDir, baseRoot, headDir, headRoot);
  if (run.code !== 0 && run.code !== 100) {
    throw new ContractError({ file: "proto", rule: "contract-unparsable", message: `buf breaking failed: ${run.stderr.trim()}` });
  }
  for (const a of annotations) {
    const file = relative(headRoot, a.path.startsWith("/") ? a.path : join(headDir, a.path)).split("\\").join("/");
    const finding: Finding = { rule: a.type, level: "error", file, location: protoElement(a.message) ?? "", message: a.message };
    if (a.start_line) finding.line = a.start_line;
    findings.push(finding);
  }
  if (everyChange) findings.push(...(await inventoryChanges(baseDir, headDir, headRoot)));
  return findings;
}

async function ensureCompiles(dir: string, root: string): Promise<void> {
  const run = await runBuf(["build", dir, "--error-format=json", "--config", '{"version":"v2"}', "-o", "/dev/null"], root);
  failOnCompileErrors(run.stdout.trim() ? parseAnnotations(run.stdout) : [], dir, root, dir, root);
  if (run.code !== 0) throw new ContractError({ file: relative(root, dir), rule: "contract-unparsable", message: run.stderr.trim() });
}

function failOnCompileErrors(annotations: BufAnnotation[], baseDir: string, baseRoot: string, headDir: string, headRoot: string): void {
  const compile = annotations.filter((a) => a.type === "COMPILE" || a.type === "FAILURE");
  if (compile.length === 0) return;
  const problems: ContractProblem[] = compile.map((a) => {
    const onBase = a.path.startsWith(baseDir) && baseDir !== headDir;
    const file = onBase ? `baseline:${relative(baseRoot, a.path)}` : relative(headRoot, a.path.startsWith("/") ? a.path : join(headDir, a.path));
    return { file, line: a.start_line, column: a.start_column, rule: "contract-unparsable", message: a.message };
  });
  throw new ContractError(problems);
}
