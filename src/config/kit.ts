/**
 * A small schema kit: it validates plain data (parsed YAML, JSON bodies) into typed values, with
 * errors people can act on, and describes itself as JSON Schema for editors and the API docs.
 *
 * It replaces zod, whose import alone cost 12 MB of RSS (every locale and class loaded) in a
 * process whose whole budget is 60 MB at 50 monitors. It does what monitors.yaml and the alert
 * channels need and nothing more: strict objects, records, lists, unions (plain and tagged),
 * strings, numbers, booleans, literals, enums, optional/nullable/default, refinements and
 * transforms.
 *
 *   const port = v.number().int().min(1).max(65535).optional().meta({ description: 'Default 587' });
 *   const result = schema.safeParse(input);  // { success: true, data } | { success: false, issues }
 */
import { suggest } from './paths.js';

export type PathPart = string | number;

export interface Issue {
  /** Where the offending value is, e.g. ["monitors", 2, "interval"]. */
  readonly path: readonly PathPart[];
  readonly message: string;
  /**
   * The value had the wrong type at the level of the schema that reported it (not inside it):
   * a union reports the branch whose issues are not all shallow, as the one the user meant.
   */
  readonly shallow?: boolean;
  /** For a shallow issue: what was expected ("a list"), so a union can name all it accepts. */
  readonly expected?: string;
}

export type JsonSchema = Record<string, unknown>;

/** A custom message, or one built from the offending value. */
export type ErrorOption = string | ((issue: { readonly input: unknown }) => string);
interface WithError {
  readonly error?: ErrorOption;
}

/** What a transform returns to reject its value (after ctx.fail). */
export const NEVER: never = Symbol('never') as never;
const FAIL = Symbol('fail');
type Failed = typeof FAIL;

interface Ctx {
  readonly issues: Issue[];
}

export interface TransformContext {
  /** Records an issue at the value's path; return NEVER afterwards. */
  fail(message: string): void;
}

export interface RefineContext {
  /** Records an issue below the value (path relative to it). */
  addIssue(issue: { readonly path?: readonly PathPart[]; readonly message: string }): void;
}

export type SafeParse<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly Issue[] };

function messageOf(option: ErrorOption | undefined, input: unknown, fallback: () => string): string {
  if (option === undefined) return fallback();
  return typeof option === 'string' ? option : option({ input });
}

/** How a value is named in "expected X, got Y". */
export function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  // Text is not quoted: a value in the wrong place may be a secret (a token where a map belongs).
  if (typeof input === 'string') return 'text';
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  return typeof input;
}

/**
 * `received`, except that text spelling the value expected ("3" where a number belongs) is
 * quoted: it holds no secret, and seeing it shows that only its type is wrong.
 */
function receivedSpelled(input: unknown, spells: (text: string) => boolean): string {
  return typeof input === 'string' && spells(input.trim()) ? `the text ${JSON.stringify(input)}` : received(input);
}

function typeIssue(ctx: Ctx, path: readonly PathPart[], expected: string, input: unknown, error?: ErrorOption, got = received(input)): Failed {
  const message = messageOf(error, input, () => (input === undefined ? `required (expected ${expected})` : `expected ${expected}, got ${got}`));
  ctx.issues.push({ path, message, shallow: true, expected });
  return FAIL;
}

