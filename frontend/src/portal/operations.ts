import { graphql } from '../graphql/generated'

export const PortalCaseRowFragment = graphql(`
  fragment PortalCaseRow on Case {
    id
    number
    subject
    status
    priority
    createdAt
    updatedAt
  }
`)

export const MyCasesQuery = graphql(`
  query MyCases($first: Int, $after: String, $filter: CaseFilter) {
    cases(first: $first, after: $after, filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...PortalCaseRow
        }
      }
    }
  }
`)

export const PortalCaseFeedSubscription = graphql(`
  subscription PortalCaseFeed {
    caseFeed {
      __typename
      at
      case {
        ...PortalCaseRow
      }
    }
  }
`)

export const PortalCaseFragment = graphql(`
  fragment PortalCase on Case {
    id
    number
    subject
    description
    status
    priority
    type
    createdAt
    updatedAt
  }
`)

export const PortalCaseQuery = graphql(`
  query PortalCase($number: Int!) {
    case(number: $number) {
      ...PortalCase
      posts(first: 100) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...PostFields
          }
        }
      }
    }
  }
`)

export const PortalCaseEventsSubscription = graphql(`
  subscription PortalCaseEvents($caseId: ID!) {
    caseEvents(caseId: $caseId) {
      __typename
      at
      case {
        ...PortalCase
      }
      ... on PostAdded {
        post {
          ...PostFields
        }
      }
    }
  }
`)

export const PortalCreateCaseMutation = graphql(`
  mutation PortalCreateCase($input: CreateCaseInput!) {
    createCase(input: $input) {
      id
      number
    }
  }
`)

/** Asked fresh each time the form opens: a used-up BLOCK allowance refuses the case before it is typed. */
export const PortalCaseCreationQuery = graphql(`
  query PortalCaseCreation {
    me {
      id
      caseCreationBlocked
    }
  }
`)
