import type { CodeHost, Comment } from './types.js';

/** GitHub's limit on a comment, issue or pull request body. */
export const GITHUB_BODY_LIMIT = 65_536;

export type Publication = 'created' | 'updated' | 'unchanged';

/**
 * A hidden HTML comment that finds neo's own comment again, with fields (`key=value`) that
 * say what it was computed for. Only neo writes them, and only bot comments are searched, so a
 * person quoting one is not mistaken for it.
 */
export interface Marker {
  kind: string;
  fields: Record<string, string>;
}

export function markerLine(marker: Marker): string {
  const fields = Object.entries(marker.fields).map(([key, value]) => ` ${key}=${value}`);
  return `<!-- neo:${marker.kind}${fields.join('')} -->`;
}

export function readMarker(body: string, kind: string): Marker | undefined {
  const match = new RegExp(`<!-- neo:${kind}((?: [\\w-]+=[^\\s>]*)*) -->`).exec(body);
  if (match === null) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of (match[1] ?? '').trim().split(' ').filter(Boolean)) {
    const at = pair.indexOf('=');
    fields[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { kind, fields };
}

/**
 * The marker of this kind in a body neo wrote: a bot's (the workflow's token or the App), so a
 * person's comment or issue quoting a marker is never taken for neo's.
 */
export function neoMarker(written: { body: string; byBot: boolean }, kind: string): Marker | undefined {
  return written.byBot ? readMarker(written.body, kind) : undefined;
}

/** neo's comment of this kind on the issue or pull request, if it wrote one. */
export async function findSticky(host: CodeHost, issue: number, kind: string): Promise<Comment | undefined> {
  const comments = await host.comments(issue);
  return comments.find((c) => neoMarker(c, kind) !== undefined);
}

/** Creates the comment, or edits the one found in place; a body already there is left alone. */
export async function publishSticky(
  host: CodeHost,
  issue: number,
  body: string,
  found: Comment | undefined,
): Promise<{ publication: Publication; url: string }> {
  if (found === undefined) {
    const created = await host.createComment(issue, body);
    return { publication: 'created', url: created.url };
  }
  if (found.body === body) return { publication: 'unchanged', url: found.url };
  await host.updateComment(found.id, body);
  return { publication: 'updated', url: found.url };
}
