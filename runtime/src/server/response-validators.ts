import type { Ajv2020 } from "ajv/dist/2020.js";
import type { FormatsPlugin } from "ajv-formats";
import { AJV_FORMATS_RANGE, AJV_RANGE } from "../validation-peers.js";
import { requirePeer } from "../peer.js";
import type { CompiledValidator } from "./operation.js";

/** Response schemas as generated code hands them over: components with `$id`s, and one schema per key. */
export interface ResponseSchemas {
  readonly components: readonly object[];
  readonly bodies: Readonly<Record<string, object>>;
}

/**
 * Validators of response bodies for the router's opt-in `validateResponses`. Unlike the request
 * validators (compiled when the code was generated), these compile on first use: they are a
 * development and staging aid, and a production server that leaves them off never pays for them.
 */
export function responseValidators(schemas: ResponseSchemas): (key: string) => CompiledValidator | undefined {
  let ajv: Ajv2020 | undefined;
  const compiled = new Map<string, CompiledValidator>();
  return (key) => {
    const schema = schemas.bodies[key];
    if (schema === undefined) return undefined;
    let validate = compiled.get(key);
    if (!validate) {
      ajv ??= newAjv(schemas);
      validate = ajv.compile(schema) as CompiledValidator;
      compiled.set(key, validate);
    }
    return validate;
  };
}

function newAjv(schemas: ResponseSchemas): Ajv2020 {
  const entry = "validateResponses of @concordkit/runtime/server";
  const { Ajv2020 } = requirePeer<typeof import("ajv/dist/2020.js")>("ajv/dist/2020.js", AJV_RANGE, entry);
  const addFormats = requirePeer<{ default: FormatsPlugin }>("ajv-formats", AJV_FORMATS_RANGE, entry).default;
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false, validateSchema: false });
  addFormats(ajv);
  for (const component of schemas.components) ajv.addSchema(component);
  return ajv;
}
