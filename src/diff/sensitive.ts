/**
 * Attributes whose values never leave the diff: secrets (passwords, tokens, keys) and user data
 * (the server's boot script). Changes to them are reported as changed, without values.
 */
const SENSITIVE =
  /(^|_)(password|secret|token|private_key|user_data|user_data_base64|auth_token|secret_string)$/;

export function isSensitive(path: string): boolean {
  const top = /^[^.[]+/.exec(path)?.[0] ?? path;
  return SENSITIVE.test(top);
}
