// Account- and region-scoped state. A service's impl asks its environment for a store
// with a factory; the store makes one record per (account, region) on first use.

export interface Scope {
  readonly account: string;
  readonly region: string;
}

export class ScopedStore<T> {
  private readonly scopes = new Map<string, T>();
  constructor(private readonly factory: (scope: Scope) => T) {}

  /** The state of the account and region a request is for, made on first use. */
  for(scope: Scope): T {
    const k = `${scope.account}/${scope.region}`;
    let s = this.scopes.get(k);
    if (s === undefined) {
      s = this.factory({ account: scope.account, region: scope.region });
      this.scopes.set(k, s);
    }
    return s;
  }

  /** The state of a scope if it was ever made. */
  peek(scope: Scope): T | undefined {
    return this.scopes.get(`${scope.account}/${scope.region}`);
  }

  *entries(): IterableIterator<[Scope, T]> {
    for (const [k, v] of this.scopes) {
      const i = k.indexOf("/");
      yield [{ account: k.slice(0, i), region: k.slice(i + 1) }, v];
    }
  }

  reset(): void {
    this.scopes.clear();
  }
}

/** Every store of one emulator instance, so that a reset reaches all of them. */
export class StateRegistry {
  private readonly stores: { reset(): void }[] = [];
  private readonly resetHooks: (() => void)[] = [];

  store<T>(factory: (scope: Scope) => T): ScopedStore<T> {
    const s = new ScopedStore(factory);
    this.stores.push(s);
    return s;
  }

  /** Extra work on reset (timers a service holds, for instance). */
  onReset(fn: () => void): void {
    this.resetHooks.push(fn);
  }

  reset(): void {
    for (const h of this.resetHooks) h();
    for (const s of this.stores) s.reset();
  }
}
