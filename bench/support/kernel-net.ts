/**
 * The kernel's network limits that decide whether a loopback fleet of this size can settle, and
 * what it dropped. Benches print them: past these limits figures stop describing Lockstep.
 */
import { readFileSync } from 'node:fs';
import type { Figure } from './report.js';

const sysctl = (name: string): number =>
  Number(readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim());

/** Connections arriving faster than the directory accepts them wait in this queue; past it the kernel drops them. */
export const listenQueueLimit = (): number => sysctl('net.core.somaxconn');

/**
 * Packets each CPU may have waiting for the kernel's receive processing. Every loopback packet
 * passes through this queue; when the load generators and the directory keep both cores busy it
 * overflows (default 1000) and packets are dropped: requests are retransmitted, keep-alive probes
 * go unanswered and connections time out, and the reconnects keep the machine overloaded.
 */
export const inputQueueLimit = (): number => sysctl('net.core.netdev_max_backlog');

/** Packets dropped so far because a CPU's input queue was full (second column of softnet_stat, summed over CPUs). */
export function inputQueueDrops(): number {
  return readFileSync('/proc/net/softnet_stat', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .reduce((sum, line) => sum + Number.parseInt(line.trim().split(/\s+/)[1] ?? '0', 16), 0);
}

/** The figure every fleet bench prints: packets the input queues dropped since `before` (an earlier inputQueueDrops()). */
export function packetsDroppedSince(before: number): Figure {
  return {
    name: 'packets_dropped',
    value: inputQueueDrops() - before,
    unit: 'loopback packets (input queue full, whole machine, whole run; raise net.core.netdev_max_backlog if not 0)',
  };
}
