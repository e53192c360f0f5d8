import { graphql } from '../graphql/generated'

export const ViewerFieldsFragment = graphql(`
  fragment ViewerFields on Viewer {
    id
    name
    email
    role
    canCreateCases
    contact {
      id
      name
    }
  }
`)

export const MeQuery = graphql(`
  query Me {
    me {
      ...ViewerFields
    }
  }
`)

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      viewer {
        ...ViewerFields
      }
    }
  }
`)

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`)

export const PostFieldsFragment = graphql(`
  fragment PostFields on Post {
    id
    body
    visibility
    channel
    createdAt
    author {
      name
      kind
    }
    attachments {
      id
      filename
      size
      url
    }
  }
`)

export const AddPostMutation = graphql(`
  mutation AddPost($caseId: ID!, $body: String!, $visibility: Visibility!, $expectedLastPostId: ID) {
    addPost(caseId: $caseId, body: $body, visibility: $visibility, expectedLastPostId: $expectedLastPostId) {
      ...PostFields
    }
  }
`)

export const CasePostsQuery = graphql(`
  query CasePosts($id: ID!, $after: String) {
    case(id: $id) {
      id
      posts(first: 100, after: $after) {
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
