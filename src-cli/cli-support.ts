/**
 * What every `lockstep` subcommand shares: one way to fail, one way to print data.
 *
 * Commands throw `CliError` with a sentence that tells the person what to fix; `main` turns it
 * into a one-line reason on stderr and a non-zero exit code. Nothing here may print a secret.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Prints data as one JSON document (for `--json`) followed by a newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned plain-text table; empty tables print the `empty` sentence. */
export function printTable(
  rows: ReadonlyArray<Record<string, string | number | null | undefined>>,
  columns: ReadonlyArray<{ key: string; title: string }>,
  empty: string,
): void {
  if (rows.length === 0) {
    process.stdout.write(`${empty}\n`);
    return;
  }
  const cell = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));
  const widths = columns.map((c) =>
    Math.max(c.title.length, ...rows.map((r) => cell(r[c.key]).length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.title))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => cell(r[c.key])))}\n`);
}

/** Parses durations such as `90s`, `15m`, `24h`, `7d` into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) {
    throw new CliError(
      `"${text}" is not a duration; use a number and a unit, e.g. 90s, 15m, 24h, 7d`,
    );
  }
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

/** Parses `HOST:PORT` (port 0 = any free port) for `--listen`. */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !m[1] || port > 65535) {
    throw new CliError(
      `--listen "${text}" must be HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free port)`,
    );
  }
  return { host: m[1], port };
}

/** Reads all of stdin (for secrets, which never travel in argv or the environment). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
