import type { CaseStatus, CaseType, Priority } from '../graphql/generated/graphql'

export const STATUSES: CaseStatus[] = ['NEW', 'ASSIGNED', 'PENDING', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'REJECTED', 'DUPLICATE']
export const OPEN_STATUSES: CaseStatus[] = ['NEW', 'ASSIGNED', 'PENDING', 'ON_HOLD']
export const PRIORITIES: Priority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT']
export const CASE_TYPES: CaseType[] = ['QUESTION', 'INCIDENT', 'PROBLEM', 'FEATURE_REQUEST']

const STATUS_LABELS: Record<CaseStatus, string> = {
  NEW: 'New',
  ASSIGNED: 'Assigned',
  PENDING: 'Waiting on customer',
  ON_HOLD: 'On hold',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
  REJECTED: 'Rejected',
  DUPLICATE: 'Duplicate',
}
const PRIORITY_LABELS: Record<Priority, string> = { LOW: 'Low', NORMAL: 'Normal', HIGH: 'High', URGENT: 'Urgent' }
const TYPE_LABELS: Record<CaseType, string> = {
  QUESTION: 'Question',
  INCIDENT: 'Incident',
  PROBLEM: 'Problem',
  FEATURE_REQUEST: 'Feature request',
}

export const statusLabel = (s: CaseStatus | string): string => STATUS_LABELS[s as CaseStatus] ?? humanize(s)
export const priorityLabel = (p: Priority | string): string => PRIORITY_LABELS[p as Priority] ?? humanize(p)
export const typeLabel = (t: CaseType | string): string => TYPE_LABELS[t as CaseType] ?? humanize(t)

export function humanize(value: string): string {
  const s = value.replace(/_/g, ' ').toLowerCase()
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** "just now", "5 min ago", "3 h ago", "yesterday", then a short date. */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const then = new Date(iso)
  const secs = Math.round((now.getTime() - then.getTime()) / 1000)
  if (secs < 45) return 'just now'
  const mins = Math.round(secs / 60)
  if (mins < 60) return `${mins} min ago`
  const hours = Math.round(mins / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.round(hours / 24)
  if (days === 1) return 'yesterday'
  if (days < 7) return `${days} days ago`
  return then.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: then.getFullYear() === now.getFullYear() ? undefined : 'numeric' })
}

export function fullDate(iso: string | null | undefined): string {
  if (!iso) return ''
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

export function initials(name: string | null | undefined): string {
  if (!name) return '?'
  const parts = name.trim().split(/\s+/)
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?'
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
