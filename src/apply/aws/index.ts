/** What the apply does with the AWS SDK itself, beside Terraform: loaded on first use. */
export { rdsProtection } from './rds-protection.js';
