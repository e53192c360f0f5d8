import { computed, ref } from 'vue'
import type { AgentCaseFeedSubscription } from '../graphql/generated/graphql'

/** One event from `caseFeed`, as the agent workspace selects it. */
export type FeedEvent = AgentCaseFeedSubscription['caseFeed']

export interface Notification {
  id: string
  caseNumber: number
  subject: string
  text: string
  at: string
  read: boolean
}

type Listener = (event: FeedEvent) => void
const listeners = new Set<Listener>()

/** The case list and the bell listen to the one `caseFeed` subscription the layout holds. */
export function onFeedEvent(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export const notifications = ref<Notification[]>([])
export const unreadCount = computed(() => notifications.value.filter((n) => !n.read).length)

export function describeFeedEvent(event: FeedEvent): string | null {
  switch (event.__typename) {
    case 'CaseCreated':
      return 'New case'
    case 'PostAdded':
      return event.post.visibility === 'INTERNAL'
        ? `Internal note by ${event.post.author.name}`
        : `${event.post.author.name} wrote: ${event.post.body.slice(0, 80)}`
    case 'CaseChanged': {
      // The SLA's own moves re-read the badge; its warnings and breaches ring as notifications.
      const fields = event.changedFields.filter((f) => f !== 'updatedAt' && f !== 'sla')
      return fields.length ? `Changed ${fields.join(', ')}` : null
    }
    default:
      return null
  }
}

export function dispatchFeedEvent(event: FeedEvent, myName: string | undefined): void {
  for (const listener of listeners) listener(event)
  // Your own posts do not ring your own bell.
  if (event.__typename === 'PostAdded' && event.post.author.name === myName) return
  const text = describeFeedEvent(event)
  if (!text) return
  const id = `${event.__typename}:${event.case.id}:${event.at}`
  if (notifications.value.some((n) => n.id === id)) return
  notifications.value = [
    { id, caseNumber: event.case.number, subject: event.case.subject, text, at: event.at, read: false },
    ...notifications.value,
  ].slice(0, 30)
}

export function markAllRead(): void {
  notifications.value = notifications.value.map((n) => ({ ...n, read: true }))
}

export function clearNotifications(): void {
  notifications.value = []
}
