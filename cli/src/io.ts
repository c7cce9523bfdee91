/** What a command writes to and returns; tests pass their own to capture output. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  exitCode: number;
}

export function processIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    exitCode: 0,
  };
}
