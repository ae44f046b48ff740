/**
 * cdktf registers every token of every stack in one process-wide map (`global.__cdktfTokenMap`)
 * and never removes them, so each synthesized stack stayed reachable: about half a megabyte of
 * heap per stack, over a gigabyte for a fleet. A stack's tokens are useless once its JSON is
 * out, so `run` forgets the tokens registered while it ran. cdktf is archived and pinned
 * (0.21.0); if the map ever looks different, this does nothing and memory grows as before.
 */
export function forgettingTokens<T>(run: () => T): T {
  const maps = tokenMaps();
  const before = maps.map((map) => map.size);
  try {
    return run();
  } finally {
    for (const [i, map] of maps.entries()) {
      let index = 0;
      for (const key of map.keys()) {
        if (index++ >= (before[i] ?? 0)) map.delete(key);
      }
    }
  }
}

function tokenMaps(): Array<Map<unknown, unknown>> {
  const registry = (globalThis as { __cdktfTokenMap?: Record<string, unknown> }).__cdktfTokenMap;
  if (registry === undefined) return [];
  return [registry.stringTokenMap, registry.numberTokenMap].filter(
    (m): m is Map<unknown, unknown> => m instanceof Map,
  );
}
