import { inject } from 'vitest';
import type { RealTerraform, TerraformProbe } from './probe.js';

declare module 'vitest' {
  export interface ProvidedContext {
    terraform: TerraformProbe;
  }
}

/** What the global setup found; tests that need Terraform are skipped when it found none. */
export function terraformProbe(): TerraformProbe {
  return inject('terraform');
}

/** The real Terraform, inside a `describe.skipIf(!terraformProbe().found)`. */
export function realTerraform(): RealTerraform {
  const probe = terraformProbe();
  if (!probe.found) throw new Error(`no real Terraform: ${probe.reason}`);
  return probe.terraform;
}
