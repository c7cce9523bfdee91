/**
 * Child process of bench/openapi-sdk.ts and test/openapi/octokit.test.ts: generates one OpenAPI
 * document's output into a folder and prints one JSON line of stats, so its wall time and peak
 * memory are its own. Usage: tsx bench/openapi-generate-child.ts <spec> <out> [--sdk-only]
 */
import { basename, extname } from "node:path";
import { writeOutput } from "../generator/src/core/write-output.js";
import { emitSdk } from "../generator/src/openapi/emit-sdk.js";
import { emitTypes, usesReadWrite } from "../generator/src/openapi/emit-types.js";
import { emitDocument } from "../generator/src/openapi/kind.js";
import { loadOpenApiFile } from "../generator/src/openapi/load.js";

const [spec, out, flag] = process.argv.slice(2);
if (!spec || !out) throw new Error("usage: openapi-generate-child.ts <spec> <out> [--sdk-only]");
const started = performance.now();
const model = await loadOpenApiFile(spec, `openapi/${basename(spec)}`);
const loadedMs = performance.now() - started;
const readWrite = usesReadWrite(model);
const files = flag === "--sdk-only" ? [...emitSdk(model, readWrite), await emitTypes(model, readWrite, true)] : await emitDocument(model);
await writeOutput(out, files);
const stats = {
  document: basename(spec, extname(spec)),
  operations: model.operations.length,
  files: files.length,
  bytes: files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0),
  loadMs: Math.round(loadedMs),
  totalMs: Math.round(performance.now() - started),
  maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(stats)}\n`);
