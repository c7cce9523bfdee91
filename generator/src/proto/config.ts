import type { ConcordConfig } from "../config.js";
import { ContractError } from "../core/contract-error.js";

/** The `proto` section of concord.config.json. */
export interface ProtoSettings {
  /**
   * Which plugin writes message types. `protoc-gen-es` (default) writes messages and the service
   * descriptors Connect needs. `ts-proto` additionally writes plain-interface message types under
   * `ts-proto/`; the Connect services still use protoc-gen-es, since ts-proto cannot emit them.
   */
  plugin: "protoc-gen-es" | "ts-proto";
  /** Deadline of services whose contract sets no `(concord.v1.default_deadline_ms)`; none by default. */
  defaultDeadlineMs?: number;
  /** Extra `key=value` options for ts-proto, appended to Concord's. */
  tsProtoOptions: string[];
}

export function readProtoSettings(config: ConcordConfig): ProtoSettings {
  const section = config.proto ?? {};
  const plugin = section.plugin ?? "protoc-gen-es";
  if (plugin !== "protoc-gen-es" && plugin !== "ts-proto") {
    throw invalid(`proto.plugin must be "protoc-gen-es" or "ts-proto", not ${JSON.stringify(plugin)}`);
  }
  const deadline = section.defaultDeadlineMs;
  if (deadline !== undefined && (typeof deadline !== "number" || !Number.isInteger(deadline) || deadline <= 0)) {
    throw invalid("proto.defaultDeadlineMs must be a positive integer (milliseconds)");
  }
  const extra = section.tsProtoOptions ?? [];
  if (!Array.isArray(extra) || !extra.every((o): o is string => typeof o === "string")) {
    throw invalid("proto.tsProtoOptions must be a list of key=value strings");
  }
  return { plugin, ...(deadline !== undefined ? { defaultDeadlineMs: deadline } : {}), tsProtoOptions: extra };
}

function invalid(message: string): ContractError {
  return new ContractError({ file: "concord.config.json", path: "/proto", rule: "config-invalid", message });
}
