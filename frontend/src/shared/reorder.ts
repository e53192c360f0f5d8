/**
 * An ordered admin list (rules, SLA policies): position order is the list order, so a drag or a
 * move up/down gives a new id order, sent whole to the reorder mutation (positions become 10, 20, 30 …).
 */

/** A copy of `items` with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const list = [...items]
  if (from < 0 || from >= list.length) return list
  const target = Math.max(0, Math.min(list.length - 1, to))
  const [item] = list.splice(from, 1)
  list.splice(target, 0, item as T)
  return list
}

/** Whether two id orders differ (a drop on its own place sends nothing). */
export function orderChanged(before: readonly { id: string }[], after: readonly { id: string }[]): boolean {
  return before.length !== after.length || before.some((r, i) => r.id !== after[i]?.id)
}

/** The positions the server gives the ids it receives, to show the new order before it answers. */
export function renumber<T extends { position: number }>(items: readonly T[]): T[] {
  return items.map((item, i) => ({ ...item, position: (i + 1) * 10 }))
}
