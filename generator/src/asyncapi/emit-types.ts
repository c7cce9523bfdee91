import { generatedHeader } from "../core/header.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { TsFile } from "../core/ts-file.js";
import type { AsyncApiModel } from "./model.js";
import { printMessageTypes } from "./emit-message-types.js";
import { EMITTER, TYPES_FILE } from "./paths.js";
import { isObjectSchema, objectBody, schemaType, type TypeContext } from "../schema/ts-type.js";

/** `types.ts`: the schemas that carry a `title` and the messages of several channels, shared by the channel modules that use them. */
export function emitNamedTypes(model: AsyncApiModel): GeneratedFile | undefined {
  if (model.namedSchemas.length === 0 && model.sharedMessages.length === 0) return undefined;
  const sources = model.documents.map((d) => d.source).join(", ");
  const file = new TsFile(TYPES_FILE, generatedHeader(EMITTER, sources));
  const ctx: TypeContext = { file };
  model.namedSchemas.forEach(({ name, schema }, index) => {
    if (index > 0) file.print();
    file.jsdoc(typeof schema === "object" && typeof schema["description"] === "string" ? schema["description"] : undefined);
    if (isObjectSchema(schema)) file.print(`export interface ${name} `, ...objectBody(schema, ctx));
    else file.print(`export type ${name} = `, ...schemaType(schema, ctx), ";");
  });
  for (const [index, message] of model.sharedMessages.entries()) {
    if (index > 0 || model.namedSchemas.length > 0) file.print();
    printMessageTypes(file, ctx, message);
  }
  return file.toFile();
}
