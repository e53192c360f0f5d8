import { graphql } from '../graphql/generated'

export const ViewCountsQuery = graphql(`
  query ViewCounts($me: ID!) {
    mine: cases(first: 1, filter: { assigneeId: $me, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {
      totalCount
      totalCountCapped
    }
    unassigned: cases(first: 1, filter: { unassigned: true, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {
      totalCount
      totalCountCapped
    }
    open: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {
      totalCount
      totalCountCapped
    }
    # "Breaching soon": the window is cases/filters.ts BREACHING_SOON_MINUTES.
    breaching: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD], slaDue: { withinMinutes: 240 } }) {
      totalCount
      totalCountCapped
    }
  }
`)

export const NotificationsQuery = graphql(`
  query Notifications {
    notifications(first: 30) {
      id
      title
      body
      createdAt
      readAt
      case {
        id
        number
        subject
      }
    }
    me {
      id
      unreadNotificationCount
    }
  }
`)

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`)