/** A plain object (not null, not an array): what a map in YAML or JSON parses to. */
export function isRecord(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * A schema of values that come in as `In` and come out as `Out`. `Opt` marks a schema that may
 * be missing from its object (optional, or with a default).
 */
export abstract class Schema<Out, In = Out, Opt extends boolean = false> {
  declare readonly _out: Out;
  declare readonly _in: In;
  declare readonly _opt: Opt;
  /** Shown in the JSON Schema and the generated docs. */
  description: string | undefined;

  /** Validates `input` at `path`; pushes issues and returns FAIL when it is not acceptable. */
  abstract run(input: unknown, path: readonly PathPart[], ctx: Ctx): Out | Failed;
  protected abstract json(): JsonSchema;

  /** Accepts undefined (a missing key). */
  get acceptsMissing(): boolean {
    return false;
  }

  toJsonSchema(): JsonSchema {
    const schema = this.jsonExtra ? { ...this.json(), ...this.jsonExtra } : this.json();
    return this.description === undefined ? schema : { description: this.description, ...schema };
  }

  safeParse(input: unknown): SafeParse<Out> {
    const ctx: Ctx = { issues: [] };
    const value = this.run(input, [], ctx);
    if (value === FAIL || ctx.issues.length > 0) return { success: false, issues: ctx.issues };
    return { success: true, data: value };
  }

  /** The value, or an Error listing every issue (for trusted input such as tests and stored rows). */
  parse(input: unknown): Out {
    const result = this.safeParse(input);
    if (result.success) return result.data;
    throw new Error(result.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`).join('; '));
  }

  /** Keywords merged into this schema's JSON Schema (a pattern the validator checks in code). */
  jsonExtra: JsonSchema | undefined;

  /** A copy with a description (docs, editors) and extra JSON Schema keywords. */
  meta(meta: { readonly description?: string; readonly json?: JsonSchema }): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, { description: meta.description ?? this.description, jsonExtra: meta.json ? { ...this.jsonExtra, ...meta.json } : this.jsonExtra });
    return copy;
  }

  optional(): Schema<Out | undefined, In | undefined, true> {
    return new Optional(this, undefined);
  }

  /** Missing -> `value` (the input may omit it; the output always has it). */
  default(value: Exclude<Out, undefined>): Schema<Exclude<Out, undefined>, In | undefined, true> {
    return new Optional(this, value) as unknown as Schema<Exclude<Out, undefined>, In | undefined, true>;
  }

  nullable(): Schema<Out | null, In | null, Opt> {
    return new Nullable(this) as unknown as Schema<Out | null, In | null, Opt>;
  }

  /** A check on the validated value; `error` is the message when it fails. */
  refine(test: (value: Out) => boolean, options: WithError = {}): Schema<Out, In, Opt> {
    return new Refined(this, (value, path, ctx, input) => {
      if (!test(value)) ctx.issues.push({ path, message: messageOf(options.error, input, () => 'invalid value') });
    });
  }

  /** Checks across fields of the validated value; issues may point below it. */
  superRefine(check: (value: Out, ctx: RefineContext) => void): Schema<Out, In, Opt> {
    return new Refined(this, (value, path, ctx) => {
      check(value, { addIssue: (issue) => ctx.issues.push({ path: [...path, ...(issue.path ?? [])], message: issue.message }) });
    });
  }

  /** Maps the validated value; `ctx.fail(message)` then `return NEVER` rejects it. */
  transform<T>(map: (value: Out, ctx: TransformContext) => T): Schema<T, In, Opt> {
    return new Transformed(this, map);
  }

  /** The values of `key` this schema accepts, for tagged unions; null when it is not a tagged object. */
  tagValues(_key: string): ReadonlySet<unknown> | null {
    return null;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySchema = Schema<any, any, boolean>;
export type Output<S extends AnySchema> = S['_out'];
export type Input<S extends AnySchema> = S['_in'];

/** A schema around another (optional, nullable, refined, transformed): its description, its JSON. */
abstract class Wrapper<Out, In, Opt extends boolean, InnerOut, InnerIn, InnerOpt extends boolean> extends Schema<Out, In, Opt> {
  constructor(readonly inner: Schema<InnerOut, InnerIn, InnerOpt>) {
    super();
    this.description = inner.description;
  }
  override get acceptsMissing(): boolean {
    return this.inner.acceptsMissing;
  }
  /** The inner JSON Schema without its description: the wrapper shows its own. */
  protected innerJson(): JsonSchema {
    const { description: _ignored, ...schema } = this.inner.toJsonSchema();
    return schema;
  }
}

class Optional<Out, In> extends Wrapper<Out | undefined, In | undefined, true, Out, In, boolean> {
  constructor(
    inner: Schema<Out, In, boolean>,
    readonly fallback: Out | undefined,
  ) {
    super(inner);
  }
  override get acceptsMissing(): boolean {
    return true;
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Out | undefined | Failed {
    if (input !== undefined) return this.inner.run(input, path, ctx);
    // A fresh copy each time: a default list must not be shared between parsed values.
    return typeof this.fallback === 'object' && this.fallback !== null ? structuredClone(this.fallback) : this.fallback;
  }
  protected json(): JsonSchema {
    const schema = this.innerJson();
    return this.fallback === undefined ? schema : { ...schema, default: this.fallback };
  }
  override tagValues(key: string): ReadonlySet<unknown> | null {
    return this.inner.tagValues(key);
  }
}

class Nullable<Out, In> extends Wrapper<Out | null, In | null, false, Out, In, boolean> {
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Out | null | Failed {
    return input === null ? null : this.inner.run(input, path, ctx);
  }
  protected json(): JsonSchema {
    return { anyOf: [this.innerJson(), { type: 'null' }] };
  }
}

class Refined<Out, In, Opt extends boolean> extends Wrapper<Out, In, Opt, Out, In, Opt> {
  constructor(
    inner: Schema<Out, In, Opt>,
    readonly check: (value: Out, path: readonly PathPart[], ctx: Ctx, input: unknown) => void,
  ) {
    super(inner);
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Out | Failed {
    const value = this.inner.run(input, path, ctx);
    if (value === FAIL) return FAIL;
    const before = ctx.issues.length;
    this.check(value, path, ctx, input);
    return ctx.issues.length > before ? FAIL : value;
  }
  protected json(): JsonSchema {
    return this.innerJson();
  }
  override tagValues(key: string): ReadonlySet<unknown> | null {
    return this.inner.tagValues(key);
  }
}

class Transformed<From, T, In, Opt extends boolean> extends Wrapper<T, In, Opt, From, In, Opt> {
  constructor(
    inner: Schema<From, In, Opt>,
    readonly map: (value: From, ctx: TransformContext) => T,
  ) {
    super(inner);
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): T | Failed {
    const value = this.inner.run(input, path, ctx);
    if (value === FAIL) return FAIL;
    let failed = false;
    const mapped = this.map(value, {
      fail: (message) => {
        failed = true;
        ctx.issues.push({ path, message });
      },
    });
    return failed || (mapped as unknown) === NEVER ? FAIL : mapped;
  }
  protected json(): JsonSchema {
    return this.innerJson();
  }
}

/** A check that narrows a base type (a string's length, a number's range) and adds to its JSON Schema. */
interface Rule<T> {
  readonly test: (value: T) => boolean;
  readonly message: (value: T) => string;
  readonly json: JsonSchema;
}

abstract class Ruled<T> extends Schema<T> {
  protected rules: readonly Rule<T>[] = [];
  protected abstract accept(input: unknown, path: readonly PathPart[], ctx: Ctx): T | Failed;
  protected abstract baseJson(): JsonSchema;
  protected with(rule: Rule<T>): this {
    const copy = this.meta({});
    copy.rules = [...this.rules, rule];
    return copy;
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): T | Failed {
    const value = this.accept(input, path, ctx);
    if (value === FAIL) return FAIL;
    for (const rule of this.rules) {
      if (!rule.test(value)) {
        ctx.issues.push({ path, message: rule.message(value) });
        return FAIL;
      }
    }
    return value;
  }
  protected json(): JsonSchema {
    return Object.assign(this.baseJson(), ...this.rules.map((rule) => rule.json)) as JsonSchema;
  }
}

export class StringSchema extends Ruled<string> {
  constructor(private readonly error?: ErrorOption) {
    super();
  }
  protected accept(input: unknown, path: readonly PathPart[], ctx: Ctx): string | Failed {
    return typeof input === 'string' ? input : typeIssue(ctx, path, 'text', input, this.error);
  }
  protected baseJson(): JsonSchema {
    return { type: 'string' };
  }
  min(length: number, options: WithError = {}): this {
    return this.with({
      test: (value) => value.length >= length,
      message: (value) => messageOf(options.error, value, () => (length === 1 ? 'must not be empty' : `must be at least ${length} characters long`)),
      json: { minLength: length },
    });
  }
  max(length: number, options: WithError = {}): this {
    return this.with({ test: (value) => value.length <= length, message: (value) => messageOf(options.error, value, () => `must be at most ${length} characters long`), json: { maxLength: length } });
  }
  regex(pattern: RegExp, options: WithError = {}): this {
    return this.with({ test: (value) => pattern.test(value), message: (value) => messageOf(options.error, value, () => `does not match ${String(pattern)}`), json: { pattern: pattern.source } });
  }
}

export class NumberSchema extends Ruled<number> {
  constructor(private readonly error?: ErrorOption) {
    super();
  }
  private integer = false;
  protected accept(input: unknown, path: readonly PathPart[], ctx: Ctx): number | Failed {
    if (typeof input !== 'number' || !Number.isFinite(input)) {
      const got = receivedSpelled(input, (text) => text !== '' && Number.isFinite(Number(text)));
      return typeIssue(ctx, path, this.integer ? 'a whole number' : 'a number', input, this.error, got);
    }
    if (this.integer && !Number.isInteger(input)) return typeIssue(ctx, path, 'a whole number', input, this.error);
    return input;
  }
  protected baseJson(): JsonSchema {
    return { type: this.integer ? 'integer' : 'number' };
  }
  int(): this {
    const copy = this.meta({});
    copy.integer = true;
    return copy;
  }
  min(limit: number, options: WithError = {}): this {
    return this.with({ test: (value) => value >= limit, message: (value) => messageOf(options.error, value, () => `must be at least ${limit}, got ${value}`), json: { minimum: limit } });
  }
  max(limit: number, options: WithError = {}): this {
    return this.with({ test: (value) => value <= limit, message: (value) => messageOf(options.error, value, () => `must be at most ${limit}, got ${value}`), json: { maximum: limit } });
  }
  positive(options: WithError = {}): this {
    return this.with({ test: (value) => value > 0, message: (value) => messageOf(options.error, value, () => `must be more than 0, got ${value}`), json: { exclusiveMinimum: 0 } });
  }
}

class BooleanSchema extends Schema<boolean> {
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): boolean | Failed {
    if (typeof input === 'boolean') return input;
    return typeIssue(ctx, path, 'true or false', input, undefined, receivedSpelled(input, (text) => /^(true|false|yes|no|on|off)$/i.test(text)));
  }
  protected json(): JsonSchema {
    return { type: 'boolean' };
  }
}

class NullSchema extends Schema<null> {
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): null | Failed {
    return input === null ? null : typeIssue(ctx, path, 'null', input);
  }
  protected json(): JsonSchema {
    return { type: 'null' };
  }
}

class UnknownSchema extends Schema<unknown> {
  run(input: unknown): unknown {
    return input;
  }
  protected json(): JsonSchema {
    return {};
  }
}

class LiteralSchema<T extends string | number | boolean> extends Schema<T> {
  constructor(
    readonly value: T,
    private readonly error?: ErrorOption,
  ) {
    super();
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): T | Failed {
    return input === this.value ? this.value : typeIssue(ctx, path, JSON.stringify(this.value), input, this.error);
  }
  protected json(): JsonSchema {
    return { type: typeof this.value, const: this.value };
  }
}

class EnumSchema<T extends string> extends Schema<T> {
  constructor(
    readonly values: readonly T[],
    private readonly error?: ErrorOption,
  ) {
    super();
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): T | Failed {
    if (this.values.includes(input as T)) return input as T;
    const got = typeof input === 'string' && input.length <= 40 ? JSON.stringify(input) : received(input);
    ctx.issues.push({ path, message: messageOf(this.error, input, () => `expected one of ${this.values.join(', ')}, got ${got}`), shallow: typeof input !== 'string' });
    return FAIL;
  }
  protected json(): JsonSchema {
    return { type: 'string', enum: [...this.values] };
  }
}

export class ArraySchema<Item extends AnySchema> extends Schema<Output<Item>[], Input<Item>[]> {
  private minItems = 0;
  private minError: ErrorOption | undefined;
  constructor(readonly item: Item) {
    super();
  }
  min(count: number, options: WithError = {}): this {
    const copy = this.meta({});
    copy.minItems = count;
    copy.minError = options.error;
    return copy;
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Output<Item>[] | Failed {
    if (!Array.isArray(input)) return typeIssue(ctx, path, 'a list', input);
    if (input.length < this.minItems) {
      ctx.issues.push({ path, message: messageOf(this.minError, input, () => (this.minItems === 1 ? 'must list at least one item' : `must list at least ${this.minItems} items`)) });
      return FAIL;
    }
    const out: Output<Item>[] = [];
    let failed = false;
    input.forEach((element, index) => {
      const value = this.item.run(element, [...path, index], ctx);
      if (value === FAIL) failed = true;
      else out.push(value);
    });
    return failed ? FAIL : out;
  }
  protected json(): JsonSchema {
    return { type: 'array', items: this.item.toJsonSchema(), ...(this.minItems ? { minItems: this.minItems } : {}) };
  }
}

export class RecordSchema<Value extends AnySchema> extends Schema<Record<string, Output<Value>>, Record<string, Input<Value>>> {
  constructor(
    readonly key: Schema<string>,
    readonly value: Value,
  ) {
    super();
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Record<string, Output<Value>> | Failed {
    if (!isRecord(input)) return typeIssue(ctx, path, 'a map of names to values', input);
    const out: Record<string, Output<Value>> = {};
    let failed = false;
    for (const [name, element] of Object.entries(input)) {
      if (this.key.run(name, [...path, name], ctx) === FAIL) {
        failed = true;
        continue;
      }
      const value = this.value.run(element, [...path, name], ctx);
      if (value === FAIL) failed = true;
      else out[name] = value;
    }
    return failed ? FAIL : out;
  }
  protected json(): JsonSchema {
    return { type: 'object', propertyNames: this.key.toJsonSchema(), additionalProperties: this.value.toJsonSchema() };
  }
}

export type Shape = Record<string, AnySchema>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type MissingKeys<S extends Shape> = { [K in keyof S]: S[K]['_opt'] extends true ? K : never }[keyof S];
type UndefinedKeys<S extends Shape, Side extends '_in' | '_out'> = { [K in keyof S]: undefined extends S[K][Side] ? K : never }[keyof S];
export type ObjectOutput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, UndefinedKeys<S, '_out'>>]: S[K]['_out'] } & { [K in UndefinedKeys<S, '_out'>]?: S[K]['_out'] }
>;
export type ObjectInput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, MissingKeys<S>>]: S[K]['_in'] } & { [K in MissingKeys<S>]?: S[K]['_in'] }
>;

/** An object with exactly these keys: unknown keys are errors, with a "did you mean" hint. */
export class ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>, ObjectInput<S>> {
  constructor(readonly shape: S) {
    super();
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): ObjectOutput<S> | Failed {
    if (!isRecord(input)) return typeIssue(ctx, path, 'an object', input);
    const out: Record<string, unknown> = {};
    let failed = false;
    const known = Object.keys(this.shape);
    for (const key of Object.keys(input)) {
      if (Object.hasOwn(this.shape, key)) continue;
      const hint = suggest(key, known);
      ctx.issues.push({ path: [...path, key], message: `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      failed = true;
    }
    for (const key of known) {
      const value = this.shape[key]!.run(input[key], [...path, key], ctx);
      if (value === FAIL) failed = true;
      else if (value !== undefined || key in input) out[key] = value;
    }
    return failed ? FAIL : (out as ObjectOutput<S>);
  }
  protected json(): JsonSchema {
    const required = Object.entries(this.shape)
      .filter(([, schema]) => !schema.acceptsMissing)
      .map(([key]) => key);
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(this.shape).map(([key, schema]) => [key, schema.toJsonSchema()])),
      ...(required.length ? { required } : {}),
      additionalProperties: false,
    };
  }
  omit<K extends keyof S & string>(keys: Readonly<Record<K, true>>): ObjectSchema<Omit<S, K>> {
    const shape = Object.fromEntries(Object.entries(this.shape).filter(([key]) => !(key in keys))) as Omit<S, K>;
    return new ObjectSchema(shape);
  }
  override tagValues(key: string): ReadonlySet<unknown> | null {
    const field = this.shape[key];
    if (!field) return null;
    const values = new Set<unknown>();
    let schema: AnySchema = field;
    while (schema instanceof Optional || schema instanceof Refined) {
      if (schema instanceof Optional) values.add(undefined);
      schema = schema.inner;
    }
    if (!(schema instanceof LiteralSchema)) return null;
    values.add(schema.value);
    return values;
  }
}

