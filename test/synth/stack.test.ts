import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../src/synth/stack.js';
import { inputsOf, Stack, stackLookup, synthFiles } from '../helpers/stacks.js';

const stack = await stackLookup();

describe('customer stack', () => {
  it("keeps its state in the platform's bucket, one key per customer, with S3 native locking", () => {
    expect(stack('acme-corp').config.terraform).toMatchObject({
      backend: {
        s3: {
          bucket: 'neo-production-terraform-state',
          key: 'customers/acme-corp.tfstate',
          region: 'us-east-2',
          encrypt: true,
          use_lockfile: true,
        },
      },
      required_version: '>= 1.10',
    });
  });

  it('can keep its state in a local file instead', async () => {
    const path = '../../terraform-state/local/acme-corp.tfstate';
    const inputs = (await inputsOf(synthFiles(), { kind: 'local', path })).find(
      (i) => i.customer.id === 'acme-corp',
    );
    if (inputs === undefined) throw new Error('acme-corp is missing from the example');
    const local = new Stack(inputs, synthesizeStack(inputs).json);
    expect(local.config.terraform.backend).toEqual({
      local: { path: '../../terraform-state/local/acme-corp.tfstate' },
    });
  });

  it("deploys to the customer's region with the platform's tags by default", () => {
    expect(stack('saltmarsh-records').config.provider.aws).toEqual([
      {
        region: 'us-east-1',
        default_tags: [
          {
            tags: {
              Environment: 'production',
              ManagedBy: 'neo',
              Project: 'neo',
              'neo:customer': 'saltmarsh-records',
              'neo:plan': 'titan',
            },
          },
        ],
      },
    ]);
    expect(stack('lumen-analytics').defaultTags).toMatchObject({
      CostCenter: '7702',
      Owner: 'data platform',
    });
  });

  it('tells the apply step where to find the server, its address and the zone', () => {
    expect(stack('acme-corp').config.output).toEqual({
      backup_bucket: { value: '${aws_s3_bucket.backups.bucket}' },
      server_id: { value: '${aws_instance.server.id}' },
      public_ip: { value: '${aws_eip.server.public_ip}' },
      name_servers: { value: '${aws_route53_zone.main.name_servers}' },
    });
  });

  it('keeps only the backup bucket of a decommissioned customer', () => {
    const addresses = stack('orchid-studio')
      .entries()
      .map(([address]) => address)
      .sort();
    expect(addresses).toEqual([
      'aws_s3_bucket.backups',
      'aws_s3_bucket_lifecycle_configuration.backups',
      'aws_s3_bucket_ownership_controls.backups',
      'aws_s3_bucket_policy.backups',
      'aws_s3_bucket_public_access_block.backups',
      'aws_s3_bucket_server_side_encryption_configuration.backups',
      'aws_s3_bucket_versioning.backups',
    ]);
    // titan keeps backups 90 days: the bucket expires them over that time, then can be removed.
    const rules = stack('orchid-studio').get('aws_s3_bucket_lifecycle_configuration.backups').rule as Array<{
      id: string;
      expiration?: unknown;
    }>;
    expect(rules.find((r) => r.id === 'retention')?.expiration).toEqual([{ days: 90 }]);
  });

  it("keeps a decommissioned customer's object storage bucket too, without its alarm", async () => {
    const files = synthFiles();
    const yaml = files.get('customers/tidewater-travel.yaml') as string;
    files.set('customers/tidewater-travel.yaml', yaml.replace(/^plan: /m, 'status: decommissioned\nplan: '));
    const inputs = (await inputsOf(files)).find((i) => i.customer.id === 'tidewater-travel');
    if (inputs === undefined) throw new Error('tidewater-travel is missing from the example');
    const decommissioned = new Stack(inputs, synthesizeStack(inputs).json);
    expect(Object.keys(decommissioned.all('aws_s3_bucket')).sort()).toEqual(['backups', 'objects']);
    expect(decommissioned.get('aws_s3_bucket.objects').lifecycle).toEqual({ prevent_destroy: true });
    expect(decommissioned.all('aws_cloudwatch_metric_alarm')).toEqual({});
  });

  it('gives the object storage add-on its own private bucket and a quota alarm', () => {
    const s = stack('tidewater-travel');
    expect(s.get('aws_s3_bucket.objects').bucket).toBe('neo-production-tidewater-travel-objects');
    expect(s.get('aws_cloudwatch_metric_alarm.objects_quota')).toMatchObject({
      metric_name: 'BucketSizeBytes',
      threshold: 250 * 1024 ** 3,
      dimensions: { BucketName: '${aws_s3_bucket.objects.bucket}', StorageType: 'StandardStorage' },
    });
    expect(stack('acme-corp').has('aws_s3_bucket.objects')).toBe(false);
  });

  it.each([
    ['bluefin-bakery', 55],
    ['acme-corp', 84],
    ['nordlicht-media', 102],
    ['orchid-studio', 7],
  ])('%s: %i resources', (id, count) => {
    expect(stack(id).entries()).toHaveLength(count);
  });
});
