/**
 * Vitest 5's reporter calls Map.groupBy (Node 21+) when it prints failures; on Node 20 it crashes
 * and hides which test failed. Loaded with `node --import` by scripts/test.ts.
 */
if (typeof (Map as unknown as { groupBy?: unknown }).groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    value: function groupBy<K, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const key = keyOf(item, i++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
    configurable: true,
    writable: true,
  });
}
if (typeof (Object as unknown as { groupBy?: unknown }).groupBy !== "function") {
  Object.defineProperty(Object, "groupBy", {
    value: function groupBy<T>(items: Iterable<T>, keyOf: (item: T, index: number) => PropertyKey) {
      const groups: Record<PropertyKey, T[]> = Object.create(null);
      let i = 0;
      for (const item of items) (groups[keyOf(item, i++)] ??= []).push(item);
      return groups;
    },
    configurable: true,
    writable: true,
  });
}
export {};
