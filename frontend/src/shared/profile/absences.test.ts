import { describe, expect, it } from 'vitest'
import { absenceInput, absenceRange, localTime, timeZones, validateAbsence } from './absences'

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

describe('absenceRange', () => {
  it('reads whole days in her zone up to the last day, not the midnight after it', () => {
    // 4–8 January in Prague: stored from 3 Jan 23:00 UTC to 8 Jan 23:00 UTC.
    const text = absenceRange('2027-01-03T23:00:00Z', '2027-01-08T23:00:00Z', 'Europe/Prague')
    expect(text).toContain('4')
    expect(text).toContain('8')
    expect(text).not.toContain('9')
    expect(absenceRange('2027-01-03T23:00:00Z', '2027-01-04T23:00:00Z', 'Europe/Prague')).not.toContain('–')
  })

  it('shows times for part of a day', () => {
    expect(absenceRange('2027-01-04T08:00:00Z', '2027-01-04T12:00:00Z', 'Europe/Prague')).toMatch(/9:00.*–.*1:00|09:00.*–.*13:00/)
  })
})
