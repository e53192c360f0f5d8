/**
 * The policy editor's draft and its mapping to SlaPolicyInput. Targets are a grid, priority ×
 * (first response, next response, resolution), each cell whole business minutes or empty; a
 * priority row with no cell filled is not sent (the server lists one target per priority that
 * has any). Server refusals name `targets[i].<field>`: `i` is the i-th row sent, mapped back to
 * its cell here.
 */
import type { CaseStatus, CaseType, Origin, Priority, SlaPolicyFieldsFragment, SlaPolicyInput } from '../../graphql/generated/graphql'
import type { InputProblem } from '../../shared/errors'
import { PRIORITIES } from '../../shared/format'

export const TARGET_FIELDS = ['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const
export type TargetField = (typeof TARGET_FIELDS)[number]
export const TARGET_LABELS: Record<TargetField, string> = {
  firstResponseMinutes: 'First response',
  nextResponseMinutes: 'Next response',
  resolutionMinutes: 'Resolution',
}
export const ORIGINS: Origin[] = ['EMAIL', 'PHONE', 'WEB', 'PORTAL', 'AGENT', 'API', 'WORKFLOW']
/** Statuses a clock may pause in; the closed ones stop it instead. */
export const PAUSABLE: CaseStatus[] = ['NEW', 'ASSIGNED', 'PENDING', 'ON_HOLD']
export const DEFAULT_PAUSE: CaseStatus[] = ['PENDING', 'ON_HOLD']
export const DEFAULT_WARN = [75, 90]

export type TargetGrid = Record<Priority, Record<TargetField, string>>

export interface PolicyDraft {
  name: string
  active: boolean
  /** '' = the default calendar. */
  calendarId: string
  priorities: Priority[]
  types: CaseType[]
  teamIds: string[]
  accountIds: string[]
  origins: Origin[]
  grid: TargetGrid
  pauseStatuses: CaseStatus[]
  /** As typed: "75, 90". */
  warnPercents: string
}

export function emptyGrid(): TargetGrid {
  const grid = {} as TargetGrid
  for (const p of PRIORITIES) grid[p] = { firstResponseMinutes: '', nextResponseMinutes: '', resolutionMinutes: '' }
  return grid
}

export function newPolicyDraft(): PolicyDraft {
  return { name: '', active: true, calendarId: '', priorities: [], types: [], teamIds: [], accountIds: [], origins: [], grid: emptyGrid(), pauseStatuses: [...DEFAULT_PAUSE], warnPercents: DEFAULT_WARN.join(', ') }
}

export function gridFromTargets(targets: SlaPolicyFieldsFragment['targets']): TargetGrid {
  const grid = emptyGrid()
  for (const t of targets) {
    const row = grid[t.priority]
    if (!row) continue
    for (const f of TARGET_FIELDS) row[f] = t[f] == null ? '' : String(t[f])
  }
  return grid
}

const cell = (value: string): number | null => {
  const v = value.trim()
  return v === '' ? null : Number(v)
}

/** The rows sent, in priority order: only priorities with at least one cell filled. */
export function targetsFromGrid(grid: TargetGrid): SlaPolicyInput['targets'] {
  return PRIORITIES.filter((p) => TARGET_FIELDS.some((f) => grid[p][f].trim() !== '')).map((priority) => ({
    priority,
    firstResponseMinutes: cell(grid[priority].firstResponseMinutes),
    nextResponseMinutes: cell(grid[priority].nextResponseMinutes),
    resolutionMinutes: cell(grid[priority].resolutionMinutes),
  }))
}

export function parsePercents(text: string): number[] {
  return text
    .split(/[\s,;%]+/)
    .filter(Boolean)
    .map(Number)
}

export function draftFromPolicy(p: SlaPolicyFieldsFragment): PolicyDraft {
  return {
    name: p.name,
    active: p.active,
    calendarId: p.calendar?.id ?? '',
    priorities: [...p.conditions.priorities],
    types: [...p.conditions.types],
    teamIds: [...p.conditions.teamIds],
    accountIds: [...p.conditions.accountIds],
    origins: [...p.conditions.origins],
    grid: gridFromTargets(p.targets),
    pauseStatuses: [...p.pauseStatuses],
    warnPercents: p.warnPercents.join(', '),
  }
}

export function toPolicyInput(d: PolicyDraft): SlaPolicyInput {
  return {
    name: d.name.trim(),
    active: d.active,
    calendarId: d.calendarId || null,
    conditions: { priorities: d.priorities, types: d.types, teamIds: d.teamIds, accountIds: d.accountIds, origins: d.origins },
    targets: targetsFromGrid(d.grid),
    pauseStatuses: d.pauseStatuses,
    warnPercents: parsePercents(d.warnPercents),
  }
}

/** The cell key a problem sits beside: `targets.<PRIORITY>.<field>`, `targets`, a draft field, or ''. */
export function policySlot(path: string, d: PolicyDraft): string {
  const t = /^targets(?:\[(\d+)\](?:\.(\w+))?)?/.exec(path)
  if (t) {
    if (t[1] === undefined) return 'targets'
    const priority = targetsFromGrid(d.grid)[Number(t[1])]?.priority
    if (!priority) return 'targets'
    return t[2] && (TARGET_FIELDS as readonly string[]).includes(t[2]) ? `targets.${priority}.${t[2]}` : `targets.${priority}`
  }
  const c = /^conditions\.(\w+)/.exec(path)
  if (c) return c[1]!
  if (path.startsWith('warnPercents')) return 'warnPercents'
  if (path.startsWith('pauseStatuses')) return 'pauseStatuses'
  if (['name', 'calendarId', 'active'].includes(path)) return path
  return ''
}

/** What the form checks as the admin types; the server checks the same and the rest. */
export function policyProblems(d: PolicyDraft): InputProblem[] {
  const out: InputProblem[] = []
  if (!d.name.trim()) out.push({ path: 'name', message: 'Give the policy a name.' })
  for (const p of PRIORITIES) {
    for (const f of TARGET_FIELDS) {
      const v = d.grid[p][f].trim()
      if (v && !(/^\d+$/.test(v) && Number(v) >= 1)) out.push({ path: `grid.${p}.${f}`, message: 'Whole minutes, at least 1.' })
    }
  }
  if (!targetsFromGrid(d.grid).length) out.push({ path: 'targets', message: 'Set at least one target.' })
  if (parsePercents(d.warnPercents).some((n) => !Number.isInteger(n) || n < 1 || n > 99)) out.push({ path: 'warnPercents', message: 'Percentages between 1 and 99, separated by commas.' })
  return out
}

/** Messages by slot; grid problems use the same `targets.<PRIORITY>.<field>` slot as the server's. */
export function policyMessages(problems: InputProblem[], d: PolicyDraft): Record<string, string> {
  const map: Record<string, string> = {}
  for (const p of problems) {
    const slot = p.path.startsWith('grid.') ? `targets.${p.path.slice(5)}` : policySlot(p.path, d)
    map[slot] ??= p.message
  }
  return map
}
