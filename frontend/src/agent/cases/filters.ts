import type { CaseFilter, CaseOrder, CaseStatus, Priority } from '../../graphql/generated/graphql'
import { OPEN_STATUSES, STATUSES } from '../../shared/format'

export type ViewKey = 'mine' | 'unassigned' | 'open' | 'breaching' | 'recent' | 'all'

/** "Breaching soon": running clocks due within this many minutes, breached ones included. */
export const BREACHING_SOON_MINUTES = 240

/** The list's state as it lives in the URL, so every view and filter is a shareable deep link. */
export interface ListParams {
  view: ViewKey
  status: string // 'open' | 'any' | a CaseStatus
  priority: string
  team: string
  assignee: string // '' | 'none' | user id
  q: string
  sort: string // 'updated' | 'created' | 'oldest' | 'priority' | 'number' | 'sla'
}

export const VIEW_LABELS: Record<ViewKey, string> = {
  mine: 'My open cases',
  unassigned: 'Unassigned',
  open: 'All open',
  breaching: 'Breaching soon',
  recent: 'Recently updated',
  all: 'All cases',
}

const VIEW_DEFAULT_STATUS: Record<ViewKey, string> = { mine: 'open', unassigned: 'open', open: 'open', breaching: 'open', recent: 'any', all: 'any' }
// The view's own order: "Breaching soon" reads the most urgent first.
const viewDefaultSort = (view: ViewKey) => (view === 'breaching' ? 'sla' : 'updated')

export function parseParams(query: Record<string, unknown>): ListParams {
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  const view = (Object.keys(VIEW_LABELS).includes(str(query.view)) ? str(query.view) : 'mine') as ViewKey
  return {
    view,
    status: str(query.status) || VIEW_DEFAULT_STATUS[view],
    priority: str(query.priority),
    team: str(query.team),
    assignee: str(query.assignee),
    q: str(query.q),
    sort: str(query.sort) || viewDefaultSort(view),
  }
}

/** Only the values that differ from the view's defaults go into the URL. */
export function toQuery(p: ListParams): Record<string, string> {
  const out: Record<string, string> = { view: p.view }
  if (p.status !== VIEW_DEFAULT_STATUS[p.view]) out.status = p.status
  if (p.priority) out.priority = p.priority
  if (p.team) out.team = p.team
  if (p.assignee) out.assignee = p.assignee
  if (p.q) out.q = p.q
  if (p.sort !== viewDefaultSort(p.view)) out.sort = p.sort
  return out
}

export function buildFilter(p: ListParams, viewerId: string | undefined): CaseFilter {
  const filter: CaseFilter = {}
  if (p.status === 'open') filter.status = [...OPEN_STATUSES]
  else if ((STATUSES as string[]).includes(p.status)) filter.status = [p.status as CaseStatus]
  if (p.priority) filter.priority = [p.priority as Priority]
  if (p.team) filter.teamId = p.team
  if (p.view === 'mine' && viewerId) filter.assigneeId = viewerId
  if (p.view === 'unassigned' || p.assignee === 'none') filter.unassigned = true
  else if (p.assignee && p.view !== 'mine') filter.assigneeId = p.assignee
  if (p.view === 'breaching') filter.slaDue = { withinMinutes: BREACHING_SOON_MINUTES }
  if (p.q.trim()) filter.text = p.q.trim()
  return filter
}

export function buildOrder(p: ListParams): CaseOrder {
  switch (p.sort) {
    case 'created':
      return { field: 'CREATED_AT', direction: 'DESC' }
    case 'oldest':
      return { field: 'CREATED_AT', direction: 'ASC' }
    case 'priority':
      return { field: 'PRIORITY', direction: 'DESC' }
    case 'number':
      return { field: 'NUMBER', direction: 'DESC' }
    case 'sla':
      // Soonest due first; cases without a running clock come last.
      return { field: 'SLA_DUE', direction: 'ASC' }
    default:
      return { field: 'UPDATED_AT', direction: 'DESC' }
  }
}

interface MatchableCase {
  status: string
  priority: string
  team?: { id: string } | null
  assignee?: { id: string } | null
  account?: { id: string } | null
  contacts?: readonly { id: string }[] | null
  sla?: { nextDueAt?: string | null } | null
}

/**
 * Whether a case pushed by the feed belongs in a list with this filter. Text search
 * cannot be decided here (returns null: the list offers a refresh instead), nor can the SLA window
 * of a case whose clocks the server has not started yet (sla null).
 */
export function matchesFilter(c: MatchableCase, f: CaseFilter, now: number = Date.now()): boolean | null {
  if (f.text) return null
  if (f.status && !f.status.includes(c.status as CaseStatus)) return false
  if (f.priority && !f.priority.includes(c.priority as Priority)) return false
  if (f.teamId && c.team?.id !== f.teamId) return false
  if (f.assigneeId && c.assignee?.id !== f.assigneeId) return false
  if (f.unassigned && c.assignee) return false
  if (f.accountId && c.account?.id !== f.accountId) return false
  if (f.contactId && !(c.contacts ?? []).some((x) => x.id === f.contactId)) return false
  if (f.slaDue) {
    if (!c.sla) return null
    const due = c.sla.nextDueAt ? Date.parse(c.sla.nextDueAt) : null
    if (due === null || due > now + f.slaDue.withinMinutes * 60_000) return false
  }
  return true
}
