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

export function assumeRolePolicy(service: string): string {
  return policyDocument([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]);
}
