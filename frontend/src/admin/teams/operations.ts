import { graphql } from '../../graphql/generated'

export const AdminTeamFieldsFragment = graphql(`
  fragment AdminTeamFields on Team {
    id
    name
    assignmentStrategy
    maxOpenPerAgent
    members {
      id
      name
      isAway
      absentUntil
    }
  }
`)

export const AdminTeamsQuery = graphql(`
  query AdminTeams {
    teams {
      ...AdminTeamFields
    }
    users(active: true) {
      id
      name
      role
      isAway
    }
  }
`)

export const UpdateTeamMutation = graphql(`
  mutation UpdateTeam($id: ID!, $input: TeamInput!) {
    updateTeam(id: $id, input: $input) {
      ...AdminTeamFields
    }
  }
`)

export const CreateTeamMutation = graphql(`
  mutation CreateTeam($input: TeamInput!) {
    createTeam(input: $input) {
      ...AdminTeamFields
    }
  }
`)
