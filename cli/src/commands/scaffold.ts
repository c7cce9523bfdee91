import type { Command } from "commander";
import type { Io } from "../io.js";

export interface ScaffoldServiceOptions {
  /** Values, `false` for `--no-<kind>`, undefined for the default. */
  rpc?: string[] | false;
  rest?: string[] | false;
  asyncapi?: string[] | false;
  dir?: string;
  contracts?: string;
  generated?: string;
}

export function registerScaffold(program: Command, io: Io): void {
  const scaffold = program
    .command("scaffold")
    .description("write code of your own to fill in, from the contracts; never overwrites a file");
  scaffold
    .command("service <name>")
    .description(
      "a runnable service skeleton for what service <name> owns: a typed stub per Connect method, REST operation and consumed " +
        "message, wired with health, metrics and graceful stop (default ownership: proto packages <name>.*, the OpenAPI document " +
        "<name>, the AsyncAPI document <name>-service or <name>)",
    )
    .option("--rpc <service...>", "Connect services it serves: pkg.v1.Service, Service, or pkg.* (default: packages <name>.*)")
    .option("--no-rpc", "serve no Connect service")
    .option(
      "--rest <group...>",
      "REST it serves: an OpenAPI document (all its groups), document/group, or group (default: the document <name> or <name>-service)",
    )
    .option("--no-rest", "serve no REST operation")
    .option(
      "--asyncapi <document...>",
      "its AsyncAPI documents: receive operations are what it consumes, send what it produces (default: <name>-service or <name>)",
    )
    .option("--no-asyncapi", "consume and produce nothing")
    .option("--dir <folder>", "where the skeleton goes (default: services/<name>)")
    .option("--contracts <dir>", "contracts folder (default: config `contracts`, else contracts/)")
    .option("--generated <dir>", "where `concord generate` writes, which the skeleton imports (default: config `out`, else generated/)")
    .action(async (name: string, options: ScaffoldServiceOptions) => {
      const { runScaffoldService } = await import("../actions/scaffold-service.js");
      io.exitCode = await runScaffoldService(name, options, io);
    });
}
