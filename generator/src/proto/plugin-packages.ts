import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CodeGeneratorRequestSchema,
  CodeGeneratorResponseSchema,
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
} from "@bufbuild/protobuf/wkt";
import { ContractError } from "../core/contract-error.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import { shownPath } from "../source/shown-path.js";
import { ES_PARAMETER, withParameter } from "./request.js";
import { runProcess } from "./run-process.js";

const PLUGIN_TIMEOUT_MS = 120_000;

/** ESM imports with `.js`, bigint for 64-bit integers (as protoc-gen-es), no services (Connect comes from protoc-gen-es). */
const TS_PROTO_OPTIONS = ["importSuffix=.js", "esModuleInterop=true", "forceLong=bigint", "outputServices=false", "useExactTypes=false"];

/**
 * Messages, enums and service descriptors (`*_pb.ts`) from protoc-gen-es, run on the request
 * `buf generate` would hand it. Its bin is its one public entry, so it runs as buf runs it.
 */
export function emitProtobufEs(request: CodeGeneratorRequest, dir: string): Promise<GeneratedFile[]> {
  return runPluginPackage("@bufbuild/protoc-gen-es", "protoc-gen-es", withParameter(request, ES_PARAMETER), dir);
}

/** ts-proto's plain-interface message types, under `ts-proto/`, from its protoc plugin on the same request. */
export async function emitTsProto(request: CodeGeneratorRequest, dir: string, extraOptions: readonly string[]): Promise<GeneratedFile[]> {
  const parameter = [...TS_PROTO_OPTIONS, ...extraOptions].join(",");
  const files = await runPluginPackage("ts-proto", "protoc-gen-ts_proto", withParameter(request, parameter), dir);
  return files.map((file) => ({ path: `ts-proto/${file.path}`, content: file.content }));
}

/**
 * Runs the protoc plugin an npm package installs as `bin` on `request`, and returns its files,
 * each with Concord's header above the plugin's own. A plugin that fails, or answers with an
 * error, is a ContractError on the contracts folder `dir`.
 */
async function runPluginPackage(name: string, bin: string, request: CodeGeneratorRequest, dir: string): Promise<GeneratedFile[]> {
  const plugin = pluginPackage(name, bin);
  const input = toBinary(CodeGeneratorRequestSchema, request);
  const result = await runProcess(plugin.label, process.execPath, [plugin.bin], { cwd: dir, input, timeoutMs: PLUGIN_TIMEOUT_MS });
  const fail = (message: string) =>
    new ContractError({ file: shownPath(dir), rule: "proto-plugin", message: `${plugin.label}: ${message}` });
  if (result.code !== 0) throw fail(result.stderr.trim() || `exited with code ${result.code}`);
  const response: CodeGeneratorResponse = fromBinary(CodeGeneratorResponseSchema, result.stdout);
  if (response.error) throw fail(response.error);
  return response.file.map((file) => ({
    path: file.name,
    content: `${generatedHeader(plugin.label, sourceOf(file.name))}${file.content}`,
  }));
}

/** The bin of an installed package and the name Concord's header gives it (`protoc-gen-es v2.17.0`). */
function pluginPackage(name: string, bin: string): { label: string; bin: string } {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve(`${name}/package.json`);
  const manifest = require(manifestPath) as { version: string; bin: Record<string, string> };
  return { label: `${name.replace(/^@[^/]+\//, "")} v${manifest.version}`, bin: join(dirname(manifestPath), manifest.bin[bin]!) };
}

/** `payment/v1/payment_pb.ts` → `payment/v1/payment.proto`; ts-proto's `payment/v1/payment.ts` too. */
function sourceOf(path: string): string {
  return path.replace(/(_pb)?\.ts$/, ".proto");
}
