/** How one history row reads: which part changed, and who or which rule changed it. */
import { humanize, priorityLabel, statusLabel, typeLabel } from '../../shared/format'

export interface HistoryRow {
  field: string
  oldValue?: string | null
  newValue?: string | null
  actorName: string
  ruleName?: string | null
  causedBy?: string | null
}

const FIELD_LABELS: Record<string, string> = {
  automation: 'Automation',
  assignmentReason: 'Assignment',
  task: 'Task',
  teamId: 'Team',
  assigneeId: 'Assignee',
  accountId: 'Account',
  sla: 'SLA',
}

/** Rows that carry an explanation rather than a before and after: shown as "Label: text". */
const NOTES = new Set(['automation', 'assignmentReason'])

export function historyFieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? humanize(field.replace(/([a-z])([A-Z])/g, '$1_$2'))
}

export function isNoteRow(row: HistoryRow): boolean {
  // An SLA warning or breach ("First response: breached") says what happened; a new target has a before.
  return NOTES.has(row.field) || (row.field === 'sla' && !row.oldValue)
}

/** A row that adds something rather than changing it (a new task): "added task X". */
export function isAddition(row: HistoryRow): boolean {
  return row.field === 'task' && !row.oldValue
}

export function historyValue(field: string, value: string | null | undefined): string {
  if (value == null || value === '') return 'nothing'
  if (field === 'status') return statusLabel(value)
  if (field === 'priority') return priorityLabel(value)
  if (field === 'type') return typeLabel(value)
  return value
}

/** "by rule Route connection cases, caused by event 12" for a rule's change; null for a person's. */
export function ruleAttribution(row: HistoryRow): string | null {
  if (!row.ruleName) return null
  return row.causedBy ? `by rule ${row.ruleName}, caused by event ${row.causedBy}` : `by rule ${row.ruleName}`
}
