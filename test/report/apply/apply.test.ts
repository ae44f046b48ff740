import { describe, expect, it } from 'vitest';
import type { ApplyReport, CustomerApplyResult, VerifyCheck } from '../../../src/apply/index.js';
import type { ChangeCounts } from '../../../src/diff/index.js';
import { DEFAULT_BLAST_RADIUS } from '../../../src/plan/index.js';
import { renderApplyJson } from '../../../src/report/apply/json.js';
import { renderApplyMarkdown } from '../../../src/report/apply/markdown.js';
import { renderApplyText } from '../../../src/report/apply/text.js';
import type { Paint } from '../../../src/report/style.js';
import { gfmHtmlOf, tableShapes } from '../../helpers/gfm.js';

const HEAD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const PREVIOUS = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';
const COMMENT_LIMIT = 60_000;
const plainPaint: Paint = (_style, text) => text;

const INSUFFICIENT_CAPACITY = `╷
│ Error: creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 500, RequestID: 3f1c2a9e-5b7d-4e0a-9c8b-7d6e5f4a3b2c, api error InsufficientInstanceCapacity: We currently do not have sufficient t3.xlarge capacity in the Availability Zone you requested (us-east-2a). Our system will be working on provisioning additional capacity. You can currently get t3.xlarge capacity by not specifying an Availability Zone in your request or choosing us-east-2b, us-east-2c.
│ 
│   with aws_instance.server,
│   on cdk.tf.json line 214, in resource.aws_instance.server:
│  214:       }
│ 
╵
`;

function counts(partial: Partial<ChangeCounts>): ChangeCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, forget: 0, 'no-op': 0, ...partial };
}

function checks(server: string, address: string | false, dns = '3 records in sync'): VerifyCheck[] {
  return [
    { what: 'server', ok: true, detail: server },
    address === false
      ? { what: 'address', ok: false, detail: 'Elastic IP not attached' }
      : { what: 'address', ok: true, detail: `${address} attached` },
    { what: 'dns', ok: true, detail: dns },
  ];
}

function result(customerId: string, partial: Partial<CustomerApplyResult>): CustomerApplyResult {
  return {
    customerId,
    status: 'active',
    outcome: 'applied',
    attempts: 1,
    durationMs: 30_000,
    commit: HEAD,
    previousCommit: PREVIOUS,
    ...partial,
  };
}

/** A merge that touched eight customers, and what became of each. */
function applyFixture(): ApplyReport {
  return {
    formatVersion: 1,
    cloud: 'aws',
    commit: HEAD,
    rollback: false,
    startedAt: '2026-11-25T14:02:11.000Z',
    durationMs: 437_900,
    customers: [
      result('acme-corp', {
        counts: counts({ update: 3, 'no-op': 44 }),
        durationMs: 48_300,
        verification: checks('running', '203.0.113.7'),
      }),
      result('bluefin-bakery', {
        outcome: 'unchanged',
        counts: counts({ 'no-op': 47 }),
        durationMs: 9_800,
        verification: checks('running', '198.51.100.14'),
      }),
      result('copperline-dental', {
        outcome: 'failed',
        counts: counts({ update: 1, 'no-op': 46 }),
        error: {
          step: 'verify',
          message:
            'address: Elastic IP eipalloc-0c4d5e6f7a8b9c0d1 is not associated with i-0b1c2d3e4f5a6b7c8',
        },
        durationMs: 95_000,
        verification: checks('running', false),
      }),
      result('harbor-cafe', {
        status: 'suspended',
        counts: counts({ update: 1, 'no-op': 46 }),
        durationMs: 31_200,
        verification: checks('stopped (suspended)', '203.0.113.9'),
      }),
      result('kestrel-legal', {
        outcome: 'refused',
        counts: counts({ update: 2, replace: 2, 'no-op': 43 }),
        refusals: [
          'aws_instance.server would be replaced (ami changes): its root disk is lost',
          'aws_ebs_volume.data would be replaced (availability_zone changes): the data volume is lost',
        ],
        durationMs: 12_400,
      }),
      result('lumen-analytics', {
        outcome: 'failed',
        counts: counts({ replace: 1, update: 3, 'no-op': 43 }),
        error: { step: 'apply', message: INSUFFICIENT_CAPACITY },
        attempts: 3,
        durationMs: 412_000,
      }),
      result('oldco', {
        status: 'removed',
        outcome: 'forgotten',
        counts: counts({ forget: 9 }),
        durationMs: 3_100,
        commit: undefined,
      }),
      result('saltmarsh-records', {
        counts: counts({ create: 47 }),
        attempts: 2,
        durationMs: 263_700,
        previousCommit: undefined,
        verification: checks('running', '198.51.100.31'),
      }),
    ],
    unaffected: 992,
    notes: ['Terraform 1.9.8 with hashicorp/aws 5.82.2'],
  };
}

