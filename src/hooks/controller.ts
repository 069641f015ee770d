// What the hooks' controllers (one upload, one queue) share: the props of the latest render,
// handed over after each commit and read only in events, never during render; listeners for
// useSyncExternalStore; and the end of the work once the component is gone for good.

/** A component's work outside React, with `Latest` the props it reads from the latest render. */
export abstract class Controller<Latest> {
  readonly #listeners = new Set<() => void>();
  #leaving?: ReturnType<typeof setTimeout>;
  /** The props of the latest committed render. */
  protected latest: Latest;

  constructor(latest: Latest) {
    this.latest = latest;
  }

  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  /** The props of the latest render, for what starts from now on. */
  takeSettings(latest: Latest): void {
    this.latest = latest;
  }

  /**
   * For a mount effect: once the component goes away, {@link Controller.leave} ends its work;
   * deferred, so StrictMode's rehearsal unmount (followed at once by a remount, which calls this
   * again) ends nothing.
   */
  mounted(): () => void {
    clearTimeout(this.#leaving);
    return () => {
      this.#leaving = setTimeout(() => this.leave(), 0);
    };
  }

  /** What is left running when the component has gone for good: stopped, so nothing is left behind. */
  protected abstract leave(): void;

  /** Tells the subscribers the snapshot changed. */
  protected emit(): void {
    this.#listeners.forEach((l) => l());
  }
}
