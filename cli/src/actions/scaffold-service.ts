import { existsSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { loadConfig, readContractInventory, resolveFromConfig, type ContractInventory } from "@concordkit/generator";
import type { ScaffoldServiceOptions } from "../commands/scaffold.js";
import { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { describeInventory, isEmpty, OwnershipError, resolveOwnership, type Ownership } from "../scaffold/ownership.js";
import { planScaffold } from "../scaffold/plan.js";
import { writeTemplates } from "../templates/write-templates.js";

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export async function runScaffoldService(name: string, options: ScaffoldServiceOptions, io: Io): Promise<ExitCode> {
  if (!NAME.test(name)) {
    io.err(`concord scaffold service: the name must be lower-case words joined by hyphens (payment, order-history); got "${name}"`);
    return ExitCode.Usage;
  }
  const loaded = loadConfig();
  const contracts = options.contracts ? resolve(options.contracts) : resolveFromConfig(loaded, "contracts", "contracts");
  const generated = options.generated ? resolve(options.generated) : resolveFromConfig(loaded, "out", "generated");
  const target = resolve(options.dir ?? `services/${name}`);
  const shown = (path: string) => relative(process.cwd(), path).split(sep).join("/") || ".";
  if (!existsSync(contracts)) {
    io.err(
      `concord scaffold service: no contracts folder ${shown(contracts)} (--contracts <dir>, or \`contracts\` in concord.config.json)`,
    );
    return ExitCode.Usage;
  }

  const inventory = await readContractInventory(contracts, loaded.config);
  let ownership: Ownership;
  try {
    ownership = resolveOwnership(inventory, { name, rpc: options.rpc, rest: options.rest, asyncapi: options.asyncapi });
  } catch (error) {
    if (!(error instanceof OwnershipError)) throw error;
    io.err(`concord scaffold service ${name}: ${error.message}`);
    return ExitCode.Usage;
  }
  if (isEmpty(ownership)) {
    io.err(`concord scaffold service ${name}: the contracts have nothing for a service named ${name}`);
    io.err(`  looked for: ${ownership.reasons.rpc}; ${ownership.reasons.rest}; ${ownership.reasons.asyncapi}`);
    io.err("  say what it owns with --rpc, --rest or --asyncapi; the contracts have:");
    for (const line of describeInventory(inventory)) io.err(`    ${line}`);
    return ExitCode.Usage;
  }

  const command = ["concord scaffold service", name, ...commandFlags(options)].join(" ");
  const plan = planScaffold({ name, ownership, targetDir: target, generatedDir: generated, shownDir: shown(target), command });
  const written: string[] = [];
  const kept: string[] = [];
  for (const job of plan.jobs) {
    const outcome = await writeTemplates(job.set, target, job.data);
    written.push(...outcome.written);
    kept.push(...outcome.kept);
  }

  const dir = shown(target);
  io.out(`concord scaffold service ${name} → ${dir}/`);
  for (const line of describeOwnership(ownership, inventory)) io.out(`  ${line}`);
  for (const path of written.sort()) io.out(`wrote  ${dir}/${path}`);
  for (const path of kept.sort()) io.out(`kept   ${dir}/${path} (it exists; left as it was)`);
  const added = written.filter((path) => path.startsWith("handlers/"));
  if (kept.includes("service.ts") && added.length > 0) {
    io.out(
      `service.ts was kept, so it does not use ${added.join(", ")} yet: wire ${added.length > 1 ? "them" : "it"} in startService (a scaffold into an empty --dir shows how).`,
    );
  }
  const missing = plan.generatedModules.filter((module) => !existsSync(resolve(generated, module)));
  if (missing.length > 0) {
    io.out(
      `The skeleton imports ${missing.length} module(s) ${shown(generated)}/ does not have yet (${missing[0]}…): run \`concord generate\`.`,
    );
  }
  io.out(
    `Nothing here is overwritten by a later run. After a contract change, run \`concord generate\` and then \`tsc\`: it names every handler the change left unimplemented or out of date.`,
  );
  return ExitCode.Ok;
}

function describeOwnership(ownership: Ownership, inventory: ContractInventory): string[] {
  const lines: string[] = [];
  // A kind that the default found nothing of: say what there is, and the flag that takes it.
  const others = {
    "Connect   ": { names: inventory.rpc.map((s) => s.typeName), flag: "--rpc <service>" },
    "REST      ": { names: inventory.rest.map((d) => d.name), flag: "--rest <document|document/group>" },
    "AsyncAPI  ": { names: inventory.asyncapi.map((d) => d.name), flag: "--asyncapi <document>" },
  };
  const none = (kind: keyof typeof others, reason: string) => {
    const { names, flag } = others[kind];
    const hint = reason.startsWith("--") || names.length === 0 ? "" : `; the contracts have ${names.join(", ")}: ${flag} takes one`;
    return `${kind}none (${reason}${hint})`;
  };
  lines.push(
    ownership.rpc.length > 0
      ? `Connect   ${ownership.rpc.map((s) => `${s.typeName} (${s.methods.length} methods)`).join(", ")}  [${ownership.reasons.rpc}]`
      : none("Connect   ", ownership.reasons.rpc),
  );
  lines.push(
    ownership.rest.length > 0
      ? `REST      ${ownership.rest.flatMap((d) => d.groups.map((g) => `${d.document.name}/${g.name}`)).join(", ")}  [${ownership.reasons.rest}]`
      : none("REST      ", ownership.reasons.rest),
  );
  lines.push(
    ownership.asyncapi.length > 0
      ? `AsyncAPI  ${ownership.asyncapi
          .map((d) => {
            const consumes = [...new Set(d.receives.map((r) => r.topic))];
            const produces = [...new Set(d.sends.filter((s) => s.method).map((s) => s.topic))];
            return `${d.name} (consumes ${consumes.join(", ") || "nothing"}; produces ${produces.join(", ") || "nothing"})`;
          })
          .join(", ")}  [${ownership.reasons.asyncapi}]`
      : none("AsyncAPI  ", ownership.reasons.asyncapi),
  );
  return lines;
}

function commandFlags(options: ScaffoldServiceOptions): string[] {
  const flags: string[] = [];
  for (const kind of ["rpc", "rest", "asyncapi"] as const) {
    const value = options[kind];
    if (value === false) flags.push(`--no-${kind}`);
    else if (value) flags.push(`--${kind} ${value.join(" ")}`);
  }
  if (options.dir) flags.push(`--dir ${options.dir}`);
  return flags;
}
