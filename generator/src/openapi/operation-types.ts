import { quote } from "../core/names.js";
import type { Printable, TsFile } from "../core/ts-file.js";
import type { OperationModel, ResponseModel } from "./model.js";

/**
 * The types of one operation as openapi-typescript wrote them in `types.ts`, named the same way
 * for the SDK and for the server stubs, so the two sides of one operation see one type: there is
 * no second translation of the contract's schemas.
 */
export interface OperationTypes {
  readonly file: TsFile;
  /** `GetOrderOperation`: the alias of `paths[path][method]` the file declares. */
  readonly alias: string;
  /** `types.ts`: openapi-typescript's output for the document. */
  readonly typesModule: string;
  /** Whether types.ts marks readOnly/writeOnly properties, so bodies are read through Writable/Readable. */
  readonly readWriteMarkers: boolean;
}

/** Prints `export type GetOrderOperation = paths["/orders/{id}"]["get"];`. */
export function printOperationAlias(types: OperationTypes, op: OperationModel): void {
  const paths = types.file.importType("paths", types.typesModule);
  types.file.print(`/** The contract's types of \`${op.method.toUpperCase()} ${op.path}\`. */`);
  types.file.print("export type ", types.alias, " = ", paths, `[${quote(op.path)}][${quote(op.method)}];`);
}

/** `GetOrderOperation["parameters"]["query"]`: undefined too when no parameter there is required. */
export function parametersType(types: OperationTypes, location: "path" | "query" | "header"): string {
  return `${types.alias}["parameters"][${quote(location)}]`;
}

/** The request body of `contentType` as the client sends it (no readOnly properties). */
export function requestBodyType(types: OperationTypes, contentType: string): Printable {
  return marked(types, "Writable", `NonNullable<${types.alias}["requestBody"]>["content"][${quote(contentType)}]`);
}

/** A response body (no writeOnly properties); for an event stream, the data of one event. */
export function responseBodyType(types: OperationTypes, response: ResponseModel, contentType = response.contentType!): Printable {
  return marked(types, "Readable", `${responseType(types, response)}["content"][${quote(contentType)}]`);
}

/** The headers a response declares, as `types.ts` has them. */
export function responseHeadersType(types: OperationTypes, response: ResponseModel): string {
  return `NonNullable<${responseType(types, response)}["headers"]>`;
}

function responseType(types: OperationTypes, response: ResponseModel): string {
  const key = /^\d+$/.test(response.status) ? response.status : quote(response.status);
  return `${types.alias}["responses"][${key}]`;
}

function marked(types: OperationTypes, marker: "Readable" | "Writable", type: string): Printable {
  return types.readWriteMarkers ? [types.file.importType(marker, types.typesModule), `<${type}>`] : type;
}
