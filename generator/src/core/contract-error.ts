/** Where in a contract a problem was found. Line and column are 1-based. */
export interface ContractLocation {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer or proto element, when the source gives one. */
  path?: string;
}

/**
 * The one error the generator raises for bad input: a contract that does not parse,
 * does not validate, or cannot be resolved. `rule` names what was broken.
 */
export class ContractError extends Error {
  override readonly name = "ContractError";
  readonly problems: readonly ContractProblem[];

  constructor(problems: ContractProblem | readonly ContractProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems as ContractProblem];
    super(list.map(formatProblem).join("\n"));
    this.problems = list;
  }
}

export interface ContractProblem extends ContractLocation {
  rule: string;
  message: string;
}

export function formatProblem(p: ContractProblem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((part) => part !== undefined).join(":");
  const path = p.path ? ` at ${p.path}` : "";
  return `${where}${path}: ${p.message} [${p.rule}]`;
}
