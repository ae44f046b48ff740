import type { CustomerDrift, DriftItem } from '../cloud/index.js';
import type { ResourceGraph } from '../graph/index.js';
import type { CustomerStatus, VerifyCheck } from './types.js';

/** What each check looks at, by resource type. */
const CHECKED: Record<VerifyCheck['what'], readonly string[]> = {
  server: ['aws_instance', 'aws_ec2_instance_state'],
  address: ['aws_eip', 'aws_eip_association'],
  dns: ['aws_route53_zone', 'aws_route53_record'],
};

/**
 * After an apply, the cloud is read back and compared with the stack: the server runs (or is
 * stopped, when suspended), its Elastic IP is attached, the DNS records are in sync. The drift
 * of the customer right after the apply is exactly what did not take. A decommissioned
 * customer has none of these left to check.
 */
export function verification(
  drift: CustomerDrift,
  desired: ResourceGraph,
  status: CustomerStatus,
): VerifyCheck[] {
  if (status === 'decommissioned') return [];
  const checks: VerifyCheck[] = [];
  for (const what of ['server', 'address', 'dns'] as const) {
    const types = CHECKED[what];
    const expected = [...desired.resources.values()].filter((r) => types.includes(r.type));
    if (expected.length === 0) continue;
    const wrong = drift.items.filter((item) => touches(item, types, desired));
    checks.push(
      wrong.length === 0
        ? {
            what,
            ok: true,
            detail: healthy(what, status, expected.filter((r) => r.type === 'aws_route53_record').length),
          }
        : { what, ok: false, detail: wrong.map(itemText).join('; ') },
    );
  }
  return checks;
}

/** An item, or a consequence folded under it (an association gone with its address). */
function touches(item: DriftItem, types: readonly string[], desired: ResourceGraph): boolean {
  const addresses = [item.address, ...item.consequences];
  return addresses.some((a) => types.includes(desired.resources.get(a)?.type ?? item.type));
}

function healthy(what: VerifyCheck['what'], status: CustomerStatus, records: number): string {
  if (what === 'server') return status === 'suspended' ? 'stopped (suspended)' : 'running';
  if (what === 'address') return 'Elastic IP attached';
  return `${records} DNS ${records === 1 ? 'record' : 'records'} in sync`;
}

/** `aws_ec2_instance_state.server: state is stopped, the stack says running` */
function itemText(item: DriftItem): string {
  if (item.kind === 'missing') return `${item.address} is missing`;
  if (item.kind === 'unmanaged') return `${item.address} is not in the stack`;
  const parts = item.change.attributes.map(
    (a) => `${a.path} is ${show(a.after)}, the stack says ${show(a.before)}`,
  );
  return `${item.address}: ${parts.join(', ')}`;
}

function show(value: unknown): string {
  return value === undefined ? 'unset' : typeof value === 'string' ? value : JSON.stringify(value);
}
