import { TerraformPlanError } from './terraform-plan.js';

interface StateModule {
  resources?: { address?: unknown; mode?: unknown; values?: { id?: unknown } }[];
  child_modules?: StateModule[];
}

/**
 * The cloud id of every managed resource in `terraform show -json` of a state, by address. Only
 * ids are taken: the state also holds secrets (generated passwords), and nothing else of it
 * leaves this function. A state with no resources yet (`{"format_version":"1.0"}`) has no ids.
 */
export function parseStateIds(text: string, source: string): Record<string, string> {
  let state: { values?: { root_module?: StateModule } };
  try {
    state = JSON.parse(text);
  } catch {
    throw new TerraformPlanError(`Terraform state from ${source} is not JSON`);
  }
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new TerraformPlanError(`Terraform state from ${source} is not a JSON object`);
  }
  const ids: Record<string, string> = {};
  const visit = (module: StateModule | undefined): void => {
    for (const resource of module?.resources ?? []) {
      const { address, mode, values } = resource;
      if (mode === 'managed' && typeof address === 'string' && typeof values?.id === 'string' && values.id)
        ids[address] = values.id;
    }
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(state.values?.root_module);
  return ids;
}
