import { beforeEach, describe, expect, it } from 'vitest'
import { applyInbox, bellUnread, clearInbox, inbox, inboxUnread, markInboxRead, unreadIds, type InboxItem } from './inbox'
import { clearNotifications, dispatchFeedEvent, type FeedEvent } from './feed'

const item = (id: string, readAt: string | null = null): InboxItem => ({
  id,
  title: `Task ${id}`,
  body: null,
  createdAt: '2026-12-01T10:00:00Z',
  readAt,
  case: { id: '1', number: 10001, subject: 'Printer' },
})

describe('bell inbox', () => {
  beforeEach(() => {
    clearInbox()
    clearNotifications()
  })

  it('counts the server unread beside the live activity', () => {
    applyInbox([item('1'), item('2', '2026-12-01T11:00:00Z')], 5)
    expect(bellUnread.value).toBe(5)
    dispatchFeedEvent({ __typename: 'CaseCreated', at: '2026-12-01T12:00:00Z', case: { id: '9', number: 10009, subject: 'New' } } as FeedEvent, 'Me')
    expect(bellUnread.value).toBe(6)
  })

  it('marks the shown ones read and lowers the count by as many as were unread', () => {
    applyInbox([item('1'), item('2', '2026-12-01T11:00:00Z'), item('3')], 7)
    const ids = unreadIds(inbox.value)
    expect(ids).toEqual(['1', '3'])
    markInboxRead([...ids, '2'], '2026-12-01T12:00:00Z')
    expect(inbox.value.map((n) => n.readAt)).toEqual(['2026-12-01T12:00:00Z', '2026-12-01T11:00:00Z', '2026-12-01T12:00:00Z'])
    expect(inboxUnread.value).toBe(5) // the 5 the bell does not list stay unread
    markInboxRead(['1'])
    expect(inboxUnread.value).toBe(5)
  })

  it('marks all read with no ids', () => {
    applyInbox([item('1')], 40)
    markInboxRead(null)
    expect(inboxUnread.value).toBe(0)
    expect(unreadIds(inbox.value)).toEqual([])
  })
})
