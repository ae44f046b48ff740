/**
 * Route53 answers names in DNS presentation form: trailing dot, and every character outside
 * `a-z0-9-_` as a three-digit octal escape (`\052` for `*`). Terraform holds them lower case,
 * without the dot, escapes decoded.
 */
export function domainName(name: string): string {
  const decoded = name.replace(/\\([0-7]{3})/g, (_escape, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );
  return decoded.toLowerCase().replace(/\.$/, '');
}
