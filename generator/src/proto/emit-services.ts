import { posix } from "node:path";
import type { Schema } from "@bufbuild/protoplugin";
import { ContractError, type ContractProblem } from "../core/contract-error.js";
import { generatedHeader } from "../core/header.js";
import { emitClient, type ClientEmitOptions } from "./emit-client.js";
import { emitServer } from "./emit-server.js";
import { servicesOf, type ServiceModel } from "./model.js";
import { serviceFilePath } from "./names.js";

/**
 * Concord's Connect wrappers of the services in `schema`'s files: per service `<service>_client.ts`
 * and `<service>_server.ts`, next to protoc-gen-es's `*_pb.ts`. Returns the header each file gets
 * above what protoplugin writes (protoplugin's own preamble is not Concord's).
 *
 * Two services whose names give the same file name (`LabService` and `lab_service` in one
 * package, or services of two packages in one folder) are a ContractError, before any file is
 * written: one would overwrite the other.
 */
export function emitServiceFiles(schema: Schema<object>, options: ClientEmitOptions = {}): Map<string, string> {
  const writer = new Map<string, ServiceModel>();
  const problems: ContractProblem[] = [];
  const services = servicesOf(schema);
  for (const service of services) {
    const client = serviceFilePath(service, "client");
    const other = writer.get(client);
    if (!other) {
      writer.set(client, service);
      continue;
    }
    const where = other.file === service.file ? "" : ` (${other.file})`;
    problems.push({
      file: service.file,
      ...service.location,
      path: service.typeName,
      rule: "proto-service-file-collision",
      message: `generates ${client} and ${posix.basename(serviceFilePath(service, "server"))}, as does ${other.typeName}${where}; rename one of the two services`,
    });
  }
  if (problems.length > 0) throw new ContractError(problems);

  const headers = new Map<string, string>();
  for (const service of writer.values()) {
    const client = serviceFilePath(service, "client");
    const server = serviceFilePath(service, "server");
    emitClient(schema, client, service, options);
    emitServer(schema, server, service);
    headers.set(client, generatedHeader("proto client", service.file));
    headers.set(server, generatedHeader("proto server", service.file));
  }
  return headers;
}
