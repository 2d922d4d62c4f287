/**
 * A Map that forgets its oldest entries beyond `limit`, for the engine's process-wide caches
 * (zone validity, clocks, per-(zone, day) offsets, day labels): a long-lived server that sees
 * many zones or dates keeps a bounded amount of them, and a forgotten entry is only recomputed.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit && !this.map.has(key)) {
      // Insertion order: the first key is the oldest.
      this.map.delete(this.map.keys().next().value as K);
    }
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}
