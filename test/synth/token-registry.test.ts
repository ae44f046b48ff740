import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../src/synth/stack.js';
import { forgettingTokens } from '../../src/synth/token-registry.js';
import { inputsOf, synthFiles } from '../helpers/stacks.js';

type Registry = { stringTokenMap: Map<unknown, unknown>; numberTokenMap: Map<unknown, unknown> };
const registry = () => (globalThis as unknown as { __cdktfTokenMap: Registry }).__cdktfTokenMap;

describe("cdktf's process-wide token map", () => {
  it('does not grow with every stack synthesized', async () => {
    const inputs = await inputsOf(synthFiles());
    for (const stack of inputs.slice(0, 1)) synthesizeStack(stack);
    const sizes = () => [registry().stringTokenMap.size, registry().numberTokenMap.size];
    const before = sizes();
    for (const stack of inputs) synthesizeStack(stack);
    expect(sizes()).toEqual(before);
  });

  it('keeps the tokens registered before, and forgets only those made inside', () => {
    const map = registry().stringTokenMap;
    map.set('kept-for-this-test', 1);
    forgettingTokens(() => map.set('made-inside', 2));
    expect(map.has('kept-for-this-test')).toBe(true);
    expect(map.has('made-inside')).toBe(false);
    map.delete('kept-for-this-test');
  });
});
