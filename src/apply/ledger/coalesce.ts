import type { AppliedRecord } from '../types.js';
import type { LedgerUpdates } from './format.js';

/**
 * Serializes a ledger's writes and batches them: one `store` at a time; the updates that arrive
 * meanwhile go out together in the next one. A fleet's customers finish close together, so this
 * turns a thousand writes into a handful. Each `write` settles once the store carrying its update
 * has (or when it fails); a later update of the same customer replaces an earlier pending one.
 */
export function coalescedWriter(
  store: (updates: LedgerUpdates) => Promise<void>,
): (customerId: string, record: AppliedRecord | undefined) => Promise<void> {
  let pending = new Map<string, AppliedRecord | undefined>();
  let waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    while (pending.size > 0) {
      const updates = pending;
      const batch = waiting;
      pending = new Map();
      waiting = [];
      try {
        await store(updates);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    draining = false;
  }

  return (customerId, record) =>
    new Promise<void>((resolve, reject) => {
      pending.set(customerId, record);
      waiting.push({ resolve, reject });
      if (!draining) {
        draining = true;
        // A microtask later, so writes started in the same tick share the first store too.
        queueMicrotask(() => void drain());
      }
    });
}
