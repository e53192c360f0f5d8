/**
 * The calendar editor's draft and its mapping to SlaCalendarInput. Hours are edited per ISO
 * weekday (1 = Monday) as a list of intervals and sent as one flat list in weekday order, so a
 * server refusal naming `hours[i]` is placed beside the weekday that interval belongs to.
 * Overlaps, bad zones and bad times are the server's to judge (one rule, checked once); the
 * editor only insists on what it cannot send without: a name and a zone.
 */
import type { SlaCalendarFieldsFragment, SlaCalendarInput } from '../../graphql/generated/graphql'
import type { InputProblem } from '../../shared/errors'

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
export const WEEKDAY_NAMES: Record<number, string> = { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' }

let seq = 0
const key = () => `k${++seq}`

export interface IntervalDraft {
  key: string
  start: string
  end: string
}
export interface HolidayDraft {
  key: string
  date: string
  yearly: boolean
  name: string
}
export interface CalendarDraft {
  name: string
  timeZone: string
  isDefault: boolean
  week: Record<number, IntervalDraft[]>
  /** The MANUAL holidays: saving replaces them; imported (ICS) ones stay as they are. */
  holidays: HolidayDraft[]
}

export const newInterval = (start = '09:00', end = '17:00'): IntervalDraft => ({ key: key(), start, end })
export const newHoliday = (): HolidayDraft => ({ key: key(), date: '', yearly: false, name: '' })

/** A new calendar: Monday to Friday 9:00–17:00 in the browser's zone. */
export function newCalendarDraft(timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'): CalendarDraft {
  const week: Record<number, IntervalDraft[]> = {}
  for (const d of WEEKDAYS) week[d] = d <= 5 ? [newInterval()] : []
  return { name: '', timeZone, isDefault: false, week, holidays: [] }
}

export function draftFromCalendar(c: SlaCalendarFieldsFragment): CalendarDraft {
  const week: Record<number, IntervalDraft[]> = {}
  for (const d of WEEKDAYS) week[d] = []
  for (const h of c.hours) (week[h.weekday] ??= []).push(newInterval(h.start, h.end))
  return {
    name: c.name,
    timeZone: c.timeZone,
    isDefault: c.isDefault,
    week,
    holidays: c.holidays.filter((h) => h.source === 'MANUAL').map((h) => ({ key: key(), date: h.date, yearly: h.yearly, name: h.name })),
  }
}

/** Where each sent `hours[i]` came from. */
export function hoursOrder(draft: CalendarDraft): { weekday: number; index: number }[] {
  return WEEKDAYS.flatMap((weekday) => (draft.week[weekday] ?? []).map((_, index) => ({ weekday, index })))
}

export function toCalendarInput(draft: CalendarDraft): SlaCalendarInput {
  return {
    name: draft.name.trim(),
    timeZone: draft.timeZone,
    isDefault: draft.isDefault,
    hours: WEEKDAYS.flatMap((weekday) => (draft.week[weekday] ?? []).map((i) => ({ weekday, start: i.start, end: i.end }))),
    holidays: draft.holidays.map((h) => ({ date: h.date, yearly: h.yearly, name: h.name.trim() })),
  }
}

/** What must be there before the form can be sent. */
export function calendarProblems(draft: CalendarDraft): InputProblem[] {
  const out: InputProblem[] = []
  if (!draft.name.trim()) out.push({ path: 'name', message: 'Give the calendar a name.' })
  if (!draft.timeZone) out.push({ path: 'timeZone', message: 'Choose a time zone.' })
  draft.holidays.forEach((h, i) => {
    if (!h.date) out.push({ path: `holidays[${i}].date`, message: 'Choose the date.' })
  })
  return out
}

/**
 * The form slot a problem belongs to: `name`, `timeZone`, `hours.<weekday>` (every interval of
 * that day shares one message line), `hours`, `holidays.<i>`, `holidays`, or '' for the whole form.
 */
export function calendarSlot(path: string, draft: CalendarDraft): string {
  const hours = /^hours(?:\[(\d+)\])?/.exec(path)
  if (hours) {
    const at = hours[1] === undefined ? undefined : hoursOrder(draft)[Number(hours[1])]
    return at ? `hours.${at.weekday}` : 'hours'
  }
  const holiday = /^holidays(?:\[(\d+)\])?/.exec(path)
  if (holiday) return holiday[1] === undefined ? 'holidays' : `holidays.${holiday[1]}`
  if (path === 'name' || path === 'timeZone' || path === 'isDefault') return path
  return ''
}

/** Messages by slot; the first for each slot is the one shown. */
export function calendarMessages(problems: InputProblem[], draft: CalendarDraft): Record<string, string> {
  const map: Record<string, string> = {}
  for (const p of problems) map[calendarSlot(p.path, draft)] ??= p.message
  return map
}

/** "Mon–Fri 09:00–17:00"-like summary for the list: each day's intervals, days without hours left out. */
export function hoursSummary(hours: readonly { weekday: number; start: string; end: string }[]): string {
  if (!hours.length) return 'No business hours'
  const byDay = new Map<number, string>()
  for (const h of hours) byDay.set(h.weekday, [byDay.get(h.weekday), `${h.start}–${h.end}`].filter(Boolean).join(', '))
  const parts: string[] = []
  let run: number[] = []
  const flush = () => {
    if (!run.length) return
    const label = (d: number) => WEEKDAY_NAMES[d]!.slice(0, 3)
    const days = run.length > 2 ? `${label(run[0]!)}–${label(run[run.length - 1]!)}` : run.map(label).join(', ')
    parts.push(`${days} ${byDay.get(run[0]!)}`)
    run = []
  }
  for (const d of WEEKDAYS) {
    const same = run.length && byDay.get(run[0]!) === byDay.get(d)
    if (!byDay.has(d)) flush()
    else if (same) run.push(d)
    else {
      flush()
      run = [d]
    }
  }
  flush()
  return parts.join('; ')
}
