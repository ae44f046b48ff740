// Properties every synthesized stack must have, checked on every customer of the example
// repository and the synth fixtures (every OS, panel, plan, DNS mode, status and add-on kind).
import { describe, expect, it } from 'vitest';
import { isTaggable, type StackInputs } from '../../src/synth/index.js';
import { synthesizeStack } from '../../src/synth/stack.js';
import { inputsOf, stackLookup, synthFiles } from '../helpers/stacks.js';

const inputs = await inputsOf(synthFiles());
const stackOf = await stackLookup();
const ids = inputs.map((i) => i.customer.id);
const WORLD = '0.0.0.0/0';
const ADMIN_PORTS = new Set([22, 2083, 2087, 2096, 8090, 2222]);

/** Provider class of a resource type, loaded by deep path as the synthesizer does. */
async function resourceClass(type: string): Promise<{ prototype: object; tfResourceType: string }> {
  const module = (await import(
    `@cdktf/provider-aws/lib/${type.replace(/^aws_/, '').replaceAll('_', '-')}/index.js`
  )) as Record<string, { prototype: object; tfResourceType?: string }>;
  const found = Object.values(module).find((value) => value?.tfResourceType === type);
  if (found === undefined) throw new Error(`no provider class for ${type}`);
  return found as { prototype: object; tfResourceType: string };
}

describe.each(ids)('stack of %s', (id) => {
  const stack = () => stackOf(id);

  it('opens no SSH or panel port to the world, unless the customer allows it explicitly', () => {
    const open = Object.values(stack().all('aws_vpc_security_group_ingress_rule')).filter(
      (rule) => rule.cidr_ipv4 === WORLD && ADMIN_PORTS.has(rule.from_port as number),
    );
    const allowed = stack().inputs.customer.network.allowAdminFromAnywhere;
    if (allowed) expect(open.length).toBeGreaterThan(0);
    else expect(open).toEqual([]);
  });

  it('requires IMDSv2 with a hop limit of 1', () => {
    for (const instance of Object.values(stack().all('aws_instance'))) {
      expect(instance.metadata_options).toMatchObject({
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
      });
    }
  });

  it('encrypts every volume, database, cache and bucket', () => {
    const s = stack();
    for (const volume of Object.values(s.all('aws_ebs_volume'))) expect(volume.encrypted).toBe(true);
    for (const instance of Object.values(s.all('aws_instance'))) {
      expect(instance.root_block_device).toMatchObject({ encrypted: true, volume_type: 'gp3' });
    }
    for (const db of Object.values(s.all('aws_db_instance'))) expect(db.storage_encrypted).toBe(true);
    for (const cache of Object.values(s.all('aws_elasticache_replication_group'))) {
      expect(cache).toMatchObject({ at_rest_encryption_enabled: 'true', transit_encryption_enabled: true });
    }
    const buckets = Object.keys(s.all('aws_s3_bucket'));
    expect(buckets.length).toBeGreaterThan(0);
    for (const name of buckets) {
      expect(s.get(`aws_s3_bucket_server_side_encryption_configuration.${name}`).rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' }, bucket_key_enabled: true },
      ]);
      expect(s.get(`aws_s3_bucket_public_access_block.${name}`)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const policy = JSON.parse(s.get(`aws_s3_bucket_policy.${name}`).policy as string);
      expect(policy.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('tags every taggable resource with neo:customer and its own address in neo:resource', async () => {
    const s = stack();
    expect(s.defaultTags).toMatchObject({ 'neo:customer': id, ManagedBy: 'neo', Project: 'neo' });
    for (const [address, type, attributes] of s.entries()) {
      if (!isTaggable(await resourceClass(type))) continue;
      const tags = { ...s.defaultTags, ...(attributes.tags as Record<string, string>) };
      expect({ address, customer: tags['neo:customer'], resource: tags['neo:resource'] }).toEqual({
        address,
        customer: id,
        resource: address,
      });
    }
    for (const instance of Object.values(s.all('aws_instance'))) {
      // default_tags do not reach the root volume: it is tagged in full.
      expect((instance.root_block_device as { tags: object }).tags).toMatchObject({ ...s.defaultTags });
    }
  });

  it('refers only to resources that exist in the stack', () => {
    const s = stack();
    const known = new Set(s.entries().map(([address]) => address));
    const references = [...s.json.matchAll(/\$\{(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}/g)].map(
      (m) => m[1],
    );
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((r) => !known.has(r as string))).toEqual([]);
  });

  it('holds no secret: no password, private key or access key, and no license in user data', () => {
    const s = stack();
    expect(s.json).not.toMatch(/"password"|"master_password"|PRIVATE KEY|\b(AKIA|ASIA)[0-9A-Z]{16}\b/);
    for (const db of Object.values(s.all('aws_db_instance')))
      expect(db.manage_master_user_password).toBe(true);
    for (const instance of Object.values(s.all('aws_instance'))) {
      // A license is read from SSM Parameter Store at boot, never written into the stack.
      expect(instance.user_data).not.toMatch(/LICENSE=(?!"\$\(aws ssm get-parameter)/);
    }
  });

  it('is byte-identical when synthesized again', () => {
    const again = synthesizeStack(inputs.find((i) => i.customer.id === id) as StackInputs);
    expect(again.json).toBe(stack().json);
  });
});
