import type { ApplyReport, CustomerApplyResult, CustomerOutcome, VerifyCheck } from '../../apply/index.js';
import { blocks } from '../../plan/index.js';
import { cloudText, observedText } from '../drift/words.js';
import { countsText, plural, type Quote } from '../words.js';

/**
 * Wording shared by the apply renderers. Sentences that carry a customer id or a command take a
 * `Quote`, so the text renderer can strip control characters and the markdown one can escape.
 */

/** As GitHub and `git log --abbrev=12` show commits: short, and unique in any real repository. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 12);
}

/** How many customers ended which way; the headline and the size notes are made of these. */
export interface ApplyTally {
  total: number;
  /** Applied, unchanged or forgotten: the cloud is as the commit says. */
  done: number;
  refused: number;
  failed: number;
  /** Applied, yet a check after the apply found the cloud not as the stack says. */
  unverified: number;
}

export function tally(customers: readonly CustomerApplyResult[]): ApplyTally {
  const count = (outcome: CustomerOutcome) => customers.filter((c) => c.outcome === outcome).length;
  const refused = count('refused');
  const failed = count('failed');
  const unverified = customers.filter((c) => c.outcome !== 'failed' && failedChecks(c).length > 0).length;
  return { total: customers.length, done: customers.length - refused - failed, refused, failed, unverified };
}

/** The exceeded limits stopped the run before anything was applied (no override given). */
export function blocked(report: ApplyReport): boolean {
  return report.blastRadius !== undefined && blocks(report.blastRadius);
}

/**
 * `Applied 6 of 8 customers to aws at 1a2b3c4d5e6f: 1 refused, 1 failed; 992 unaffected`,
 * `No changes: aws matches all 7 affected customers at 1a2b3c4d5e6f; 993 unaffected`,
 * `Rolled back kestrel-legal on aws to 0f1e2d3c4b5a`.
 */
export function applyHeadline(report: ApplyReport): string {
  const cloud = cloudText(report.cloud);
  const at = sourceText(report.commit);
  const unaffected = report.unaffected > 0 ? `; ${number(report.unaffected)} unaffected` : '';
  if (blocked(report)) return `Nothing applied to ${cloud}${at}: the change exceeds the blast-radius limits`;
  if (report.rollback) return rollbackHeadline(report, cloud);
  if (report.dryRun) return dryRunHeadline(report, cloud, at, unaffected);
  const t = tally(report.customers);
  if (t.total === 0)
    return `Nothing to apply${at}: ${every(report.unaffected, 'customer')} as last applied to ${cloud}`;
  const changed = report.customers.filter((c) => c.outcome === 'applied' || c.outcome === 'forgotten').length;
  if (changed === 0 && problems(t) === '')
    return `No changes: ${cloud} matches ${all(t.total, 'affected customer')}${at}${unaffected}`;
  const which =
    changed === t.total
      ? plural(t.total, 'customer')
      : `${number(changed)} of ${plural(t.total, 'customer')}`;
  const unchanged = report.customers.filter((c) => c.outcome === 'unchanged').length;
  const tail = [unchanged > 0 ? `${number(unchanged)} unchanged` : '', problems(t)]
    .filter((p) => p !== '')
    .join(', ');
  return `Applied ${which} to ${cloud}${at}${tail === '' ? '' : `: ${tail}`}${unaffected}`;
}

/** `Dry run for the local cloud: 7 customers to apply`: what the same command without it does. */
function dryRunHeadline(report: ApplyReport, cloud: string, at: string, unaffected: string): string {
  const t = tally(report.customers);
  if (t.total === 0)
    return `Nothing to apply${at}: ${every(report.unaffected, 'customer')} as last applied to ${cloud}`;
  const planned = report.customers.filter((c) => c.outcome === 'planned').length;
  const unchanged = report.customers.filter((c) => c.outcome === 'unchanged').length;
  const tail = [unchanged > 0 ? `${number(unchanged)} unchanged` : '', problems(t)]
    .filter((p) => p !== '')
    .join(', ');
  return `Dry run for ${cloud}${at}: ${plural(planned, 'customer')} to apply${tail === '' ? '' : `, ${tail}`}${unaffected}`;
}

