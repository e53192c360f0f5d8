import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { loadViewer, onRightsChanged, onSessionEnded, signInNotice, viewer } from '../shared/session'
import { toast } from '../shared/toast'
import { homeFor } from './home'

export type Audience = 'agent' | 'customer' | 'public'

declare module 'vue-router' {
  interface RouteMeta {
    audience: Audience
    title?: string
    /** Admin screens: only ADMIN users reach them (the server refuses everyone else anyway). */
    admin?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/signin', name: 'signin', component: () => import('../shared/SignInPage.vue'), meta: { audience: 'public', title: 'Sign in' } },
  { path: '/', name: 'home', redirect: () => (viewer.value ? homeFor(viewer.value) : '/signin'), meta: { audience: 'public' } },
  {
    path: '/',
    component: () => import('../agent/AgentLayout.vue'),
    meta: { audience: 'agent' },
    children: [
      { path: 'cases', name: 'cases', component: () => import('../agent/cases/CaseListPage.vue'), meta: { audience: 'agent', title: 'Cases' } },
      { path: 'cases/new', name: 'case-new', component: () => import('../agent/cases/NewCasePage.vue'), meta: { audience: 'agent', title: 'New case' } },
      { path: 'cases/:number(\\d+)', name: 'case', component: () => import('../agent/cases/CasePage.vue'), props: (r) => ({ number: Number(r.params.number) }), meta: { audience: 'agent', title: 'Case' } },
      { path: 'accounts', name: 'accounts', component: () => import('../agent/accounts/AccountsPage.vue'), meta: { audience: 'agent', title: 'Accounts' } },
      { path: 'accounts/:id', name: 'account', component: () => import('../agent/accounts/AccountPage.vue'), props: true, meta: { audience: 'agent', title: 'Account' } },
      { path: 'contacts', name: 'contacts', component: () => import('../agent/contacts/ContactsPage.vue'), meta: { audience: 'agent', title: 'Contacts' } },
      { path: 'contacts/:id', name: 'contact', component: () => import('../agent/contacts/ContactPage.vue'), props: true, meta: { audience: 'agent', title: 'Contact' } },
      { path: 'profile', name: 'profile', component: () => import('../shared/profile/ProfilePage.vue'), props: { audience: 'agent' }, meta: { audience: 'agent', title: 'Profile' } },
      {
        path: 'admin',
        component: () => import('../admin/AdminLayout.vue'),
        meta: { audience: 'agent', admin: true },
        children: [
          { path: '', name: 'admin', redirect: { name: 'admin-rules' }, meta: { audience: 'agent', admin: true } },
          { path: 'rules', name: 'admin-rules', component: () => import('../admin/rules/RulesPage.vue'), meta: { audience: 'agent', admin: true, title: 'Rules' } },
          { path: 'rules/new', name: 'admin-rule-new', component: () => import('../admin/rules/RuleEditorPage.vue'), meta: { audience: 'agent', admin: true, title: 'New rule' } },
          { path: 'rules/:id', name: 'admin-rule', component: () => import('../admin/rules/RuleEditorPage.vue'), props: true, meta: { audience: 'agent', admin: true, title: 'Rule' } },
          { path: 'teams', name: 'admin-teams', component: () => import('../admin/teams/TeamsPage.vue'), meta: { audience: 'agent', admin: true, title: 'Teams' } },
          { path: 'sla', name: 'admin-sla', redirect: { name: 'admin-sla-policies' }, meta: { audience: 'agent', admin: true } },
          { path: 'sla/calendars', name: 'admin-sla-calendars', component: () => import('../admin/sla/CalendarsPage.vue'), meta: { audience: 'agent', admin: true, title: 'SLA calendars' } },
          { path: 'sla/calendars/new', name: 'admin-sla-calendar-new', component: () => import('../admin/sla/CalendarEditor.vue'), meta: { audience: 'agent', admin: true, title: 'New calendar' } },
          { path: 'sla/calendars/:id', name: 'admin-sla-calendar', component: () => import('../admin/sla/CalendarEditor.vue'), props: true, meta: { audience: 'agent', admin: true, title: 'Calendar' } },
          { path: 'sla/policies', name: 'admin-sla-policies', component: () => import('../admin/sla/PoliciesPage.vue'), meta: { audience: 'agent', admin: true, title: 'SLA policies' } },
          { path: 'sla/policies/new', name: 'admin-sla-policy-new', component: () => import('../admin/sla/PolicyEditor.vue'), meta: { audience: 'agent', admin: true, title: 'New SLA policy' } },
          { path: 'sla/policies/:id', name: 'admin-sla-policy', component: () => import('../admin/sla/PolicyEditor.vue'), props: true, meta: { audience: 'agent', admin: true, title: 'SLA policy' } },
        ],
      },
    ],
  },
  {
    path: '/portal',
    component: () => import('../portal/PortalLayout.vue'),
    meta: { audience: 'customer' },
    children: [
      { path: '', name: 'portal', component: () => import('../portal/MyCasesPage.vue'), meta: { audience: 'customer', title: 'My cases' } },
      { path: 'cases/new', name: 'portal-case-new', component: () => import('../portal/PortalNewCasePage.vue'), meta: { audience: 'customer', title: 'New case' } },
      { path: 'profile', name: 'portal-profile', component: () => import('../shared/profile/ProfilePage.vue'), props: { audience: 'customer' }, meta: { audience: 'customer', title: 'Profile' } },
      { path: 'cases/:number(\\d+)', name: 'portal-case', component: () => import('../portal/PortalCasePage.vue'), props: (r) => ({ number: Number(r.params.number) }), meta: { audience: 'customer', title: 'Case' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../shared/NotFoundPage.vue'), meta: { audience: 'public', title: 'Not found' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

router.beforeEach(async (to) => {
  const audience = to.meta.audience ?? 'public'
  const me = await loadViewer()
  if (to.name === 'signin' && me) return homeFor(me)
  if (audience === 'public') return true
  if (!me) return { name: 'signin', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  const isCustomer = me.role === 'CUSTOMER'
  // Customers never load agent screens, and agents work in the workspace, not the portal.
  if (audience === 'agent' && isCustomer) return homeFor(me)
  if (audience === 'customer' && !isCustomer) return homeFor(me)
  if (to.matched.some((r) => r.meta.admin) && me.role !== 'ADMIN') return homeFor(me)
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Casebook` : 'Casebook'
})

onSessionEnded(() => {
  // A closed socket (4401) explains itself on the sign-in page; an expired cookie gets a toast.
  if (!signInNotice.value) toast('Your session has ended. Please sign in again.', 'error', 6000)
  void router.replace({ name: 'signin', query: { redirect: router.currentRoute.value.fullPath } })
})

// Rights changed (socket closed 4403): the current page may now belong to the other audience.
onRightsChanged((now) => {
  const audience = router.currentRoute.value.meta.audience
  const isCustomer = now.role === 'CUSTOMER'
  const adminLost = router.currentRoute.value.matched.some((r) => r.meta.admin) && now.role !== 'ADMIN'
  if ((audience === 'agent' && isCustomer) || (audience === 'customer' && !isCustomer) || adminLost) void router.replace(homeFor(now))
})