function byId(report: ApplyReport, id: string): CustomerApplyResult {
  const found = report.customers.find((c) => c.customerId === id);
  if (found === undefined) throw new Error(`the fixture lacks ${id}`);
  return found;
}

/** Rolling kestrel-legal back to the commit before its bad change. */
function rollbackFixture(): ApplyReport {
  const kestrel = byId(applyFixture(), 'kestrel-legal');
  return {
    ...applyFixture(),
    commit: PREVIOUS,
    rollback: true,
    durationMs: 214_000,
    customers: [
      {
        ...kestrel,
        outcome: 'applied',
        refusals: undefined,
        counts: counts({ update: 2, 'no-op': 45 }),
        commit: PREVIOUS,
        previousCommit: HEAD,
        durationMs: 211_000,
        verification: checks('running', '192.0.2.50'),
      },
    ],
    unaffected: 0,
    notes: [],
  };
}

/** Four customers would lose data: over the limit of three, so nothing was applied. */
function blockedFixture(): ApplyReport {
  const lossy = ['acme-corp', 'bluefin-bakery', 'kestrel-legal', 'lumen-analytics'];
  return {
    ...applyFixture(),
    durationMs: 41_000,
    // As the apply run holds them back: refused, with the blast radius as the one reason.
    customers: lossy.map((id) =>
      result(id, {
        outcome: 'refused',
        refusals: [
          'not applied: this run exceeds the blast-radius limits (4 customers lose data (the limit is 3))',
        ],
        heldBack: true,
        counts: counts({ replace: 1, 'no-op': 46 }),
        durationMs: 0,
      }),
    ),
    unaffected: 996,
    notes: [],
    blastRadius: {
      limits: DEFAULT_BLAST_RADIUS,
      dataLossCustomers: lossy,
      changedCustomers: 4,
      existingCustomers: 1_000,
      exceeded: ['4 customers lose data (the limit is 3)'],
      overridden: false,
    },
  };
}

function headlineOf(report: ApplyReport): string {
  return renderApplyText(report, plainPaint).split('\n')[0] ?? '';
}

/** Structure GitHub will show: every table whole, every <details> closed, no row spilled into text. */
function expectWellFormed(markdown: string): string {
  const html = gfmHtmlOf(markdown);
  const written = markdown.split('\n').filter((line) => /^\| (--- \| )*---/.test(line)).length;
  const shapes = tableShapes(html);
  expect(shapes).toHaveLength(written);
  for (const rows of shapes) expect(new Set(rows).size).toBe(1);
  expect(html).not.toMatch(/<p>\|/);
  expect(html.match(/<details[ >]/g)?.length ?? 0).toBe(html.match(/<\/details>/g)?.length ?? 0);
  expect(html.match(/<summary>/g)?.length ?? 0).toBe(html.match(/<\/summary>/g)?.length ?? 0);
  return html;
}

