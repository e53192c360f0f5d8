/**
 * The absence form's check. Times are local to the user's time zone ("YYYY-MM-DDTHH:MM", or a
 * whole day "YYYY-MM-DD": from that day's start to the end day's end), as the server takes them;
 * comparing them as wall-clock values is enough to order them and to bound the length.
 */
export interface AbsenceDraft {
  allDay: boolean
  startsAt: string
  endsAt: string
  note: string
}

export const MAX_DAYS = 366
const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/

/** The wall-clock instant a local value stands for (a date's end is the next midnight). */
function wallClock(value: string, end: boolean): number | null {
  const ms = Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : `${value}:00Z`)
  if (Number.isNaN(ms)) return null
  return DATE.test(value) && end ? ms + 86_400_000 : ms
}

export function validateAbsence(draft: AbsenceDraft): { startsAt?: string; endsAt?: string } {
  const shape = draft.allDay ? DATE : DATE_TIME
  const errors: { startsAt?: string; endsAt?: string } = {}
  if (!shape.test(draft.startsAt)) errors.startsAt = draft.allDay ? 'Choose the first day.' : 'Choose when it starts.'
  if (!shape.test(draft.endsAt)) errors.endsAt = draft.allDay ? 'Choose the last day.' : 'Choose when it ends.'
  if (errors.startsAt || errors.endsAt) return errors
  const start = wallClock(draft.startsAt, false)
  const end = wallClock(draft.endsAt, true)
  if (start === null) return { startsAt: 'This is not a valid date.' }
  if (end === null) return { endsAt: 'This is not a valid date.' }
  if (end <= start) return { endsAt: draft.allDay ? 'The last day cannot be before the first.' : 'The end must be after the start.' }
  if (end - start > MAX_DAYS * 86_400_000) return { endsAt: `An absence lasts at most ${MAX_DAYS} days.` }
  return {}
}

export function absenceInput(draft: AbsenceDraft) {
  return { startsAt: draft.startsAt, endsAt: draft.endsAt, note: draft.note.trim() || null }
}

/** A stored (UTC) time as the user reads it in her time zone; falls back to the browser's. */
export function localTime(iso: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }
  try {
    return new Date(iso).toLocaleString(undefined, { ...options, timeZone })
  } catch {
    return new Date(iso).toLocaleString(undefined, options)
  }
}

function localParts(iso: string, timeZone: string): { date: string; time: string } | null {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso))
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
    return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` }
  } catch {
    return null
  }
}

/**
 * An absence as the user entered it: whole days (both ends at local midnight) read "Jan 4 – Jan 8,
 * 2027", the end being the last day, not the midnight after it; other absences show both times.
 */
export function absenceRange(startsAt: string, endsAt: string, timeZone: string): string {
  const start = localParts(startsAt, timeZone)
  const end = localParts(endsAt, timeZone)
  if (start?.time === '00:00' && end?.time === '00:00') {
    const lastDay = new Date(Date.parse(`${end.date}T00:00:00Z`) - 86_400_000)
    const day = (d: Date) => d.toLocaleDateString(undefined, { timeZone: 'UTC', dateStyle: 'medium' })
    const first = new Date(`${start.date}T00:00:00Z`)
    return first.getTime() === lastDay.getTime() ? day(first) : `${day(first)} – ${day(lastDay)}`
  }
  return `${localTime(startsAt, timeZone)} – ${localTime(endsAt, timeZone)}`
}

/** The IANA zones the browser knows, with the user's own first when it is missing from the list. */
export function timeZones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  const zones = intl.supportedValuesOf?.('timeZone') ?? ['UTC']
  return zones.includes(current) ? zones : [current, ...zones]
}
