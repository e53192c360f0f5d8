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
