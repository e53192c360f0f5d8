import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import type { EntitlementFieldsFragment } from '../../graphql/generated/graphql'

const query = vi.fn()
const mutation = vi.fn()
vi.mock('../../graphql/client', () => ({
  client: { value: { query: (...a: unknown[]) => query(...a), mutation: (...a: unknown[]) => mutation(...a) } },
  setUnauthenticatedHandler: vi.fn(),
  setSocketCloseHandlers: vi.fn(),
}))
vi.mock('../../shared/toast', () => ({ toast: vi.fn() }))

const { viewer } = await import('../../shared/session')
const { default: Entitlements } = await import('./Entitlements.vue')
const { amountText, entitlementProblems, newEntitlementDraft, signed, toEntitlementInput } = await import('./entitlements')

const answer = (value: unknown) => ({ toPromise: () => Promise.resolve(value) })
const plan: EntitlementFieldsFragment = {
  id: '1',
  name: 'Basic 2027',
  unit: 'CASES',
  allocation: 1,
  periodStart: '2027-01-01',
  periodEnd: '2027-12-31',
  decrementOn: 'ON_CREATE',
  overdraft: 'BLOCK',
  policy: null,
  balance: 0,
  active: true,
  entries: [
    { id: '11', at: '2027-03-02T10:00:00Z', amount: -1, reason: 'CASE_CREATED', caseNumber: 42, note: '', actorName: 'Carla Customer' },
    { id: '10', at: '2027-01-01T00:00:00Z', amount: 1, reason: 'ALLOCATED', caseNumber: null, note: '', actorName: 'Ada Admin' },
  ],
}
const mountList = (list = [plan]) =>
  mount(Entitlements, { props: { accountId: '3', entitlements: list }, global: { stubs: { RouterLink: { props: ['to'], template: '<a :href="to"><slot /></a>' } } } })
const as = (role: 'ADMIN' | 'AGENT') => (viewer.value = { id: '1', name: 'X', email: 'x@example.test', role, canCreateCases: true, contact: null })

describe('Entitlements', () => {
  beforeEach(() => {
    query.mockReset().mockReturnValue(answer({ data: { slaPolicies: [{ id: '8', name: 'Gold', active: true }] } }))
    mutation.mockReset()
  })

  it('shows balance, period and the overdraft rule in words, and the ledger on demand; an agent gets no forms', async () => {
    as('AGENT')
    const w = mountList()
    expect(w.get('[data-testid="entitlement-balance"]').text()).toBe('0 cases left of 1 case — used up')
    expect(w.get('[data-testid="entitlement-overdraft"]').text()).toContain('Block')
    expect(w.text()).toContain('Current')
    expect(w.find('[data-testid="ledger"]').exists()).toBe(false)
    const toggle = w.get('[data-testid="toggle-ledger"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    const rows = w.findAll('[data-testid="ledger-entry"]')
    expect(rows.map((r) => r.findAll('td')[2]!.text())).toEqual(['−1 case', '+1 case'])
    expect(rows[0]!.get('a').attributes('href')).toBe('/cases/42')
    expect(w.find('[data-testid="new-entitlement"]').exists()).toBe(false)
    expect(w.find('[data-testid="edit-entitlement"]').exists()).toBe(false)
    expect(w.find('[data-testid="adjust-entitlement"]').exists()).toBe(false)
  })

  it('lets an admin create one, showing a BAD_USER_INPUT beside its field', async () => {
    as('ADMIN')
    const w = mountList([])
    await w.get('[data-testid="new-entitlement"]').trigger('click')
    await flushPromises()
    await w.get('[data-testid="entitlement-name"]').setValue('Basic')
    await w.get('[data-testid="entitlement-allocation"]').setValue('1')
    await w.get('[data-testid="overdraft-BLOCK"]').setValue(true)
    mutation.mockReturnValueOnce(answer({ error: new CombinedError({ graphQLErrors: [new GraphQLError('periodEnd: before periodStart', { extensions: { code: 'BAD_USER_INPUT', field: 'input.periodEnd' } })] }) }))
    await w.get('[data-testid="entitlement-form"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="entitlement-end"]').attributes('aria-invalid')).toBe('true')
    expect(w.text()).toContain('before periodStart')
    mutation.mockReturnValueOnce(answer({ data: { createEntitlement: { ...plan, name: 'Basic' } } }))
    await w.get('[data-testid="entitlement-form"]').trigger('submit')
    await flushPromises()
    expect(mutation.mock.calls[1]![1]).toMatchObject({ accountId: '3', input: { name: 'Basic', unit: 'CASES', allocation: 1, overdraft: 'BLOCK', decrementOn: 'ON_CREATE', policyId: null } })
    expect(w.findAll('[data-testid="entitlement"]')).toHaveLength(1)
    expect(w.find('[data-testid="entitlement-form"]').exists()).toBe(false)
  })

  it('posts an adjustment with its reason and shows the new balance', async () => {
    as('ADMIN')
    const w = mountList()
    await w.get('[data-testid="adjust-entitlement"]').trigger('click')
    await w.get('[data-testid="adjust-amount"]').setValue('2')
    await w.get('[data-testid="adjust-submit"]').trigger('submit')
    expect(mutation).not.toHaveBeenCalled()
    expect(w.text()).toContain('Say why')
    await w.get('[data-testid="adjust-note"]').setValue('Goodwill')
    mutation.mockReturnValue(answer({ data: { adjustEntitlement: { ...plan, balance: 2 } } }))
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(mutation.mock.calls[0]![1]).toEqual({ id: '1', amount: 2, note: 'Goodwill' })
    expect(w.get('[data-testid="entitlement-balance"]').text()).toBe('2 cases left of 1 case')
  })
})

describe('entitlement helpers', () => {
  it('words amounts and checks the draft', () => {
    expect(amountText(2.5, 'HOURS')).toBe('2.5 hours')
    expect(signed(-1, 'CASES')).toBe('−1 case')
    const d = { ...newEntitlementDraft(new Date('2027-01-15T12:00:00Z')), name: 'X', allocation: '1.5' }
    expect(d.periodStart).toBe('2027-01-15')
    expect(d.periodEnd).toBe('2028-01-14')
    expect(entitlementProblems(d)).toEqual({ allocation: 'Whole cases.' })
    expect(entitlementProblems({ ...d, unit: 'HOURS', periodEnd: '2026-01-01' })).toEqual({ periodEnd: 'The last day cannot be before the first.' })
    expect(toEntitlementInput({ ...d, unit: 'HOURS' })).toMatchObject({ allocation: 1.5, policyId: null })
  })
})