describe('an apply report', () => {
  const report = applyFixture();

  it('renders as text for the terminal', async () => {
    await expect(renderApplyText(report, plainPaint)).toMatchFileSnapshot('__snapshots__/apply.txt');
  });

  it('renders as markdown for the merged pull request or an issue', async () => {
    await expect(renderApplyMarkdown(report)).toMatchFileSnapshot('__snapshots__/apply.md');
  });

  it('says how many customers were applied, which need a look, and how many were not touched', () => {
    expect(headlineOf(report)).toBe(
      'neo apply · Applied 4 of 8 customers to aws at 1a2b3c4d5e6f: 1 unchanged, 1 refused, 2 failed; 992 unaffected',
    );
    expect(renderApplyText(report, plainPaint).split('\n')[1]).toBe(
      "started 2026-11-25 14:02 UTC · took 7 min 18 s · unaffected customers' stacks are as last applied",
    );
  });

  it('renders on GitHub as the table and sections it means to', () => {
    const html = expectWellFormed(renderApplyMarkdown(report));
    expect(html.startsWith('<h3>neo apply · Applied 4 of 8 customers')).toBe(true);
    expect(tableShapes(html)).toEqual([Array(9).fill(7)]);
    // One section per refused or failed customer, open: there are few.
    expect(html.match(/<details open>/g)).toHaveLength(3);
    expect(html).toContain('<pre><code class="language-text">╷\n│ Error: creating EC2 Instance');
    expect(html).toContain('<pre><code class="language-sh"># retry\nneo apply --cloud aws lumen-analytics\n');
  });

  it('gives the commands to retry a failed customer and to roll it back', () => {
    const text = renderApplyText(report, plainPaint);
    expect(text).toContain('  retry:      neo apply --cloud aws lumen-analytics\n');
    expect(text).toContain(
      '  roll back:  neo apply --cloud aws --at 0f1e2d3c4b5a lumen-analytics  # the commit applied before this run',
    );
    expect(renderApplyMarkdown(report)).toContain(
      '# roll back to the commit applied before this run\nneo apply --cloud aws --at 0f1e2d3c4b5a lumen-analytics',
    );
  });

  it('offers no rollback to a customer that was never applied before', () => {
    const first: ApplyReport = {
      ...report,
      customers: [
        result('saltmarsh-records', {
          outcome: 'failed',
          previousCommit: undefined,
          error: {
            step: 'init',
            message: 'Error: Failed to get existing workspaces: S3 bucket does not exist.',
          },
        }),
      ],
    };
    const text = renderApplyText(first, plainPaint);
    expect(text).toContain('retry:  neo apply --cloud aws saltmarsh-records');
    expect(text).not.toContain('roll back');
  });

  it('says what the destroy guard refused and how to allow it', () => {
    const text = renderApplyText(report, plainPaint);
    expect(text).toContain('kestrel-legal · refused by the destroy guard: nothing was applied');
    expect(text).toContain(
      'customers/kestrel-legal.yaml lists the resource kind under allowDataLoss (e.g. allowDataLoss: [server])',
    );
    expect(renderApplyMarkdown(report)).toContain(
      '`customers/kestrel-legal.yaml` lists the resource kind under `allowDataLoss`',
    );
  });

  it('says what forgetting a customer means', () => {
    expect(renderApplyText(report, plainPaint)).toContain(
      'oldco · forgotten: no customer file: neo stops managing it; its backups stay until they expire',
    );
  });

  it('shows what a verification found wrong, and only that', () => {
    const text = renderApplyText(report, plainPaint);
    expect(text).toMatch(
      /copperline-dental +active +failed at verify +~1 +address: Elastic IP not attached /,
    );
    expect(text).toMatch(/harbor-cafe +suspended +applied +~1 +✓ /);
    expect(renderApplyMarkdown(report)).toContain('| ⛔ address: Elastic IP not attached |');
  });

  it('colours only through the paint it is given, whole rows so columns stay aligned', () => {
    const tagged: Paint = (style, text) => `[${style}]${text}[/]`;
    const text = renderApplyText(report, tagged);
    expect(text).toMatch(/^\[bold\]neo apply ·\[\/\] \[red\]Applied 4 of 8/);
    expect(text).toMatch(/\n\[red\]lumen-analytics +active +failed at apply [^\n]*52 s\[\/\]\n/);
    expect(text).toMatch(/\n\[yellow\]kestrel-legal +active +refused [^\n]*\[\/\]\n/);
    expect(text).toMatch(/\n\[green\]acme-corp +active +applied [^\n]*\[\/\]\n/);
    expect(renderApplyText(report, plainPaint)).not.toContain('\u001b');
  });

  it('renders as JSON that parses back to the same report, keys in a stable order', () => {
    const json = renderApplyJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.startsWith('{\n  "formatVersion": 1,\n  "cloud": "aws",')).toBe(true);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    const shuffled = JSON.parse(JSON.stringify(report), (_key, value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ) as ApplyReport;
    expect(renderApplyJson(shuffled)).toBe(json);
  });
});

