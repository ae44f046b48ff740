/**
 * Attributes whose values never leave the diff: secrets (passwords, tokens, keys) and user data
 * (the server's boot script). Changes to them are reported as changed, without values.
 */
const SENSITIVE =
  /(^|_)(password|secret|token|private_key|user_data|user_data_base64|auth_token|secret_string)$/;

/** True when any part of the path names a secret (`password`, `master_user_secret[0].secret_arn` is not). */
export function isSensitive(path: string): boolean {
  return path.split(/[.[\]]+/).some((part) => SENSITIVE.test(part));
}
