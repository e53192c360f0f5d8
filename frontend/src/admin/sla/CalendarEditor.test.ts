import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'

const query = vi.fn()
const mutation = vi.fn()
const push = vi.fn()
vi.mock('../../graphql/client', () => ({ client: { value: { query: (...a: unknown[]) => query(...a), mutation: (...a: unknown[]) => mutation(...a) } } }))
vi.mock('../../shared/toast', () => ({ toast: vi.fn() }))
vi.mock('vue-router', () => ({ useRouter: () => ({ push }), RouterLink: { template: '<a><slot /></a>' } }))

const { default: CalendarEditor } = await import('./CalendarEditor.vue')

const answer = (value: unknown) => ({ toPromise: () => Promise.resolve(value) })
const refusal = (message: string, field: string) =>
  answer({ error: new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } })] }) })

describe('CalendarEditor', () => {
  beforeEach(() => {
    query.mockReset().mockReturnValue(answer({ data: { slaCalendars: [] } }))
    mutation.mockReset()
    push.mockReset()
  })
  const mountEditor = async () => {
    const w = mount(CalendarEditor, { attachTo: document.body, global: { stubs: { RouterLink: { template: '<a><slot /></a>' } } } })
    await flushPromises()
    return w
  }

  it("shows the server's overlap refusal beside Monday's intervals and clears it on edit", async () => {
    const w = await mountEditor()
    await w.get('[data-testid="calendar-name"]').setValue('Office')
    const monday = w.get('[data-testid="weekday-1"]')
    await monday.get('[data-testid="add-interval"]').trigger('click')
    const intervals = monday.findAll('[data-testid="interval"]')
    expect(intervals).toHaveLength(2)
    await intervals[1]!.get('[data-testid="interval-start"]').setValue('12:00')
    await intervals[1]!.get('[data-testid="interval-end"]').setValue('18:00')

    mutation.mockReturnValue(refusal('hours[1]: 12:00–18:00 overlaps 09:00–17:00 on weekday 1', 'hours[1]'))
    await w.get('form').trigger('submit')
    await flushPromises()
    const sent = mutation.mock.calls[0]![1] as { input: { hours: unknown[] } }
    expect(sent.input.hours.slice(0, 3)).toEqual([
      { weekday: 1, start: '09:00', end: '17:00' },
      { weekday: 1, start: '12:00', end: '18:00' },
      { weekday: 2, start: '09:00', end: '17:00' },
    ])
    expect(w.get('[data-testid="weekday-1"] [data-testid="day-error"]').text()).toBe('12:00–18:00 overlaps 09:00–17:00 on weekday 1')
    expect(w.get('[data-testid="weekday-1"] [data-testid="interval-start"]').attributes('aria-invalid')).toBe('true')
    expect(w.find('[data-testid="weekday-2"] [data-testid="day-error"]').exists()).toBe(false)
    expect(w.find('[data-testid="calendar-server-error"]').exists()).toBe(false)
    expect(push).not.toHaveBeenCalled()

    await w.get('[data-testid="weekday-1"]').findAll('[data-testid="interval-start"]')[1]!.setValue('17:00')
    expect(w.find('[data-testid="day-error"]').exists()).toBe(false)
  })

  it('shows a refusal without a known part for the whole form, and an unknown zone beside the zone', async () => {
    const w = await mountEditor()
    await w.get('[data-testid="calendar-name"]').setValue('Office')
    mutation.mockReturnValue(refusal('timeZone: unknown time zone "Mars/Base"', 'timeZone'))
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('#cal-zone-err').text()).toBe('unknown time zone "Mars/Base"')
    mutation.mockReturnValue(answer({ error: new CombinedError({ graphQLErrors: [new GraphQLError('nope', { extensions: { code: 'FORBIDDEN' } })] }) }))
    await w.get('[data-testid="calendar-name"]').setValue('Office 2')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="calendar-server-error"]').text()).toBe('You are not allowed to do that.')
  })

  it('creates the calendar and opens it, where the .ics import is offered', async () => {
    const w = await mountEditor()
    expect(w.find('[data-testid="ics-import"]').exists()).toBe(false)
    expect(w.get('[data-testid="save-calendar"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="calendar-name"]').setValue('Office')
    await w.get('[data-testid="add-holiday"]').trigger('click')
    await w.get('[data-testid="holiday-date"]').setValue('2027-12-24')
    await w.get('[data-testid="holiday-yearly"]').setValue(true)
    mutation.mockReturnValue(answer({ data: { createSlaCalendar: { id: '5', name: 'Office' } } }))
    await w.get('form').trigger('submit')
    await flushPromises()
    expect((mutation.mock.calls[0]![1] as { input: { holidays: unknown } }).input.holidays).toEqual([{ date: '2027-12-24', yearly: true, name: '' }])
    expect(push).toHaveBeenCalledWith('/admin/sla/calendars/5')
  })
})
