// Values a handler promises never to change again (a stored item it answers with many
// times, say). A protocol writer may keep the encoded form of such a value and answer with
// it again instead of encoding the value anew. A value marked here must really stay as it
// is, nested values included: a change after marking would not reach later answers.
const marked = new WeakSet<object>();

/** Marks `value` (and everything it holds) as never changing again; returns it. */
export function immutable<T extends object>(value: T): T {
  marked.add(value);
  return value;
}

export function isImmutable(value: unknown): value is object {
  return typeof value === "object" && value !== null && marked.has(value);
}
