#!/usr/bin/env node
// Generates src/spec/generated/spec-types.ts from schemas/*.schema.json, so the TypeScript types
// of the spec are never kept by hand. `npm run generate` rewrites it; a test fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(ROOT, 'src/spec/generated/spec-types.ts');

/** Type names of each schema's root. */
const ROOT_TYPES = {
  'customer.schema.json': 'CustomerSpec',
  'plan.schema.json': 'PlanTierSpec',
  'addons.schema.json': 'AddonCatalogSpec',
  'images.schema.json': 'ImageCatalogSpec',
  'neo.schema.json': 'PlatformSpec',
};

/** The add-on settings shapes, named after their $defs. */
const ADDON_SETTINGS = ['ebsStorage', 's3Storage', 'waf', 'cdn', 'redis', 'rds', 'instanceUpgrade'];

export async function generateSpecTypes(schemaDir = join(ROOT, 'schemas')) {
  const read = (file) => forTypes(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')), ROOT_TYPES[file]);
  const root = {
    title: 'Specs',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.keys(ROOT_TYPES).map((file) => [file, { $ref: file }])),
    $defs: Object.fromEntries(
      ADDON_SETTINGS.map((name) => [name, { $ref: `addons.schema.json#/$defs/${name}` }]),
    ),
  };
  const body = await compile(root, 'Specs', {
    cwd: schemaDir,
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: true,
    maxItems: -1,
    format: true,
    $refOptions: {
      resolve: { file: { read: ({ url }) => JSON.stringify(read(url.split('/').pop())) } },
    },
  });
  const settingsByKind = addonSettingsByKind(schemaDir);
  return [
    '// Generated from schemas/*.schema.json by scripts/generate-spec-types.mjs: do not edit, run `npm run generate`.',
    '/* eslint-disable */',
    body.trim(),
    '',
    '/** Settings of each add-on kind, from the allOf/if/then in addons.schema.json. */',
    'export interface AddonSettingsByKind {',
    ...settingsByKind.map(([kind, def]) => `  ${JSON.stringify(kind)}: ${typeName(def)};`),
    '}',
    '',
  ].join('\n');
}

/** Drops what only matters for validation and would make the types worse. */
function forTypes(schema, title) {
  const copy = structuredClone(schema);
  if (title) copy.title = title;
  strip(copy);
  return copy;
}

function strip(node) {
  if (Array.isArray(node)) return node.forEach(strip);
  if (node === null || typeof node !== 'object') return;
  // "one of these keys" (oneOf of required-only branches) adds no shape, only a constraint.
  if (Array.isArray(node.oneOf) && node.oneOf.every((b) => Object.keys(b).length === 1 && b.required)) {
    delete node.oneOf;
  }
  // A description beside a $ref makes the generator mint a new, numbered copy of the type.
  if (node.$ref && node.description) delete node.description;
  if (node.allOf?.every((b) => b.if && b.then)) delete node.allOf;
  for (const value of Object.values(node)) strip(value);
}

function addonSettingsByKind(schemaDir) {
  const original = JSON.parse(readFileSync(join(schemaDir, 'addons.schema.json'), 'utf8'));
  return original.$defs.addon.allOf.map((branch) => [
    branch.if.properties.kind.const,
    branch.then.properties.settings.$ref.split('/').pop(),
  ]);
}

function typeName(def) {
  return def.charAt(0).toUpperCase() + def.slice(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, await generateSpecTypes());
  console.log(`wrote ${OUTPUT}`);
}
