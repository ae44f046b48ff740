import type { SpecPath } from '../locate.js';
import { type SpecFile, usable } from '../repository.js';
import type { Rule } from './context.js';

/**
 * CDK for Terraform marks a reference inside a string as `${TfToken[TOKEN.<n>]}` and turns the
 * marker into a live Terraform expression when it synthesizes. A spec value holding that text
 * (a TXT record, a tag) would become a reference to another resource, and could publish its id
 * in public DNS. Every other `${…}` in a spec is written out literally (synth escapes it).
 */
const MARKER = /TfToken\[/;

export const noReferenceMarkers: Rule = ({ repository, report }) => {
  const files: Array<SpecFile<unknown> | undefined> = [
    repository.platform,
    repository.addons,
    repository.images,
    ...repository.tiers.values(),
    ...repository.customers.values(),
  ];
  for (const file of files) {
    if (file === undefined) continue;
    for (const { path, key } of markedStrings(file.data, [])) {
      // A value its schema already refused is reported once, by the schema.
      if (!usable(file, path.join('/'))) continue;
      report(
        file,
        path,
        'the text `TfToken[` is how the stack synthesizer marks a reference to another resource, so it cannot appear in a spec: remove it',
        { key },
      );
    }
  }
};

/** Where the marker is: a string value, or a key (`key: true`). */
function markedStrings(value: unknown, path: SpecPath): Array<{ path: SpecPath; key: boolean }> {
  if (typeof value === 'string') return MARKER.test(value) ? [{ path, key: false }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => markedStrings(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, item]) => [
      ...(MARKER.test(name) ? [{ path: [...path, name], key: true }] : []),
      ...markedStrings(item, [...path, name]),
    ]);
  }
  return [];
}