function rollbackHeadline(report: ApplyReport, cloud: string): string {
  const to = report.commit === undefined ? 'the working tree' : shortCommit(report.commit);
  const t = tally(report.customers);
  const [only] = report.customers;
  if (t.total === 1 && only !== undefined && t.done === 0)
    return `Rollback of ${only.customerId} on ${cloud} to ${to} ${only.outcome}`;
  const who =
    t.total === 1 && only !== undefined
      ? only.customerId
      : t.done === t.total
        ? plural(t.total, 'customer')
        : `${number(t.done)} of ${plural(t.total, 'customer')}`;
  const trouble = problems(t) === '' ? '' : `: ${problems(t)}`;
  return `Rolled back ${who} on ${cloud} to ${to}${trouble}`;
}

/** `1 refused, 1 failed, 1 failed verification`: what someone has to look at. */
function problems(t: ApplyTally): string {
  return [
    t.refused > 0 ? `${number(t.refused)} refused` : '',
    t.failed > 0 ? `${number(t.failed)} failed` : '',
    t.unverified > 0 ? `${number(t.unverified)} failed verification` : '',
  ]
    .filter((p) => p !== '')
    .join(', ');
}

/** `all 7 customers`, but `the 1 customer`. */
function all(n: number, word: string): string {
  return n === 1 ? `the 1 ${word}` : `all ${plural(n, word)}`;
}

/** `all 1,000 customers are`, but `the 1 customer is`. */
function every(n: number, word: string): string {
  return `${all(n, word)} ${n === 1 ? 'is' : 'are'}`;
}

function number(n: number): string {
  return n.toLocaleString('en-US');
}

function sourceText(commit: string | undefined): string {
  return commit === undefined ? '' : ` at ${shortCommit(commit)}`;
}

/** `started 2026-11-25 03:00 UTC · took 6 min 42 s`, and what "unaffected" means when it is used. */
export function runText(report: ApplyReport): string {
  const unaffected = report.unaffected > 0 ? " · unaffected customers' stacks are as last applied" : '';
  return `started ${observedText(report.startedAt)} · took ${durationText(report.durationMs)}${unaffected}`;
}

