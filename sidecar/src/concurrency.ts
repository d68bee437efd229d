/**
 * Run `fn` on each item, at most `lanes` at a time, each lane taking the next item in
 * order as soon as it is free (so long items do not hold up short ones).
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  lanes: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}
