import { Command, CommanderError } from "commander";
import { registerGenerate } from "./commands/generate.js";
import { registerInit } from "./commands/init.js";
import { registerLint } from "./commands/lint.js";
import { registerBreaking } from "./commands/breaking.js";
import { registerDiff } from "./commands/diff.js";
import { registerDlq } from "./commands/dlq.js";
import { registerScaffold } from "./commands/scaffold.js";
import { ExitCode } from "./exit-codes.js";
import { processIo, type Io } from "./io.js";
import { CLI_VERSION } from "./version.js";

/**
 * The program and its commands. Registration loads commander only: each command's action imports
 * its own code (cli/src/actions/) when it runs, so `--version`, `--help` and a usage error cost
 * Node's start and little more, and `generate` never loads kafkajs nor `dlq` the generator.
 */
export function buildProgram(io: Io): Command {
  const program = new Command("concord")
    .description("contract-first code generation and compatibility checks for OpenAPI, proto and AsyncAPI")
    .version(CLI_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerInit(program, io);
  registerGenerate(program, io);
  registerLint(program, io);
  registerBreaking(program, io);
  registerDiff(program, io);
  registerDlq(program, io);
  registerScaffold(program, io);
  for (const command of program.commands) command.version(CLI_VERSION).exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit, so tests can call it. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    // The generator's ContractError, recognised by name: importing the class would load the generator.
    if (error instanceof Error && error.name === "ContractError") {
      io.err(error.message);
      return ExitCode.InvalidContract;
    }
    io.err(`concord: internal error: ${(error as Error).stack ?? String(error)}`);
    return ExitCode.Internal;
  }
}
