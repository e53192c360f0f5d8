import { graphql } from '../../graphql/generated'

export const ContactsQuery = graphql(`
  query Contacts($first: Int, $after: String, $search: String) {
    contacts(first: $first, after: $after, search: $search) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          email
          account {
            id
            name
          }
        }
      }
    }
  }
`)

export const ContactQuery = graphql(`
  query Contact($id: ID!) {
    contact(id: $id) {
      id
      name
      email
      phone
      account {
        id
        name
      }
    }
  }
`)

export const CreateContactMutation = graphql(`
  mutation CreateContact($input: ContactInput!) {
    createContact(input: $input) {
      id
      name
    }
  }
`)
