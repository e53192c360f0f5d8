import type { Viewer } from '../shared/session'

export function homeFor(viewer: Pick<Viewer, 'role'>): string {
  return viewer.role === 'CUSTOMER' ? '/portal' : '/cases'
}
