/**
 * The vCPU/memory combinations offered in every region (docs/reference/eci-api.md §6.3). Shared by the emulator
 * (which refuses others with InvalidParameter.CPU.Memory) and the template validator.
 */
export const CPU_MEMORY_SPECS: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [0.5, 1]],
  [0.5, [1, 2]],
  [1, [2, 4, 8]],
  [2, [1, 2, 4, 8, 16]],
  [4, [2, 4, 8, 16, 32]],
  [8, [4, 8, 16, 32, 64]],
  [12, [12, 24, 48, 96]],
  [16, [16, 32, 64, 128]],
  [24, [24, 48, 96, 192]],
  [32, [32, 64, 128, 256]],
  [52, [96, 192, 384]],
  [64, [128, 256, 512]],
]);

export function isSupportedSpec(cpu: number, memory: number): boolean {
  return CPU_MEMORY_SPECS.get(cpu)?.includes(memory) ?? false;
}

/** The smallest supported spec with at least this vCPU and memory (how ECI rounds container sums up). */
export function smallestSpecAtLeast(cpu: number, memory: number): { cpu: number; memory: number } | undefined {
  let best: { cpu: number; memory: number } | undefined;
  for (const [specCpu, memories] of CPU_MEMORY_SPECS) {
    if (specCpu < cpu) continue;
    const specMemory = memories.find((m) => m >= memory);
    if (specMemory === undefined) continue;
    if (best === undefined || specCpu < best.cpu || (specCpu === best.cpu && specMemory < best.memory))
      best = { cpu: specCpu, memory: specMemory };
  }
  return best;
}
