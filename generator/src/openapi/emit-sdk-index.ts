import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import { TsFile } from "../core/ts-file.js";
import type { TagFile } from "./emit-sdk-tag.js";
import type { OpenApiModel } from "./model.js";
import { quote } from "../core/names.js";
import { reexportLine, runtime } from "../core/runtime-symbols.js";

/**
 * `sdk/index.ts`: re-exports every tag file and the runtime entry points, so one import gives
 * the whole SDK; bundlers still drop the operations a page does not call.
 */
export function emitSdkIndex(model: OpenApiModel, tags: readonly TagFile[]): GeneratedFile {
  const f = new TsFile("sdk/index.ts", generatedHeader("openapi-sdk", model.sourceFile));
  f.jsdoc([`Client SDK for ${model.title} ${model.version}.`, model.description].filter(Boolean).join("\n\n"));
  f.print(
    reexportLine([
      runtime.sdk.SdkError,
      runtime.sdk.createClient,
      runtime.sdk.ApiResult,
      runtime.sdk.CallOptions,
      runtime.sdk.Client,
      runtime.sdk.ClientOptions,
      runtime.sdk.ServerEvent,
      runtime.sdk.SubscribeOptions,
    ]),
  );
  for (const tag of tags) f.print(`export * from "./${tag.file}.js";`);
  if (model.servers.length > 0) {
    f.print();
    f.print("/** The first server the contract lists; pass it (or another) to `createClient`. */");
    f.print(`export const defaultBaseUrl = ${quote(model.servers[0]!)};`);
  }
  return f.toFile();
}
