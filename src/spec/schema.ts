import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** The kinds of spec file, each validated by schemas/<kind>.schema.json. */
export const SPEC_KINDS = ['customer', 'plan', 'addons', 'images', 'neo'] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

export interface SchemaSet {
  validate(kind: SpecKind, data: unknown): ErrorObject[];
}

// ajv-formats is CommonJS: under Node's ESM its plugin is the `default` of the module object.
const addFormats = addFormatsModule.default;

/**
 * Compiles the JSON Schemas in `directory`. Strict mode (unknown keywords and ambiguous types are
 * schema bugs), all errors at once, no `$data`. `strictRequired` stays off: "one of these keys"
 * is written as oneOf branches that only list `required`, the standard idiom it would reject.
 */
export function loadSchemas(directory = defaultSchemaDirectory()): SchemaSet {
  const ajv = new Ajv2020({
    strict: true,
    strictRequired: false,
    allErrors: true,
    verbose: true,
    $data: false,
    // ajv's code optimiser costs a third of start-up and buys nothing measurable for schemas this size.
    code: { optimize: false },
  });
  addFormats(ajv, ['email', 'date']);
  // Editor hints understood by yaml-language-server; we show them in our own messages too.
  ajv.addVocabulary(['patternErrorMessage']);
  for (const file of readdirSync(directory)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()) {
    ajv.addSchema(JSON.parse(readFileSync(join(directory, file), 'utf8')), file);
  }
  const validators = new Map<SpecKind, ValidateFunction>();
  const validatorFor = (kind: SpecKind): ValidateFunction => {
    let validator = validators.get(kind);
    if (validator === undefined) {
      validator = ajv.getSchema(`${kind}.schema.json`);
      if (validator === undefined) throw new Error(`schema ${kind}.schema.json is missing from ${directory}`);
      validators.set(kind, validator);
    }
    return validator;
  };
  return {
    validate(kind, data) {
      const validator = validatorFor(kind);
      return validator(data) ? [] : [...(validator.errors ?? [])];
    },
  };
}

/** The schemas/ folder shipped with neo, found from this module in src/ or in dist/. */
export function defaultSchemaDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'customer.schema.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the schemas/ folder next to neo');
    dir = parent;
  }
}
