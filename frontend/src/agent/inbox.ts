/**
 * The bell's server notifications (a task for you, a rule's NOTIFY): kept by the server, so they
 * survive a reload, unlike the live activity in feed.ts. The badge adds both kinds of unread.
 */
import { computed, ref } from 'vue'
import type { NotificationsQuery } from '../graphql/generated/graphql'
import { unreadCount as unreadActivity } from './feed'

export type InboxItem = NotificationsQuery['notifications'][number]

export const inbox = ref<InboxItem[]>([])
/** The server's count: it covers notifications older than the 30 the bell lists. */
export const inboxUnread = ref(0)
export const bellUnread = computed(() => inboxUnread.value + unreadActivity.value)
/** The badge's text, and the same words in the bell's accessible name (WCAG 2.5.3). */
export const bellCount = computed(() => (bellUnread.value > 9 ? '9+' : String(bellUnread.value)))

export function applyInbox(items: InboxItem[], unread: number): void {
  inbox.value = items
  inboxUnread.value = unread
}

export function unreadIds(items: readonly InboxItem[]): string[] {
  return items.filter((n) => !n.readAt).map((n) => n.id)
}

/**
 * Marks these notifications read here at once (the request follows): the badge drops by as many
 * as were unread among them; `ids` null means all of them, as markNotificationsRead without ids.
 */
export function markInboxRead(ids: readonly string[] | null, at: string = new Date().toISOString()): void {
  const hit = (n: InboxItem) => !n.readAt && (ids === null || ids.includes(n.id))
  const changed = inbox.value.filter(hit).length
  inbox.value = inbox.value.map((n) => (hit(n) ? { ...n, readAt: at } : n))
  inboxUnread.value = ids === null ? 0 : Math.max(0, inboxUnread.value - changed)
}

export function clearInbox(): void {
  applyInbox([], 0)
}
