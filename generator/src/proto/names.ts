import { posix } from "node:path";
import type { ServiceModel } from "./model.js";

/** `lab_service` → `LabService`: the base of Concord's names, whatever the contract's style. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** `PaymentService` → `paymentService`, for exported constants. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `PaymentService` → `payment_service`, for file names next to protoc-gen-es's `payment_pb.ts`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** The output path of one of Concord's per-service files: `payment/v1/payment_service_client.ts`. */
export function serviceFilePath(service: ServiceModel, suffix: "client" | "server"): string {
  return posix.join(posix.dirname(service.file), `${snakeCase(service.name)}_${suffix}.ts`);
}

/** The module specifier to import `target` (npm module or path under generated/proto) from `fromFile`. */
export function importPath(fromFile: string, target: string): string {
  if (!target.endsWith(".js")) return target;
  const path = posix.relative(posix.dirname(fromFile), target);
  return path.startsWith(".") ? path : `./${path}`;
}
