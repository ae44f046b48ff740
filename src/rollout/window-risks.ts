import type { Risk } from '../diff/index.js';
import type { Customer } from '../spec/index.js';

/**
 * What the customer's own lifecycle asks for, and so applies whatever the window: suspending
 * stops the server on purpose, resuming ends an outage rather than starting one.
 */
const LIFECYCLE = new Set(['server-stopped', 'server-started']);

/**
 * The risks of a customer's change that must wait for its maintenance window: those the plan
 * rates data-loss (a server, volume, database or zone replaced or destroyed) or customer-visible
 * (a resize, a stop, a new public IP, the apex or www records), taken from the plan's own risk
 * rules rather than a second list. Security risks have no downtime and apply at once; so does
 * all of a decommissioned customer's change, since nobody is left to disturb, and a suspension
 * or resumption the spec asks for. A data loss allowDataLoss accepts still waits: accepting the
 * loss is not choosing the hour.
 */
export function windowRisks(customer: Pick<Customer, 'status'>, risks: readonly Risk[]): Risk[] {
  if (customer.status === 'decommissioned') return [];
  return risks.filter(
    (r) =>
      (r.severity === 'data-loss' || r.severity === 'customer-visible') &&
      !(r.intended === true && LIFECYCLE.has(r.code)),
  );
}

export function needsWindow(customer: Pick<Customer, 'status'>, risks: readonly Risk[]): boolean {
  return windowRisks(customer, risks).length > 0;
}
