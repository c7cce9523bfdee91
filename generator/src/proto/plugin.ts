import { create, maximumEdition, minimumEdition, protoInt64 } from "@bufbuild/protobuf";
import type { Plugin } from "@bufbuild/protoplugin";
import {
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
} from "@bufbuild/protobuf/wkt";
import { CONCORD_VERSION } from "../core/version.js";
import { emitServiceFiles } from "./emit-services.js";
import { protoplugin } from "./protoplugin.js";
import { ES_PARAMETER, withParameter } from "./request.js";

// protoc-gen-concord's options, in buf.gen.yaml's `opt:` (defaults are concord generate's):
//   default_deadline_ms=<ms>  deadline of services whose contract sets no (concord.v1.default_deadline_ms),
//                             as proto.defaultDeadlineMs in concord.config.json; none by default
//   target=ts                 the default; js and dts are refused (Concord writes TypeScript)
//   import_extension=js       the default; the files import protoc-gen-es's *_pb.js

const NAME = "protoc-gen-concord";
const VERSION = `v${CONCORD_VERSION}`;
const OWN_OPTION = "default_deadline_ms";
const USAGE = `protoc-gen-concord takes ${OWN_OPTION}=<ms>, and target=ts and import_extension=js as protoc-gen-es does`;

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

/** The options protoplugin does not know (it parses its own first). */
function parseOptions(raw: { key: string; value: string }[]): ConcordPluginOptions {
  const options: ConcordPluginOptions = {};
  for (const { key, value } of raw) {
    if (key !== OWN_OPTION) throw new Error(USAGE);
    const ms = /^[0-9]+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(ms) || ms <= 0) throw new Error(`${OWN_OPTION} must be a positive integer (milliseconds)`);
    options.defaultDeadlineMs = ms;
  }
  return options;
}

/**
 * The parameter protoplugin runs with: Concord's fixed options (see FIXED_OPTIONS; also when `opt:`
 * leaves them out, since protoplugin's defaults are js+dts without extensions) and Concord's own.
 * Any other protoplugin option is refused here, before protoplugin would act on it.
 */
function pluginParameter(parameter: string): string {
  const own: string[] = [];
  for (const raw of parameter.split(",").filter(Boolean)) {
    const i = raw.indexOf("=");
    const key = i < 0 ? raw : raw.slice(0, i);
    const value = i < 0 ? "" : raw.slice(i + 1);
    if (key === OWN_OPTION) {
      own.push(raw);
      continue;
    }
    const allowed = FIXED_OPTIONS[key];
    if (!allowed) throw new Error(`invalid option "${raw}": ${USAGE}`);
    if (!allowed.includes(value))
      throw new Error(`invalid option "${raw}": protoc-gen-concord writes ${key}=${allowed[0]} only, as concord generate does`);
  }
  return [ES_PARAMETER, ...own].join(",");
}

/**
 * Concord's Connect wrappers (`*_service_client.ts`, `*_service_server.ts`) from a
 * CodeGeneratorRequest: a protoplugin plugin, as protoc-gen-es is. `concord generate` runs it in
 * process on the request it builds from buf's descriptors; protoc-gen-concord is the same run under
 * `buf generate`. A contract it cannot generate from throws ContractError; a bad option, Error.
 */
export function runConcordPlugin(request: CodeGeneratorRequest): CodeGeneratorResponse {
  const parameter = pluginParameter(request.parameter);
  let headers = new Map<string, string>();
  const plugin = protoplugin.createEcmaScriptPlugin<ConcordPluginOptions>({
    name: NAME,
    version: VERSION,
    parseOptions,
    generateTs(schema) {
      const { defaultDeadlineMs } = schema.options;
      headers = emitServiceFiles(schema, defaultDeadlineMs !== undefined ? { defaultDeadlineMs } : {});
    },
  });
  const response = plugin.run(withParameter(request, parameter));
  for (const file of response.file) file.content = `${headers.get(file.name) ?? ""}\n${file.content}`;
  return response;
}

/**
 * protoc-gen-concord for `buf generate`: a contract or option it cannot generate from is reported
 * in the response's `error`, as the protocol asks, so buf prints it and fails.
 */
export const protocGenConcord: Plugin = {
  name: NAME,
  version: VERSION,
  run(request: CodeGeneratorRequest): CodeGeneratorResponse {
    try {
      return runConcordPlugin(request);
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
