import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'

const mutation = vi.fn()
vi.mock('../../graphql/client', () => ({ client: { value: { mutation: (...args: unknown[]) => mutation(...args) } } }))
vi.mock('../toast', () => ({ toast: vi.fn() }))

const { default: PasswordForm } = await import('./PasswordForm.vue')

const refused = (field: string, message: string) => ({
  toPromise: () =>
    Promise.resolve({ error: new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } })] }) }),
})

async function fillAndSubmit(wrapper: ReturnType<typeof mount>, current: string, next: string, confirm = next) {
  await wrapper.get('#pw-current').setValue(current)
  await wrapper.get('#pw-new').setValue(next)
  await wrapper.get('#pw-confirm').setValue(confirm)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('PasswordForm', () => {
  beforeEach(() => mutation.mockReset())
  const mountForm = () => mount(PasswordForm, { props: { userId: '7', email: 'me@x.test' }, attachTo: document.body })

  it('sends the current password with the new one', async () => {
    mutation.mockReturnValue({ toPromise: () => Promise.resolve({ data: { updateUser: { id: '7' } } }) })
    const wrapper = mountForm()
    await fillAndSubmit(wrapper, 'old-secret', 'new-Secret-42-lamp')
    expect(mutation.mock.calls[0]![1]).toEqual({ id: '7', currentPassword: 'old-secret', password: 'new-Secret-42-lamp' })
    expect(wrapper.find('[data-testid="password-changed"]').exists()).toBe(true)
    expect((wrapper.get('#pw-current').element as HTMLInputElement).value).toBe('')
  })

  it('shows a wrong current password beside that field', async () => {
    mutation.mockReturnValue(refused('currentPassword', 'That is not your current password.'))
    const wrapper = mountForm()
    await fillAndSubmit(wrapper, 'wrong', 'new-Secret-42-lamp')
    expect(wrapper.get('[data-testid="current-password-error"]').text()).toBe('That is not your current password.')
    expect(wrapper.get('#pw-current').attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('[data-testid="new-password-error"]').exists()).toBe(false)
  })

  it("shows the policy's reason beside the new password", async () => {
    mutation.mockReturnValue(refused('password', 'This is a top-10 common password.'))
    const wrapper = mountForm()
    await fillAndSubmit(wrapper, 'old-secret', 'password')
    expect(wrapper.get('[data-testid="new-password-error"]').text()).toBe('This is a top-10 common password.')
  })

  it('checks the confirmation before asking the server', async () => {
    const wrapper = mountForm()
    await fillAndSubmit(wrapper, 'old-secret', 'new-Secret-42-lamp', 'new-Secret-42-lam')
    expect(wrapper.get('[data-testid="confirm-password-error"]').text()).toContain('differ')
    expect(mutation).not.toHaveBeenCalled()
  })
})
