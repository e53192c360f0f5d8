/** What the account page says about an entitlement, and the form's draft ↔ EntitlementInput. */
import type { EntitlementFieldsFragment, EntitlementInput, EntitlementUnit, OverdraftRule } from '../../graphql/generated/graphql'

export const OVERDRAFT_LABELS: Record<OverdraftRule, string> = {
  BLOCK: 'Block: the portal refuses new cases at zero (agents may still create them)',
  WARN: 'Warn: cases are accepted, agents see a note',
  ALLOW: 'Allow: cases are accepted',
}

/** 3 cases, 1 case, 2.5 hours: hours to two decimals at most. */
export function amountText(amount: number, unit: EntitlementUnit): string {
  const n = Math.round(amount * 100) / 100
  const word = unit === 'CASES' ? (Math.abs(n) === 1 ? 'case' : 'cases') : Math.abs(n) === 1 ? 'hour' : 'hours'
  return `${n} ${word}`
}

export const signed = (amount: number, unit: EntitlementUnit): string => `${amount > 0 ? '+' : amount < 0 ? '−' : ''}${amountText(Math.abs(amount), unit)}`

export function periodText(start: string, end: string): string {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', dateStyle: 'medium' })
  return `${day(start)} – ${day(end)}`
}

export interface EntitlementDraft {
  name: string
  unit: EntitlementUnit
  allocation: string
  periodStart: string
  periodEnd: string
  decrementOn: EntitlementInput['decrementOn']
  overdraft: OverdraftRule
  policyId: string
}

export function newEntitlementDraft(today = new Date()): EntitlementDraft {
  const start = today.toISOString().slice(0, 10)
  const end = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate() - 1)).toISOString().slice(0, 10)
  return { name: '', unit: 'CASES', allocation: '', periodStart: start, periodEnd: end, decrementOn: 'ON_CREATE', overdraft: 'ALLOW', policyId: '' }
}

export function draftFromEntitlement(e: EntitlementFieldsFragment): EntitlementDraft {
  return { name: e.name, unit: e.unit, allocation: String(e.allocation), periodStart: e.periodStart, periodEnd: e.periodEnd, decrementOn: e.decrementOn, overdraft: e.overdraft, policyId: e.policy?.id ?? '' }
}

export function toEntitlementInput(d: EntitlementDraft): EntitlementInput {
  return { name: d.name.trim(), unit: d.unit, allocation: Number(d.allocation), periodStart: d.periodStart, periodEnd: d.periodEnd, decrementOn: d.decrementOn, overdraft: d.overdraft, policyId: d.policyId || null }
}

/** The form's own checks, keyed like the server's paths. */
export function entitlementProblems(d: EntitlementDraft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.name.trim()) out.name = 'Give the entitlement a name.'
  const n = Number(d.allocation)
  if (!d.allocation.trim() || !Number.isFinite(n) || n <= 0) out.allocation = 'A positive number.'
  else if (d.unit === 'CASES' && !Number.isInteger(n)) out.allocation = 'Whole cases.'
  if (!d.periodStart) out.periodStart = 'Choose the first day.'
  if (!d.periodEnd) out.periodEnd = 'Choose the last day.'
  else if (d.periodStart && d.periodEnd < d.periodStart) out.periodEnd = 'The last day cannot be before the first.'
  return out
}
