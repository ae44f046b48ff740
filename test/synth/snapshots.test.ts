// One whole stack per plan tier, as a file a reviewer can read when the synthesizer changes.
import { describe, expect, it } from 'vitest';
import { stackLookup } from '../helpers/stacks.js';

const stack = await stackLookup();

describe('stack snapshots', () => {
  it.each([
    ['core', 'bluefin-bakery'],
    ['scale', 'acme-corp'],
    ['titan', 'nordlicht-media'],
  ])('%s tier: %s', async (tier, id) => {
    await expect(stack(id).json).toMatchFileSnapshot(`__snapshots__/${tier}-${id}.tf.json`);
  });
});
