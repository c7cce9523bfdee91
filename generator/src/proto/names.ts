import { posix } from "node:path";
import { snakeCase } from "../core/names.js";
import type { ServiceModel } from "./model.js";

/** The output path of one of Concord's per-service files: `payment/v1/payment_service_client.ts`. */
export function serviceFilePath(service: ServiceModel, suffix: "client" | "server"): string {
  return posix.join(posix.dirname(service.file), `${snakeCase(service.name)}_${suffix}.ts`);
}
