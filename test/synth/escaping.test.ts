// Terraform evaluates `${…}` and `%{…}` in any string. Text a customer file may carry (records,
// e-mail addresses) must reach AWS as written, never run as a Terraform expression.
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../src/synth/stack.js';
import { exampleFiles } from '../helpers/repository.js';
import { inputsOf, Stack } from '../helpers/stacks.js';

async function hostileStack(): Promise<Stack> {
  const files = exampleFiles();
  const acme = (files.get('customers/acme-corp.yaml') as string)
    .replace(
      'values: ["google-site-verification=3pQm1x0Kc2vJ8bYtR6wZ"]',
      'values: ["${file(\\"/etc/passwd\\")}", "%{ if true }x%{ endif }"]',
    )
    .replace('alertEmails: [ops@acme-example.com]', 'alertEmails: ["${x}@acme-example.com"]');
  files.set('customers/acme-corp.yaml', acme);
  const inputs = (await inputsOf(files)).find((i) => i.customer.id === 'acme-corp');
  if (inputs === undefined) throw new Error('acme-corp did not validate');
  return new Stack(inputs, synthesizeStack(inputs).json);
}

const stack = await hostileStack();

describe('literal text in a stack', () => {
  it('reaches Terraform escaped, so it is kept as written', () => {
    expect(stack.get('aws_route53_record.apex_txt').records).toEqual([
      'v=spf1 a mx ~all',
      '$${file("/etc/passwd")}',
      '%%{ if true }x%%{ endif }',
    ]);
    expect(stack.get('aws_sns_topic_subscription.alerts_x_acme_example_com').endpoint).toBe(
      '$${x}@acme-example.com',
    );
  });

  it('leaves no template sequence but references to the stack’s own resources', () => {
    const unescaped = [...stack.json.matchAll(/(?<!\$)\$\{[^}]*\}/g)].map((m) => m[0]);
    expect(unescaped.length).toBeGreaterThan(0);
    expect(unescaped.filter((t) => !/^\$\{aws_[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}$/.test(t))).toEqual([]);
    expect(stack.json).not.toMatch(/(?<!%)%\{/);
  });
});
