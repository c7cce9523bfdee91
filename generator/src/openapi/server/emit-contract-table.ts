import type { GeneratedFile } from "../../core/generated-file.js";
import { generatedHeader } from "../../core/header.js";
import { TsFile, type Printable } from "../../core/ts-file.js";
import type { JsonSchema, SecuritySchemeModel } from "../model.js";
import { camelCase, propertyKey } from "../../core/names.js";
import { isEventStream, type OperationPlan, type ServerPlan } from "./server-plan.js";
import { runtime } from "../../core/runtime-symbols.js";

const EMITTER = "openapi-server-contract";
export const PARAMETER_VALIDATORS = "server/parameter-validators.ts";
export const BODY_VALIDATORS = "server/body-validators.ts";
export const RESPONSE_SCHEMAS = "server/response-schemas.ts";

/** `server/contract.ts`: the operations of the document as data the runtime router serves. */
export function emitContractTable(plan: ServerPlan): GeneratedFile {
  const f = new TsFile("server/contract.ts", generatedHeader(EMITTER, plan.model.sourceFile));
  const { model } = plan;
  f.jsdoc(`The operations of ${model.title}, with their validators, as the router serves them.`);
  f.print("export const ", contractName(plan), ": ", runtime.server.ServerContract, " = {");
  f.print(`  name: ${JSON.stringify(model.name)},`);
  f.print(`  basePath: ${JSON.stringify(model.basePath)},`);
  f.print("  securitySchemes: {");
  for (const [name, scheme] of Object.entries(model.securitySchemes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    f.print(`    ${propertyKey(name)}: ${securityScheme(scheme)},`);
  }
  f.print("  },");
  if (plan.responseEntries.length > 0) f.print("  ", f.import("responseSchemas", RESPONSE_SCHEMAS), ",");
  f.print("  operations: [");
  for (const operation of plan.operations) printOperation(f, operation);
  f.print("  ],");
  f.print("};");
  return f.toFile();
}

export function contractName(plan: ServerPlan): string {
  return `${camelCase(plan.model.name)}Contract`;
}

function printOperation(f: TsFile, plan: OperationPlan): void {
  const { operation } = plan;
  const parameterValidator = (name: string) => f.import(name, PARAMETER_VALIDATORS);
  const bodyValidator = (name: string) => f.import(name, BODY_VALIDATORS);
  f.print("    {");
  f.print(`      operationId: ${JSON.stringify(operation.operationId)},`);
  f.print(`      method: ${JSON.stringify(operation.method.toUpperCase())},`);
  f.print(`      path: ${JSON.stringify(operation.path)},`);
  const parameters = (["path", "query", "header"] as const).flatMap((location) => plan.parameters[location] ?? []);
  if (parameters.length === 0) f.print("      parameters: [],");
  else {
    f.print("      parameters: [");
    for (const p of parameters) {
      f.print(`        { name: ${JSON.stringify(p.name)}, in: "${p.in}", array: ${isArray(p.schema)} },`);
    }
    f.print("      ],");
  }
  const validators = Object.entries(plan.parameterValidators).map(
    ([location, name]): Printable => [location, ": ", parameterValidator(name)],
  );
  if (validators.length === 0) f.print("      validateParameters: {},");
  else f.print("      validateParameters: { ", join(validators), " },");
  const body = operation.requestBody;
  if (body) {
    const validate: Printable = plan.bodyValidator ? [", validate: ", bodyValidator(plan.bodyValidator)] : "";
    f.print(`      requestBody: { required: ${body.required}, contentTypes: ${JSON.stringify(body.contentTypes)}`, validate, " },");
  }
  f.print("      responses: {");
  for (const response of operation.responses) {
    const members: Printable[] = [];
    if (response.contentType !== undefined) members.push(`contentType: ${JSON.stringify(response.contentType)}`);
    const schema = plan.responseSchemas[response.status];
    if (schema) members.push(`schema: ${JSON.stringify(schema)}`);
    const value: Printable = members.length === 0 ? "{}" : ["{ ", join(members), " }"];
    f.print(`        ${JSON.stringify(response.status)}: `, value, ",");
  }
  f.print("      },");
  const security = operation.security.map((requirement) => JSON.stringify(Object.keys(requirement).sort()));
  f.print(`      security: [${security.join(", ")}],`);
  f.print(`      eventStream: ${operation.responses.some(isEventStream)},`);
  f.print("    },");
}

function securityScheme(scheme: SecuritySchemeModel): string {
  const members = [`type: ${JSON.stringify(scheme.type)}`];
  if (scheme.scheme !== undefined) members.push(`scheme: ${JSON.stringify(scheme.scheme.toLowerCase())}`);
  if (scheme.name !== undefined) members.push(`name: ${JSON.stringify(scheme.name)}`);
  if (scheme.in !== undefined) members.push(`in: ${JSON.stringify(scheme.in)}`);
  return `{ ${members.join(", ")} }`;
}

function isArray(schema: JsonSchema): boolean {
  if (typeof schema !== "object") return false;
  return schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"));
}

function join(parts: readonly Printable[]): Printable {
  return parts.flatMap((part, i) => (i === 0 ? [part] : [", ", part]));
}
