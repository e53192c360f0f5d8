import { describe, expect, it } from 'vitest'
import { buildFilter, buildOrder, matchesFilter, parseParams, toQuery } from './filters'

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
})
