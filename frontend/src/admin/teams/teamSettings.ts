/** The team settings form's check: what the server would refuse, said before it is asked. */
export interface TeamSettingsDraft {
  name: string
  strategy: 'MANUAL' | 'ROUND_ROBIN' | 'LEAST_BUSY'
  cap: string
  memberIds: string[]
}

export function validateTeamSettings(draft: TeamSettingsDraft): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!draft.name.trim()) errors.name = 'Give the team a name.'
  const cap = draft.cap.trim()
  if (cap && !(/^\d+$/.test(cap) && Number(cap) >= 1)) errors.maxOpenPerAgent = 'A cap is a whole number of cases, at least 1; leave it empty for no cap.'
  return errors
}

export function teamInput(draft: TeamSettingsDraft) {
  return {
    name: draft.name.trim(),
    assignmentStrategy: draft.strategy,
    maxOpenPerAgent: draft.cap.trim() ? Number(draft.cap) : null,
    memberIds: draft.memberIds,
  }
}
