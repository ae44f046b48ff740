/**
 * The `terraform` that `neo plan --terraform` runs in the real-Terraform tests: in a stack folder
 * it adapts `main.tf.json` and writes the offline override (adapt.ts) before every command, then
 * runs the real binary with the same arguments (and `-refresh=false` for plan). neo's own code,
 * from writing the stack to reading `show -json`, runs unchanged.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adaptStack, OFFLINE_OVERRIDE, offlineArgs, offlineOverride } from './adapt.js';

export async function main(binary: string, providerVersion: string, regions: string[]): Promise<void> {
  const stack = join(process.cwd(), 'main.tf.json');
  if (existsSync(stack)) {
    const { json } = adaptStack(readFileSync(stack, 'utf8'), providerVersion, regions);
    writeFileSync(stack, json);
    writeFileSync(join(process.cwd(), OFFLINE_OVERRIDE), offlineOverride(json));
  }
  const child = spawn(binary, offlineArgs(process.argv.slice(2)), { stdio: 'inherit' });
  process.exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}
