/**
 * What every part of the rule editor reads: the fields the server offers, the teams and agents
 * for pickers, and the problems by path. Provided once by the editor page, so the recursive
 * condition groups need not pass it down through every level.
 */
import { inject, type ComputedRef, type InjectionKey } from 'vue'
import type { RuleField, RuleOperator } from './types'

export interface Option {
  id: string
  name: string
}

export interface EditorContext {
  fields: ComputedRef<RuleField[]>
  teams: ComputedRef<Option[]>
  agents: ComputedRef<Option[]>
  problems: ComputedRef<Record<string, string>>
}

export const EDITOR: InjectionKey<EditorContext> = Symbol('rule-editor')

export function useEditor(): EditorContext {
  const ctx = inject(EDITOR)
  if (!ctx) throw new Error('rule editor parts need the editor page')
  return ctx
}

const OPERATOR_LABELS: Record<RuleOperator, string> = {
  EQUALS: 'is',
  NOT_EQUALS: 'is not',
  CONTAINS: 'contains',
  NOT_CONTAINS: 'does not contain',
  MATCHES: 'matches pattern',
  IS_EMPTY: 'is empty',
  IS_NOT_EMPTY: 'is not empty',
  CHANGED: 'changed',
  CHANGED_TO: 'changed to',
  GREATER_THAN: 'is greater than',
  LESS_THAN: 'is less than',
  OLDER_THAN: 'is older than',
}

export const operatorLabel = (op: RuleOperator): string => OPERATOR_LABELS[op] ?? op
