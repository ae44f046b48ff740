import { changed, type RiskRule, str } from './context.js';

/** The tag AWS Budgets and Cost Explorer group a customer's spend by (see synth's tagging). */
const CUSTOMER_TAG = 'neo:customer';

/**
 * A resource whose `neo:customer` tag is gone or names someone else drops out of the customer's
 * cost allocation and budget alert: spend that no alert counts. Said of the live state, so drift
 * reports it even though it changes nothing the customer sees.
 */
export const costAllocation: RiskRule = (change, context) => {
  if (change.action !== 'update') return [];
  const tag = changed(change, `tags.${CUSTOMER_TAG}`);
  if (tag === undefined || str(tag.before) !== context.customerId) return [];
  const now = str(tag.after) === undefined ? 'is gone' : `says ${str(tag.after)}`;
  return [
    {
      severity: 'customer-visible',
      code: 'cost-allocation-tag',
      address: change.address,
      reason: `${context.customerId}: the ${CUSTOMER_TAG} tag of ${change.address} ${now}: its cost drops out of ${context.customerId}'s cost allocation and budget alert until neo apply restores the tag`,
    },
  ];
};
