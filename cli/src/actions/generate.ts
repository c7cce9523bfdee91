import { relative } from "node:path";
import { findStaleFiles, generate, isClean, loadConfig, resolveFromConfig, writeOutput } from "@concordkit/generator";
import type { GenerateOptions } from "../commands/generate.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";

export async function runGenerate(options: GenerateOptions, io: Io): Promise<ExitCode> {
  if (options.watch) {
    if (options.check) {
      io.err("concord generate: --watch and --check cannot be used together");
      return ExitCode.Usage;
    }
    const { runWatch } = await import("./watch.js");
    return runWatch(options, io);
  }
  const loaded = loadConfig();
  const contracts = options.contracts ?? resolveFromConfig(loaded, "contracts", "contracts");
  const out = options.out ?? resolveFromConfig(loaded, "out", "generated");
  const shown = relative(process.cwd(), out) || ".";
  const started = performance.now();
  const files = await generate(contracts, loaded.config, loaded.root);

  if (options.check) {
    const stale = await findStaleFiles(out, files);
    if (isClean(stale)) {
      io.out(`${shown}/ is up to date (${files.length} files)`);
      return ExitCode.Ok;
    }
    for (const path of stale.missing) io.err(`missing  ${shown}/${path}`);
    for (const path of stale.changed) io.err(`stale    ${shown}/${path}`);
    for (const path of stale.extra) io.err(`extra    ${shown}/${path}`);
    io.err(`${shown}/ is out of date: run \`concord generate\``);
    return ExitCode.Findings;
  }

  const report = await writeOutput(out, files);
  const created = new Set(report.created);
  const changed = new Set(report.changed);
  for (const file of files) {
    const mark = created.has(file.path) ? "new      " : changed.has(file.path) ? "changed  " : "unchanged";
    io.out(`${mark} ${shown}/${file.path}`);
  }
  for (const path of report.removed) io.out(`removed   ${shown}/${path}`);
  const ms = Math.round(performance.now() - started);
  io.out(
    `wrote ${files.length} files to ${shown}/ in ${ms} ms (${created.size} new, ${changed.size} changed, ${report.removed.length} removed)`,
  );
  return ExitCode.Ok;
}
