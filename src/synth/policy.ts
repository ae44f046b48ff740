/** IAM policy JSON. Token strings (ARNs of resources in the stack) resolve inside it at synth. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  /** Absent in trust policies, required everywhere else. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Trust for an AWS service. With `sourceAccount`, only the service acting for that account may
 * assume the role: another account's flow logs cannot write through it (the confused deputy).
 */
export function assumeRolePolicy(service: string, sourceAccount?: string): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(sourceAccount === undefined
        ? {}
        : { Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } } }),
    },
  ]);
}
