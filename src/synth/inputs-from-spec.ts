import type { Customer, SpecRepository } from '../spec/index.js';
import type { StackInputs, StateBackend } from './inputs.js';

/** The stack inputs of each customer of a valid repository. */
export function stackInputs(
  repository: SpecRepository,
  customers: Customer[],
  backend: (customer: Customer) => StateBackend,
): StackInputs[] {
  const platform = repository.platform?.data;
  const images = repository.images?.data.images;
  if (platform === undefined || images === undefined) throw new Error('stackInputs needs a valid repository');
  return customers.map((customer) => {
    const image = images[customer.server.os]?.[customer.region];
    if (image === undefined)
      throw new Error(`no golden image for ${customer.server.os} in ${customer.region}`);
    // The destroy guard's override does not shape the stack: leaving it out keeps the cache warm.
    const stackCustomer = { ...customer, allowDataLoss: [] };
    return { customer: stackCustomer, platform, image: { ami: image.ami }, backend: backend(customer) };
  });
}
