/** Exit codes of every `concord` command; the README documents the same table. */
export const ExitCode = {
  /** Done; nothing stale, nothing breaking. */
  Ok: 0,
  /** The command ran and found something: stale generated files, breaking changes. */
  Findings: 1,
  /** The command line is wrong: unknown option, missing argument, a baseline that does not exist. */
  Usage: 2,
  /** A contract (or the config) does not load: syntax error, invalid document, unresolvable $ref. */
  InvalidContract: 3,
  /** A bug or an environment failure (disk full, a tool that crashed). */
  Internal: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
