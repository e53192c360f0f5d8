/**
 * An ordered admin list (rules, SLA policies): position order is the list order, so a drag or a
 * move up/down gives a new id order, sent whole to the reorder mutation (positions become 10, 20, 30 …).
 */
import { ref, type Ref } from 'vue'
import { toast } from './toast'

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

/**
 * A list page's reorder: the new order shows at once, goes whole to `send`, and is put back if the
 * server refuses (the refusal is toasted). `announce` words the result for screen readers.
 */
export function useReorder<T extends { id: string; name: string; position: number }>(
  items: Ref<T[] | null>,
  send: (ids: string[]) => Promise<{ saved?: T[]; error?: string }>,
  say: (name: string, place: number, count: number) => string,
) {
  const busy = ref(false)
  const announce = ref('')
  async function move(from: number, to: number): Promise<void> {
    if (!items.value || busy.value) return
    const before = items.value
    const after = renumber(moveItem(before, from, to))
    if (!orderChanged(before, after)) return
    items.value = after
    busy.value = true
    const answer = await send(after.map((x) => x.id))
    busy.value = false
    if (!answer.saved) {
      items.value = before
      toast(answer.error ?? 'The order was not saved.', 'error')
      return
    }
    items.value = answer.saved
    const place = Math.max(0, Math.min(after.length - 1, to))
    announce.value = say(after[place]!.name, place + 1, after.length)
  }
  return { busy, announce, move }
}
