import type { ParameterLocation, ValidationError } from "./operation.js";
import type { RequestViolation } from "./problem.js";

/** Turns the errors of a parameter validator (data keyed by parameter name) into violations. */
export function parameterViolations(location: ParameterLocation, errors: readonly ValidationError[]): RequestViolation[] {
  return errors.map((error) => {
    if (error.keyword === "required") {
      return { in: location, name: String(error.params.missingProperty), keyword: "required", message: "is required" };
    }
    const [name = "", ...rest] = splitPointer(error.instancePath);
    const where = rest.length > 0 ? `at /${rest.join("/")} ` : "";
    return { in: location, name, keyword: error.keyword, message: `${where}${describe(error)}` };
  });
}

/** Turns the errors of a body validator into violations that point into the body. */
export function bodyViolations(errors: readonly ValidationError[]): RequestViolation[] {
  return errors.map((error) => {
    if (error.keyword === "required") {
      const pointer = `${error.instancePath}/${escapePointer(String(error.params.missingProperty))}`;
      return { in: "body", pointer, keyword: "required", message: "is required" };
    }
    if (error.keyword === "additionalProperties") {
      const pointer = `${error.instancePath}/${escapePointer(String(error.params.additionalProperty))}`;
      return { in: "body", pointer, keyword: "additionalProperties", message: "is not allowed" };
    }
    return { in: "body", pointer: error.instancePath, keyword: error.keyword, message: describe(error) };
  });
}

function describe(error: ValidationError): string {
  const allowed = error.params.allowedValues;
  if (error.keyword === "enum" && Array.isArray(allowed)) {
    return `must be one of ${allowed.map((value: unknown) => JSON.stringify(value)).join(", ")}`;
  }
  return error.message ?? `fails ${error.keyword}`;
}

function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
