import { graphql } from '../../graphql/generated'

export const SlaCalendarFieldsFragment = graphql(`
  fragment SlaCalendarFields on SlaCalendar {
    id
    name
    timeZone
    isDefault
    hours {
      weekday
      start
      end
    }
    holidays {
      id
      date
      yearly
      name
      source
    }
  }
`)

export const SlaPolicyFieldsFragment = graphql(`
  fragment SlaPolicyFields on SlaPolicy {
    id
    name
    position
    active
    calendar {
      id
      name
    }
    conditions {
      priorities
      types
      teamIds
      accountIds
      origins
    }
    targets {
      priority
      firstResponseMinutes
      nextResponseMinutes
      resolutionMinutes
    }
    pauseStatuses
    warnPercents
  }
`)

export const SlaCalendarsQuery = graphql(`
  query SlaCalendars {
    slaCalendars {
      ...SlaCalendarFields
    }
  }
`)

export const SlaPoliciesQuery = graphql(`
  query SlaPolicies {
    slaPolicies {
      ...SlaPolicyFields
    }
  }
`)

/** The policy editor's choices: calendars by name, accounts to match (the first page is enough to pick from). */
export const SlaPolicyEditorQuery = graphql(`
  query SlaPolicyEditor {
    slaPolicies {
      ...SlaPolicyFields
    }
    slaCalendars {
      id
      name
      isDefault
    }
    accounts(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`)

export const CreateSlaCalendarMutation = graphql(`
  mutation CreateSlaCalendar($input: SlaCalendarInput!) {
    createSlaCalendar(input: $input) {
      ...SlaCalendarFields
    }
  }
`)

export const UpdateSlaCalendarMutation = graphql(`
  mutation UpdateSlaCalendar($id: ID!, $input: SlaCalendarInput!) {
    updateSlaCalendar(id: $id, input: $input) {
      ...SlaCalendarFields
    }
  }
`)

export const DeleteSlaCalendarMutation = graphql(`
  mutation DeleteSlaCalendar($id: ID!) {
    deleteSlaCalendar(id: $id)
  }
`)

export const ImportSlaHolidaysMutation = graphql(`
  mutation ImportSlaHolidays($calendarId: ID!, $ics: String!, $replace: Boolean) {
    importSlaHolidays(calendarId: $calendarId, ics: $ics, replace: $replace) {
      ...SlaCalendarFields
    }
  }
`)

export const CreateSlaPolicyMutation = graphql(`
  mutation CreateSlaPolicy($input: SlaPolicyInput!) {
    createSlaPolicy(input: $input) {
      ...SlaPolicyFields
    }
  }
`)

export const UpdateSlaPolicyMutation = graphql(`
  mutation UpdateSlaPolicy($id: ID!, $input: SlaPolicyInput!) {
    updateSlaPolicy(id: $id, input: $input) {
      ...SlaPolicyFields
    }
  }
`)

export const DeleteSlaPolicyMutation = graphql(`
  mutation DeleteSlaPolicy($id: ID!) {
    deleteSlaPolicy(id: $id)
  }
`)

export const ReorderSlaPoliciesMutation = graphql(`
  mutation ReorderSlaPolicies($ids: [ID!]!) {
    reorderSlaPolicies(ids: $ids) {
      ...SlaPolicyFields
    }
  }
`)
