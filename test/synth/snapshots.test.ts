// One whole stack per plan tier, as a file a reviewer can read when the synthesizer changes.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Stack, synthesizeAll } from '../helpers/stacks.js';

let stacks: Map<string, Stack>;
beforeAll(async () => {
  stacks = await synthesizeAll();
});

describe('stack snapshots', () => {
  it.each([
    ['core', 'bluefin-bakery'],
    ['scale', 'acme-corp'],
    ['titan', 'nordlicht-media'],
  ])('%s tier: %s', async (tier, id) => {
    await expect((stacks.get(id) as Stack).json).toMatchFileSnapshot(`__snapshots__/${tier}-${id}.tf.json`);
  });
});
