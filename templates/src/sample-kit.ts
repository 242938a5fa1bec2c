/** Small deterministic helpers for the sample-data generators: same seed, same year of data. */

/** mulberry32: a tiny seeded PRNG, good enough for sample data (not for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** An integer in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** The ISO date `days` days before `isoDate`. */
export function daysBefore(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A reference to another sample record, resolved by the installer. */
export function ref(app: string, form: string, key: string): { $ref: string } {
  return { $ref: `${app}/${form}#${key}` };
}

export function member(key: string): { $member: string } {
  return { $member: key };
}
