import type { CustomerDrift, DriftReport } from '../../cloud/index.js';
import { mdCode } from '../markdown.js';
import { renderCustomerDriftMarkdown } from './markdown.js';
import { kindCounts } from './words.js';

export interface DriftRecordContext {
  cloud: DriftReport['cloud'];
  observedAt: string;
}

/**
 * The file a drift pull request commits, `terraform-state/drift/<id>.md`: readable in the pull
 * request's diff, and the change that makes the merge re-apply the customer (neo apply
 * re-applies a customer whose drift record changed), which restores the spec.
 */
export function renderDriftRecord(drift: CustomerDrift, context: DriftRecordContext): string {
  return [
    `# Drift record: ${drift.customerId}`,
    '',
    `Written by \`neo drift --open-prs\`. When the pull request that changes this file is merged, \`neo apply\` re-applies ${mdCode(drift.file)}, which restores the spec in the cloud. The file stays as the record of what was restored.`,
    '',
    renderCustomerDriftMarkdown(drift, context, { actions: false }).replace(/^### /, '## '),
  ].join('\n');
}

/** `Drift: acme-corp (1 modified, 1 unmanaged)` */
export function driftPullRequestTitle(drift: CustomerDrift): string {
  return `Drift: ${drift.customerId} (${kindCounts(drift.items)})`;
}

/** The drift pull request's description: what drifted, what merging does, how to keep it instead. */
export function renderDriftPullRequestBody(drift: CustomerDrift, context: DriftRecordContext): string {
  return [
    renderCustomerDriftMarkdown(drift, context).trimEnd(),
    '<sub>Opened by the nightly drift job (`neo drift --open-prs`): it updates this pull request when the drift changes and closes it when the drift is gone. The plan comment below shows what merging changes.</sub>',
    '',
  ].join('\n\n');
}

/**
 * Said in a drift pull request whose branch has commits neo did not write (a person keeping the
 * live state, or someone else): neo's new record sits on top of them, and they get reviewed.
 */
export function foreignCommitsNote(count: number): string {
  if (count === 0) return '';
  const what = count === 1 ? 'a commit' : `${count} commits`;
  return `\n\n> [!WARNING]\n> This branch has ${what} neo did not write; neo's latest drift record is committed on top. Review ${count === 1 ? 'it' : 'them'} before merging: merging applies ${count === 1 ? 'it' : 'them'} too.\n`;
}
