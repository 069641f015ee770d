// The vocabulary of the operation table: each shape carries the model's constraints (used to
// validate input), its wire form (used to serialise and parse) and, through the types below, the
// TypeScript type of the value. One table thus drives validation, the wire format and the types.

/** A string member: length limits, pattern, enum and whether it is secret (`sensitive`). */
export interface StringShape {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** Whole-value pattern, as in the model (anchored when checked). */
  readonly pattern?: RegExp;
  /** Never echoed in errors, logs or snapshots. */
  readonly sensitive?: boolean;
  /** The only values allowed, for enums. */
  readonly enum?: readonly string[];
}
/** An integer member with optional inclusive limits. */
export interface IntegerShape {
  readonly type: 'integer';
  readonly min?: number;
  readonly max?: number;
}
/** A boolean member. */
export interface BooleanShape {
  readonly type: 'boolean';
}
/** A timestamp member: ISO 8601 on the wire, a `Date` in TypeScript. */
export interface TimestampShape {
  readonly type: 'timestamp';
}
/** A list member: its element shape and optional limits on the number of elements. */
export interface ListShape<M extends Shape = Shape> {
  readonly type: 'list';
  readonly member: M;
  readonly min?: number;
  readonly max?: number;
}
/** A map member: string keys to values of one shape (STS uses it for identity-provider context). */
export interface MapShape<V extends Shape = Shape> {
  readonly type: 'map';
  readonly value: V;
  readonly sensitive?: boolean;
}
/** A structure: its members by name and which of them are required (`R`). */
export interface StructureShape<M extends Members = Members, R extends string = string> {
  readonly type: 'structure';
  readonly members: M;
  readonly required: readonly R[];
}
/** The members of a {@link StructureShape}, by their API name. */
export type Members = { readonly [name: string]: Shape };
/** Any shape of the STS model: the constraints and wire form of one member. */
export type Shape = StringShape | IntegerShape | BooleanShape | TimestampShape | ListShape | MapShape | StructureShape;

type Limits = { min?: number; max?: number };

export const string = /* @__NO_SIDE_EFFECTS__ */ (o: Omit<StringShape, 'type'> = {}): StringShape => ({ type: 'string', ...o });
export const sensitiveString = /* @__NO_SIDE_EFFECTS__ */ (o: Limits = {}): StringShape => ({ type: 'string', sensitive: true, ...o });
export const enumString = /* @__NO_SIDE_EFFECTS__ */ <E extends string>(...values: E[]) =>
  ({ type: 'string', enum: values }) as StringShape & { readonly __values?: E }; // __values: a type-only tag
export const integer = /* @__NO_SIDE_EFFECTS__ */ (o: Limits = {}): IntegerShape => ({ type: 'integer', ...o });
export const boolean: BooleanShape = { type: 'boolean' };
export const timestamp: TimestampShape = { type: 'timestamp' };
export const list = /* @__NO_SIDE_EFFECTS__ */ <M extends Shape>(member: M, o: Limits = {}): ListShape<M> => ({
  type: 'list',
  member,
  ...o,
});
export const map = /* @__NO_SIDE_EFFECTS__ */ <V extends Shape>(value: V, sensitive?: boolean): MapShape<V> => ({
  type: 'map',
  value,
  sensitive,
});
export const structure = /* @__NO_SIDE_EFFECTS__ */ <M extends Members, R extends keyof M & string = never>(
  members: M,
  required: readonly R[] = [],
): StructureShape<M, NoInfer<R>> => ({ type: 'structure', members, required });

// ---- types derived from shapes ------------------------------------------------------------

/** Flattens an intersection into one object type, for readable hovers. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript value of a shape, as @aws-sdk/client-sts types it. */
export type ValueOf<S> = Shape extends S
  ? unknown // an untyped shape (any Shape at all): stop here rather than recurse without end
  : S extends StringShape
    ? S extends { __values?: infer E }
      ? unknown extends E
        ? string
        : Exclude<E, undefined>
      : string
    : S extends IntegerShape
      ? number
      : S extends BooleanShape
        ? boolean
        : S extends TimestampShape
          ? Date
          : S extends ListShape<infer M>
            ? ValueOf<M>[]
            : S extends MapShape<infer V>
              ? Record<string, ValueOf<V>>
              : S extends StructureShape<infer M, infer R>
                ? StructValue<M, R>
                : never;

/** A structure's value: required members required, the others optional. */
type StructValue<M extends Members, R extends string> = Simplify<
  { [K in keyof M & R]: ValueOf<M[K]> } & { [K in Exclude<keyof M, R>]?: ValueOf<M[K]> | undefined }
>;

/**
 * Output values as the SDK types them: nothing is trusted to be present, but a structure's
 * required members keep their key (`AccessKeyId: string | undefined`) so the types interchange.
 */
export type OutputValueOf<S> = Shape extends S
  ? unknown
  : S extends StructureShape<infer M, infer R>
    ? Simplify<{ [K in keyof M & R]: OutputValueOf<M[K]> | undefined } & { [K in Exclude<keyof M, R>]?: OutputValueOf<M[K]> | undefined }>
    : S extends ListShape<infer M>
      ? OutputValueOf<M>[]
      : S extends MapShape<infer V>
        ? Record<string, OutputValueOf<V>>
        : ValueOf<S>;