/** The first branch that accepts the value. */
class UnionSchema<Branches extends readonly AnySchema[]> extends Schema<Output<Branches[number]>, Input<Branches[number]>> {
  constructor(
    readonly branches: Branches,
    private readonly error?: ErrorOption,
  ) {
    super();
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Output<Branches[number]> | Failed {
    const failures: Issue[][] = [];
    for (const branch of this.branches) {
      const own: Ctx = { issues: [] };
      const value = branch.run(input, path, own);
      if (value !== FAIL && own.issues.length === 0) return value;
      failures.push(own.issues);
    }
    // The branch that got past the type (a list whose item is wrong, text that is no duration)
    // is the one the user meant: report its issues rather than "invalid value".
    const meant = failures.filter((issues) => issues.some((issue) => !issue.shallow || issue.path.length > path.length));
    if (meant.length === 1) {
      ctx.issues.push(...meant[0]!);
      return FAIL;
    }
    const names = [...new Set(failures.flatMap((issues) => issues.filter((issue) => issue.shallow && issue.path.length === path.length).map((issue) => issue.expected).filter((name): name is string => name !== undefined)))];
    const expected = names.join(' or ');
    ctx.issues.push({ path, shallow: true, expected, message: messageOf(this.error, input, () => (names.length ? `expected ${expected}, got ${received(input)}` : 'invalid value')) });
    return FAIL;
  }
  protected json(): JsonSchema {
    return { anyOf: this.branches.map((branch) => branch.toJsonSchema()) };
  }
}

/** Objects told apart by one key (`type: email`, `preset: slack`): errors come from the branch that key picks. */
class TaggedUnionSchema<Branches extends readonly AnySchema[]> extends Schema<Output<Branches[number]>, Input<Branches[number]>> {
  constructor(
    readonly key: string,
    readonly branches: Branches,
    private readonly error?: ErrorOption,
  ) {
    super();
    for (const branch of branches) if (!branch.tagValues(key)) throw new Error(`tagged union: a branch has no literal "${key}"`);
  }
  run(input: unknown, path: readonly PathPart[], ctx: Ctx): Output<Branches[number]> | Failed {
    if (!isRecord(input)) return typeIssue(ctx, path, 'an object', input);
    const branch = this.branches.find((candidate) => candidate.tagValues(this.key)!.has(input[this.key]));
    if (!branch) {
      ctx.issues.push({ path: [...path, this.key], shallow: true, message: messageOf(this.error, input, () => `unexpected ${this.key} ${received(input[this.key])}`) });
      return FAIL;
    }
    return branch.run(input, path, ctx) as Output<Branches[number]> | Failed;
  }
  protected json(): JsonSchema {
    return { anyOf: this.branches.map((branch) => branch.toJsonSchema()) };
  }
  override tagValues(key: string): ReadonlySet<unknown> | null {
    const values = new Set<unknown>();
    for (const branch of this.branches) {
      const own = branch.tagValues(key);
      if (!own) return null;
      for (const value of own) values.add(value);
    }
    return values;
  }
}

export const v = {
  string: (options: WithError = {}) => new StringSchema(options.error),
  number: (options: WithError = {}) => new NumberSchema(options.error),
  boolean: () => new BooleanSchema(),
  null: () => new NullSchema(),
  unknown: () => new UnknownSchema(),
  literal: <T extends string | number | boolean>(value: T, options: WithError = {}) => new LiteralSchema(value, options.error),
  enum: <const T extends string>(values: readonly T[], options: WithError = {}) => new EnumSchema<T>(values, options.error),
  array: <Item extends AnySchema>(item: Item) => new ArraySchema(item),
  record: <Value extends AnySchema>(key: Schema<string>, value: Value) => new RecordSchema(key, value),
  object: <S extends Shape>(shape: S) => new ObjectSchema(shape),
  union: <const Branches extends readonly AnySchema[]>(branches: Branches, options: WithError = {}) => new UnionSchema(branches, options.error),
  tagged: <const Branches extends readonly AnySchema[]>(key: string, branches: Branches, options: WithError = {}) => new TaggedUnionSchema(key, branches, options.error),
};

/** A complete JSON Schema document (draft 2020-12) for a schema. */
export function jsonSchemaDocument(schema: AnySchema): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema.toJsonSchema() };
}
