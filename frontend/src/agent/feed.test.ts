import { beforeEach, describe, expect, it } from 'vitest'
import { clearNotifications, describeFeedEvent, dispatchFeedEvent, markAllRead, notifications, onFeedEvent, unreadCount, type FeedEvent } from './feed'

const kase = { __typename: 'Case', id: '1', number: 10001, subject: 'Printer on fire', status: 'NEW', priority: 'HIGH', type: 'INCIDENT', createdAt: '', updatedAt: '', assignee: null, team: null, account: null, contacts: [] }

const postAdded = (author: string, visibility: 'PUBLIC' | 'INTERNAL' = 'PUBLIC', at = '2026-01-01T10:00:00Z') =>
  ({ __typename: 'PostAdded', at, case: kase, post: { id: at, visibility, body: 'Any news?', author: { name: author, kind: 'CUSTOMER' } } }) as unknown as FeedEvent

describe('the notification feed', () => {
  beforeEach(() => clearNotifications())

  it('rings for other people’s posts and new cases, not for my own posts', () => {
    dispatchFeedEvent(postAdded('Me Myself'), 'Me Myself')
    expect(notifications.value).toHaveLength(0)
    dispatchFeedEvent(postAdded('Maria'), 'Me Myself')
    dispatchFeedEvent({ __typename: 'CaseCreated', at: '2026-01-01T11:00:00Z', case: kase } as unknown as FeedEvent, 'Me Myself')
    expect(notifications.value.map((n) => n.text)).toEqual(['New case', 'Maria wrote: Any news?'])
    expect(unreadCount.value).toBe(2)
    markAllRead()
    expect(unreadCount.value).toBe(0)
  })

  it('ignores the same event delivered twice', () => {
    dispatchFeedEvent(postAdded('Maria'), 'Me')
    dispatchFeedEvent(postAdded('Maria'), 'Me')
    expect(notifications.value).toHaveLength(1)
  })

  it('describes internal notes without their text, and skips changes to nothing visible', () => {
    expect(describeFeedEvent(postAdded('Alice', 'INTERNAL'))).toBe('Internal note by Alice')
    expect(describeFeedEvent({ __typename: 'CaseChanged', at: '', case: kase, changedFields: ['updatedAt'] } as unknown as FeedEvent)).toBeNull()
    expect(describeFeedEvent({ __typename: 'CaseChanged', at: '', case: kase, changedFields: ['status', 'assignee'] } as unknown as FeedEvent)).toBe('Changed status, assignee')
  })

  it('hands every event to the listeners (the case list) until they unsubscribe', () => {
    const seen: string[] = []
    const stop = onFeedEvent((e) => seen.push(e.__typename))
    dispatchFeedEvent(postAdded('Maria'), 'Me')
    stop()
    dispatchFeedEvent(postAdded('Maria', 'PUBLIC', 'later'), 'Me')
    expect(seen).toEqual(['PostAdded'])
  })
})
