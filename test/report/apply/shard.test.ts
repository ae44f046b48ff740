import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../../src/apply/index.js';
import { renderApplyJson } from '../../../src/report/apply/json.js';
import { renderApplyMarkdown } from '../../../src/report/apply/markdown.js';
import { renderApplyText } from '../../../src/report/apply/text.js';

/** The second of four runners of a plan-tier change to 1,000 customers. */
function shardReport(shard: ApplyReport['shard']): ApplyReport {
  return {
    formatVersion: 1,
    cloud: 'aws',
    commit: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
    rollback: false,
    ...(shard === undefined ? {} : { shard }),
    startedAt: '2026-12-03T02:00:00.000Z',
    durationMs: 1_800_000,
    customers: [
      { customerId: 'harbor-dental', status: 'active', outcome: 'applied', attempts: 1, durationMs: 31_000 },
      {
        customerId: 'pinewood-garage',
        status: 'active',
        outcome: 'applied',
        attempts: 1,
        durationMs: 28_000,
      },
    ],
    unaffected: 12,
    notes: [],
  };
}

const SECOND_OF_FOUR = { index: 2, count: 4, customers: 251, elsewhere: 749 };
const LINE =
  'shard 2/4: 251 of the 1,000 affected customers; the other shards hold 749. The blast radius counts all 1,000.';

describe('the apply report of a shard', () => {
  it.each([
    ['text', (r: ApplyReport) => renderApplyText(r).split('\n')[2], LINE],
    ['markdown', (r: ApplyReport) => renderApplyMarkdown(r).split('\n\n')[1], `**${LINE}**`],
  ])('says which shard ran and what the others hold, in %s', (_, render, expected) => {
    expect(render(shardReport(SECOND_OF_FOUR))).toBe(expected);
    expect(render(shardReport(undefined))).not.toContain('shard');
  });

  it('names the one other shard of two in the singular', () => {
    const text = renderApplyText(shardReport({ index: 1, count: 2, customers: 1, elsewhere: 1 }));
    expect(text).toContain(
      'shard 1/2: 1 of the 2 affected customers; the other shard holds 1. The blast radius counts all 2.',
    );
  });

  it('keeps the shard in JSON, after the run’s kind and before its times', () => {
    const json = JSON.parse(renderApplyJson(shardReport(SECOND_OF_FOUR))) as Record<string, unknown>;
    expect(json.shard).toEqual(SECOND_OF_FOUR);
    expect(Object.keys(json).slice(0, 6)).toEqual([
      'formatVersion',
      'cloud',
      'commit',
      'rollback',
      'shard',
      'startedAt',
    ]);
    expect(Object.keys(json.shard as object)).toEqual(['index', 'count', 'customers', 'elsewhere']);
    expect(Object.keys(JSON.parse(renderApplyJson(shardReport(undefined))))).not.toContain('shard');
  });
});
