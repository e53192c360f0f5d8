import { graphql } from '../../graphql/generated'

// GraphQL fragments cannot recurse: groups are selected to the three levels a rule may have.
export const RuleConditionFieldsFragment = graphql(`
  fragment RuleConditionFields on RuleCondition {
    field
    operator
    value
  }
`)

export const RuleFieldsFragment = graphql(`
  fragment RuleFields on Rule {
    id
    name
    position
    active
    event
    stopProcessing
    repeat
    repeatEveryHours
    lastFiredAt
    fireCount
    updatedAt
    conditions {
      groupsMatch
      all { ...RuleConditionFields }
      any { ...RuleConditionFields }
      groups {
        groupsMatch
        all { ...RuleConditionFields }
        any { ...RuleConditionFields }
        groups {
          groupsMatch
          all { ...RuleConditionFields }
          any { ...RuleConditionFields }
        }
      }
    }
    actions {
      type
      field
      value
      subject
      dueInMinutes
    }
  }
`)

export const RulesQuery = graphql(`
  query Rules {
    rules {
      ...RuleFields
    }
  }
`)

export const RuleEditorQuery = graphql(`
  query RuleEditor {
    rules {
      ...RuleFields
    }
    ruleFields {
      name
      label
      kind
      options
      operators
      settable
    }
  }
`)

export const CreateRuleMutation = graphql(`
  mutation CreateRule($input: RuleInput!) {
    createRule(input: $input) {
      ...RuleFields
    }
  }
`)

export const UpdateRuleMutation = graphql(`
  mutation UpdateRule($id: ID!, $input: RuleInput!) {
    updateRule(id: $id, input: $input) {
      ...RuleFields
    }
  }
`)

export const DeleteRuleMutation = graphql(`
  mutation DeleteRule($id: ID!) {
    deleteRule(id: $id)
  }
`)

export const ReorderRulesMutation = graphql(`
  mutation ReorderRules($ids: [ID!]!) {
    reorderRules(ids: $ids) {
      ...RuleFields
    }
  }
`)

export const CaseByNumberQuery = graphql(`
  query CaseByNumber($number: Int!) {
    case(number: $number) {
      id
      number
      subject
    }
  }
`)

export const RuleCheckFieldsFragment = graphql(`
  fragment RuleCheckFields on RuleConditionCheck {
    field
    operator
    value
    actual
    matched
  }
`)

export const TestRuleMutation = graphql(`
  mutation TestRule($id: ID!, $caseId: ID!) {
    testRule(id: $id, caseId: $caseId) {
      matched
      actions {
        type
        field
        value
        description
      }
      conditions {
        matched
        groupsMatch
        all { ...RuleCheckFields }
        any { ...RuleCheckFields }
        groups {
          matched
          groupsMatch
          all { ...RuleCheckFields }
          any { ...RuleCheckFields }
          groups {
            matched
            groupsMatch
            all { ...RuleCheckFields }
            any { ...RuleCheckFields }
          }
        }
      }
    }
  }
`)
