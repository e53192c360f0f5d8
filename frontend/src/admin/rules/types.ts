/** The rules contract's types, as generated from schema.graphql (one place for the editor to import them). */
export type {
  RuleActionInput,
  RuleActionType,
  RuleConditionInput,
  RuleConditionsInput,
  RuleEvent,
  RuleFieldKind,
  RuleInput,
  RuleMatch,
  RuleOperator,
  RuleRepeat,
} from '../../graphql/generated/graphql'

import type { RuleEditorQuery } from '../../graphql/generated/graphql'

/** A field rules may test (and maybe set), as ruleFields describes it. */
export type RuleField = Omit<RuleEditorQuery['ruleFields'][number], '__typename'>
