import { describe, expect, it, vi, beforeEach } from 'vitest'
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import { ref } from 'vue'

const rows = [
  { id: '1', number: 10001, subject: 'Old case', status: 'NEW', priority: 'LOW', type: 'QUESTION', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', assignee: null, team: null, account: null, contacts: [], sla: null as unknown },
]
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()
const query = vi.fn()
vi.mock('../../graphql/client', () => ({
  client: { value: { query: (...args: unknown[]) => query(...args), mutation: vi.fn() } },
  reconnects: ref(0),
}))
vi.mock('../../shared/session', () => ({ viewer: { value: { id: '7', name: 'Me' } } }))

const { default: CaseTable } = await import('./CaseTable.vue')
const { dispatchFeedEvent } = await import('../feed')

function listResult() {
  return { toPromise: () => Promise.resolve({ data: { cases: { totalCount: rows.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: rows.map((node) => ({ cursor: node.id, node })) } } }) }
}

const created = (over: Record<string, unknown>) =>
  ({ __typename: 'CaseCreated', at: new Date().toISOString(), case: { ...rows[0], id: '2', number: 10002, subject: 'Brand new', ...over } }) as never

describe('CaseTable live updates', () => {
  beforeEach(() => {
    query.mockReset()
    query.mockImplementation((doc: { definitions: { name?: { value: string } }[] }) => {
      const name = doc.definitions[0]?.name?.value
      return name === 'Cases' ? listResult() : { toPromise: () => Promise.resolve({ data: { users: [], teams: [] } }) }
    })
  })

  const mountTable = (filter: Record<string, unknown>) =>
    mount(CaseTable, {
      props: { filter, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } },
      global: { stubs: { RouterLink: RouterLinkStub } },
    })

  it('puts a new matching case at the top without a reload', async () => {
    const wrapper = mountTable({ status: ['NEW'] })
    await flushPromises()
    expect(wrapper.findAll('[data-testid="case-row"]')).toHaveLength(1)
    dispatchFeedEvent(created({}), 'Me')
    await flushPromises()
    const subjects = wrapper.findAll('.subject').map((s) => s.text())
    expect(subjects).toEqual(['Brand new', 'Old case'])
    expect(wrapper.text()).toContain('2 cases')
    expect(query).toHaveBeenCalledTimes(2) // the list and the people: no refetch
    wrapper.unmount()
  })

  it('leaves out a case that does not match the filter', async () => {
    const wrapper = mountTable({ status: ['NEW'], assigneeId: '7' })
    await flushPromises()
    dispatchFeedEvent(created({ assignee: { id: '8', name: 'Other' } }), 'Me')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="case-row"]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('updates a case already in the list in place', async () => {
    const wrapper = mountTable({})
    await flushPromises()
    dispatchFeedEvent({ __typename: 'CaseChanged', at: new Date().toISOString(), changedFields: ['status'], case: { ...rows[0], status: 'PENDING' } } as never, 'Me')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="case-row"]')).toHaveLength(1)
    expect(wrapper.get('[data-testid="status-badge"]').text()).toBe('Waiting on customer')
    wrapper.unmount()
  })

  it('offers a refresh when a search result might have changed', async () => {
    const wrapper = mountTable({ text: 'printer' })
    await flushPromises()
    dispatchFeedEvent(created({}), 'Me')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="case-row"]')).toHaveLength(1)
    expect(wrapper.text()).toContain('There is new activity')
    wrapper.unmount()
  })

  it('shows the SLA badge on every row, and the feed moves it without a reload', async () => {
    rows.push({ ...rows[0]!, id: '3', number: 10003, subject: 'Urgent one', sla: { badge: 'RUNNING', nextDueAt: inAnHour(), warningAt: null } })
    try {
      const wrapper = mountTable({})
      await flushPromises()
      const cells = wrapper.findAll('[data-testid="sla-cell"]')
      expect(cells).toHaveLength(2)
      expect(cells[0]!.find('[data-testid="sla-badge"]').exists()).toBe(false)
      expect(cells[0]!.text()).toContain('No SLA')
      const badge = () => wrapper.get('[data-case-id="3"]').get('[data-testid="sla-badge"]')
      expect(badge().attributes('data-state')).toBe('RUNNING')
      expect(badge().text()).toMatch(/(59|60) m left/)
      // The case goes to "waiting on customer": the feed's re-read of the row carries the paused clock.
      const paused = { ...rows[1]!, status: 'PENDING', sla: { badge: 'PAUSED', nextDueAt: null, warningAt: null } }
      dispatchFeedEvent({ __typename: 'CaseChanged', at: new Date().toISOString(), changedFields: ['status'], case: paused } as never, 'Me')
      await flushPromises()
      expect(badge().attributes('data-state')).toBe('PAUSED')
      expect(badge().text()).toContain('Paused')
      const listReads = query.mock.calls.filter(([doc]) => (doc as { definitions: { name?: { value: string } }[] }).definitions[0]?.name?.value === 'Cases')
      expect(listReads).toHaveLength(1) // no refetch of the list
      wrapper.unmount()
    } finally {
      rows.pop()
    }
  })
})
