import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import { computed } from 'vue'

const query = vi.fn()
const mutation = vi.fn()
const push = vi.fn()
vi.mock('../../graphql/client', () => ({ client: { value: { query: (...a: unknown[]) => query(...a), mutation: (...a: unknown[]) => mutation(...a) } } }))
vi.mock('../../shared/toast', () => ({ toast: vi.fn() }))
vi.mock('vue-router', () => ({ useRouter: () => ({ push }), RouterLink: { template: '<a><slot /></a>' } }))
vi.mock('../../agent/people', () => ({
  usePeople: () => ({ agents: computed(() => [{ id: '7', name: 'Erin Agent' }]), teams: computed(() => [{ id: '3', name: 'Connections' }]) }),
}))

const { default: RuleEditorPage } = await import('./RuleEditorPage.vue')

const answer = (value: unknown) => ({ toPromise: () => Promise.resolve(value) })
const ruleFields = [
  { name: 'subject', label: 'Subject', kind: 'TEXT', options: [], operators: ['EQUALS', 'CONTAINS', 'IS_EMPTY'], settable: false },
  { name: 'teamId', label: 'Team', kind: 'ID', options: [], operators: ['EQUALS'], settable: true },
  { name: 'priority', label: 'Priority', kind: 'ENUM', options: ['LOW', 'HIGH'], operators: ['EQUALS'], settable: true },
]

describe('RuleEditorPage', () => {
  beforeEach(() => {
    query.mockReset().mockReturnValue(answer({ data: { rules: [], ruleFields } }))
    mutation.mockReset()
    push.mockReset()
  })
  const mountPage = async () => {
    const w = mount(RuleEditorPage, { attachTo: document.body, global: { stubs: { RouterLink: { template: '<a><slot /></a>' } } } })
    await flushPromises()
    return w
  }

  it('builds the routing rule and cannot save it half done', async () => {
    const w = await mountPage()
    const save = w.get('[data-testid="save-rule"]')
    expect(save.attributes('disabled')).toBeDefined()
    await w.get('#rule-name').setValue('Route connection cases')
    await w.get('[data-testid="add-condition-all"]').trigger('click')
    const cond = w.get('[data-testid="condition"]')
    await cond.get('select').setValue('subject')
    expect((cond.findAll('select')[1]!.element as HTMLSelectElement).value).toBe('EQUALS')
    await cond.findAll('select')[1]!.setValue('CONTAINS')
    expect(w.get('[data-testid="rule-problems"]').text()).toContain('all condition 1 › value: Enter a value.')
    await cond.get('input').setValue('connection')
    await w.get('[data-testid="add-action"]').trigger('click')
    const action = w.get('[data-testid="action"]')
    await action.get('select').setValue('SET_FIELD')
    await action.get('label[for$="-field"] + select').setValue('teamId')
    expect(save.attributes('disabled')).toBeDefined()
    await action.get('label[for$="-value"] + select').setValue('3')
    expect(w.find('[data-testid="rule-problems"]').exists()).toBe(false)
    expect(save.attributes('disabled')).toBeUndefined()

    mutation.mockReturnValue(answer({ data: { createRule: { id: '1' } } }))
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(mutation.mock.calls[0]![1]).toEqual({
      input: {
        name: 'Route connection cases',
        event: 'CASE_CREATED',
        active: true,
        stopProcessing: false,
        conditions: { all: [{ field: 'subject', operator: 'CONTAINS', value: 'connection' }], any: [], groups: [], groupsMatch: 'ALL' },
        actions: [{ type: 'SET_FIELD', field: 'teamId', value: '3', subject: null, dueInMinutes: null }],
        repeat: null,
        repeatEveryHours: null,
      },
    })
    expect(push).toHaveBeenCalledWith('/admin/rules')
  })

  it("shows the server's refusal at the part it names", async () => {
    const w = await mountPage()
    await w.get('#rule-name').setValue('R')
    await w.get('[data-testid="add-action"]').trigger('click')
    await w.get('[data-testid="action"] select').setValue('ADD_TAG')
    await w.get('[data-testid="action"] input').setValue('vip')
    const refusal = new GraphQLError('actions[0].value: tag too long', { extensions: { code: 'BAD_USER_INPUT', field: 'actions[0].value' } })
    mutation.mockReturnValue(answer({ error: new CombinedError({ graphQLErrors: [refusal] }) }))
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="action"] .field-error').text()).toBe('tag too long')
    expect(w.get('[data-testid="rule-server-error"]').text()).toBe('Action 1 › value: tag too long')
    expect(push).not.toHaveBeenCalled()
  })

  it('nests groups to three levels and offers no fourth', async () => {
    const w = await mountPage()
    await w.get('[data-testid="add-group"]').trigger('click')
    expect(w.findAll('[data-testid="add-group"]')).toHaveLength(2)
    // The nested group's own button comes first: the root's follows its groups.
    await w.get('[data-testid="condition-group"] [data-testid="add-group"]').trigger('click')
    expect(w.findAll('[data-testid="condition-group"]')).toHaveLength(2)
    expect(w.findAll('[data-testid="add-group"]')).toHaveLength(2) // the third level has none
  })
})
