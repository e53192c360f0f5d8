import { describe, expect, it } from 'vitest'
import { calendarMessages, calendarSlot, draftFromCalendar, hoursSummary, newCalendarDraft, newInterval, toCalendarInput } from './calendarDraft'

const saved = {
  id: '4',
  name: 'Prague office',
  timeZone: 'Europe/Prague',
  isDefault: true,
  hours: [
    { weekday: 1, start: '08:00', end: '12:00' },
    { weekday: 1, start: '13:00', end: '17:00' },
    { weekday: 3, start: '09:00', end: '17:00' },
  ],
  holidays: [
    { id: '1', date: '2027-12-24', yearly: true, name: 'Christmas Eve', source: 'MANUAL' as const },
    { id: '2', date: '2027-05-01', yearly: false, name: 'Labour Day', source: 'ICS' as const },
  ],
}

describe('calendar draft', () => {
  it('round-trips the saved hours per weekday and keeps imported holidays out of what it sends', () => {
    const draft = draftFromCalendar(saved)
    expect(draft.week[1]!.map((i) => `${i.start}-${i.end}`)).toEqual(['08:00-12:00', '13:00-17:00'])
    expect(draft.week[2]).toEqual([])
    expect(toCalendarInput(draft)).toEqual({
      name: 'Prague office',
      timeZone: 'Europe/Prague',
      isDefault: true,
      hours: saved.hours,
      holidays: [{ date: '2027-12-24', yearly: true, name: 'Christmas Eve' }],
    })
  })

  it('places a refusal naming hours[i] beside the weekday that interval was sent for', () => {
    const draft = newCalendarDraft('UTC') // Mon–Fri one interval each
    draft.week[1]!.push(newInterval('10:00', '12:00'))
    // sent: hours[0] Mon, hours[1] Mon, hours[2] Tue …
    expect(calendarSlot('hours[1].start', draft)).toBe('hours.1')
    expect(calendarSlot('hours[2]', draft)).toBe('hours.2')
    expect(calendarSlot('hours[99].end', draft)).toBe('hours')
    expect(calendarSlot('hours', draft)).toBe('hours')
    expect(calendarSlot('holidays[0].date', draft)).toBe('holidays.0')
    expect(calendarSlot('timeZone', draft)).toBe('timeZone')
    expect(calendarSlot('something', draft)).toBe('')
    expect(calendarMessages([{ path: 'hours[1]', message: 'overlaps 09:00–17:00' }], draft)).toEqual({ 'hours.1': 'overlaps 09:00–17:00' })
  })

  it('summarises a week for the list', () => {
    expect(hoursSummary(toCalendarInput(newCalendarDraft('UTC')).hours)).toBe('Mon–Fri 09:00–17:00')
    expect(hoursSummary(saved.hours)).toBe('Mon 08:00–12:00, 13:00–17:00; Wed 09:00–17:00')
    expect(hoursSummary([])).toBe('No business hours')
  })
})
