import { describe, expect, it } from 'vitest';
import { customerChanges } from '../../src/diff/index.js';
import { graphFromTerraform } from '../../src/graph/index.js';
import { windowRisks } from '../../src/rollout/index.js';
import type { Customer } from '../../src/spec/index.js';
import { replaced, synthesizeCustomer } from '../diff/fixtures.js';

type Status = Customer['status'];

/**
 * Example customers changed as a person would edit their files, judged by the plan's own risk
 * rules: which of the risks must wait for the customer's maintenance window.
 */
async function waiting(
  id: string,
  edit: (yaml: string) => string,
  status: Status,
  allowDataLoss: readonly 'server'[] = [],
) {
  const [old, changed] = await Promise.all([synthesizeCustomer(id), synthesizeCustomer(id, edit)]);
  const changes = customerChanges(
    id,
    graphFromTerraform(old),
    graphFromTerraform(changed),
    status,
    allowDataLoss,
  );
  const risks = changes.flatMap((c) => c.risks);
  return {
    all: [...new Set(risks.map((r) => r.code))].sort(),
    waiting: [...new Set(windowRisks({ status }, risks).map((r) => r.code))].sort(),
  };
}

describe('windowRisks', () => {
  it.each([
    [
      'a bigger plan tier resizes the server and the database',
      'acme-corp',
      (y: string) => replaced(y, 'plan: scale', 'plan: titan'),
      [],
      ['database-resized', 'server-resized'],
    ],
    [
      'a move to another zone replaces the server, its volume and database, even with the loss accepted',
      'lumen-analytics',
      (y: string) =>
        `${replaced(y, 'availabilityZone: us-east-2b', 'availabilityZone: us-east-2c')}allowDataLoss: [server]\n`,
      ['server'],
      ['database-replaced', 'server-replaced', 'volume-replaced'],
    ],
    [
      'new alarm thresholds: nothing to notice',
      'acme-corp',
      (y: string) => replaced(y, 'thresholds: { cpu: 80, memory: 90, disk: 85 }', 'thresholds: { cpu: 70 }'),
      [],
      [],
    ],
    [
      'SSH opened to the world: a security risk, no downtime',
      'acme-corp',
      (y: string) =>
        replaced(
          y,
          'adminCidrs: [203.0.113.0/24]',
          'adminCidrs: [0.0.0.0/0]\n  allowAdminFromAnywhere: true',
        ),
      [],
      [],
    ],
  ])('%s', async (_, id, edit, allowDataLoss, expected) => {
    const { all, waiting: codes } = await waiting(id, edit, 'active', allowDataLoss as 'server'[]);
    expect(codes).toEqual(expected);
    expect(all).toEqual(expect.arrayContaining(expected));
  });

  it('lets a suspension the spec asks for stop the server at once', async () => {
    const { all, waiting: codes } = await waiting(
      'acme-corp',
      (y) => replaced(y, 'status: active', 'status: suspended'),
      'suspended',
    );
    expect(all).toContain('server-stopped');
    expect(codes).toEqual([]);
  });

  it('keeps the window for a server stopped that the spec does not ask for', () => {
    const stopped = {
      severity: 'customer-visible',
      code: 'server-stopped',
      address: 'aws_ec2_instance_state.server',
      reason: 'acme-corp: the server is stopped',
    } as const;
    expect(windowRisks({ status: 'active' }, [stopped])).toEqual([stopped]);
    expect(windowRisks({ status: 'active' }, [{ ...stopped, intended: true }])).toEqual([]);
  });

  it('lets a decommissioning destroy the server at once: nobody is left to disturb', async () => {
    const { all, waiting: codes } = await waiting(
      'acme-corp',
      (y) => replaced(y, 'status: active', 'status: decommissioned'),
      'decommissioned',
    );
    expect(all).toContain('server-destroyed');
    expect(codes).toEqual([]);
  });
});