describe('other runs', () => {
  it('render as text', async () => {
    const noChanges: ApplyReport = {
      ...applyFixture(),
      customers: applyFixture()
        .customers.filter((c) => c.outcome === 'applied')
        .map((c) => ({ ...c, outcome: 'unchanged' as const, counts: counts({ 'no-op': 47 }) })),
      notes: [],
    };
    const cases = [
      ['a rollback', rollbackFixture()],
      ['over the blast radius', blockedFixture()],
      ['no changes', noChanges],
    ] as const;
    const text = cases.map(([name, r]) => `==== ${name}\n\n${renderApplyText(r, plainPaint)}`).join('\n');
    await expect(text).toMatchFileSnapshot('__snapshots__/apply-runs.txt');
  });

  it('say when nothing changed, counting the unaffected customers', () => {
    const same = applyFixture();
    same.customers = same.customers
      .filter((c) => c.outcome === 'unchanged')
      .concat(result('acme-corp', { outcome: 'unchanged' }));
    expect(headlineOf(same)).toBe(
      'neo apply · No changes: aws matches all 2 affected customers at 1a2b3c4d5e6f; 992 unaffected',
    );
    expect(headlineOf({ ...same, customers: [], unaffected: 1_000 })).toBe(
      'neo apply · Nothing to apply at 1a2b3c4d5e6f: all 1,000 customers are as last applied to aws',
    );
    expect(headlineOf({ ...same, cloud: 'local', commit: undefined })).toBe(
      'neo apply · No changes: the local cloud matches all 2 affected customers; 992 unaffected',
    );
  });

  it('say what a rollback did and that the next apply of the branch undoes it', () => {
    const rollback = rollbackFixture();
    expect(headlineOf(rollback)).toBe('neo apply · Rolled back kestrel-legal on aws to 0f1e2d3c4b5a');
    const note =
      'The next apply of the branch re-applies the branch head for kestrel-legal unless the change is reverted in git.';
    expect(renderApplyText(rollback, plainPaint)).toContain(`note: ${note}`);
    expect(renderApplyMarkdown(rollback)).toContain(`> [!NOTE]\n> ${note}`);
  });

  it('retry a failed rollback as a rollback', () => {
    const rollback = rollbackFixture();
    rollback.customers = rollback.customers.map((c) => ({
      ...c,
      outcome: 'failed',
      error: { step: 'apply', message: 'Error: timeout while waiting for state to become running' },
    }));
    const text = renderApplyText(rollback, plainPaint);
    expect(headlineOf(rollback)).toBe('neo apply · Rollback of kestrel-legal on aws to 0f1e2d3c4b5a failed');
    expect(text).toContain('retry:  neo apply --cloud aws --at 0f1e2d3c4b5a kestrel-legal');
    expect(text).not.toContain('note:');
  });

  it('lead with the blast radius when it stopped the run', () => {
    const blocked = blockedFixture();
    expect(headlineOf(blocked)).toBe(
      'neo apply · Nothing applied to aws at 1a2b3c4d5e6f: the change exceeds the blast-radius limits',
    );
    const markdown = renderApplyMarkdown(blocked);
    expectWellFormed(markdown);
    expect(markdown.split('\n\n')[1]).toBe(
      [
        '> [!CAUTION]',
        '> **Nothing was applied: the change exceeds the blast-radius limits.** 4 customers lose data (the limit is 3).',
        '>',
        '> Customers that would lose data: `acme-corp`, `bluefin-bakery`, `kestrel-legal`, `lumen-analytics`.',
        '>',
        '> To apply it anyway once a second person has reviewed it, run `neo apply --cloud aws --allow-blast-radius` (in CI: Actions → neo apply → Run workflow, with `allow-blast-radius`). A label added after the merge accepts nothing: only a plan reviewed with it does. Otherwise split the change into smaller pull requests.',
      ].join('\n'),
    );
    expect(markdown).toContain('| customer | status | planned changes |');
    // The blast radius held them back, not the destroy guard: no per-customer refusal.
    expect(markdown).not.toContain('destroy guard');
    expect(renderApplyText(blocked, plainPaint)).not.toContain('destroy guard');
  });
});

describe('text from users, Terraform and the cloud', () => {
  const HOSTILE = '@octocat </details> <script>alert(1)</script> | `x` ``` #12';
  const report: ApplyReport = {
    ...applyFixture(),
    customers: [
      result('acme-corp', {
        outcome: 'refused',
        refusals: [`aws_route53_record.txt would be deleted: ${HOSTILE}`, 'two\nlines'],
      }),
      result('bluefin-bakery', {
        outcome: 'failed',
        error: {
          step: 'apply',
          message: `Error: \u001b[31mbad\u001b[0m value\n\`\`\`\`\n${HOSTILE}\n</details>\n\u0007bell`,
        },
      }),
      result('kestrel-legal', {
        verification: [{ what: 'dns', ok: false, detail: `TXT is ${HOSTILE}\nsecond line` }],
      }),
    ],
    notes: [HOSTILE],
  };
  const markdown = renderApplyMarkdown(report);

  it('stays text in markdown: no mention, no HTML, no broken table or block', () => {
    const html = expectWellFormed(markdown);
    expect(html).not.toContain('<script>');
    const outsideCode = html.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '');
    expect(outsideCode).not.toMatch(/@octocat|#12/);
    expect(html).toContain('&lt;script&gt;');
    expect(tableShapes(html)).toEqual([[6, 6, 6, 6]]);
    // The error stays one code block: its own backtick fence and </details> cannot end it.
    const code = html.match(/<pre><code class="language-text">([\s\S]*?)<\/code><\/pre>/)?.[1] ?? '';
    expect(code).toContain('````\n@octocat &lt;/details&gt;');
    expect(code).toContain('Error: bad value');
    expect(code).toContain('�bell');
    expect(markdown).toContain('`````text\n');
  });

  it('cannot send escape sequences to a terminal', () => {
    const text = renderApplyText(report, plainPaint);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(text).toContain('  Error: bad value');
    expect(text).toContain('  - two�lines');
  });
});

