import { posix } from "node:path";
import { snakeCase } from "../core/names.js";
import type { ServiceModel } from "./model.js";

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
