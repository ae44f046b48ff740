/** `terraform show -json` of a state, as much of it as the fake keeps. */
export interface StateJson {
  format_version: string;
  terraform_version?: string;
  values?: { root_module: { resources: StateResource[] } };
}

export interface StateResource {
  address: string;
  mode: 'managed';
  type: string;
  name: string;
  provider_name: string;
  /** With `region`, the provider configuration's where the resource has none of its own. */
  values: Record<string, unknown>;
}

export interface ApplyOptions {
  /** Keeps one stack's made-up ids apart from another's. */
  stack?: string;
  /** Addresses whose planned change the apply does not make. */
  leaveOut?: readonly string[];
  /** Values the apply leaves otherwise than planned, by address. */
  override?: Readonly<Record<string, Record<string, unknown>>>;
}

export const EMPTY_STATE: StateJson;
export const NEO_TYPES: ReadonlySet<string>;
export function stateBefore(plan: unknown, stack?: string): StateJson;
export function applyPlan(state: StateJson, plan: unknown, options?: ApplyOptions): StateJson;
export function stateIds(state: StateJson): Record<string, string>;
export function resourcesOf(state: StateJson | undefined): StateResource[];
