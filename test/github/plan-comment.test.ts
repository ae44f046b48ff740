import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  markPlanOutdated,
  type PlanCommentFor,
  type PlanRenderer,
  planCommentBody,
  publishPlanComment,
  reviewedPlan,
} from '../../src/github/plan-comment.js';
import { GITHUB_BODY_LIMIT } from '../../src/github/sticky.js';
import type { CodeHost } from '../../src/github/types.js';
import type { CustomerPlan, Plan } from '../../src/plan/index.js';
import { renderPlanMarkdown } from '../../src/report/index.js';
import type { FakeGitHub } from '../helpers/fake-github.js';
import { planBetween } from '../helpers/plans.js';
import { exampleFiles, PROJECT_ROOT } from '../helpers/repository.js';
import { requestsDuring, sha, startHost, writes } from './host.js';

const BASE = sha('ba5e');
const HEAD = sha('1ead');
const NEWER = sha('2ead');
const NEWEST = sha('3ead');
const RUN_URL = 'https://github.com/neo-hosting/platform/actions/runs/4242';
const MARKER = (head: string) => `<!-- neo:plan base=${BASE} head=${head} -->`;

/** What the plan comment is for; `pullRequest` filled in per test. */
function at(head: string, extra: Partial<PlanCommentFor> = {}): PlanCommentFor {
  return { pullRequest: 1, baseSha: BASE, headSha: head, runUrl: RUN_URL, ...extra };
}

/** A renderer that returns `text` whatever it is asked, and records what it was asked. */
function fixedRenderer(text: string) {
  const calls: Array<Parameters<PlanRenderer>[0]> = [];
  const render: PlanRenderer = (options) => {
    calls.push(options);
    return text;
  };
  return { render, calls };
}

/** A plan of `size` characters in full, and a short one naming `fullPlanAt` when limited. */
function overflowingRenderer(size: number) {
  const calls: Array<Parameters<PlanRenderer>[0]> = [];
  const render: PlanRenderer = (options) => {
    calls.push(options);
    if (options.maxChars === Number.POSITIVE_INFINITY) return `### neo plan · big\n\n${'x'.repeat(size)}\n`;
    return `### neo plan · big\n\nLeft out to fit: see ${options.fullPlanAt}.\n`;
  };
  return { render, calls };
}

describe('planCommentBody', () => {
  it('puts the marker first and a footer with the short SHAs and the run', () => {
    const { render, calls } = fixedRenderer('### neo plan · 1 customer: 1 changed\n\n| a | b |\n\n');
    const { body, overflowed } = planCommentBody(render, at(HEAD));
    expect(overflowed).toBe(false);
    expect(calls).toEqual([{ maxChars: Number.POSITIVE_INFINITY }]);
    expect(body).toBe(
      [
        MARKER(HEAD),
        '### neo plan · 1 customer: 1 changed',
        '',
        '| a | b |',
        '',
        `<sub>Planned for head \`${HEAD.slice(0, 7)}\` into base \`${BASE.slice(0, 7)}\`; updated on every push · [workflow run](${RUN_URL}).</sub>`,
        '',
      ].join('\n'),
    );
  });

  it('leaves the run link out when there is no run', () => {
    const { body } = planCommentBody(fixedRenderer('plan').render, at(HEAD, { runUrl: undefined }));
    expect(body).toContain('updated on every push.</sub>');
    expect(body).not.toContain('workflow run');
  });

  it('posts the compact plan when the whole one would not fit, and says where the rest is', () => {
    const { render, calls } = overflowingRenderer(70_000);
    const { body, overflowed } = planCommentBody(render, at(HEAD));
    expect(overflowed).toBe(true);
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body.split('\n')[0]).toBe(MARKER(HEAD));
    expect(body).not.toContain('xxxxxxxxxx');
    expect(body).toContain(
      `see the job summary and the \`neo-plan\` artifact of [this workflow run](${RUN_URL}).`,
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]?.maxChars).toBeLessThan(GITHUB_BODY_LIMIT);
  });

  it('names the job summary and artifact without a run link when there is no run', () => {
    const { body } = planCommentBody(overflowingRenderer(70_000).render, at(HEAD, { runUrl: undefined }));
    expect(body).toContain('see the job summary and the `neo-plan` artifact of this workflow run.');
  });
});

