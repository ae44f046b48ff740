import { describe, expect, it } from 'vitest';
import { withoutTokenTraces } from '../../src/synth/token-traces.js';

describe('token traces', () => {
  it('are not captured on plain records, while errors keep their stack', () => {
    const record = { stack: '' };
    const error = new Error('kept');
    withoutTokenTraces(() => {
      Error.captureStackTrace(record);
      Error.captureStackTrace(error);
    });
    expect(record.stack).toBe('');
    expect(error.stack).toMatch(/^Error: kept\n\s+at /);
  });

  it('are captured again afterwards, even when the run throws', () => {
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error('synth failed');
      }),
    ).toThrow('synth failed');
    const record = { stack: '' };
    Error.captureStackTrace(record);
    expect(record.stack).toMatch(/\n\s+at /);
  });
});
