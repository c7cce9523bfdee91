import type { GeneratedFile } from "../core/generated-file.js";
import { generatedHeader } from "../core/header.js";
import { TsFile } from "../core/ts-file.js";
import { emitSdkOperation, type OperationContext } from "./emit-sdk-operation.js";
import type { OperationNames } from "./operation-names.js";
import type { OpenApiModel, OperationModel } from "./model.js";

export interface TagFile {
  /** File name without extension: `orders`. */
  file: string;
  /** The tag as written; undefined for the operations that have none, and when grouped by path. */
  tag: string | undefined;
  /** Grouped by path: the resource, the path segment the group's operations share (`customers`). */
  resource?: string;
  operations: { op: OperationModel; names: OperationNames }[];
}

/** `sdk/<tag>.ts`: the operations of one tag, in contract order. */
export function emitSdkTag(model: OpenApiModel, tag: TagFile, ctx: OperationContext): GeneratedFile {
  const f = new TsFile(`sdk/${tag.file}.ts`, generatedHeader("openapi-sdk", model.sourceFile));
  const which =
    tag.resource !== undefined ? `under \`/${tag.resource}\`` : tag.tag === undefined ? "without a tag" : `tagged \`${tag.tag}\``;
  f.jsdoc(`Operations ${which} in ${model.title} ${model.version}.`);
  f.print();
  tag.operations.forEach(({ op, names }, index) => {
    if (index > 0) f.print();
    emitSdkOperation(f, op, names, ctx);
  });
  return f.toFile();
}
