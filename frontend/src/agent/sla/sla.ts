/**
 * The SLA countdown as the agent screens show it. The server sends absolute instants (the next
 * due, the first warning threshold) and the badge as of the read; the badge then moves on by
 * itself as the clock passes those instants, so a list turns "breached" without a reload. One
 * shared `now` ticks for every badge on the page: a list of 100 rows costs one timer, not 100.
 */
import { onBeforeUnmount, readonly, ref, type Ref } from 'vue'
import { fullDate } from '../../shared/format'

export type SlaBadgeState = 'RUNNING' | 'WARNING' | 'BREACHED' | 'PAUSED' | 'MET'
export type SlaTargetKind = 'FIRST_RESPONSE' | 'NEXT_RESPONSE' | 'RESOLUTION'
export type SlaClockState = 'RUNNING' | 'PAUSED' | 'MET' | 'STOPPED'
export type SlaSegmentKind = 'RUNNING' | 'PAUSED' | 'OUTSIDE_HOURS' | 'STOPPED'

/** What the badge needs of Case.sla (the list selects only this). */
export interface SlaSummary {
  badge: SlaBadgeState
  nextDueAt?: string | null
  warningAt?: string | null
}

export interface SlaTargetView {
  kind: SlaTargetKind
  cycle: number
  targetMinutes: number
  state: SlaClockState
  startedAt: string
  dueAt?: string | null
  breachedAt?: string | null
  pausedSince?: string | null
  metAt?: string | null
  businessMinutesLeft: number
  warningsAt: readonly string[]
}

export interface SlaSegmentView {
  kind: SlaSegmentKind
  status?: string | null
  startsAt: string
  endsAt?: string | null
}

/** Case.sla as the case page selects it (staff only: the portal never asks for it). */
export interface CaseSlaView extends SlaSummary {
  policy?: { id: string; name: string } | null
  targets: readonly SlaTargetView[]
  timeline: readonly SlaSegmentView[]
}

/** The shared clock's period: the spec's 30 s. */
export const TICK_MS = 30_000

const RANK: Record<SlaBadgeState, number> = { RUNNING: 0, WARNING: 1, BREACHED: 2, PAUSED: -1, MET: -1 }

/**
 * The badge as of `now`: a running clock is WARNING from its warning instant and BREACHED from its
 * due instant. It never steps back from what the server said (a server WARNING stays at least
 * WARNING until the next read); PAUSED and MET do not move with time.
 */
export function badgeAt(sla: SlaSummary, now: number): SlaBadgeState {
  if (RANK[sla.badge] < 0) return sla.badge
  let local: SlaBadgeState = 'RUNNING'
  if (sla.nextDueAt && now >= Date.parse(sla.nextDueAt)) local = 'BREACHED'
  else if (sla.warningAt && now >= Date.parse(sla.warningAt)) local = 'WARNING'
  return RANK[local] > RANK[sla.badge] ? local : sla.badge
}

