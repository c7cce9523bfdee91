import { posix } from "node:path";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import type { GeneratedFile } from "../core/generated-file.js";
import { emitClient, type ClientEmitOptions } from "./emit-client.js";
import { emitServer } from "./emit-server.js";
import type { ServiceModel } from "./model.js";

/**
 * Concord's Connect wrappers of `services`: per service `<service>_client.ts` and
 * `<service>_server.ts`, next to protoc-gen-es's `*_pb.ts`. `concord generate` and
 * protoc-gen-concord both write exactly these files.
 *
 * Two services whose names give the same file name (`LabService` and `lab_service` in one
 * package, or services of two packages in one folder) are a ContractError: one would overwrite
 * the other.
 */
export function emitServiceFiles(
  services: readonly ServiceModel[],
  options: ClientEmitOptions = {},
  /** How problems name a proto file: as it is (`lab/v1/lab.proto`), or e.g. joined to the contracts folder. */
  fileName: (protoFile: string) => string = (protoFile) => protoFile,
): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const writer = new Map<string, ServiceModel>();
  const problems: ContractProblem[] = [];
  for (const service of services) {
    const client = emitClient(service, options);
    const server = emitServer(service);
    const other = writer.get(client.path);
    if (other) {
      const where = other.file === service.file ? "" : ` (${other.file})`;
      problems.push({
        file: fileName(service.file),
        ...service.location,
        path: service.typeName,
        rule: "proto-service-file-collision",
        message: `generates ${client.path} and ${posix.basename(server.path)}, as does ${other.typeName}${where}; rename one of the two services`,
      });
      continue;
    }
    writer.set(client.path, service);
    files.push(client, server);
  }
  if (problems.length > 0) throw new ContractError(problems);
  return files;
}
