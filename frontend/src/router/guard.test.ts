import { describe, expect, it, vi, beforeEach } from 'vitest'

const me = { current: null as null | { id: string; name: string; role: string } }
vi.mock('../shared/session', () => ({
  loadViewer: () => Promise.resolve(me.current),
  onSessionEnded: () => {},
  onRightsChanged: () => {},
  signInNotice: { value: '' },
  get viewer() {
    return { value: me.current }
  },
}))

window.scrollTo = vi.fn() as unknown as typeof window.scrollTo // jsdom has no scrolling
const { router } = await import('./index')

describe('route guard', () => {
  beforeEach(async () => {
    me.current = null
    await router.replace('/signin')
  })

  it('sends signed-out visitors to sign-in, keeping where they wanted to go', async () => {
    await router.push('/cases/10001')
    expect(router.currentRoute.value.name).toBe('signin')
    expect(router.currentRoute.value.query.redirect).toBe('/cases/10001')
  })

  it('keeps customers out of the agent workspace', async () => {
    me.current = { id: '9', name: 'Maria', role: 'CUSTOMER' }
    await router.push('/cases?view=open')
    expect(router.currentRoute.value.path).toBe('/portal')
    await router.push('/accounts')
    expect(router.currentRoute.value.path).toBe('/portal')
  })

  it('lets agents in, and sends them from the portal to the workspace', async () => {
    me.current = { id: '2', name: 'Alice', role: 'AGENT' }
    await router.push('/cases/10001')
    expect(router.currentRoute.value.name).toBe('case')
    expect(router.currentRoute.value.meta.audience).toBe('agent')
    await router.push('/portal')
    expect(router.currentRoute.value.path).toBe('/cases')
  })

  it('lets only admins into the admin screens', async () => {
    me.current = { id: '2', name: 'Alice', role: 'AGENT' }
    await router.push('/admin/rules')
    expect(router.currentRoute.value.path).toBe('/cases')
    await router.push('/admin/rules/new')
    expect(router.currentRoute.value.path).toBe('/cases')
    await router.push('/admin/teams')
    expect(router.currentRoute.value.path).toBe('/cases')
    me.current = { id: '9', name: 'Maria', role: 'CUSTOMER' }
    await router.push('/admin/teams')
    expect(router.currentRoute.value.path).toBe('/portal')
    me.current = { id: '1', name: 'Ada', role: 'ADMIN' }
    await router.push('/admin')
    expect(router.currentRoute.value.name).toBe('admin-rules')
  })
})