/** "45 m", "2 h 15 m", "3 d 4 h"; under a minute reads "< 1 m". */
export function formatMinutes(minutes: number): string {
  const m = Math.floor(Math.abs(minutes))
  if (m < 1) return '< 1 m'
  const days = Math.floor(m / 1440)
  const hours = Math.floor((m % 1440) / 60)
  const mins = m % 60
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`
  if (hours) return mins ? `${hours} h ${mins} m` : `${hours} h`
  return `${mins} m`
}

const minutesBetween = (fromMs: number, toMs: number) => (toMs - fromMs) / 60_000

/** The badge's words: the text carries the state, so colour is never the only signal. */
export function badgeText(sla: SlaSummary, now: number): string {
  const state = badgeAt(sla, now)
  const due = sla.nextDueAt ? Date.parse(sla.nextDueAt) : null
  switch (state) {
    case 'PAUSED':
      return 'Paused'
    case 'MET':
      return 'Met'
    case 'BREACHED':
      if (due === null) return 'Breached'
      return now - due < 60_000 ? 'Breached just now' : `Breached ${formatMinutes(minutesBetween(due, now))} ago`
    default:
      return due === null ? 'Running' : `${formatMinutes(minutesBetween(now, due))} left`
  }
}

/** A longer sentence for the badge's title and screen readers. */
export function badgeTitle(sla: SlaSummary, now: number): string {
  const state = badgeAt(sla, now)
  const due = sla.nextDueAt ? fullDate(sla.nextDueAt) : ''
  switch (state) {
    case 'PAUSED':
      return 'SLA paused: the clock waits while the case is in a pausing status.'
    case 'MET':
      return 'SLA met.'
    case 'BREACHED':
      return due ? `SLA breached: it was due ${due}.` : 'SLA breached.'
    case 'WARNING':
      return `SLA close to breaching: due ${due}.`
    default:
      return due ? `SLA running: due ${due}.` : 'SLA running.'
  }
}

const KIND_LABELS: Record<SlaTargetKind, string> = { FIRST_RESPONSE: 'First response', NEXT_RESPONSE: 'Next response', RESOLUTION: 'Resolution' }
export const targetKindLabel = (k: SlaTargetKind | string): string => KIND_LABELS[k as SlaTargetKind] ?? k

const SEGMENT_LABELS: Record<SlaSegmentKind, string> = { RUNNING: 'Running', PAUSED: 'Paused', OUTSIDE_HOURS: 'Outside business hours', STOPPED: 'Stopped' }
export const segmentLabel = (k: SlaSegmentKind | string): string => SEGMENT_LABELS[k as SlaSegmentKind] ?? k

/**
 * Business minutes left of one target as of `now`. The server's number is as of its read; a
 * RUNNING target with a due instant counts down from it (wall minutes until the due are an upper
 * bound of business minutes, exact for a 24/7 calendar, and they reach zero at the same instant).
 */
export function minutesLeft(t: SlaTargetView, readAt: number, now: number): number {
  if (t.state !== 'RUNNING') return t.businessMinutesLeft
  if (t.dueAt) {
    const wall = minutesBetween(now, Date.parse(t.dueAt))
    return wall < 0 ? Math.floor(wall) : Math.min(t.businessMinutesLeft, Math.ceil(wall))
  }
  return t.businessMinutesLeft - Math.max(0, Math.floor(minutesBetween(readAt, now)))
}

/** One target's line in the panel: "due …, 2 h 15 m left", "breached 5 m ago", "met …", "paused since …". */
export function targetLine(t: SlaTargetView, readAt: number, now: number): string {
  const parts: string[] = []
  const left = minutesLeft(t, readAt, now)
  const breached = t.breachedAt ?? (t.state === 'RUNNING' && t.dueAt && now >= Date.parse(t.dueAt) ? t.dueAt : null)
  if (t.state === 'MET') parts.push(t.metAt ? `met ${fullDate(t.metAt)}` : 'met')
  else if (t.state === 'STOPPED') parts.push('stopped')
  else if (t.state === 'PAUSED') parts.push(t.pausedSince ? `paused since ${fullDate(t.pausedSince)}` : 'paused', `${formatMinutes(left)} left`)
  else if (breached) parts.push(`breached ${formatMinutes(minutesBetween(Date.parse(breached), now))} ago`)
  else parts.push(`${formatMinutes(left)} left`)
  if (t.dueAt && t.state !== 'MET' && t.state !== 'STOPPED') parts.unshift(`due ${fullDate(t.dueAt)}`)
  if (breached && t.state !== 'RUNNING') parts.push(`breached ${fullDate(breached)}`)
  return parts.join(', ')
}

export interface TimelineBar {
  kind: SlaSegmentKind
  status: string | null
  startsAt: string
  endsAt: string | null
  /** Share of the whole timeline, in percent (at least a sliver, so a short segment stays visible). */
  width: number
}

/** The timeline as bar parts: an open segment ends `now`; widths add up to about 100. */
export function timelineBars(segments: readonly SlaSegmentView[], now: number): TimelineBar[] {
  if (!segments.length) return []
  const spans = segments.map((s) => {
    const start = Date.parse(s.startsAt)
    const end = s.endsAt ? Date.parse(s.endsAt) : Math.max(start, now)
    return Math.max(0, end - start)
  })
  const total = spans.reduce((a, b) => a + b, 0)
  return segments.map((s, i) => ({
    kind: s.kind,
    status: s.status ?? null,
    startsAt: s.startsAt,
    endsAt: s.endsAt ?? null,
    width: total > 0 ? Math.max(0.5, (spans[i]! / total) * 100) : 100 / segments.length,
  }))
}

// One timer for the page, started by the first badge and stopped with the last one.
const nowRef = ref(Date.now())
let users = 0
let timer: ReturnType<typeof setInterval> | undefined

function tick() {
  nowRef.value = Date.now()
}

/** Subscribes the calling component to the shared clock (ms since the epoch), ticking every 30 s. */
export function useNow(): Readonly<Ref<number>> {
  if (users++ === 0) {
    tick()
    timer = setInterval(tick, TICK_MS)
  }
  onBeforeUnmount(() => {
    if (--users === 0) {
      clearInterval(timer)
      timer = undefined
    }
  })
  return readonly(nowRef)
}

/** How many components share the clock now, and whether its timer runs (tests). */
export const clockUsers = (): { users: number; running: boolean } => ({ users, running: timer !== undefined })
