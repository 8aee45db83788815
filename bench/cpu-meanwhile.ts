import { readFileSync } from 'node:fs';

export interface CpuReading {
  /** CPU seconds the whole machine spent busy, the hypervisor's steal included (NaN off Linux). */
  machine: number;
  /** Of it, taken by the hypervisor for other machines on the same host. */
  steal: number;
  /** CPU seconds of this process. */
  own: number;
}

/** CPU seconds so far of the whole machine (Linux /proc/stat) and of this process. */
export function cpuNow(): CpuReading {
  let machine = Number.NaN;
  let steal = Number.NaN;
  try {
    const [user, nice, system, , , irq, softirq, stolen] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    machine = (user! + nice! + system! + irq! + softirq! + stolen!) / 100;
    steal = stolen! / 100;
  } catch {
    // not Linux: the figures are left out
  }
  const own = process.cpuUsage();
  return { machine, steal, own: (own.user + own.system) / 1e6 };
}

/**
 * The CPU this process used since `before` (DuckDB's threads included), and what else used the CPU meanwhile: a busy
 * machine, or a host lending our cores to other virtual machines (steal), not the code, can be the reason of a slow
 * figure. The process's CPU seconds compare runs on one machine better than wall time; the rest is empty off Linux.
 */
export function othersCpu(before: CpuReading): string {
  const after = cpuNow();
  const own = after.own - before.own;
  const others = after.machine - before.machine - own;
  const mine = `; this process used ${own.toFixed(1)} CPU-s`;
  if (Number.isNaN(others)) return mine;
  return `${mine}, other processes ${Math.max(0, others).toFixed(1)} CPU-s meanwhile, of it the host's steal ${(after.steal - before.steal).toFixed(1)} CPU-s`;
}
