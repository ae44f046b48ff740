import { beforeAll, describe, expect, it } from 'vitest';
import { flatten, graphFromTerraform } from '../../../src/graph/index.js';
import type { Plan } from '../../../src/plan/index.js';
import { renderPlanJson } from '../../../src/report/plan/json.js';
import { renderPlanMarkdown } from '../../../src/report/plan/markdown.js';
import { renderPlanText } from '../../../src/report/plan/text.js';
import { loadSchemas, resolveCustomers, validateRepository } from '../../../src/spec/index.js';
import { stackInputs, synthesizeStack } from '../../../src/synth/index.js';
import { gfmHtmlOf, tableShapes } from '../../helpers/gfm.js';
import { planBetween } from '../../helpers/plans.js';
import { exampleFiles, memorySource } from '../../helpers/repository.js';

/** A customer with a distinct canary in every field that takes free text. */
const CANARY_CUSTOMER = `id: canary-id-q7
domain: canary-domain-q7.example
contact: { name: "Canary Contact Q7", email: canary-contact-q7@example.net }
plan: scale
server:
  os: almalinux-9
  panel: cyberpanel
  hostname: canary-host-q7.canary-domain-q7.example
  sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIACpU5a3H1pKC9nUHrjiq673epGk61AhR1GOutn7Fcnk canary-key-comment-q7
network:
  cidr: 10.99.0.0/16
  adminCidrs: [203.0.113.0/24]
dns:
  records:
    - { name: canary-record-q7, type: TXT, values: ["canary-txt-q7 </details> @octocat \`x\` | <b>y</b>"] }
monitoring:
  alertEmails: [canary-alert-q7@example.net]
tags: { CanaryKeyQ7: "canary-tag-q7 @octocat" }
`;

const CANARIES = [
  'canary-id-q7',
  'canary-domain-q7',
  'Canary Contact Q7',
  'canary-contact-q7',
  'canary-host-q7',
  'canary-key-comment-q7',
  'canary-record-q7',
  'canary-txt-q7',
  'canary-alert-q7',
  'CanaryKeyQ7',
  'canary-tag-q7',
];

describe('a plan never shows secrets or user data, and nothing a user wrote escapes', () => {
  let plan: Plan;
  let renderings: Record<string, string>;
  let sensitiveLines: string[];

  beforeAll(async () => {
    const base = exampleFiles();
    const head = new Map(base).set('customers/canary-id-q7.yaml', CANARY_CUSTOMER);
    plan = await planBetween(base, head);
    renderings = {
      text: renderPlanText(plan),
      markdown: renderPlanMarkdown(plan),
      json: renderPlanJson(plan),
    };
    // The lines of the boot script (user data) that carry a canary.
    const { repository } = await validateRepository(memorySource(head), { schemas: loadSchemas() });
    const customer = resolveCustomers(repository).find((c) => c.id === 'canary-id-q7');
    if (customer === undefined) throw new Error('canary customer did not resolve');
    const [inputs] = stackInputs(repository, [customer], () => ({ kind: 's3' }));
    if (inputs === undefined) throw new Error('no inputs');
    const graph = graphFromTerraform(synthesizeStack(inputs).json);
    sensitiveLines = [...graph.resources.values()].flatMap((r) =>
      [...flatten(r.attributes)]
        .filter(([path]) => path === 'user_data')
        .flatMap(([, value]) => String(value).split('\n'))
        .filter((line) => CANARIES.some((c) => line.includes(c))),
    );
  });

  it('plants canaries where a leak would show: the boot script carries some', () => {
    expect(sensitiveLines.length).toBeGreaterThan(0);
  });

  it.each(['text', 'markdown', 'json'])('%s holds no line of a sensitive attribute', (format) => {
    const output = renderings[format] ?? '';
    for (const line of sensitiveLines) expect(output).not.toContain(line.trim());
  });

  it('marks sensitive attributes as such in the data', () => {
    const created = plan.customers.find((c) => c.customerId === 'canary-id-q7');
    const userData = created?.changes
      .find((c) => c.address === 'aws_instance.server')
      ?.attributes.find((a) => a.path === 'user_data');
    expect(userData).toEqual({ path: 'user_data', sensitive: true });
  });

  it('defuses mentions and markup from specs in markdown', () => {
    const markdown = renderings.markdown ?? '';
    // Code spans are shown literally: GitHub looks for mentions and HTML only outside them.
    const outsideCode = markdown.replace(/(`+)(?!`).*?(?<!`)\1(?!`)/g, '');
    expect(markdown).toContain('canary-txt-q7');
    expect(outsideCode).not.toMatch(/@octocat/);
    expect(outsideCode).not.toContain('<b>y');
    const opened = outsideCode.match(/<details>/g)?.length ?? 0;
    const closed = outsideCode.match(/<\/details>/g)?.length ?? 0;
    expect(closed).toBe(opened);
  });

  it('renders on GitHub with the hostile values as text', () => {
    const html = gfmHtmlOf(renderings.markdown ?? '');
    expect(html).not.toContain('<b>y</b>');
    expect(html).toContain('&lt;b&gt;y&lt;/b&gt;');
    expect(html.match(/<details>/g)?.length).toBe(html.match(/<\/details>/g)?.length);
    for (const rows of tableShapes(html)) expect(new Set(rows).size).toBe(1);
  });

  it('keeps every markdown table row the width of its header', () => {
    for (const table of (renderings.markdown ?? '').split(/\n\n+/).filter((b) => b.startsWith('| '))) {
      const widths = table.split('\n').map((row) => row.split(/(?<!\\)\|/).length);
      expect(new Set(widths).size, table.slice(0, 200)).toBe(1);
    }
  });
});
