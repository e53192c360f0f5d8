import { graphql } from '../../graphql/generated'

export const RenameMeMutation = graphql(`
  mutation RenameMe($id: ID!, $name: String!) {
    updateUser(id: $id, input: { name: $name }) {
      id
      name
    }
  }
`)

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($id: ID!, $currentPassword: String!, $password: String!) {
    updateUser(id: $id, input: { currentPassword: $currentPassword, password: $password }) {
      id
    }
  }
`)

export const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`)

export const MyAvailabilityQuery = graphql(`
  query MyAvailability {
    me {
      id
      isAway
      timeZone
      absences {
        id
        startsAt
        endsAt
        note
      }
    }
  }
`)

export const SetAwayMutation = graphql(`
  mutation SetAway($id: ID!, $isAway: Boolean!) {
    updateUser(id: $id, input: { isAway: $isAway }) {
      id
      isAway
    }
  }
`)

export const SetTimeZoneMutation = graphql(`
  mutation SetTimeZone($id: ID!, $timeZone: String!) {
    updateUser(id: $id, input: { timeZone: $timeZone }) {
      id
    }
  }
`)

export const CreateAbsenceMutation = graphql(`
  mutation CreateAbsence($input: AbsenceInput!) {
    createAbsence(input: $input) {
      id
      startsAt
      endsAt
      note
    }
  }
`)

export const DeleteAbsenceMutation = graphql(`
  mutation DeleteAbsence($id: ID!) {
    deleteAbsence(id: $id)
  }
`)
