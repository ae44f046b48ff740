import type { AppliedLedger } from '../apply/index.js';
import {
  type AppliedIds,
  assembleObservation,
  type Cloud,
  customerDrift,
  type DriftReport,
  observableGraph,
  recordedResources,
} from '../cloud/index.js';
import type { ResourceGraph } from '../graph/index.js';
import type { Customer } from '../spec/index.js';
import type { Io } from './io.js';

export interface LiveRequest {
  cloud: Cloud;
  /** The customers to compare… */
  customers: readonly Customer[];
  /** …and their desired graphs. */
  graphs: ReadonlyMap<string, ResourceGraph>;
  /** Every customer id with a file: anything tagged for another id is orphaned. */
  known: ReadonlySet<string>;
  /** Whether every customer is observed: only then are orphans reported. */
  sweep: boolean;
  /** Where applies are recorded, with their ids; undefined: no ledger, resources known by tags. */
  ledger?: AppliedLedger;
  observedAt: Date;
  io: Io;
}

/** Reads the cloud once and compares each customer's desired graph with what it holds. */
export async function observeDrift(request: LiveRequest): Promise<DriftReport> {
  const desired = new Map<string, ResourceGraph>();
  for (const customer of request.customers) {
    const graph = request.graphs.get(customer.id);
    if (graph === undefined) throw new Error(`no desired graph for ${customer.id}`);
    desired.set(customer.id, observableGraph(graph));
  }
  const applied = request.ledger && (await appliedIds(request.ledger, [...desired.keys()]));
  const progress = progressLine(request.io);
  const inventory = await request.cloud.inventory({
    onProgress: progress.update,
    ...(applied === undefined ? {} : { recorded: recordedResources(applied, desired) }),
  });
  progress.done();
  const observation = assembleObservation(inventory, {
    desired,
    known: request.known,
    ...(applied === undefined ? {} : { applied }),
  });
  const customers = request.customers.map((customer) => {
    const observed = observation.customers.get(customer.id);
    const graph = desired.get(customer.id);
    if (observed === undefined || graph === undefined) throw new Error(`${customer.id} was not observed`);
    return customerDrift(customer.id, graph, observed, customer.status);
  });
  return {
    formatVersion: 1,
    cloud: request.cloud.name,
    observedAt: request.observedAt.toISOString(),
    customers,
    orphans: request.sweep ? observation.orphans : [],
    calls: observation.calls,
  };
}

/**
 * What the ledger says was applied, for `LiveRequest.applied`: every recorded customer, with the
 * ids recorded for those of `customerIds` (the ones observed; the rest need not be read).
 */
async function appliedIds(ledger: AppliedLedger, customerIds: readonly string[]): Promise<AppliedIds> {
  const records = await ledger.read();
  const ids = await ledger.readIds(customerIds.filter((id) => records.has(id)));
  return new Map(
    [...records.keys()].map((id) => {
      const recorded = ids.get(id);
      return [id, recorded === undefined ? undefined : new Map(Object.entries(recorded))];
    }),
  );
}

/** A sweep of a large account takes minutes: a terminal shows how far it got, logs do not. */
function progressLine(io: Io) {
  const tty = io.stderr.isTTY === true;
  let shown = false;
  return {
    update: ({ done, total, what }: { done: number; total: number; what: string }) => {
      if (!tty) return;
      io.stderr.write(`\r\x1b[2Kobserving: ${done}/${total} ${what}`);
      shown = true;
    },
    done: () => {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
