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
