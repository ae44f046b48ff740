import type { PlatformSpec } from '../spec/index.js';

type StateBackend = PlatformSpec['stateBackend'];

/**
 * What a change does to where Terraform's state and neo's ledger live, in words, or undefined
 * when it leaves them where they are. Moving them is never routine: applied as it is, every
 * customer would start from an empty state (duplicates of everything it has), or from a state
 * someone put in the new place. The state must be copied there first.
 */
export function stateMove(
  before: StateBackend | undefined,
  after: StateBackend | undefined,
): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  const moves = (['bucket', 'keyPrefix', 'region'] as const)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key} ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`);
  if (moves.length === 0) return undefined;
  return `the Terraform state and the ledger move (stateBackend ${moves.join(', ')}): copy every customer's state and applied.json there before merging (docs/operating.md#moving-the-state)`;
}
