import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import { neo } from '../local-cloud.js';

/**
 * Text a customer file holds is never Terraform code: Terraform evaluates `${…}` and `%{…}` in
 * every string, so a TXT record could otherwise run an expression at plan time. The one marker
 * that would become a reference, the synthesizer's own, is refused by validation.
 */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const ACME_TXT = '"google-site-verification=3pQm1x0Kc2vJ8bYtR6wZ"';

async function acmeWithTxt(value: string): Promise<string> {
  const files = exampleFiles();
  const acme = files.get('customers/acme-corp.yaml') as string;
  expect(acme).toContain(ACME_TXT);
  files.set('customers/acme-corp.yaml', acme.replace(ACME_TXT, value));
  const tree = await writeTree(files);
  cleanups.push(tree.cleanup);
  return tree.dir;
}

describe('Terraform syntax in a customer file', () => {
  it("refuses the synthesizer's reference marker, at its line and column", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the marker as a spec would hold it.
    const root = await acmeWithTxt('"v=spf1 ${TfToken[TOKEN.1]} ~all"');
    const run = await neo(root, ['validate']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /^customers\/acme-corp\.yaml:\d+:\d+: error: the text `TfToken\[` is how the stack synthesizer marks a reference to another resource, so it cannot appear in a spec: remove it$/m,
    );
    const synth = await neo(root, ['synth', 'acme-corp']);
    expect(synth.code).toBe(1);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform's syntax, named.
  it('writes every other ${…} and %{…} into the stack as literal text, which Terraform leaves alone', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, as a spec would hold it.
    const root = await acmeWithTxt('"verify ${path.module} %{if true}yes%{endif}"');
    expect((await neo(root, ['validate'])).code).toBe(0);
    expect((await neo(root, ['synth', '--out', 'stacks', 'acme-corp'])).code).toBe(0);
    const stack = readFileSync(join(root, 'stacks/acme-corp/main.tf.json'), 'utf8');
    const records = (
      JSON.parse(stack) as {
        resource: { aws_route53_record: Record<string, { type: string; records?: string[] }> };
      }
    ).resource.aws_route53_record;
    const txt = Object.values(records).flatMap((r) => (r.type === 'TXT' ? (r.records ?? []) : []));
    expect(txt).toContain('verify $${path.module} %%{if true}yes%%{endif}');
    // Nowhere in the stack is the text left for Terraform to evaluate.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the expression Terraform would evaluate.
    expect(stack.replaceAll('$${path.module}', '')).not.toContain('${path.module}');
    expect(stack.replaceAll('%%{', '')).not.toContain('%{');
  });
});
