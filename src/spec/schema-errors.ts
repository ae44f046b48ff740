import type { ErrorObject } from 'ajv';
import { type Diagnostic, quote } from './diagnostic.js';
import { suggest } from './hints.js';
import { describePath, locate, pointerToPath, type SpecPath } from './locate.js';
import type { SourceDocument } from './parse.js';

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  patternErrorMessage?: string;
  oneOf?: SchemaNode[];
  required?: string[];
}

/** A schema problem, located and worded for the person who wrote the file. */
export interface SchemaProblem {
  /** The value at fault, e.g. ['server', 'panel'] ([] for the whole document). */
  path: SpecPath;
  diagnostic: Diagnostic;
}

/** Turns ajv's errors into one diagnostic per problem, each at the node that causes it. */
export function schemaProblems(errors: readonly ErrorObject[], source: SourceDocument): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const error of relevant(errors)) {
    const path = pointerToPath(error.instancePath);
    const located = describe(error, path);
    const position = locate(source, located.at ?? located.path, { key: located.key === true });
    problems.push({
      path: located.path,
      diagnostic: { file: source.file, ...position, severity: 'error', message: located.message },
    });
  }
  return problems;
}

/** Drops the errors that only restate another one. */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const explainedOneOf = errors
    .filter((e) => e.keyword === 'oneOf' && isRequiredChoice(e.schema))
    .map((e) => `${e.schemaPath}/`);
  const typeErrorPaths = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') return false; // their inner error says why
    if (explainedOneOf.some((prefix) => e.schemaPath.startsWith(prefix))) return false;
    if (e.keyword !== 'type' && typeErrorPaths.has(e.instancePath) && e.propertyName === undefined)
      return false;
    return true;
  });
}

function isRequiredChoice(branches: unknown): branches is SchemaNode[] {
  return (
    Array.isArray(branches) &&
    branches.every((b: SchemaNode) => Object.keys(b).length === 1 && Array.isArray(b.required))
  );
}

interface Described {
  /** The value at fault. */
  path: SpecPath;
  /** Where to point, when not at `path` itself (a missing key: its parent mapping). */
  at?: SpecPath;
  key?: boolean;
  message: string;
}

function describe(error: ErrorObject, path: SpecPath): Described {
  const where = describePath(path);
  const value = error.data;
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) return describePropertyName(error, path);
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const about = firstSentence(parent.properties?.[missing]?.description);
      const inside = where === '' ? '' : ` in ${where}`;
      return {
        path: [...path, missing],
        at: path,
        message: `missing required key \`${missing}\`${inside}${about ? ` (${about})` : ''}`,
      };
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const inside = where === '' ? '' : ` in ${where}`;
      return {
        path: [...path, unknown],
        key: true,
        message: `unknown key ${quote(unknown)}${inside}: ${suggest(unknown, allowed, 'one of')}`,
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return {
        path,
        message: `${quote(value)} is not a valid ${where}: ${suggest(String(value), allowed)}`,
      };
    }
    case 'const':
      return { path, message: `${where} must be ${quote(params.allowedValue)}` };
    case 'type':
      return {
        path,
        message: `${where || 'the file'} must be ${article(String(params.type))}, not ${yamlType(value)}`,
      };
    case 'pattern':
      return {
        path,
        message: `${quote(value)} is not a valid ${where}: ${parent.patternErrorMessage ?? `must match ${String(params.pattern)}`}`,
      };
    case 'format':
      return {
        path,
        message: `${quote(value)} is not a valid ${formatName(String(params.format))} (${where})`,
      };
    case 'oneOf':
      return { path, message: oneOfMessage(error, where) };
    case 'uniqueItems':
      return {
        path: [...path, Number(params.i)],
        message: `${quote((value as unknown[])[Number(params.i)])} appears twice in ${where} (items ${Number(params.j) + 1} and ${Number(params.i) + 1}): remove one`,
      };
    case 'minItems':
      return { path, message: `${where} needs at least ${count(params.limit, 'item')}` };
    case 'maxItems':
      return {
        path,
        message: `${where} has ${count((value as unknown[]).length, 'item')}; at most ${params.limit} allowed`,
      };
    case 'minProperties':
      return { path, message: `${where} needs at least ${count(params.limit, 'entry', 'entries')}` };
    case 'maxProperties':
      return { path, message: `${where} has too many entries; at most ${params.limit} allowed` };
    case 'minLength':
      return { path, message: `${where} must not be shorter than ${count(params.limit, 'character')}` };
    case 'maxLength':
      return {
        path,
        message: `${where} is ${String(value).length} characters long; at most ${params.limit} allowed`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        message: `${where} is ${String(value)}; it ${boundPhrase(error.keyword)} ${params.limit}`,
      };
    default:
      return { path, message: `${where || 'the file'} ${error.message ?? 'is invalid'}` };
  }
}

function describePropertyName(error: ErrorObject, path: SpecPath): Described {
  const name = String(error.propertyName);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const keyPath = [...path, name];
  const where = describePath(path);
  if (error.keyword === 'enum') {
    const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
    return {
      path: keyPath,
      key: true,
      message: `${quote(name)} is not a valid key in ${where}: ${suggest(name, allowed)}`,
    };
  }
  if (error.keyword === 'pattern') {
    const why = parent.patternErrorMessage ?? `keys must match ${String(error.params.pattern)}`;
    return { path: keyPath, key: true, message: `${quote(name)} is not a valid key in ${where}: ${why}` };
  }
  if (error.keyword === 'maxLength') {
    return {
      path: keyPath,
      key: true,
      message: `key ${quote(name)} in ${where} is too long (at most ${error.params.limit} characters)`,
    };
  }
  return {
    path: keyPath,
    key: true,
    message: `${quote(name)} is not a valid key in ${where}: ${error.message ?? ''}`,
  };
}

function oneOfMessage(error: ErrorObject, where: string): string {
  if (!isRequiredChoice(error.schema)) return `${where} ${error.message ?? 'is invalid'}`;
  const choices = error.schema.flatMap((b) => b.required ?? []).map((k) => `\`${k}\``);
  const alternatives = choices.join(' or ');
  const passing = (error.params as { passingSchemas: number[] | null }).passingSchemas;
  return passing === null
    ? `${where} needs ${alternatives}: set one of them`
    : `${where} sets both ${choices.join(' and ')}: keep only one`;
}

function boundPhrase(keyword: string): string {
  switch (keyword) {
    case 'minimum':
      return 'must be at least';
    case 'maximum':
      return 'must be at most';
    case 'exclusiveMinimum':
      return 'must be greater than';
    default:
      return 'must be less than';
  }
}

function firstSentence(text: string | undefined): string {
  if (text === undefined) return '';
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end);
}

function count(n: unknown, singular: string, plural = `${singular}s`): string {
  return `${String(n)} ${Number(n) === 1 ? singular : plural}`;
}

function formatName(format: string): string {
  return format === 'email' ? 'e-mail address' : format === 'date' ? 'date (YYYY-MM-DD)' : format;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function article(type: string): string {
  return type
    .split(',')
    .map((t) => TYPE_NAMES[t] ?? t)
    .join(' or ');
}

function yamlType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return `the string ${quote(value)}`;
}
