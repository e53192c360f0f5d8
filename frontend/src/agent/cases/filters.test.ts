import { describe, expect, it } from 'vitest'
import { BREACHING_SOON_MINUTES, buildFilter, buildOrder, matchesFilter, parseParams, toQuery } from './filters'

describe('case list filters', () => {
  it('"My open cases" asks for open cases assigned to the viewer', () => {
    const p = parseParams({ view: 'mine' })
    expect(buildFilter(p, '7')).toEqual({ status: ['NEW', 'ASSIGNED', 'PENDING', 'ON_HOLD'], assigneeId: '7' })
    expect(buildOrder(p)).toEqual({ field: 'UPDATED_AT', direction: 'DESC' })
  })

  it('"Unassigned" and "Recently updated" views', () => {
    expect(buildFilter(parseParams({ view: 'unassigned' }), '7')).toEqual({ status: ['NEW', 'ASSIGNED', 'PENDING', 'ON_HOLD'], unassigned: true })
    expect(buildFilter(parseParams({ view: 'recent' }), '7')).toEqual({})
  })

  it('combines explicit filters and search', () => {
    const p = parseParams({ view: 'open', status: 'PENDING', priority: 'HIGH', team: '2', assignee: '5', q: ' printer ', sort: 'priority' })
    expect(buildFilter(p, '7')).toEqual({ status: ['PENDING'], priority: ['HIGH'], teamId: '2', assigneeId: '5', text: 'printer' })
    expect(buildOrder(p)).toEqual({ field: 'PRIORITY', direction: 'DESC' })
  })

  it('puts only non-default values in the URL and reads them back', () => {
    const p = parseParams({ view: 'open', priority: 'LOW' })
    expect(toQuery(p)).toEqual({ view: 'open', priority: 'LOW' })
    expect(parseParams(toQuery(p))).toEqual(p)
    expect(parseParams({ view: 'bogus' }).view).toBe('mine')
  })

  it('decides whether a live case belongs in the list', () => {
    const c = { status: 'NEW', priority: 'HIGH', assignee: null, team: { id: '2' }, account: { id: '9' }, contacts: [{ id: '4' }] }
    expect(matchesFilter(c, { status: ['NEW'], unassigned: true })).toBe(true)
    expect(matchesFilter(c, { status: ['CLOSED'] })).toBe(false)
    expect(matchesFilter(c, { assigneeId: '7' })).toBe(false)
    expect(matchesFilter(c, { teamId: '3' })).toBe(false)
    expect(matchesFilter(c, { contactId: '4', accountId: '9' })).toBe(true)
    expect(matchesFilter(c, { text: 'printer' })).toBeNull()
  })

  it('"Breaching soon" asks for running clocks due within 4 hours, soonest first', () => {
    const p = parseParams({ view: 'breaching' })
    expect(buildFilter(p, '7')).toEqual({ status: ['NEW', 'ASSIGNED', 'PENDING', 'ON_HOLD'], slaDue: { withinMinutes: BREACHING_SOON_MINUTES } })
    expect(BREACHING_SOON_MINUTES).toBe(240)
    expect(buildOrder(p)).toEqual({ field: 'SLA_DUE', direction: 'ASC' })
    // Its own order is the default: not in the URL; another order is.
    expect(toQuery(p)).toEqual({ view: 'breaching' })
    expect(toQuery({ ...p, sort: 'updated' })).toEqual({ view: 'breaching', sort: 'updated' })
    expect(parseParams({ view: 'breaching', sort: 'updated' }).sort).toBe('updated')
  })

  it('offers SLA due as an order on any view', () => {
    const p = parseParams({ view: 'open', sort: 'sla' })
    expect(buildOrder(p)).toEqual({ field: 'SLA_DUE', direction: 'ASC' })
    expect(toQuery(p)).toEqual({ view: 'open', sort: 'sla' })
    expect(buildFilter(p, '7').slaDue).toBeUndefined()
  })

  it('decides the SLA window of a live case from its next due, or leaves it to a refresh', () => {
    const now = Date.parse('2026-03-02T10:00:00Z')
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString()
    const c = { status: 'NEW', priority: 'URGENT' }
    const f = { slaDue: { withinMinutes: 240 } }
    expect(matchesFilter({ ...c, sla: { nextDueAt: at(239) } }, f, now)).toBe(true)
    expect(matchesFilter({ ...c, sla: { nextDueAt: at(-30) } }, f, now)).toBe(true) // breached
    expect(matchesFilter({ ...c, sla: { nextDueAt: at(241) } }, f, now)).toBe(false)
    expect(matchesFilter({ ...c, sla: { nextDueAt: null } }, f, now)).toBe(false) // paused or met
    expect(matchesFilter({ ...c, sla: null }, f, now)).toBeNull() // clocks not started yet
  })
})
