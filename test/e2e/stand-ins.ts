/**
 * What plays the steps that are not neo's own: the actions (`uses:`) and the build scripts. The
 * harness has done their work already (the checkout, `npm ci && npm run build` once for the
 * suite, the local cloud for AWS), so a stand-in only answers as the action would: its outcome,
 * its outputs, and the refusals that matter here (no role without OIDC, no App token without its
 * key).
 */

export interface StandInStep {
  /** `with:`, evaluated. */
  with: Record<string, string>;
  /** May the job ask for an OIDC token? Not in a fork's pull request, nor without id-token: write. */
  idToken: boolean;
}

export interface StandInResult {
  outcome: 'success' | 'failure';
  outputs?: Record<string, string>;
  /** What the action would log. */
  log: string;
}

export type StandIn = (step: StandInStep) => StandInResult;

/** The token the GitHub App stand-in mints (drift.yml pushes and opens pull requests with it). */
export const APP_TOKEN = 'ghs_appInstallationToken';
export const APP_SLUG = 'neo-platform';

const done =
  (log: string): StandIn =>
  () => ({ outcome: 'success', log });

export const failed = (log: string): StandInResult => ({ outcome: 'failure', log });

/** By action (`owner/name`, without the pinned commit), and `run` for the scripts that are not neo's. */
export const STAND_INS: Record<string, StandIn> = {
  'actions/checkout': done('checked out by the harness: a fresh clone of the commit'),
  'actions/setup-node': done('the Node.js running the suite'),
  'hashicorp/setup-terraform': done('no Terraform: the local cloud applies'),
  'actions/cache': done('no cache restored'),
  'actions/upload-artifact': done('uploaded'),
  run: done('done once for the whole suite by its global setup, or by the platform'),
  'aws-actions/configure-aws-credentials': (step) => {
    if (!step.idToken)
      return failed(
        'Could not assume role with OIDC: no ACTIONS_ID_TOKEN_REQUEST_URL (id-token: write is not granted)',
      );
    if (step.with['role-to-assume'] === '' || step.with['aws-region'] === '')
      return failed('Input required and not supplied: role-to-assume and aws-region');
    return { outcome: 'success', log: `assumed ${step.with['role-to-assume']}: the local cloud stands in` };
  },
  'actions/create-github-app-token': (step) => {
    if (!step.with['app-id'] || !step.with['private-key'])
      return failed('Input required and not supplied: app-id and private-key');
    return {
      outcome: 'success',
      outputs: { token: APP_TOKEN, 'app-slug': APP_SLUG, 'installation-id': '52114377' },
      log: `minted an installation token of ${APP_SLUG}`,
    };
  },
};

/** `owner/name` of `uses: owner/name@ref`. */
export function actionName(uses: string): string {
  return uses.split('@')[0] ?? uses;
}
