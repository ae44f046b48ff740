/**
 * The ledger as one JSON file (the local cloud's `terraform-state/local/applied.json`), and each
 * customer's recorded ids in `ids/<id>.json` beside it. Writes are serialized and batched
 * in-process; each replaces its file atomically (a temporary file in the same folder, renamed
 * over), so a crash or a reader never sees half a ledger.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppliedLedger, AppliedRecord } from '../types.js';
import { coalescedWriter } from './coalesce.js';
import {
  applyUpdates,
  checkRecord,
  idsName,
  parseIds,
  parseLedger,
  serializeIds,
  serializeLedger,
} from './format.js';

export function fileLedger(path: string): AppliedLedger {
  const write = coalescedWriter(async (updates) => {
    // Read again for every batch: the file may have been edited or deleted since.
    const records = applyUpdates(await readLedger(path), updates);
    await replaceFile(path, serializeLedger(records));
  });
  const idsDir = join(dirname(path), 'ids');
  return {
    location: path,
    read: () => readLedger(path),
    async write(customerId: string, record: AppliedRecord | undefined): Promise<void> {
      if (record !== undefined) checkRecord(path, customerId, record);
      await write(customerId, record);
    },
    async readIds(customerIds) {
      const read = await Promise.all(
        customerIds.map(async (id) => {
          const file = join(idsDir, idsName(id));
          const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return undefined;
            throw error;
          });
          return text === undefined ? [] : [[id, parseIds(text, file)] as const];
        }),
      );
      return new Map(read.flat());
    },
    async writeIds(customerId, ids) {
      const file = join(idsDir, idsName(customerId));
      if (ids === undefined) await rm(file, { force: true });
      // Not synced to disk: ids lost to a power cut are recorded again by the next apply.
      else await replaceFile(file, serializeIds(ids), { sync: false });
    },
  };
}

async function readLedger(path: string): Promise<Map<string, AppliedRecord>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // No ledger yet: nothing applied, so every customer is applied.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  return parseLedger(text, path);
}

async function replaceFile(path: string, text: string, { sync = true } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(text);
      // On disk before the rename: otherwise a power cut can leave the new name on empty data.
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