describe('the plan comment on a pull request', () => {
  let fake: FakeGitHub;
  let host: CodeHost;
  let pr: number;

  beforeEach(async () => {
    ({ fake, host } = await startHost());
    pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
  });
  afterEach(async () => {
    await fake.close();
  });

  const bodyFor = (head: string, plan = `### neo plan · for ${head.slice(0, 7)}\n`) =>
    planCommentBody(fixedRenderer(plan).render, at(head, { pullRequest: pr })).body;
  const publish = (head: string, body = bodyFor(head)) =>
    publishPlanComment(host, at(head, { pullRequest: pr }), body);
  const outdate = (head: string) => markPlanOutdated(host, at(head, { pullRequest: pr }));
  const bodies = () => fake.comments(pr).map((c) => c.body);

  it('is created, updated in place, and left alone when nothing changed', async () => {
    const created = await publish(HEAD);
    expect(created.publication).toBe('created');
    expect(bodies()).toEqual([bodyFor(HEAD)]);
    const [comment] = fake.comments(pr);
    expect(created.url).toContain(`#issuecomment-${comment?.id}`);

    const updated = await publish(NEWER);
    expect(updated).toEqual({ publication: 'updated', url: created.url });
    expect(bodies()).toEqual([bodyFor(NEWER)]);

    let unchanged: Awaited<ReturnType<typeof publish>> | undefined;
    const requests = await requestsDuring(fake, async () => {
      unchanged = await publish(NEWER);
    });
    expect(unchanged).toEqual({ publication: 'unchanged', url: created.url });
    expect(writes(requests)).toEqual([]);
  });

  it("never edits a person's comment that quotes the marker", async () => {
    const quoted = `Why does it say this?\n\n${bodyFor(HEAD)}`;
    fake.addComment(pr, quoted);
    expect((await publish(HEAD)).publication).toBe('created');
    expect((await publish(NEWER)).publication).toBe('updated');
    expect(fake.comments(pr).map((c) => [c.user.type, c.body])).toEqual([
      ['User', quoted],
      ['Bot', bodyFor(NEWER)],
    ]);
  });

  it('records what the plan accepted over the blast radius, and reads it back from its own comment only', async () => {
    const accepted = {
      customers: new Map([
        ['kestrel-legal', '0123456789abcdef'],
        ['acme-corp', 'fedcba9876543210'],
      ]),
      stateMove: true,
    };
    const body = planCommentBody(
      fixedRenderer('### neo plan\n').render,
      at(HEAD, { pullRequest: pr, accepted }),
    ).body;
    expect(body.split('\n')[0]).toBe(
      `<!-- neo:plan base=${BASE} head=${HEAD} accepts=acme-corp:fedcba9876543210,kestrel-legal:0123456789abcdef state=moves -->`,
    );
    await publish(HEAD, body);
    expect(await reviewedPlan(host, pr)).toEqual({ baseSha: BASE, headSha: HEAD, accepted });

    await publish(NEWER);
    expect(await reviewedPlan(host, pr)).toEqual({ baseSha: BASE, headSha: NEWER });
  });

  it('takes no acceptance from a person who writes one into a comment', async () => {
    fake.addComment(pr, `<!-- neo:plan base=${BASE} head=${HEAD} accepts=acme-corp -->\nplease`);
    expect(await reviewedPlan(host, pr)).toBeUndefined();
  });

  it("does not take another bot comment of neo's for the plan", async () => {
    const apply = await host.createComment(pr, `<!-- neo:apply commit=${HEAD} -->\napplied`);
    expect((await publish(HEAD)).publication).toBe('created');
    expect(fake.comments(pr).find((c) => c.id === apply.id)?.body).toContain('applied');
    expect(fake.comments(pr)).toHaveLength(2);
  });

  describe('markPlanOutdated', () => {
    const banner = (planned: string, planning: string) =>
      `> [!WARNING]\n> **Outdated:** this plan is for \`${planned.slice(0, 7)}\`. neo is planning \`${planning.slice(0, 7)}\` now; this comment is replaced when it is done.`;

    it('does nothing when there is no plan comment yet', async () => {
      const requests = await requestsDuring(fake, async () => expect(await outdate(NEWER)).toBe(false));
      expect(writes(requests)).toEqual([]);
    });

    it('does nothing for the head the plan is for', async () => {
      await publish(HEAD);
      const requests = await requestsDuring(fake, async () => expect(await outdate(HEAD)).toBe(false));
      expect(writes(requests)).toEqual([]);
      expect(bodies()).toEqual([bodyFor(HEAD)]);
    });

    it('puts a banner under the marker once, then a later publish replaces it', async () => {
      await publish(HEAD);
      expect(await outdate(NEWER)).toBe(true);
      const [marker, ...rest] = bodyFor(HEAD).split('\n');
      expect(bodies()).toEqual([`${marker}\n${banner(HEAD, NEWER)}\n\n${rest.join('\n')}`]);

      const again = await requestsDuring(fake, async () => expect(await outdate(NEWER)).toBe(false));
      expect(writes(again)).toEqual([]);

      expect((await publish(NEWER)).publication).toBe('updated');
      expect(bodies()).toEqual([bodyFor(NEWER)]);
    });

    it('replaces the banner when yet another push is planned before the plan was replaced', async () => {
      await publish(HEAD);
      await outdate(NEWER);
      expect(await outdate(NEWEST)).toBe(true);
      const [body] = bodies();
      expect(body?.match(/\[!WARNING\]/g)).toHaveLength(1);
      expect(body).toContain(banner(HEAD, NEWEST));
      expect(body?.split('\n')[0]).toBe(MARKER(HEAD));
      expect(body).toContain(`### neo plan · for ${HEAD.slice(0, 7)}`);
    });

    it("leaves a person's comment quoting the marker alone", async () => {
      fake.addComment(pr, bodyFor(HEAD));
      expect(await outdate(NEWER)).toBe(false);
      expect(bodies()).toEqual([bodyFor(HEAD)]);
    });

    it('still fits GitHub with the banner on the largest plan posted whole', async () => {
      let largest = 0;
      for (let low = 0, high = GITHUB_BODY_LIMIT; low <= high; ) {
        const size = Math.floor((low + high) / 2);
        if (planCommentBody(overflowingRenderer(size).render, at(HEAD)).overflowed) high = size - 1;
        else [largest, low] = [size, size + 1];
      }
      const body = planCommentBody(overflowingRenderer(largest).render, at(HEAD, { pullRequest: pr })).body;
      expect(body).toContain('x'.repeat(largest));
      await publish(HEAD, body);
      expect(await outdate(NEWER)).toBe(true);
      expect(fake.comments(pr)[0]?.body).toContain(banner(HEAD, NEWER));
    });
  });

  describe('with the real plan renderer', () => {
    /** `count` copies of `model`, each a customer of its own. */
    function fleetLike(model: CustomerPlan, count: number): CustomerPlan[] {
      return Array.from({ length: count }, (_, i) => {
        const customerId = `new-${String(i).padStart(4, '0')}`;
        return { ...model, customerId, file: `customers/${customerId}.yaml` };
      });
    }

    it('posts a plan too large for a comment in part, saying where the rest is', async () => {
      const base = exampleFiles();
      const head = new Map(base).set(
        'customers/saltmarsh-records.yaml',
        readFileSync(join(PROJECT_ROOT, 'test/fixtures/synth/customers/saltmarsh-records.yaml'), 'utf8'),
      );
      const model = await planBetween(base, head);
      const added = model.customers.find((c) => c.customerId === 'saltmarsh-records');
      if (added === undefined) throw new Error('saltmarsh-records is not in the plan');
      const plan: Plan = { ...model, customers: fleetLike(added, 150) };
      const render: PlanRenderer = (options) => renderPlanMarkdown(plan, options);
      expect(render({ maxChars: Number.POSITIVE_INFINITY }).length).toBeGreaterThan(GITHUB_BODY_LIMIT);

      const { body, overflowed } = planCommentBody(render, at(HEAD, { pullRequest: pr }));
      expect(overflowed).toBe(true);
      expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
      expect(body.split('\n')[0]).toBe(MARKER(HEAD));
      expect(body).toContain("Left out to fit GitHub's comment size");
      expect(body).toContain(
        `the job summary and the \`neo-plan\` artifact of [this workflow run](${RUN_URL})`,
      );

      expect((await publish(HEAD, body)).publication).toBe('created');
      expect(bodies()).toEqual([body]);
      expect(await outdate(NEWER)).toBe(true);
    });
  });
});
