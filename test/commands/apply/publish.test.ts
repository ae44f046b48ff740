import { describe, expect, it } from 'vitest';
import { labelAcceptance } from '../../../src/commands/apply/publish.js';
import type { PullRequest, ReviewedPlan } from '../../../src/github/index.js';

const HEAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const BASE = 'ba5eba5eba5eba5eba5eba5eba5eba5eba5eba5e';
const accepted = { customers: new Map([['acme-corp', '0123456789abcdef']]), stateMove: false };

const merged = (extra: Partial<PullRequest> = {}): PullRequest => ({
  number: 12,
  url: 'https://github.com/neo-hosting/platform/pull/12',
  title: 'Alerts also go to the on-call rota',
  body: '',
  branch: 'alerts-to-oncall',
  headSha: HEAD,
  labels: ['allow-blast-radius'],
  merged: true,
  base: { branch: 'main', isDefault: true },
  author: { login: 'octocat', bot: false },
  ...extra,
});
const reviewed = (extra: Partial<ReviewedPlan> = {}): ReviewedPlan => ({
  baseSha: BASE,
  headSha: HEAD,
  accepted,
  ...extra,
});
const refused = (why: string) => ({
  refused: `The label allow-blast-radius on #12 accepts nothing: ${why}.`,
});

describe('what the allow-blast-radius label on the merged pull request accepts', () => {
  it.each<[string, PullRequest, ReviewedPlan | undefined, ReturnType<typeof labelAcceptance>]>([
    [
      'what the plan of the merged head accepted, with the label on it',
      merged(),
      reviewed(),
      { acceptance: accepted },
    ],
    ['nothing to say without the label', merged({ labels: [] }), reviewed(), {}],
    [
      'nothing when merged into another branch than the default',
      merged({ base: { branch: 'release', isDefault: false } }),
      reviewed(),
      refused('#12 was merged into release, not the default branch'),
    ],
    [
      'nothing without a plan comment',
      merged(),
      undefined,
      refused('no plan of the merged head a1b2c3d was posted on #12'),
    ],
    [
      'nothing when the plan is of another head (pushed to after the plan)',
      merged(),
      reviewed({ headSha: BASE }),
      refused('no plan of the merged head a1b2c3d was posted on #12'),
    ],
    [
      'nothing when the plan of the merged head was posted before the label was added',
      merged(),
      { baseSha: BASE, headSha: HEAD },
      refused(
        'the plan of the merged head was posted without it, or within the limits, so no reviewer saw a change over the blast radius accepted',
      ),
    ],
  ])('%s', (_, pr, plan, expected) => {
    expect(labelAcceptance(pr, plan)).toEqual(expected);
  });
});
