// Which fields of a snapshot a component reads. useSyncExternalStore re-renders whenever the
// snapshot object changes; handing it back the previous snapshot while every field this component
// has read is unchanged lets a component that shows only `status` sleep through the rest.

/** The fields of snapshots of type S that one component has read, and the snapshot it was last given. */
export class FieldTracker<S extends object> {
  readonly #used = new Set<keyof S>();
  #source: unknown;
  #last?: S;

  /** The previous snapshot from the same source while every field read so far is unchanged; else `next`. */
  select(source: unknown, next: S): S {
    const prev = this.#source === source ? this.#last : undefined;
    if (prev && prev !== next && [...this.#used].every((k) => Object.is(prev[k], next[k]))) return prev;
    this.#source = source;
    this.#last = next;
    return next;
  }

  /** `target` with a getter per field that reads `snapshot` and notes the field as used. */
  expose<T extends object, K extends keyof S>(target: T, snapshot: S, fields: readonly K[]): T & Pick<S, K> {
    for (const k of fields) {
      Object.defineProperty(target, k, {
        enumerable: true,
        get: () => {
          this.#used.add(k);
          return snapshot[k];
        },
      });
    }
    return target as T & Pick<S, K>;
  }
}
