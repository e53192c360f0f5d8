import { graphql } from '../../graphql/generated'

export const AccountsQuery = graphql(`
  query Accounts($first: Int, $after: String, $search: String) {
    accounts(first: $first, after: $after, search: $search) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          domain
        }
      }
    }
  }
`)

export const AccountQuery = graphql(`
  query Account($id: ID!) {
    account(id: $id) {
      id
      name
      domain
      contacts {
        id
        name
        email
      }
      entitlements {
        ...EntitlementFields
      }
    }
  }
`)

export const CreateAccountMutation = graphql(`
  mutation CreateAccount($input: AccountInput!) {
    createAccount(input: $input) {
      id
      name
    }
  }
`)

export const EntitlementFieldsFragment = graphql(`
  fragment EntitlementFields on Entitlement {
    id
    name
    unit
    allocation
    periodStart
    periodEnd
    decrementOn
    overdraft
    policy {
      id
      name
    }
    balance
    active
    entries(first: 50) {
      id
      at
      amount
      reason
      caseNumber
      note
      actorName
    }
  }
`)

/** The policies an entitlement may name (staff can read them; only admins edit entitlements). */
export const EntitlementPoliciesQuery = graphql(`
  query EntitlementPolicies {
    slaPolicies {
      id
      name
      active
    }
  }
`)

export const CreateEntitlementMutation = graphql(`
  mutation CreateEntitlement($accountId: ID!, $input: EntitlementInput!) {
    createEntitlement(accountId: $accountId, input: $input) {
      ...EntitlementFields
    }
  }
`)

export const UpdateEntitlementMutation = graphql(`
  mutation UpdateEntitlement($id: ID!, $input: EntitlementInput!) {
    updateEntitlement(id: $id, input: $input) {
      ...EntitlementFields
    }
  }
`)

export const AdjustEntitlementMutation = graphql(`
  mutation AdjustEntitlement($id: ID!, $amount: Float!, $note: String!) {
    adjustEntitlement(id: $id, amount: $amount, note: $note) {
      ...EntitlementFields
    }
  }
`)
