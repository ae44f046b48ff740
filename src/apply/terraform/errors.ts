/** The Terraform command that failed (`version` also covers "not installed"). */
export type TerraformStep = 'version' | 'init' | 'plan' | 'show' | 'apply';

/** Why trying the same step again may succeed. */
export type TransientKind = 'state-lock' | 'throttling' | 'eventual-consistency';

/** A Terraform (or OpenTofu) command failed; `message` is safe to show and to store. */
export class TerraformError extends Error {
  override readonly name = 'TerraformError';

  constructor(
    readonly step: TerraformStep,
    message: string,
    /** Set when retrying may succeed; permanent failures leave it undefined. */
    readonly transient?: TransientKind,
  ) {
    super(message);
  }
}

/**
 * Error texts that mean "try again later". One table so a reviewer sees every reason in one
 * place; anything not matched is permanent, because retrying a real mistake (a wrong AMI, a
 * quota) only delays the report.
 */
const TRANSIENT_PATTERNS: ReadonlyArray<{ kind: TransientKind; pattern: RegExp }> = [
  // Another run holds the stack's state lock; it releases it when its plan or apply ends.
  { kind: 'state-lock', pattern: /Error acquiring the state lock/ },
  // DynamoDB lock table: the lock item already exists (same cause, older backends).
  { kind: 'state-lock', pattern: /ConditionalCheckFailed/ },
  // S3 native locking (use_lockfile): the conditional write of `<key>.tflock` lost the race.
  { kind: 'state-lock', pattern: /PreconditionFailed[^\n]*\.tflock|\.tflock[^\n]*PreconditionFailed/ },
  // Someone else wrote the state between our plan and apply: a fresh plan applies cleanly.
  { kind: 'state-lock', pattern: /Saved plan is stale/ },
  // AWS API rate limits (EC2 says RequestLimitExceeded, most others Throttling); they refill.
  { kind: 'throttling', pattern: /Throttling|RequestLimitExceeded|Rate exceeded|TooManyRequests/ },
  // S3 asks clients to slow down; Route 53 refuses changes while an earlier one is pending.
  { kind: 'throttling', pattern: /SlowDown|PriorRequestNotComplete/ },
  // AWS sheds load with 503 Service Unavailable the same way it throttles.
  { kind: 'throttling', pattern: /ServiceUnavailable|StatusCode: 503\b/ },
  // EC2 and Route 53 are eventually consistent: an id just created may not be visible yet.
  {
    kind: 'eventual-consistency',
    pattern:
      /Invalid(?:InstanceID|AllocationID|Group|NetworkInterfaceID|Volume|AssociationID)\.NotFound|NoSuchHostedZone/,
  },
  // The AWS provider's own waiters gave up while the object was still settling.
  { kind: 'eventual-consistency', pattern: /couldn't find resource|timeout while waiting for state/ },
];

/** Longest message kept: enough for a few error blocks, short enough for a report line. */
const MAX_MESSAGE = 2_000;

/**
 * Retrying helps only if every error Terraform reported is transient: one permanent error among
 * them fails the next try the same way.
 */
export function classifyTransient(stderr: string): TransientKind | undefined {
  const blocks = errorBlocks(stderr);
  const kinds = (blocks.length > 0 ? blocks : [plainOutput(stderr)]).map(transientKindOf);
  return kinds.every((kind) => kind !== undefined) ? kinds[0] : undefined;
}

function transientKindOf(text: string): TransientKind | undefined {
  return TRANSIENT_PATTERNS.find(({ pattern }) => pattern.test(text))?.kind;
}

/**
 * Terraform's own words as one paragraph: its `Error:` blocks (or the whole output when it
 * printed none), without colours, box drawing or configuration excerpts, capped in length.
 * Secrets go first, so the cap cannot leave half of one behind.
 */
export function summarizeErrors(output: string, secrets: readonly string[] = []): string {
  const safe = redact(output, secrets);
  const blocks = errorBlocks(safe);
  const text = blocks.length > 0 ? blocks.join('\n\n') : plainOutput(safe);
  return cap(oneParagraph(text), MAX_MESSAGE);
}

/** Replaces each secret with a marker, so a message can be logged and stored. */
export function redact(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = secrets.filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  return ordered.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/** Names of environment variables whose values must never reach a message. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|ACCESS_KEY|SESSION|API_KEY/i;

/**
 * Values worth redacting: those of secret-looking variables, long enough that replacing them
 * cannot mangle ordinary words.
 */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= 8)
    .map(([, value]) => value as string);
}

/**
 * Each `Error:` block, from its heading to the next diagnostic heading. Warnings are dropped:
 * they did not cause the failure.
 */
function errorBlocks(output: string): string[] {
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of plainOutput(output).split('\n')) {
    if (/^(Error|Warning): /.test(line)) {
      current = line.startsWith('Error: ') ? [] : undefined;
      if (current !== undefined) blocks.push(current);
    }
    if (current !== undefined && !isSourceExcerpt(line)) current.push(line);
  }
  return blocks.map((lines) => lines.join('\n').trim());
}

/**
 * `  12:   "ami": "ami-0abc",`: a line of main.tf.json. Stacks are written minified, so one such
 * line can be the whole stack; `with …, on main.tf.json line 12` already says where.
 */
function isSourceExcerpt(line: string): boolean {
  return /^\s+\d+: /.test(line);
}

/** Terraform's output as plain lines: without ANSI colours and the `╷ │ ╵` frame it draws around diagnostics. */
function plainOutput(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .filter((line) => !/^\s*[╷╵]\s*$/.test(line))
      .map((line) => line.replace(/^\s*│ ?/, '').trimEnd())
      .join('\n')
  );
}

/**
 * Lines within a paragraph are joined with spaces; each paragraph ends with a full stop (a
 * trailing colon introduced an excerpt that is gone).
 */
function oneParagraph(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => (/[.!?]$/.test(paragraph) ? paragraph : `${paragraph.replace(/:$/, '')}.`))
    .join(' ');
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
