// Values walked through a shape are objects whose keys only the shape knows. Indexing any object
// by a string yields unknown, so this is the one place that says so to the type checker.

/** A member of an object by name; an absent member reads as undefined. */
export const memberOf = (value: NonNullable<unknown>, name: string): unknown => (value as Record<string, unknown>)[name];
