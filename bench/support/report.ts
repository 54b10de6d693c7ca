/**
 * How every benchmark reports: `name=value unit` lines (the headline last), the machine it ran on,
 * and a JSON copy under bench/results/ so figures can be compared across runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src-cli/version.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target this figure is held to, in words (e.g. "≤ 50 ms"), when there is one. */
  target?: string;
  met?: boolean;
}

export function machineFacts(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    // The machine may be shared: a load average above the core count means the figures are pessimistic.
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Percentile by nearest rank over an unsorted sample (sorted copy; the input is left alone). */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Prints the figures (headline last), states the machine, and writes bench/results/<bench>-<time>.json. */
export function report(
  bench: string,
  figures: Figure[],
  params: Record<string, unknown> = {},
): void {
  const machine = machineFacts();
  process.stdout.write(
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.os}, node ${machine.node}, load average ${machine.loadAverage1m}\n`,
  );
  for (const f of figures) {
    const verdict = f.target ? ` (target ${f.target}: ${f.met ? 'met' : 'NOT met'})` : '';
    process.stdout.write(`${f.name}=${f.value} ${f.unit}${verdict}\n`);
  }
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  writeFileSync(
    join(dir, `${bench}-${at.replace(/[:.]/g, '-')}.json`),
    `${JSON.stringify({ bench, at, machine, params, figures }, null, 2)}\n`,
  );
}
