/**
 * One run-store subscription serving many small cells (an LRU list's version).
 *
 * A panel that subscribed each of its cells to the store paid for every cell on every move: the
 * counters panel alone once held 246 of the run's 432 store listeners (a value, a change and a row
 * per counter; its numbers are now written outside React, counterCells.ts), and each move ran all
 * of them through React, for the two or three that changed. Here
 * one listener reads every subscribed key's value from the new state and wakes only the cells
 * whose value changed; a cell reads its value with `get`, as React's `useSyncExternalStore`
 * expects a snapshot.
 */

interface Store<S> {
  getState(): S;
  subscribe(listener: (state: S, prev: S) => void): () => void;
}

/**
 * What a kind of cell shows, per state: called once per state change, it returns the reader of
 * each key (so what the keys share, such as a frame's decoded changes, is worked out once).
 * Values are compared with Object.is: a reader returns numbers, strings or objects it keeps, never
 * a new object per read (every cell would wake at every change, and React would loop).
 */
export type CellReader<S, T> = (state: S) => (key: number) => T;

export class KeyedCells<S, T> {
  private readonly listeners = new Map<number, Set<() => void>>();
  private readonly values = new Map<number, T>();
  /** The state `values` were read from (null: none yet). */
  private readAt: S | null = null;
  private stop: (() => void) | null = null;

  constructor(
    private readonly store: Store<S>,
    private readonly reader: CellReader<S, T>,
  ) {}

  /** Key `key`'s value as of the last state change this has seen (read now if never asked). */
  get(key: number): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = this.reader(this.store.getState())(key);
    if (this.listeners.has(key)) this.values.set(key, value);
    return value;
  }

  /**
   * Wake `wake` when key `key`'s value changes. The value is read again at once: a state change
   * between a cell's render and its subscription is then seen by React's check after subscribing.
   */
  subscribe(key: number, wake: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      this.values.set(key, this.reader(this.store.getState())(key));
    }
    set.add(wake);
    this.stop ??= this.store.subscribe((s) => this.changed(s));
    return () => {
      const now = this.listeners.get(key);
      if (!now?.delete(wake) || now.size > 0) return;
      this.listeners.delete(key);
      this.values.delete(key);
      if (this.listeners.size === 0) {
        this.stop?.();
        this.stop = null;
        this.readAt = null;
      }
    };
  }

  private changed(s: S): void {
    if (s === this.readAt) return;
    this.readAt = s;
    const read = this.reader(s);
    const woken: Set<() => void>[] = [];
    for (const [key, set] of this.listeners) {
      const value = read(key);
      if (Object.is(value, this.values.get(key))) continue;
      this.values.set(key, value);
      woken.push(set);
    }
    // Woken after every value is read: a cell that renders at once sees the others current too.
    for (const set of woken) for (const wake of set) wake();
  }
}

/**
 * A kind of cell, with one `KeyedCells` per store (made on first use, gone with the store).
 */
export function cellKind<S, T>(reader: CellReader<S, T>) {
  const byStore = new WeakMap<Store<S>, KeyedCells<S, T>>();
  return {
    of(store: Store<S>): KeyedCells<S, T> {
      let cells = byStore.get(store);
      if (!cells) {
        cells = new KeyedCells(store, reader);
        byStore.set(store, cells);
      }
      return cells;
    },
  };
}

export type CellKind<S, T> = ReturnType<typeof cellKind<S, T>>;
