import { describe, expect, it } from 'vitest';
import { coalescedWriter } from '../../../src/apply/ledger/coalesce.js';
import type { LedgerUpdates } from '../../../src/apply/ledger/format.js';
import type { AppliedRecord } from '../../../src/apply/types.js';

const record = (stackHash: string): AppliedRecord => ({
  commit: '0123456789abcdef0123456789abcdef01234567',
  stackHash,
  appliedAt: '2026-11-25T10:00:00.000Z',
  status: 'active',
});

/** A store that holds each batch until released (or failed), as a slow S3 put would. */
function heldStore() {
  const batches: LedgerUpdates[] = [];
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const store = (updates: LedgerUpdates) =>
    new Promise<void>((resolve, reject) => {
      batches.push(new Map(updates));
      pending.push({ resolve, reject });
    });
  /** Lets the microtasks run, so the writer can start its next store. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const release = async () => {
    pending.shift()?.resolve();
    await settle();
  };
  const fail = async (error: Error) => {
    pending.shift()?.reject(error);
    await settle();
  };
  return { store, batches, release, fail, settle };
}

/** Each write's state, as a test sees it. */
function tracked(promise: Promise<void>) {
  const state = { settled: 'pending' as 'pending' | 'stored' | 'failed', error: undefined as unknown };
  promise.then(
    () => {
      state.settled = 'stored';
    },
    (error: unknown) => {
      state.settled = 'failed';
      state.error = error;
    },
  );
  return state;
}

describe('coalesced ledger writes', () => {
  it('stores the writes of one tick together, and settles them once stored', async () => {
    const held = heldStore();
    const write = coalescedWriter(held.store);
    const writes = ['acme-corp', 'bluefin-bakery', 'kestrel-legal'].map((id) =>
      tracked(write(id, record(id))),
    );
    await held.settle();
    expect(held.batches).toEqual([
      new Map([
        ['acme-corp', record('acme-corp')],
        ['bluefin-bakery', record('bluefin-bakery')],
        ['kestrel-legal', record('kestrel-legal')],
      ]),
    ]);
    expect(writes.map((w) => w.settled)).toEqual(['pending', 'pending', 'pending']);
    await held.release();
    expect(writes.map((w) => w.settled)).toEqual(['stored', 'stored', 'stored']);
  });

  it('stores one batch at a time: what arrives meanwhile goes out next, together', async () => {
    const held = heldStore();
    const write = coalescedWriter(held.store);
    const first = tracked(write('acme-corp', record('a')));
    await held.settle();
    const later = [tracked(write('bluefin-bakery', record('b'))), tracked(write('orchid-studio', undefined))];
    await held.settle();
    expect(held.batches).toHaveLength(1);

    await held.release();
    expect(first.settled).toBe('stored');
    expect(later.map((w) => w.settled)).toEqual(['pending', 'pending']);
    expect(held.batches[1]).toEqual(
      new Map([
        ['bluefin-bakery', record('b')],
        ['orchid-studio', undefined],
      ]),
    );
    await held.release();
    expect(later.map((w) => w.settled)).toEqual(['stored', 'stored']);
    expect(held.batches).toHaveLength(2);
  });

  it('stores only the latest of two pending updates of one customer, settling both', async () => {
    const held = heldStore();
    const write = coalescedWriter(held.store);
    const writes = [tracked(write('acme-corp', record('old'))), tracked(write('acme-corp', record('new')))];
    await held.settle();
    expect(held.batches).toEqual([new Map([['acme-corp', record('new')]])]);
    await held.release();
    expect(writes.map((w) => w.settled)).toEqual(['stored', 'stored']);
  });

  it('fails only the writes of a failed store, and goes on with the next', async () => {
    const held = heldStore();
    const write = coalescedWriter(held.store);
    const failed = tracked(write('acme-corp', record('a')));
    await held.settle();
    const next = tracked(write('bluefin-bakery', record('b')));
    const denied = new Error('AccessDenied: s3:PutObject');
    await held.fail(denied);
    expect(failed).toEqual({ settled: 'failed', error: denied });
    expect(next.settled).toBe('pending');
    await held.release();
    expect(next.settled).toBe('stored');
  });

  it('starts again for a write that comes after everything was stored', async () => {
    const held = heldStore();
    const write = coalescedWriter(held.store);
    const first = tracked(write('acme-corp', record('a')));
    await held.settle();
    await held.release();
    expect(first.settled).toBe('stored');
    const again = tracked(write('acme-corp', record('b')));
    await held.settle();
    expect(held.batches).toEqual([
      new Map([['acme-corp', record('a')]]),
      new Map([['acme-corp', record('b')]]),
    ]);
    await held.release();
    expect(again.settled).toBe('stored');
  });
});
