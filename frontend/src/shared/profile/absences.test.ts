import { describe, expect, it } from 'vitest'
import { absenceInput, localTime, timeZones, validateAbsence } from './absences'

const draft = (startsAt: string, endsAt: string, allDay = false) => ({ allDay, startsAt, endsAt, note: '' })

describe('validateAbsence', () => {
  it('accepts a later end, and a single whole day', () => {
    expect(validateAbsence(draft('2026-12-20T09:00', '2026-12-20T17:30'))).toEqual({})
    expect(validateAbsence(draft('2026-12-24', '2026-12-24', true))).toEqual({})
  })

  it('wants both ends in the chosen form', () => {
    expect(validateAbsence(draft('', '2026-12-20T17:30'))).toEqual({ startsAt: 'Choose when it starts.' })
    expect(validateAbsence(draft('2026-12-24', '', true))).toEqual({ endsAt: 'Choose the last day.' })
    expect(validateAbsence(draft('2026-12-24', '2026-12-25'))).toEqual({ startsAt: 'Choose when it starts.', endsAt: 'Choose when it ends.' })
  })

  it('refuses an end at or before the start', () => {
    expect(validateAbsence(draft('2026-12-20T09:00', '2026-12-20T09:00')).endsAt).toBe('The end must be after the start.')
    expect(validateAbsence(draft('2026-12-24', '2026-12-23', true)).endsAt).toBe('The last day cannot be before the first.')
  })

  it('allows 366 days, not more', () => {
    expect(validateAbsence(draft('2027-01-01', '2028-01-01', true))).toEqual({})
    expect(validateAbsence(draft('2027-01-01', '2028-01-02', true)).endsAt).toBe('An absence lasts at most 366 days.')
  })

  it('sends the local values and no empty note', () => {
    expect(absenceInput({ allDay: true, startsAt: '2026-12-24', endsAt: '2026-12-26', note: '  ' })).toEqual({ startsAt: '2026-12-24', endsAt: '2026-12-26', note: null })
  })
})

describe('time zones', () => {
  it('reads a UTC time in the chosen zone', () => {
    expect(localTime('2026-07-01T10:00:00Z', 'Europe/Prague')).toContain('12:00')
    expect(localTime('2026-07-01T10:00:00Z', 'Not/AZone')).toBeTruthy()
  })

  it('keeps the user zone in the list', () => {
    expect(timeZones('Europe/Prague')).toContain('Europe/Prague')
    expect(timeZones('Mars/Olympus')[0]).toBe('Mars/Olympus')
  })
})
