import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'

const query = vi.fn()
const mutation = vi.fn()
const push = vi.fn()
vi.mock('../graphql/client', () => ({ client: { value: { query: (...a: unknown[]) => query(...a), mutation: (...a: unknown[]) => mutation(...a) } } }))
vi.mock('../shared/toast', () => ({ toast: vi.fn() }))
vi.mock('vue-router', () => ({ useRouter: () => ({ push }), RouterLink: { template: '<a><slot /></a>' } }))

const { default: PortalNewCasePage } = await import('./PortalNewCasePage.vue')

const answer = (value: unknown) => ({ toPromise: () => Promise.resolve(value) })
const SENTENCE = "Your organisation's support allowance (Basic) is used up until 31 Dec 2027. Please contact your account manager."
const mountPage = async () => {
  const w = mount(PortalNewCasePage, { attachTo: document.body, global: { stubs: { RouterLink: { template: '<a><slot /></a>' } } } })
  await flushPromises()
  return w
}

describe('PortalNewCasePage', () => {
  beforeEach(() => {
    query.mockReset()
    mutation.mockReset()
    push.mockReset()
  })

  it('shows the refusal sentence instead of the form when case creation is blocked', async () => {
    query.mockReturnValue(answer({ data: { me: { id: '5', caseCreationBlocked: SENTENCE } } }))
    const w = await mountPage()
    const alert = w.get('[role="alert"]')
    expect(alert.text()).toBe(SENTENCE)
    expect(w.find('form').exists()).toBe(false)
    expect(w.find('[data-testid="portal-submit"]').exists()).toBe(false)
  })

  it('offers the form when nothing blocks, and a FORBIDDEN answer on submit replaces it with the message', async () => {
    query.mockReturnValue(answer({ data: { me: { id: '5', caseCreationBlocked: null } } }))
    const w = await mountPage()
    expect(w.find('[data-testid="portal-case-blocked"]').exists()).toBe(false)
    await w.get('#pn-subject').setValue('Printer on fire')
    mutation.mockReturnValue(answer({ error: new CombinedError({ graphQLErrors: [new GraphQLError(SENTENCE, { extensions: { code: 'FORBIDDEN' } })] }) }))
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="portal-case-blocked"]').text()).toBe(SENTENCE)
    expect(w.get('[data-testid="portal-case-blocked"]').attributes('role')).toBe('alert')
    expect(w.find('[data-testid="portal-submit"]').exists()).toBe(false)
    expect(push).not.toHaveBeenCalled()
  })
})
