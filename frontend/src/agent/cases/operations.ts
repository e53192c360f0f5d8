import { graphql } from '../../graphql/generated'

export const CaseRowFragment = graphql(`
  fragment CaseRow on Case {
    id
    number
    subject
    status
    priority
    type
    createdAt
    updatedAt
    assignee {
      id
      name
    }
    team {
      id
      name
    }
    account {
      id
      name
    }
    contacts {
      id
      name
    }
    sla {
      badge
      nextDueAt
      warningAt
    }
  }
`)

export const CasesQuery = graphql(`
  query Cases($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {
    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      totalCountCapped
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...CaseRow
        }
      }
    }
  }
`)

export const AgentCaseFeedSubscription = graphql(`
  subscription AgentCaseFeed {
    caseFeed {
      __typename
      at
      case {
        ...CaseRow
      }
      ... on PostAdded {
        post {
          id
          visibility
          body
          author {
            name
            kind
          }
        }
      }
      ... on CaseChanged {
        changedFields
      }
    }
  }
`)

export const PeopleQuery = graphql(`
  query People {
    users {
      id
      name
      role
    }
    teams {
      id
      name
    }
  }
`)

export const BulkUpdateCasesMutation = graphql(`
  mutation BulkUpdateCases($ids: [ID!]!, $input: BulkCaseInput!) {
    bulkUpdateCases(ids: $ids, input: $input) {
      ...CaseRow
    }
  }
`)

// Staff only: the portal's operations never select it (a customer gets null anyway).
export const CaseSlaFragment = graphql(`
  fragment CaseSlaFields on CaseSla {
    badge
    nextDueAt
    warningAt
    policy {
      id
      name
    }
    targets {
      kind
      cycle
      targetMinutes
      state
      startedAt
      dueAt
      breachedAt
      pausedSince
      metAt
      businessMinutesLeft
      warningsAt
    }
    timeline {
      kind
      status
      startsAt
      endsAt
    }
  }
`)

export const CaseDetailFragment = graphql(`
  fragment CaseDetail on Case {
    id
    number
    subject
    description
    status
    priority
    type
    origin
    email
    phone
    tags
    createdAt
    updatedAt
    firstResponseAt
    resolvedAt
    closedAt
    isFollowing
    allowedStatuses
    internalComments
    account {
      id
      name
    }
    contacts {
      id
      name
      email
    }
    reportedBy {
      id
      name
    }
    assignee {
      id
      name
    }
    team {
      id
      name
    }
    lastPost {
      id
    }
    sla {
      ...CaseSlaFields
    }
  }
`)

export const AgentCaseQuery = graphql(`
  query AgentCase($number: Int!) {
    case(number: $number) {
      ...CaseDetail
      posts(first: 100) {
        totalCount
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

export const CaseHistoryQuery = graphql(`
  query CaseHistory($id: ID!) {
    case(id: $id) {
      id
      history {
        id
        at
        field
        oldValue
        newValue
        actorName
        ruleName
        causedBy
      }
    }
  }
`)

// The case as it is now, without its posts: after a write whose answer is not the case
// (a post, a new contact), so the page's ifUnchangedSince covers the page's own change.
export const AgentCaseDetailQuery = graphql(`
  query AgentCaseDetail($id: ID!) {
    case(id: $id) {
      ...CaseDetail
    }
  }
`)

export const AgentCaseEventsSubscription = graphql(`
  subscription AgentCaseEvents($caseId: ID!) {
    caseEvents(caseId: $caseId) {
      __typename
      at
      case {
        ...CaseDetail
      }
      ... on PostAdded {
        post {
          ...PostFields
        }
      }
      ... on CaseChanged {
        changedFields
      }
    }
  }
`)

export const UpdateCaseMutation = graphql(`
  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!, $ifUnchangedSince: DateTime) {
    updateCase(id: $id, input: $input, ifUnchangedSince: $ifUnchangedSince) {
      ...CaseDetail
    }
  }
`)

export const AssignCaseMutation = graphql(`
  mutation AssignCase($id: ID!, $assigneeId: ID, $ifUnchangedSince: DateTime) {
    assignCase(id: $id, assigneeId: $assigneeId, ifUnchangedSince: $ifUnchangedSince) {
      ...CaseDetail
    }
  }
`)

export const SetCaseStatusMutation = graphql(`
  mutation SetCaseStatus($id: ID!, $status: CaseStatus!, $ifUnchangedSince: DateTime) {
    setCaseStatus(id: $id, status: $status, ifUnchangedSince: $ifUnchangedSince) {
      ...CaseDetail
    }
  }
`)

export const FollowCaseMutation = graphql(`
  mutation FollowCase($id: ID!) {
    followCase(id: $id) {
      id
      isFollowing
    }
  }
`)

export const UnfollowCaseMutation = graphql(`
  mutation UnfollowCase($id: ID!) {
    unfollowCase(id: $id) {
      id
      isFollowing
    }
  }
`)

export const CreateCaseMutation = graphql(`
  mutation CreateCase($input: CreateCaseInput!) {
    createCase(input: $input) {
      id
      number
    }
  }
`)

export const AccountOptionsQuery = graphql(`
  query AccountOptions($search: String) {
    accounts(first: 50, search: $search) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`)

export const ContactOptionsQuery = graphql(`
  query ContactOptions($search: String, $accountId: ID) {
    contacts(first: 50, search: $search, accountId: $accountId) {
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

export const CreateContactFromCaseMutation = graphql(`
  mutation CreateContactFromCase($caseId: ID!, $name: String) {
    createContactFromCase(caseId: $caseId, name: $name) {
      id
      name
      email
    }
  }
`)

export const TaskFieldsFragment = graphql(`
  fragment TaskFields on Task {
    id
    subject
    dueAt
    done
    doneAt
    createdByName
    createdAt
    assignee {
      id
      name
    }
  }
`)

export const CaseTasksQuery = graphql(`
  query CaseTasks($id: ID!) {
    case(id: $id) {
      id
      tasks {
        ...TaskFields
      }
    }
  }
`)

export const CreateTaskMutation = graphql(`
  mutation CreateTask($caseId: ID!, $input: TaskInput!) {
    createTask(caseId: $caseId, input: $input) {
      ...TaskFields
    }
  }
`)

export const SetTaskDoneMutation = graphql(`
  mutation SetTaskDone($id: ID!, $done: Boolean!) {
    setTaskDone(id: $id, done: $done) {
      ...TaskFields
    }
  }
`)
