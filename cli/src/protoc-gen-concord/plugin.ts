import { createRequire } from "node:module";
import { create, createRegistry, maximumEdition, minimumEdition, protoInt64 } from "@bufbuild/protobuf";
import type { Plugin, Schema } from "@bufbuild/protoplugin";
import {
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
} from "@bufbuild/protobuf/wkt";
import { CONCORD_VERSION, emitServiceFiles, servicesOf } from "@concordkit/generator/protoc-plugin";

// protoc-gen-concord's options, in buf.gen.yaml's `opt:` (defaults are concord generate's):
//   default_deadline_ms=<ms>  deadline of services whose contract sets no (concord.v1.default_deadline_ms),
//                             as proto.defaultDeadlineMs in concord.config.json; none by default
//   target=ts                 the default; js and dts are refused (Concord writes TypeScript)
//   import_extension=js       the default; the files import protoc-gen-es's *_pb.js

/**
 * protoplugin's CommonJS build: the one protoc-gen-es runs on and the generator's proto model
 * already loads, so the process holds one copy of it.
 */
const { createEcmaScriptPlugin } = createRequire(import.meta.url)("@bufbuild/protoplugin") as typeof import("@bufbuild/protoplugin");

/** The options protoc-gen-concord takes (`opt:` in buf.gen.yaml), the `proto` section of concord.config.json. */
export interface ConcordPluginOptions {
  /** `default_deadline_ms=<ms>`: proto.defaultDeadlineMs, for services whose contract sets no `(concord.v1.default_deadline_ms)`. */
  defaultDeadlineMs?: number;
}

/**
 * protoplugin's own options that protoc-gen-concord accepts, each with the one value Concord's
 * files follow (TypeScript, imports ending in `.js`, as `concord generate` writes them), so that
 * its `opt:` may repeat protoc-gen-es's. The files follow none of protoplugin's other options
 * (ts_nocheck, rewrite_imports, import_extension=none, …): those are refused, not ignored.
 */
const FIXED_OPTIONS: Record<string, readonly string[]> = {
  target: ["ts"],
  import_extension: ["js", ".js"],
};

function parseOptions(raw: { key: string; value: string }[]): ConcordPluginOptions {
  const options: ConcordPluginOptions = {};
  for (const { key, value } of raw) {
    switch (key) {
      case "default_deadline_ms": {
        const ms = /^[0-9]+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(ms) || ms <= 0) throw new Error("default_deadline_ms must be a positive integer (milliseconds)");
        options.defaultDeadlineMs = ms;
        break;
      }
      default:
        throw new Error("protoc-gen-concord takes default_deadline_ms=<ms>, and target=ts and import_extension=js as protoc-gen-es does");
    }
  }
  return options;
}

/**
 * Refuses protoplugin's own options (protoplugin parses them before parseOptions sees the rest)
 * unless they have the value Concord's files follow (see FIXED_OPTIONS).
 */
function checkFixedOptions(parameter: string): void {
  for (const raw of parameter.split(",").filter(Boolean)) {
    const i = raw.indexOf("=");
    const key = i < 0 ? raw : raw.slice(0, i);
    const value = i < 0 ? "" : raw.slice(i + 1);
    if (key === "default_deadline_ms") continue;
    const allowed = FIXED_OPTIONS[key];
    if (!allowed) {
      throw new Error(`invalid option "${raw}": protoc-gen-concord takes default_deadline_ms=<ms>, and target=ts and import_extension=js as protoc-gen-es does`);
    }
    if (!allowed.includes(value)) {
      throw new Error(`invalid option "${raw}": protoc-gen-concord writes ${key}=${allowed[0]} only, as concord generate does`);
    }
  }
}

function generateTs(schema: Schema<ConcordPluginOptions>): void {
  checkFixedOptions(schema.proto.parameter);
  const services = servicesOf(schema.files, createRegistry(...schema.allFiles));
  const options = schema.options.defaultDeadlineMs !== undefined ? { defaultDeadlineMs: schema.options.defaultDeadlineMs } : {};
  for (const file of emitServiceFiles(services, options)) {
    // print() ends what it prints with a newline; Concord's files end with one already.
    schema.generateFile(file.path).print(file.content.replace(/\n$/, ""));
  }
}

const ecmaScriptPlugin = createEcmaScriptPlugin<ConcordPluginOptions>({
  name: "protoc-gen-concord",
  version: `v${CONCORD_VERSION}`,
  parseOptions,
  generateTs,
});

/**
 * protoc-gen-concord: Concord's Connect wrappers (`*_service_client.ts`, `*_service_server.ts`)
 * from a CodeGeneratorRequest, the files `concord generate` writes next to protoc-gen-es's
 * `*_pb.ts`. Without `target` it writes TypeScript (protoplugin's own default is js+dts).
 * A contract or option it cannot generate from is reported in the response's `error`, as the
 * protocol asks, so buf prints it and fails.
 */
export const protocGenConcord: Plugin = {
  name: ecmaScriptPlugin.name,
  version: ecmaScriptPlugin.version,
  run(request: CodeGeneratorRequest): CodeGeneratorResponse {
    try {
      return ecmaScriptPlugin.run(withDefaultTarget(request));
    } catch (error) {
      return create(CodeGeneratorResponseSchema, {
        error: error instanceof Error ? error.message : String(error),
        supportedFeatures: protoInt64.parse(
          CodeGeneratorResponse_Feature.PROTO3_OPTIONAL | CodeGeneratorResponse_Feature.SUPPORTS_EDITIONS,
        ),
        minimumEdition,
        maximumEdition,
      });
    }
  },
};

function withDefaultTarget(request: CodeGeneratorRequest): CodeGeneratorRequest {
  const keys = request.parameter.split(",").map((raw) => raw.split("=")[0]);
  if (keys.includes("target")) return request;
  return { ...request, parameter: request.parameter ? `target=ts,${request.parameter}` : "target=ts" };
}