/** `0.8 s`, `42 s`, `6 min 42 s`, `1 h 05 min`: as precise as anyone reading it needs. */
export function durationText(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(Math.round(seconds) / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.round(seconds) % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A customer someone has to look at: refused, failed, or applied but not as the stack says. */
export function troubled(customer: CustomerApplyResult): boolean {
  return customer.outcome === 'refused' || customer.outcome === 'failed' || failedChecks(customer).length > 0;
}

/** Refused by the destroy guard (not merely held back by the run's blast radius). */
export function guardRefused(customer: CustomerApplyResult): boolean {
  return customer.outcome === 'refused' && customer.heldBack !== true;
}

/** `failed at apply`: the step is what tells apart a Terraform error from a cloud that lags. */
export function resultText(customer: CustomerApplyResult): string {
  if (customer.outcome === 'planned') return customer.status === 'removed' ? 'to forget' : 'to apply';
  return customer.outcome === 'failed' && customer.error !== undefined
    ? `failed at ${customer.error.step}`
    : customer.outcome;
}

/**
 * The plan's changes: applied, or only planned when the customer stopped before the apply step
 * (refused, or failed in init, plan or the guard). A failed apply may have done part of them.
 */
export function changesText(customer: CustomerApplyResult): string {
  if (customer.counts === undefined) return '—';
  const step = customer.error?.step;
  const unapplied =
    customer.outcome === 'refused' ||
    (customer.outcome === 'failed' && step !== 'verify' && step !== 'record');
  return `${unapplied ? 'planned ' : ''}${countsText(customer.counts)}`;
}

export function failedChecks(customer: CustomerApplyResult): VerifyCheck[] {
  return (customer.verification ?? []).filter((check) => !check.ok);
}

/** `✓` when every check passed (`✓ stopped (suspended)`), `—` when none ran, otherwise what failed. */
export function verificationText(customer: CustomerApplyResult): string {
  if ((customer.verification ?? []).length === 0) return '—';
  const failed = failedChecks(customer);
  if (failed.length > 0) return failed.map((check) => `${check.what}: ${check.detail}`).join('; ');
  // A stopped server is right for a suspended customer, and worth seeing as such.
  const server = customer.verification?.find((check) => check.what === 'server');
  return server !== undefined && server.detail !== 'running' ? `✓ ${server.detail}` : '✓';
}

/** Only retries are worth a number: one attempt is the normal case. */
export function attemptsText(customer: CustomerApplyResult): string {
  return customer.attempts > 1 ? String(customer.attempts) : '';
}

/** `failed at apply after 3 attempts` */
export function failureText(customer: CustomerApplyResult): string {
  const attempts = customer.attempts > 1 ? ` after ${customer.attempts} attempts` : '';
  return `${resultText(customer)}${attempts}`;
}

/** The destroy guard's rule, then what to do about it, for one refused customer. */
export function refusalAdvice(customerId: string, quote: Quote): [rule: string, todo: string] {
  return [
    `The destroy guard refuses to delete or replace resources that hold data unless the customer is ${quote.code('decommissioned')} or ${quote.code(`customers/${customerId}.yaml`)} lists the resource kind under ${quote.code('allowDataLoss')} (e.g. ${quote.code('allowDataLoss: [server]')}).`,
    'If the loss is intended, add that and apply again; if not, revert the change.',
  ];
}

/** What forgetting a customer means, for one or for several. */
export function forgottenText(count: number): string {
  return count === 1
    ? 'no customer file: neo stops managing it; its backups stay until they expire'
    : 'no customer files: neo stops managing them; their backups stay until they expire';
}

/**
 * Which part of a sharded run this report covers, and that its limits were judged over all of
 * it: `shard 1/4: 250 of the 1,000 affected customers; the other shards hold 750. The blast
 * radius counts all 1,000.`
 */
export function shardText(report: ApplyReport): string {
  const shard = report.shard;
  if (shard === undefined) return '';
  const total = shard.customers + shard.elsewhere;
  const others = shard.count === 2 ? 'the other shard holds' : 'the other shards hold';
  return `shard ${shard.index}/${shard.count}: ${shard.customers.toLocaleString('en-US')} of the ${plural(total, 'affected customer')}; ${others} ${shard.elsewhere.toLocaleString('en-US')}. The blast radius counts all ${total.toLocaleString('en-US')}.`;
}

/** A rollback holds only until the branch is applied again, which happens on the next merge. */
export function rollbackNote(report: ApplyReport, quote: Quote): string {
  const ids = report.customers.filter((c) => c.outcome !== 'refused' && c.outcome !== 'failed');
  if (!report.rollback || ids.length === 0) return '';
  const who =
    ids.length > 3 ? plural(ids.length, 'customer') : ids.map((c) => quote.text(c.customerId)).join(', ');
  return `The next apply of the branch re-applies the branch head for ${who} unless the change is reverted in git.`;
}

export interface Recovery {
  label: 'retry' | 'roll back';
  command: string;
  /** Why this commit, for a command whose commit is not self-evident. */
  note?: string;
}

/** Retry (transient errors, a fixed spec), and go back to what worked, when anything did. */
export function recoveries(report: ApplyReport, customer: CustomerApplyResult): Recovery[] {
  const apply = `neo apply --cloud ${report.cloud}`;
  // A failed rollback is retried as a rollback; offering to roll it back again would only confuse.
  const at = report.rollback && report.commit !== undefined ? ` --at ${shortCommit(report.commit)}` : '';
  const retry: Recovery = { label: 'retry', command: `${apply}${at} ${customer.customerId}` };
  const previous = customer.previousCommit;
  if (report.rollback || previous === undefined) return [retry];
  const command = `${apply} --at ${shortCommit(previous)} ${customer.customerId}`;
  return [retry, { label: 'roll back', command, note: 'the commit applied before this run' }];
}

/** How to apply a change over the limits anyway, from a laptop or in CI. */
export function overrideAdvice(report: ApplyReport, quote: Quote): string {
  return `To apply it anyway once a second person has reviewed it, run ${quote.code(`neo apply --cloud ${report.cloud} --allow-blast-radius`)} (in CI: Actions → neo apply → Run workflow, with ${quote.code('allow-blast-radius')}). A label added after the merge accepts nothing: only a plan reviewed with it does. Otherwise split the change into smaller pull requests.`;
}

/**
 * A message from Terraform or the cloud as lines fit to show: colour codes gone (Terraform
 * colours unless told not to), other control characters made visible, no trailing blanks.
 */
export function messageLines(message: string): string[] {
  const lines = message
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences are what it removes.
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '�')
    .split('\n')
    .map((line) => line.trimEnd());
  const first = lines.findIndex((line) => line !== '');
  const last = lines.findLastIndex((line) => line !== '');
  return first === -1 ? [] : lines.slice(first, last + 1);
}
