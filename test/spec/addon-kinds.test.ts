import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVISIONED_ADDON_KINDS, UNPROVISIONED_ADDON_KINDS } from '../../src/spec/index.js';
import { PROJECT_ROOT } from '../helpers/repository.js';

describe('add-on kinds', () => {
  it('are each either built by the synthesizer or refused with a reason: none is silently ignored', () => {
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/addons.schema.json'), 'utf8'));
    const kinds: string[] = schema.$defs.addon.properties.kind.enum;
    const handled = [...PROVISIONED_ADDON_KINDS, ...Object.keys(UNPROVISIONED_ADDON_KINDS)];
    expect([...handled].sort()).toEqual([...kinds].sort());
    expect(new Set(handled).size).toBe(handled.length);
  });
});