describe('an apply of 2,000 customers', () => {
  const model = applyFixture();
  const longError = `${INSUFFICIENT_CAPACITY}${'│ detail line of a long provider error\n'.repeat(200)}`;

  function fleet(pick: (i: number) => CustomerApplyResult): ApplyReport {
    const customers = Array.from({ length: 2_000 }, (_, i) => ({
      ...pick(i),
      customerId: `customer-${String(i).padStart(4, '0')}`,
    }));
    return { ...model, customers, unaffected: 0 };
  }

  const cases: Array<[string, ApplyReport]> = [
    ['all applied', fleet(() => byId(model, 'acme-corp'))],
    [
      'mostly unchanged, some failed',
      fleet((i) =>
        i % 400 === 7
          ? { ...byId(model, 'lumen-analytics'), error: { step: 'apply', message: longError } }
          : byId(model, 'bluefin-bakery'),
      ),
    ],
    [
      'all failed with long errors',
      fleet(() => ({ ...byId(model, 'lumen-analytics'), error: { step: 'apply', message: longError } })),
    ],
    ['all refused', fleet(() => byId(model, 'kestrel-legal'))],
    [
      'a mix of everything',
      fleet((i) => model.customers[i % model.customers.length] ?? byId(model, 'acme-corp')),
    ],
    [
      'over the blast radius',
      {
        ...fleet(() => byId(blockedFixture(), 'acme-corp')),
        blastRadius: {
          ...(blockedFixture().blastRadius as NonNullable<ApplyReport['blastRadius']>),
          dataLossCustomers: Array.from(
            { length: 2_000 },
            (_, i) => `customer-${String(i).padStart(4, '0')}`,
          ),
        },
      },
    ],
  ];

  it.each(cases)(
    '%s: stays under the limit, whole tables, every troubled customer named',
    (_name, report) => {
      const markdown = renderApplyMarkdown(report);
      expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
      for (const table of markdown.split(/\n\n+/).filter((b) => b.startsWith('| '))) {
        const rows = table.split('\n');
        expect(rows[1]).toMatch(/^\| ---( \| ---)* \|$/);
        expect(rows.every((row) => row.startsWith('| ') && row.endsWith(' |'))).toBe(true);
      }
      if (report.blastRadius === undefined)
        for (const c of report.customers.filter((c) => c.outcome === 'refused' || c.outcome === 'failed'))
          expect(markdown).toContain(`\`${c.customerId}\``);
      expectWellFormed(markdown);
    },
  );

  it('says what most customers failed with when there is no room for each', () => {
    const markdown = renderApplyMarkdown(cases[2]?.[1] as ApplyReport);
    expect(markdown).toContain(
      "Each customer's error, the most common first:\n\n- 2,000 customers: Error: creating EC2 Instance: operation error EC2",
    );
    expect(markdown).toContain('Retry a customer with `neo apply --cloud aws <id>`');
  });

  it('stays well formed at every level of detail, naming every troubled customer', () => {
    const report = applyFixture();
    const lengths: number[] = [];
    // Each round allows one character less than the last result: every level in turn.
    for (let max = COMMENT_LIMIT; ; ) {
      const markdown = renderApplyMarkdown(report, { maxChars: max });
      if (markdown.length === lengths.at(-1)) break;
      lengths.push(markdown.length);
      expectWellFormed(markdown);
      for (const id of ['copperline-dental', 'kestrel-legal', 'lumen-analytics'])
        expect(markdown).toContain(id);
      max = markdown.length - 1;
    }
    expect(lengths).toHaveLength(5);
  });

  it('drops error output first, then the rows of unchanged customers, and says so', () => {
    const report = cases[1]?.[1] as ApplyReport;
    const markdown = renderApplyMarkdown(report);
    expect(markdown).toContain('- unchanged (1,995 customers): `customer-0000`, `customer-0001`');
    expect(markdown).toContain('… 178 more lines');
    expect(markdown).toContain(
      "> Left out to fit GitHub's comment size: the rows of 1,995 customers; error output beyond the first 30 lines of 5 customers. The full report is in the output of `neo apply --format json`.",
    );
    expect(markdown.match(/<details>/g)).toBeNull();
    expect(markdown.match(/<details open>/g)).toHaveLength(5);
  });
});
