import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget/index.js';
import { Construct } from 'constructs';
import { resourceNames, type StackInputs } from '../inputs.js';
import { provision } from '../resource.js';

/**
 * A monthly AWS Budgets alert on the customer's cost-allocation tag (`neo:customer`, which must be
 * activated once in the billing console). Without a budget in the spec, the limit is what the
 * customer pays per month: the alert then means the customer costs more than they bring in.
 */
export class Budget extends Construct {
  constructor(scope: Construct, inputs: StackInputs, recipients: string[]) {
    super(scope, 'budget');
    const { customer } = inputs;
    const limit = customer.budget?.monthlyUsd ?? customer.monthlyPriceUsd;
    provision(this, BudgetsBudget, 'monthly', {
      name: resourceNames(inputs).prefix,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: limit.toFixed(2),
      limitUnit: 'USD',
      costFilter: [{ name: 'TagKeyValue', values: [`user:neo:customer$${customer.id}`] }],
      notification: [80, 100].map((threshold) => ({
        comparisonOperator: 'GREATER_THAN',
        notificationType: 'ACTUAL',
        threshold,
        thresholdType: 'PERCENTAGE',
        subscriberEmailAddresses: recipients,
      })),
    });
  }
}
