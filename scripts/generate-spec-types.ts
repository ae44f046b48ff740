// Generates src/spec/generated/spec-types.ts from schemas/*.schema.json, so the TypeScript types
// of the spec are never kept by hand. `npm run generate` rewrites it; a test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

type Schema = Record<string, unknown>;

/** Type names of each schema's root. */
const ROOT_TYPES: Record<string, string> = {
  'customer.schema.json': 'CustomerSpec',
  'plan.schema.json': 'PlanTierSpec',
  'addons.schema.json': 'AddonCatalogSpec',
  'images.schema.json': 'ImageCatalogSpec',
  'neo.schema.json': 'PlatformSpec',
};

export const GENERATED_TYPES = 'src/spec/generated/spec-types.ts';

export async function generateSpecTypes(root: string): Promise<string> {
  const schemaDir = join(root, 'schemas');
  const read = (file: string): Schema =>
    forTypes(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as Schema, ROOT_TYPES[file]);
  const settings = addonSettingsByKind(
    JSON.parse(readFileSync(join(schemaDir, 'addons.schema.json'), 'utf8')),
  );
  const rootSchema = {
    title: 'Specs',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.keys(ROOT_TYPES).map((file) => [file, { $ref: file }])),
    // Settings shapes are only reachable through if/then, which the generator ignores.
    $defs: Object.fromEntries(settings.map(([, def]) => [def, { $ref: `addons.schema.json#/$defs/${def}` }])),
  };
  const body = await compile(rootSchema as JSONSchema, 'Specs', {
    cwd: schemaDir,
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: true,
    maxItems: -1,
    format: true,
    $refOptions: {
      resolve: {
        file: { read: ({ url }: { url: string }) => JSON.stringify(read(url.split('/').pop() ?? url)) },
      },
    },
  });
  return [
    '// Generated from schemas/*.schema.json by scripts/generate-spec-types.ts: do not edit, run `npm run generate`.',
    body.trim(),
    '',
    '/** Settings of each add-on kind, from the allOf/if/then in addons.schema.json. */',
    'export interface AddonSettingsByKind {',
    ...settings.map(
      ([kind, def]) => `  ${JSON.stringify(kind)}: ${def.charAt(0).toUpperCase()}${def.slice(1)};`,
    ),
    '}',
    '',
  ].join('\n');
}

/** Drops what only matters for validation and would make the types worse. */
function forTypes(schema: Schema, title: string | undefined): Schema {
  const copy = structuredClone(schema);
  if (title !== undefined) copy.title = title;
  strip(copy);
  return copy;
}

function strip(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) strip(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Schema;
  const oneOf = schema.oneOf as Schema[] | undefined;
  // "one of these keys" (oneOf of required-only branches) adds no shape, only a constraint.
  if (oneOf?.every((b) => Object.keys(b).length === 1 && Array.isArray(b.required))) delete schema.oneOf;
  // A description beside a $ref makes the generator mint a new, numbered copy of the type.
  if (schema.$ref !== undefined) delete schema.description;
  if ((schema.allOf as Schema[] | undefined)?.every((b) => b.if !== undefined)) delete schema.allOf;
  for (const value of Object.values(schema)) strip(value);
}

interface AddonsSchema {
  $defs: {
    addon: {
      allOf: Array<{
        if: { properties: { kind: { const: string } } };
        then: { properties: { settings: { $ref: string } } };
      }>;
    };
  };
}

function addonSettingsByKind(schema: AddonsSchema): Array<[string, string]> {
  return schema.$defs.addon.allOf.map((branch) => [
    branch.if.properties.kind.const,
    branch.then.properties.settings.$ref.split('/').pop() ?? '',
  ]);
}

if (process.argv[1]?.endsWith('generate-spec-types.js')) {
  const root = resolve(process.argv[2] ?? '.');
  writeFileSync(join(root, GENERATED_TYPES), await generateSpecTypes(root));
  console.log(`wrote ${GENERATED_TYPES}`);
}
