import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { data, Evaluator, type Expr, Lexer, Parser, wellKnownFunctions } from '@actions/expressions';
import { Binary, FunctionCall, Grouping, IndexAccess, Logical, Unary } from '@actions/expressions/ast';
import type { Pair } from '@actions/expressions/data/expressiondata';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { splitAllowedContext } from '@actions/workflow-parser/templates/allowed-context';

/**
 * Workflow expressions (`${{ … }}`, `if:`) evaluated with GitHub's own lexer, parser and
 * evaluator, against contexts that are strict where GitHub's are lenient: GitHub reads a
 * missing property as null, which would let a misspelt step id or a payload field the story
 * forgot pass as an empty string. Here every object knows its keys, and reading another one
 * fails the run with the path that was read.
 */

/** A workflow expression that does not parse, or reads what its context does not hold. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/**
 * An object of a context (`github.event.pull_request`, `steps`, `vars`…). A key that is known
 * but unset (an input a push does not give) is null, as on GitHub; an unknown key is an error.
 */
export class KnownKeys extends data.Dictionary {
  constructor(
    readonly path: string,
    pairs: Pair[],
    private readonly onRead?: (key: string) => void,
  ) {
    super(...pairs);
  }

  override get(key: string): data.ExpressionData | undefined {
    const value = super.get(key);
    if (value === undefined) {
      const known = this.pairs().map((p) => p.key);
      const has = known.length === 0 ? 'nothing' : known.join(', ');
      throw new ExpressionError(
        this.path === ''
          ? `the e2e runner plays no ${key} context (it has ${has})`
          : `${this.path}.${key} does not exist (${this.path} has ${has})`,
      );
    }
    this.onRead?.(key);
    return value;
  }
}

export type Json = string | number | boolean | null | undefined | Json[] | { [key: string]: Json };

/** Plain data as a context value; `undefined` is a known key without a value (null). */
export function toData(value: Json, path: string, onRead?: (key: string) => void): data.ExpressionData {
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map((v, i) => toData(v, `${path}[${i}]`)));
  return new KnownKeys(
    path,
    Object.entries(value).map(([key, v]) => ({ key, value: toData(v, `${path}.${key}`) })),
    onRead,
  );
}

/** The top level: the named contexts an expression may read (`github`, `steps`…). */
export function contexts(values: Record<string, data.ExpressionData>): KnownKeys {
  return new KnownKeys(
    '',
    Object.entries(values).map(([key, value]) => ({ key, value })),
  );
}

/** How the job stands, for the status functions; `names` are needed jobs (job-level `if:` only). */
export interface Status {
  success(names: string[]): boolean;
  failure(names: string[]): boolean;
}

/**
 * The functions GitHub's runner adds to the library's (`contains`, `format`, `toJSON`…): the
 * status functions, and `hashFiles` over the workspace.
 */
export function runnerFunctions(status: Status, workspace: string): Map<string, FunctionDefinition> {
  const names = (args: data.ExpressionData[]) => args.map((a) => a.coerceString());
  const bool = (value: boolean) => new data.BooleanData(value);
  const functions: FunctionDefinition[] = [
    { name: 'success', minArgs: 0, maxArgs: 255, call: (...args) => bool(status.success(names(args))) },
    { name: 'failure', minArgs: 0, maxArgs: 255, call: (...args) => bool(status.failure(names(args))) },
    { name: 'always', minArgs: 0, maxArgs: 0, call: () => bool(true) },
    // Nothing cancels a run of the e2e runner.
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => bool(false) },
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (...args) => new data.StringData(hashFiles(workspace, names(args))),
    },
  ];
  return new Map(functions.map((f) => [f.name.toLowerCase(), f]));
}

/**
 * GitHub's hashFiles: the SHA-256 of the SHA-256 digests of the matched files, '' when none
 * matches. Plain paths only: the runner has no glob matcher, so a pattern fails loudly.
 */
export function hashFiles(workspace: string, patterns: string[]): string {
  const glob = patterns.find((p) => /[*?[\]{}!]/.test(p));
  if (glob !== undefined)
    throw new ExpressionError(`hashFiles('${glob}'): the e2e runner matches plain paths only`);
  const files = patterns.map((p) => join(workspace, p)).filter((f) => existsSync(f) && statSync(f).isFile());
  if (files.length === 0) return '';
  const all = createHash('sha256');
  for (const file of files) all.update(createHash('sha256').update(readFileSync(file)).digest());
  return all.digest('hex');
}

/**
 * Evaluates one expression where the workflow schema allows `allowed` (named contexts and
 * `name(min,max)` functions, as the parser's tokens carry them).
 */
export function evaluate(
  expression: string,
  allowed: readonly string[],
  context: data.Dictionary,
  functions: Map<string, FunctionDefinition>,
): data.ExpressionData {
  const { namedContexts, functions: declared } = splitAllowedContext([...allowed]);
  let tree: Expr;
  try {
    tree = new Parser(new Lexer(expression).lex().tokens, namedContexts, declared).parse();
  } catch (error) {
    throw new ExpressionError(`\${{ ${expression} }} does not parse: ${(error as Error).message}`);
  }
  for (const name of calledFunctions(tree)) {
    if (!functions.has(name) && !(name in wellKnownFunctions))
      throw new ExpressionError(`\${{ ${expression} }} calls ${name}(), which the e2e runner does not play`);
  }
  try {
    return new Evaluator(tree, context, functions).evaluate();
  } catch (error) {
    throw new ExpressionError(`\${{ ${expression} }}: ${(error as Error).message}`);
  }
}

export const isTrue = (value: data.ExpressionData): boolean => truthy(value);

/** A value as Actions writes it into `env:`, `with:` or a script: objects are not text. */
export function asText(value: data.ExpressionData, what: string): string {
  switch (value.kind) {
    case data.Kind.Null:
      return '';
    case data.Kind.String:
    case data.Kind.Boolean:
    case data.Kind.Number:
      return value.coerceString();
    default:
      throw new ExpressionError(`${what} is ${value.coerceString()}, not text`);
  }
}

/** Function names (lower case, as the evaluator looks them up) the expression calls. */
function calledFunctions(tree: Expr): string[] {
  if (tree instanceof FunctionCall)
    return [tree.functionName.lexeme.toLowerCase(), ...tree.args.flatMap(calledFunctions)];
  if (tree instanceof Binary) return [...calledFunctions(tree.left), ...calledFunctions(tree.right)];
  if (tree instanceof Logical) return tree.args.flatMap(calledFunctions);
  if (tree instanceof Unary) return calledFunctions(tree.expr);
  if (tree instanceof Grouping) return calledFunctions(tree.group);
  if (tree instanceof IndexAccess) return [...calledFunctions(tree.expr), ...calledFunctions(tree.index)];
  return [];
}
