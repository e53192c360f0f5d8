import { computed, ref } from 'vue'
import { client } from '../graphql/client'
import { PeopleQuery } from './cases/operations'
import type { PeopleQuery as PeopleData } from '../graphql/generated/graphql'

const data = ref<PeopleData | null>(null)
let pending: Promise<void> | null = null

/** Agents and teams for pickers and filters, fetched once per session. */
export function usePeople() {
  if (!data.value && !pending) {
    pending = client.value
      .query(PeopleQuery, {})
      .toPromise()
      .then((r) => {
        if (r.data) data.value = r.data
        pending = null
      })
  }
  return {
    agents: computed(() => (data.value?.users ?? []).filter((u) => u.role !== 'CUSTOMER')),
    teams: computed(() => data.value?.teams ?? []),
  }
}

export function forgetPeople(): void {
  data.value = null
}
