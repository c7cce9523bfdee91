import type { JsonSchema, OpenApiModel, OperationModel, ParameterModel, ResponseModel } from "../model.js";
import type { ValidatorEntry } from "./emit-validators.js";
import type { Direction } from "./schema-views.js";
import { camelCase, lowerFirst, pascalCase, UniqueNames } from "../../core/names.js";
import { operationNames } from "../operation-names.js";
import { componentRef } from "../component-ref.js";

export type ServerParameterLocation = "path" | "query" | "header";

/** What every server emitter needs to know about one operation, with the names decided once. */
export interface OperationPlan {
  operation: OperationModel;
  /** Stem of the operation's type names: `CreateOrder` → `CreateOrderInput`, `CreateOrderResult`. */
  typeName: string;
  parameters: Partial<Record<ServerParameterLocation, ParameterModel[]>>;
  /** Export names in the parameter validator module, per location that has parameters. */
  parameterValidators: Partial<Record<ServerParameterLocation, string>>;
  /** Export name in the body validator module, when the body is JSON with a schema. */
  bodyValidator?: string;
  /** Keys in the response schema module, by response status, for JSON and event-stream bodies. */
  responseSchemas: Record<string, string>;
}

export interface ServerPlan {
  model: OpenApiModel;
  /** `Gateway` → `GatewayHandlers`, `createGatewayRouter`. */
  documentName: string;
  operations: OperationPlan[];
  parameterEntries: ValidatorEntry[];
  bodyEntries: ValidatorEntry[];
  /** Response schemas, compiled by the router only when `validateResponses` is on. */
  responseEntries: ValidatorEntry[];
}

export interface ServerOptions {
  /** Emit the response schemas the router's `validateResponses` checks against. Default true. */
  responseSchemas?: boolean;
}

const LOCATIONS: readonly ServerParameterLocation[] = ["path", "query", "header"];

export function planServer(model: OpenApiModel, options: ServerOptions = {}): ServerPlan {
  const names = operationNames(model);
  const validatorNames = new UniqueNames();
  // Operations that share a schema share its validator: `{owner, repo}` path parameters, or
  // every error response that is a Problem, are compiled once.
  const shared = new Map<string, string>();
  const validator = (list: ValidatorEntry[], wanted: string, direction: Direction, schema: JsonSchema): string => {
    const key = `${direction} ${JSON.stringify(schema)}`;
    const existing = shared.get(key);
    if (existing) return existing;
    const component = componentName(schema);
    const exportName = validatorNames.claim(component ? `${camelCase(component)}${pascalCase(direction)}` : wanted);
    shared.set(key, exportName);
    list.push({ exportName, direction, schema });
    return exportName;
  };
  const plan: ServerPlan = {
    model,
    documentName: pascalCase(model.name) || "Api",
    operations: [],
    parameterEntries: [],
    bodyEntries: [],
    responseEntries: [],
  };
  for (const operation of model.operations) {
    const typeName = names.get(operation)!.type;
    const stem = lowerFirst(typeName);
    const entry: OperationPlan = { operation, typeName, parameters: {}, parameterValidators: {}, responseSchemas: {} };
    for (const location of LOCATIONS) {
      const list = operation.parameters.filter((p) => p.in === location);
      if (list.length === 0) continue;
      entry.parameters[location] = list;
      const schema = parameterObjectSchema(list);
      entry.parameterValidators[location] = validator(plan.parameterEntries, `${stem}${pascalCase(location)}`, "request", schema);
    }
    const body = operation.requestBody;
    if (body?.schema !== undefined && isJson(body.contentType)) {
      entry.bodyValidator = validator(plan.bodyEntries, `${stem}Body`, "request", body.schema);
    }
    if (options.responseSchemas !== false) {
      for (const response of operation.responses) {
        if (!hasCheckableBody(response)) continue;
        const wanted = `${stem}Response${response.status === "default" ? "Default" : response.status}`;
        entry.responseSchemas[response.status] = validator(plan.responseEntries, wanted, "response", response.schema!);
      }
    }
    plan.operations.push(entry);
  }
  return plan;
}

export function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json");
}

export function isEventStream(response: ResponseModel): boolean {
  return response.contentType?.toLowerCase() === "text/event-stream";
}

function hasCheckableBody(response: ResponseModel): boolean {
  return response.schema !== undefined && (isJson(response.contentType) || isEventStream(response));
}

function parameterObjectSchema(parameters: readonly ParameterModel[]) {
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/** `Order` for a schema that is only `{ $ref: "#/components/schemas/Order" }`. */
function componentName(schema: JsonSchema): string | undefined {
  if (typeof schema !== "object" || Object.keys(schema).length !== 1 || typeof schema.$ref !== "string") return undefined;
  const component = componentRef(schema.$ref);
  return component?.rest === "" ? component.name : undefined;
}
