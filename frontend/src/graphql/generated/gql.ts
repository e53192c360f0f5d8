/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment RuleConditionFields on RuleCondition {\n    field\n    operator\n    value\n  }\n": typeof types.RuleConditionFieldsFragmentDoc,
    "\n  fragment RuleFields on Rule {\n    id\n    name\n    position\n    active\n    event\n    stopProcessing\n    repeat\n    repeatEveryHours\n    lastFiredAt\n    fireCount\n    updatedAt\n    conditions {\n      groupsMatch\n      all { ...RuleConditionFields }\n      any { ...RuleConditionFields }\n      groups {\n        groupsMatch\n        all { ...RuleConditionFields }\n        any { ...RuleConditionFields }\n        groups {\n          groupsMatch\n          all { ...RuleConditionFields }\n          any { ...RuleConditionFields }\n        }\n      }\n    }\n    actions {\n      type\n      field\n      value\n      subject\n      dueInMinutes\n    }\n  }\n": typeof types.RuleFieldsFragmentDoc,
    "\n  query Rules {\n    rules {\n      ...RuleFields\n    }\n  }\n": typeof types.RulesDocument,
    "\n  query RuleEditor {\n    rules {\n      ...RuleFields\n    }\n    ruleFields {\n      name\n      label\n      kind\n      options\n      operators\n      settable\n    }\n  }\n": typeof types.RuleEditorDocument,
    "\n  mutation CreateRule($input: RuleInput!) {\n    createRule(input: $input) {\n      ...RuleFields\n    }\n  }\n": typeof types.CreateRuleDocument,
    "\n  mutation UpdateRule($id: ID!, $input: RuleInput!) {\n    updateRule(id: $id, input: $input) {\n      ...RuleFields\n    }\n  }\n": typeof types.UpdateRuleDocument,
    "\n  mutation DeleteRule($id: ID!) {\n    deleteRule(id: $id)\n  }\n": typeof types.DeleteRuleDocument,
    "\n  mutation ReorderRules($ids: [ID!]!) {\n    reorderRules(ids: $ids) {\n      ...RuleFields\n    }\n  }\n": typeof types.ReorderRulesDocument,
    "\n  query CaseByNumber($number: Int!) {\n    case(number: $number) {\n      id\n      number\n      subject\n    }\n  }\n": typeof types.CaseByNumberDocument,
    "\n  fragment RuleCheckFields on RuleConditionCheck {\n    field\n    operator\n    value\n    actual\n    matched\n  }\n": typeof types.RuleCheckFieldsFragmentDoc,
    "\n  mutation TestRule($id: ID!, $caseId: ID!) {\n    testRule(id: $id, caseId: $caseId) {\n      matched\n      actions {\n        type\n        field\n        value\n        description\n      }\n      conditions {\n        matched\n        groupsMatch\n        all { ...RuleCheckFields }\n        any { ...RuleCheckFields }\n        groups {\n          matched\n          groupsMatch\n          all { ...RuleCheckFields }\n          any { ...RuleCheckFields }\n          groups {\n            matched\n            groupsMatch\n            all { ...RuleCheckFields }\n            any { ...RuleCheckFields }\n          }\n        }\n      }\n    }\n  }\n": typeof types.TestRuleDocument,
    "\n  fragment SlaCalendarFields on SlaCalendar {\n    id\n    name\n    timeZone\n    isDefault\n    hours {\n      weekday\n      start\n      end\n    }\n    holidays {\n      id\n      date\n      yearly\n      name\n      source\n    }\n  }\n": typeof types.SlaCalendarFieldsFragmentDoc,
    "\n  fragment SlaPolicyFields on SlaPolicy {\n    id\n    name\n    position\n    active\n    calendar {\n      id\n      name\n    }\n    conditions {\n      priorities\n      types\n      teamIds\n      accountIds\n      origins\n    }\n    targets {\n      priority\n      firstResponseMinutes\n      nextResponseMinutes\n      resolutionMinutes\n    }\n    pauseStatuses\n    warnPercents\n  }\n": typeof types.SlaPolicyFieldsFragmentDoc,
    "\n  query SlaCalendars {\n    slaCalendars {\n      ...SlaCalendarFields\n    }\n  }\n": typeof types.SlaCalendarsDocument,
    "\n  query SlaPolicies {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n  }\n": typeof types.SlaPoliciesDocument,
    "\n  query SlaPolicyEditor {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n    slaCalendars {\n      id\n      name\n      isDefault\n    }\n    accounts(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.SlaPolicyEditorDocument,
    "\n  mutation CreateSlaCalendar($input: SlaCalendarInput!) {\n    createSlaCalendar(input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n": typeof types.CreateSlaCalendarDocument,
    "\n  mutation UpdateSlaCalendar($id: ID!, $input: SlaCalendarInput!) {\n    updateSlaCalendar(id: $id, input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n": typeof types.UpdateSlaCalendarDocument,
    "\n  mutation DeleteSlaCalendar($id: ID!) {\n    deleteSlaCalendar(id: $id)\n  }\n": typeof types.DeleteSlaCalendarDocument,
    "\n  mutation ImportSlaHolidays($calendarId: ID!, $ics: String!, $replace: Boolean) {\n    importSlaHolidays(calendarId: $calendarId, ics: $ics, replace: $replace) {\n      ...SlaCalendarFields\n    }\n  }\n": typeof types.ImportSlaHolidaysDocument,
    "\n  mutation CreateSlaPolicy($input: SlaPolicyInput!) {\n    createSlaPolicy(input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n": typeof types.CreateSlaPolicyDocument,
    "\n  mutation UpdateSlaPolicy($id: ID!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(id: $id, input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n": typeof types.UpdateSlaPolicyDocument,
    "\n  mutation DeleteSlaPolicy($id: ID!) {\n    deleteSlaPolicy(id: $id)\n  }\n": typeof types.DeleteSlaPolicyDocument,
    "\n  mutation ReorderSlaPolicies($ids: [ID!]!) {\n    reorderSlaPolicies(ids: $ids) {\n      ...SlaPolicyFields\n    }\n  }\n": typeof types.ReorderSlaPoliciesDocument,
    "\n  fragment AdminTeamFields on Team {\n    id\n    name\n    assignmentStrategy\n    maxOpenPerAgent\n    members {\n      id\n      name\n      isAway\n      absentUntil\n    }\n  }\n": typeof types.AdminTeamFieldsFragmentDoc,
    "\n  query AdminTeams {\n    teams {\n      ...AdminTeamFields\n    }\n    users(active: true) {\n      id\n      name\n      role\n      isAway\n    }\n  }\n": typeof types.AdminTeamsDocument,
    "\n  mutation UpdateTeam($id: ID!, $input: TeamInput!) {\n    updateTeam(id: $id, input: $input) {\n      ...AdminTeamFields\n    }\n  }\n": typeof types.UpdateTeamDocument,
    "\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      ...AdminTeamFields\n    }\n  }\n": typeof types.CreateTeamDocument,
    "\n  query Accounts($first: Int, $after: String, $search: String) {\n    accounts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          domain\n        }\n      }\n    }\n  }\n": typeof types.AccountsDocument,
    "\n  query Account($id: ID!) {\n    account(id: $id) {\n      id\n      name\n      domain\n      contacts {\n        id\n        name\n        email\n      }\n      entitlements {\n        ...EntitlementFields\n      }\n    }\n  }\n": typeof types.AccountDocument,
    "\n  mutation CreateAccount($input: AccountInput!) {\n    createAccount(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateAccountDocument,
    "\n  fragment EntitlementFields on Entitlement {\n    id\n    name\n    unit\n    allocation\n    periodStart\n    periodEnd\n    decrementOn\n    overdraft\n    policy {\n      id\n      name\n    }\n    balance\n    active\n    entries(first: 50) {\n      id\n      at\n      amount\n      reason\n      caseNumber\n      note\n      actorName\n    }\n  }\n": typeof types.EntitlementFieldsFragmentDoc,
    "\n  query EntitlementPolicies {\n    slaPolicies {\n      id\n      name\n      active\n    }\n  }\n": typeof types.EntitlementPoliciesDocument,
    "\n  mutation CreateEntitlement($accountId: ID!, $input: EntitlementInput!) {\n    createEntitlement(accountId: $accountId, input: $input) {\n      ...EntitlementFields\n    }\n  }\n": typeof types.CreateEntitlementDocument,
    "\n  mutation UpdateEntitlement($id: ID!, $input: EntitlementInput!) {\n    updateEntitlement(id: $id, input: $input) {\n      ...EntitlementFields\n    }\n  }\n": typeof types.UpdateEntitlementDocument,
    "\n  mutation AdjustEntitlement($id: ID!, $amount: Float!, $note: String!) {\n    adjustEntitlement(id: $id, amount: $amount, note: $note) {\n      ...EntitlementFields\n    }\n  }\n": typeof types.AdjustEntitlementDocument,
    "\n  fragment CaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n    }\n    sla {\n      badge\n      nextDueAt\n      warningAt\n    }\n  }\n": typeof types.CaseRowFragmentDoc,
    "\n  query Cases($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      totalCountCapped\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseRow\n        }\n      }\n    }\n  }\n": typeof types.CasesDocument,
    "\n  subscription AgentCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...CaseRow\n      }\n      ... on PostAdded {\n        post {\n          id\n          visibility\n          body\n          author {\n            name\n            kind\n          }\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n": typeof types.AgentCaseFeedDocument,
    "\n  query People {\n    users {\n      id\n      name\n      role\n    }\n    teams {\n      id\n      name\n    }\n  }\n": typeof types.PeopleDocument,
    "\n  mutation BulkUpdateCases($ids: [ID!]!, $input: BulkCaseInput!) {\n    bulkUpdateCases(ids: $ids, input: $input) {\n      ...CaseRow\n    }\n  }\n": typeof types.BulkUpdateCasesDocument,
    "\n  fragment CaseSlaFields on CaseSla {\n    badge\n    nextDueAt\n    warningAt\n    policy {\n      id\n      name\n    }\n    targets {\n      kind\n      cycle\n      targetMinutes\n      state\n      startedAt\n      dueAt\n      breachedAt\n      pausedSince\n      metAt\n      businessMinutesLeft\n      warningsAt\n    }\n    timeline {\n      kind\n      status\n      startsAt\n      endsAt\n    }\n  }\n": typeof types.CaseSlaFieldsFragmentDoc,
    "\n  fragment CaseDetail on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    origin\n    email\n    phone\n    tags\n    createdAt\n    updatedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    isFollowing\n    allowedStatuses\n    internalComments\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      email\n    }\n    reportedBy {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    lastPost {\n      id\n    }\n    sla {\n      ...CaseSlaFields\n    }\n  }\n": typeof types.CaseDetailFragmentDoc,
    "\n  query AgentCase($number: Int!) {\n    case(number: $number) {\n      ...CaseDetail\n      posts(first: 100) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.AgentCaseDocument,
    "\n  query CaseHistory($id: ID!) {\n    case(id: $id) {\n      id\n      history {\n        id\n        at\n        field\n        oldValue\n        newValue\n        actorName\n        ruleName\n        causedBy\n      }\n    }\n  }\n": typeof types.CaseHistoryDocument,
    "\n  query AgentCaseDetail($id: ID!) {\n    case(id: $id) {\n      ...CaseDetail\n    }\n  }\n": typeof types.AgentCaseDetailDocument,
    "\n  subscription AgentCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...CaseDetail\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n": typeof types.AgentCaseEventsDocument,
    "\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!, $ifUnchangedSince: DateTime) {\n    updateCase(id: $id, input: $input, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n": typeof types.UpdateCaseDocument,
    "\n  mutation AssignCase($id: ID!, $assigneeId: ID, $ifUnchangedSince: DateTime) {\n    assignCase(id: $id, assigneeId: $assigneeId, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n": typeof types.AssignCaseDocument,
    "\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!, $ifUnchangedSince: DateTime) {\n    setCaseStatus(id: $id, status: $status, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n": typeof types.SetCaseStatusDocument,
    "\n  mutation FollowCase($id: ID!) {\n    followCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n": typeof types.FollowCaseDocument,
    "\n  mutation UnfollowCase($id: ID!) {\n    unfollowCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n": typeof types.UnfollowCaseDocument,
    "\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n": typeof types.CreateCaseDocument,
    "\n  query AccountOptions($search: String) {\n    accounts(first: 50, search: $search) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AccountOptionsDocument,
    "\n  query ContactOptions($search: String, $accountId: ID) {\n    contacts(first: 50, search: $search, accountId: $accountId) {\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ContactOptionsDocument,
    "\n  mutation CreateContactFromCase($caseId: ID!, $name: String) {\n    createContactFromCase(caseId: $caseId, name: $name) {\n      id\n      name\n      email\n    }\n  }\n": typeof types.CreateContactFromCaseDocument,
    "\n  fragment TaskFields on Task {\n    id\n    subject\n    dueAt\n    done\n    doneAt\n    createdByName\n    createdAt\n    assignee {\n      id\n      name\n    }\n  }\n": typeof types.TaskFieldsFragmentDoc,
    "\n  query CaseTasks($id: ID!) {\n    case(id: $id) {\n      id\n      tasks {\n        ...TaskFields\n      }\n    }\n  }\n": typeof types.CaseTasksDocument,
    "\n  mutation CreateTask($caseId: ID!, $input: TaskInput!) {\n    createTask(caseId: $caseId, input: $input) {\n      ...TaskFields\n    }\n  }\n": typeof types.CreateTaskDocument,
    "\n  mutation SetTaskDone($id: ID!, $done: Boolean!) {\n    setTaskDone(id: $id, done: $done) {\n      ...TaskFields\n    }\n  }\n": typeof types.SetTaskDoneDocument,
    "\n  query Contacts($first: Int, $after: String, $search: String) {\n    contacts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ContactsDocument,
    "\n  query Contact($id: ID!) {\n    contact(id: $id) {\n      id\n      name\n      email\n      phone\n      account {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ContactDocument,
    "\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateContactDocument,
    "\n  query ViewCounts($me: ID!) {\n    mine: cases(first: 1, filter: { assigneeId: $me, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    unassigned: cases(first: 1, filter: { unassigned: true, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    open: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    # \"Breaching soon\": the window is cases/filters.ts BREACHING_SOON_MINUTES.\n    breaching: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD], slaDue: { withinMinutes: 240 } }) {\n      totalCount\n      totalCountCapped\n    }\n  }\n": typeof types.ViewCountsDocument,
    "\n  query Notifications {\n    notifications(first: 30) {\n      id\n      title\n      body\n      createdAt\n      readAt\n      case {\n        id\n        number\n        subject\n      }\n    }\n    me {\n      id\n      unreadNotificationCount\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n": typeof types.MarkNotificationsReadDocument,
    "\n  fragment PortalCaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    createdAt\n    updatedAt\n  }\n": typeof types.PortalCaseRowFragmentDoc,
    "\n  query MyCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PortalCaseRow\n        }\n      }\n    }\n  }\n": typeof types.MyCasesDocument,
    "\n  subscription PortalCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...PortalCaseRow\n      }\n    }\n  }\n": typeof types.PortalCaseFeedDocument,
    "\n  fragment PortalCase on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n  }\n": typeof types.PortalCaseFragmentDoc,
    "\n  query PortalCase($number: Int!) {\n    case(number: $number) {\n      ...PortalCase\n      posts(first: 100) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.PortalCaseDocument,
    "\n  subscription PortalCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...PortalCase\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n    }\n  }\n": typeof types.PortalCaseEventsDocument,
    "\n  mutation PortalCreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n": typeof types.PortalCreateCaseDocument,
    "\n  query PortalCaseCreation {\n    me {\n      id\n      caseCreationBlocked\n    }\n  }\n": typeof types.PortalCaseCreationDocument,
    "\n  fragment ViewerFields on Viewer {\n    id\n    name\n    email\n    role\n    canCreateCases\n    contact {\n      id\n      name\n    }\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      viewer {\n        ...ViewerFields\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  fragment PostFields on Post {\n    id\n    body\n    visibility\n    channel\n    createdAt\n    author {\n      name\n      kind\n    }\n    attachments {\n      id\n      filename\n      size\n      url\n    }\n  }\n": typeof types.PostFieldsFragmentDoc,
    "\n  mutation AddPost($caseId: ID!, $body: String!, $visibility: Visibility!, $expectedLastPostId: ID) {\n    addPost(caseId: $caseId, body: $body, visibility: $visibility, expectedLastPostId: $expectedLastPostId) {\n      ...PostFields\n    }\n  }\n": typeof types.AddPostDocument,
    "\n  query CasePosts($id: ID!, $after: String) {\n    case(id: $id) {\n      id\n      posts(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.CasePostsDocument,
    "\n  mutation RenameMe($id: ID!, $name: String!) {\n    updateUser(id: $id, input: { name: $name }) {\n      id\n      name\n    }\n  }\n": typeof types.RenameMeDocument,
    "\n  mutation ChangePassword($id: ID!, $currentPassword: String!, $password: String!) {\n    updateUser(id: $id, input: { currentPassword: $currentPassword, password: $password }) {\n      id\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": typeof types.SignOutEverywhereDocument,
    "\n  query MyAvailability {\n    me {\n      id\n      isAway\n      timeZone\n      absences {\n        id\n        startsAt\n        endsAt\n        note\n      }\n    }\n  }\n": typeof types.MyAvailabilityDocument,
    "\n  mutation SetAway($id: ID!, $isAway: Boolean!) {\n    updateUser(id: $id, input: { isAway: $isAway }) {\n      id\n      isAway\n    }\n  }\n": typeof types.SetAwayDocument,
    "\n  mutation SetTimeZone($id: ID!, $timeZone: String!) {\n    updateUser(id: $id, input: { timeZone: $timeZone }) {\n      id\n    }\n  }\n": typeof types.SetTimeZoneDocument,
    "\n  mutation CreateAbsence($input: AbsenceInput!) {\n    createAbsence(input: $input) {\n      id\n      startsAt\n      endsAt\n      note\n    }\n  }\n": typeof types.CreateAbsenceDocument,
    "\n  mutation DeleteAbsence($id: ID!) {\n    deleteAbsence(id: $id)\n  }\n": typeof types.DeleteAbsenceDocument,
};
const documents: Documents = {
    "\n  fragment RuleConditionFields on RuleCondition {\n    field\n    operator\n    value\n  }\n": types.RuleConditionFieldsFragmentDoc,
    "\n  fragment RuleFields on Rule {\n    id\n    name\n    position\n    active\n    event\n    stopProcessing\n    repeat\n    repeatEveryHours\n    lastFiredAt\n    fireCount\n    updatedAt\n    conditions {\n      groupsMatch\n      all { ...RuleConditionFields }\n      any { ...RuleConditionFields }\n      groups {\n        groupsMatch\n        all { ...RuleConditionFields }\n        any { ...RuleConditionFields }\n        groups {\n          groupsMatch\n          all { ...RuleConditionFields }\n          any { ...RuleConditionFields }\n        }\n      }\n    }\n    actions {\n      type\n      field\n      value\n      subject\n      dueInMinutes\n    }\n  }\n": types.RuleFieldsFragmentDoc,
    "\n  query Rules {\n    rules {\n      ...RuleFields\n    }\n  }\n": types.RulesDocument,
    "\n  query RuleEditor {\n    rules {\n      ...RuleFields\n    }\n    ruleFields {\n      name\n      label\n      kind\n      options\n      operators\n      settable\n    }\n  }\n": types.RuleEditorDocument,
    "\n  mutation CreateRule($input: RuleInput!) {\n    createRule(input: $input) {\n      ...RuleFields\n    }\n  }\n": types.CreateRuleDocument,
    "\n  mutation UpdateRule($id: ID!, $input: RuleInput!) {\n    updateRule(id: $id, input: $input) {\n      ...RuleFields\n    }\n  }\n": types.UpdateRuleDocument,
    "\n  mutation DeleteRule($id: ID!) {\n    deleteRule(id: $id)\n  }\n": types.DeleteRuleDocument,
    "\n  mutation ReorderRules($ids: [ID!]!) {\n    reorderRules(ids: $ids) {\n      ...RuleFields\n    }\n  }\n": types.ReorderRulesDocument,
    "\n  query CaseByNumber($number: Int!) {\n    case(number: $number) {\n      id\n      number\n      subject\n    }\n  }\n": types.CaseByNumberDocument,
    "\n  fragment RuleCheckFields on RuleConditionCheck {\n    field\n    operator\n    value\n    actual\n    matched\n  }\n": types.RuleCheckFieldsFragmentDoc,
    "\n  mutation TestRule($id: ID!, $caseId: ID!) {\n    testRule(id: $id, caseId: $caseId) {\n      matched\n      actions {\n        type\n        field\n        value\n        description\n      }\n      conditions {\n        matched\n        groupsMatch\n        all { ...RuleCheckFields }\n        any { ...RuleCheckFields }\n        groups {\n          matched\n          groupsMatch\n          all { ...RuleCheckFields }\n          any { ...RuleCheckFields }\n          groups {\n            matched\n            groupsMatch\n            all { ...RuleCheckFields }\n            any { ...RuleCheckFields }\n          }\n        }\n      }\n    }\n  }\n": types.TestRuleDocument,
    "\n  fragment SlaCalendarFields on SlaCalendar {\n    id\n    name\n    timeZone\n    isDefault\n    hours {\n      weekday\n      start\n      end\n    }\n    holidays {\n      id\n      date\n      yearly\n      name\n      source\n    }\n  }\n": types.SlaCalendarFieldsFragmentDoc,
    "\n  fragment SlaPolicyFields on SlaPolicy {\n    id\n    name\n    position\n    active\n    calendar {\n      id\n      name\n    }\n    conditions {\n      priorities\n      types\n      teamIds\n      accountIds\n      origins\n    }\n    targets {\n      priority\n      firstResponseMinutes\n      nextResponseMinutes\n      resolutionMinutes\n    }\n    pauseStatuses\n    warnPercents\n  }\n": types.SlaPolicyFieldsFragmentDoc,
    "\n  query SlaCalendars {\n    slaCalendars {\n      ...SlaCalendarFields\n    }\n  }\n": types.SlaCalendarsDocument,
    "\n  query SlaPolicies {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n  }\n": types.SlaPoliciesDocument,
    "\n  query SlaPolicyEditor {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n    slaCalendars {\n      id\n      name\n      isDefault\n    }\n    accounts(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.SlaPolicyEditorDocument,
    "\n  mutation CreateSlaCalendar($input: SlaCalendarInput!) {\n    createSlaCalendar(input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n": types.CreateSlaCalendarDocument,
    "\n  mutation UpdateSlaCalendar($id: ID!, $input: SlaCalendarInput!) {\n    updateSlaCalendar(id: $id, input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n": types.UpdateSlaCalendarDocument,
    "\n  mutation DeleteSlaCalendar($id: ID!) {\n    deleteSlaCalendar(id: $id)\n  }\n": types.DeleteSlaCalendarDocument,
    "\n  mutation ImportSlaHolidays($calendarId: ID!, $ics: String!, $replace: Boolean) {\n    importSlaHolidays(calendarId: $calendarId, ics: $ics, replace: $replace) {\n      ...SlaCalendarFields\n    }\n  }\n": types.ImportSlaHolidaysDocument,
    "\n  mutation CreateSlaPolicy($input: SlaPolicyInput!) {\n    createSlaPolicy(input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n": types.CreateSlaPolicyDocument,
    "\n  mutation UpdateSlaPolicy($id: ID!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(id: $id, input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n": types.UpdateSlaPolicyDocument,
    "\n  mutation DeleteSlaPolicy($id: ID!) {\n    deleteSlaPolicy(id: $id)\n  }\n": types.DeleteSlaPolicyDocument,
    "\n  mutation ReorderSlaPolicies($ids: [ID!]!) {\n    reorderSlaPolicies(ids: $ids) {\n      ...SlaPolicyFields\n    }\n  }\n": types.ReorderSlaPoliciesDocument,
    "\n  fragment AdminTeamFields on Team {\n    id\n    name\n    assignmentStrategy\n    maxOpenPerAgent\n    members {\n      id\n      name\n      isAway\n      absentUntil\n    }\n  }\n": types.AdminTeamFieldsFragmentDoc,
    "\n  query AdminTeams {\n    teams {\n      ...AdminTeamFields\n    }\n    users(active: true) {\n      id\n      name\n      role\n      isAway\n    }\n  }\n": types.AdminTeamsDocument,
    "\n  mutation UpdateTeam($id: ID!, $input: TeamInput!) {\n    updateTeam(id: $id, input: $input) {\n      ...AdminTeamFields\n    }\n  }\n": types.UpdateTeamDocument,
    "\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      ...AdminTeamFields\n    }\n  }\n": types.CreateTeamDocument,
    "\n  query Accounts($first: Int, $after: String, $search: String) {\n    accounts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          domain\n        }\n      }\n    }\n  }\n": types.AccountsDocument,
    "\n  query Account($id: ID!) {\n    account(id: $id) {\n      id\n      name\n      domain\n      contacts {\n        id\n        name\n        email\n      }\n      entitlements {\n        ...EntitlementFields\n      }\n    }\n  }\n": types.AccountDocument,
    "\n  mutation CreateAccount($input: AccountInput!) {\n    createAccount(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateAccountDocument,
    "\n  fragment EntitlementFields on Entitlement {\n    id\n    name\n    unit\n    allocation\n    periodStart\n    periodEnd\n    decrementOn\n    overdraft\n    policy {\n      id\n      name\n    }\n    balance\n    active\n    entries(first: 50) {\n      id\n      at\n      amount\n      reason\n      caseNumber\n      note\n      actorName\n    }\n  }\n": types.EntitlementFieldsFragmentDoc,
    "\n  query EntitlementPolicies {\n    slaPolicies {\n      id\n      name\n      active\n    }\n  }\n": types.EntitlementPoliciesDocument,
    "\n  mutation CreateEntitlement($accountId: ID!, $input: EntitlementInput!) {\n    createEntitlement(accountId: $accountId, input: $input) {\n      ...EntitlementFields\n    }\n  }\n": types.CreateEntitlementDocument,
    "\n  mutation UpdateEntitlement($id: ID!, $input: EntitlementInput!) {\n    updateEntitlement(id: $id, input: $input) {\n      ...EntitlementFields\n    }\n  }\n": types.UpdateEntitlementDocument,
    "\n  mutation AdjustEntitlement($id: ID!, $amount: Float!, $note: String!) {\n    adjustEntitlement(id: $id, amount: $amount, note: $note) {\n      ...EntitlementFields\n    }\n  }\n": types.AdjustEntitlementDocument,
    "\n  fragment CaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n    }\n    sla {\n      badge\n      nextDueAt\n      warningAt\n    }\n  }\n": types.CaseRowFragmentDoc,
    "\n  query Cases($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      totalCountCapped\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseRow\n        }\n      }\n    }\n  }\n": types.CasesDocument,
    "\n  subscription AgentCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...CaseRow\n      }\n      ... on PostAdded {\n        post {\n          id\n          visibility\n          body\n          author {\n            name\n            kind\n          }\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n": types.AgentCaseFeedDocument,
    "\n  query People {\n    users {\n      id\n      name\n      role\n    }\n    teams {\n      id\n      name\n    }\n  }\n": types.PeopleDocument,
    "\n  mutation BulkUpdateCases($ids: [ID!]!, $input: BulkCaseInput!) {\n    bulkUpdateCases(ids: $ids, input: $input) {\n      ...CaseRow\n    }\n  }\n": types.BulkUpdateCasesDocument,
    "\n  fragment CaseSlaFields on CaseSla {\n    badge\n    nextDueAt\n    warningAt\n    policy {\n      id\n      name\n    }\n    targets {\n      kind\n      cycle\n      targetMinutes\n      state\n      startedAt\n      dueAt\n      breachedAt\n      pausedSince\n      metAt\n      businessMinutesLeft\n      warningsAt\n    }\n    timeline {\n      kind\n      status\n      startsAt\n      endsAt\n    }\n  }\n": types.CaseSlaFieldsFragmentDoc,
    "\n  fragment CaseDetail on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    origin\n    email\n    phone\n    tags\n    createdAt\n    updatedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    isFollowing\n    allowedStatuses\n    internalComments\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      email\n    }\n    reportedBy {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    lastPost {\n      id\n    }\n    sla {\n      ...CaseSlaFields\n    }\n  }\n": types.CaseDetailFragmentDoc,
    "\n  query AgentCase($number: Int!) {\n    case(number: $number) {\n      ...CaseDetail\n      posts(first: 100) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n": types.AgentCaseDocument,
    "\n  query CaseHistory($id: ID!) {\n    case(id: $id) {\n      id\n      history {\n        id\n        at\n        field\n        oldValue\n        newValue\n        actorName\n        ruleName\n        causedBy\n      }\n    }\n  }\n": types.CaseHistoryDocument,
    "\n  query AgentCaseDetail($id: ID!) {\n    case(id: $id) {\n      ...CaseDetail\n    }\n  }\n": types.AgentCaseDetailDocument,
    "\n  subscription AgentCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...CaseDetail\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n": types.AgentCaseEventsDocument,
    "\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!, $ifUnchangedSince: DateTime) {\n    updateCase(id: $id, input: $input, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n": types.UpdateCaseDocument,
    "\n  mutation AssignCase($id: ID!, $assigneeId: ID, $ifUnchangedSince: DateTime) {\n    assignCase(id: $id, assigneeId: $assigneeId, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n": types.AssignCaseDocument,
    "\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!, $ifUnchangedSince: DateTime) {\n    setCaseStatus(id: $id, status: $status, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n": types.SetCaseStatusDocument,
    "\n  mutation FollowCase($id: ID!) {\n    followCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n": types.FollowCaseDocument,
    "\n  mutation UnfollowCase($id: ID!) {\n    unfollowCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n": types.UnfollowCaseDocument,
    "\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n": types.CreateCaseDocument,
    "\n  query AccountOptions($search: String) {\n    accounts(first: 50, search: $search) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AccountOptionsDocument,
    "\n  query ContactOptions($search: String, $accountId: ID) {\n    contacts(first: 50, search: $search, accountId: $accountId) {\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ContactOptionsDocument,
    "\n  mutation CreateContactFromCase($caseId: ID!, $name: String) {\n    createContactFromCase(caseId: $caseId, name: $name) {\n      id\n      name\n      email\n    }\n  }\n": types.CreateContactFromCaseDocument,
    "\n  fragment TaskFields on Task {\n    id\n    subject\n    dueAt\n    done\n    doneAt\n    createdByName\n    createdAt\n    assignee {\n      id\n      name\n    }\n  }\n": types.TaskFieldsFragmentDoc,
    "\n  query CaseTasks($id: ID!) {\n    case(id: $id) {\n      id\n      tasks {\n        ...TaskFields\n      }\n    }\n  }\n": types.CaseTasksDocument,
    "\n  mutation CreateTask($caseId: ID!, $input: TaskInput!) {\n    createTask(caseId: $caseId, input: $input) {\n      ...TaskFields\n    }\n  }\n": types.CreateTaskDocument,
    "\n  mutation SetTaskDone($id: ID!, $done: Boolean!) {\n    setTaskDone(id: $id, done: $done) {\n      ...TaskFields\n    }\n  }\n": types.SetTaskDoneDocument,
    "\n  query Contacts($first: Int, $after: String, $search: String) {\n    contacts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ContactsDocument,
    "\n  query Contact($id: ID!) {\n    contact(id: $id) {\n      id\n      name\n      email\n      phone\n      account {\n        id\n        name\n      }\n    }\n  }\n": types.ContactDocument,
    "\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateContactDocument,
    "\n  query ViewCounts($me: ID!) {\n    mine: cases(first: 1, filter: { assigneeId: $me, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    unassigned: cases(first: 1, filter: { unassigned: true, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    open: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    # \"Breaching soon\": the window is cases/filters.ts BREACHING_SOON_MINUTES.\n    breaching: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD], slaDue: { withinMinutes: 240 } }) {\n      totalCount\n      totalCountCapped\n    }\n  }\n": types.ViewCountsDocument,
    "\n  query Notifications {\n    notifications(first: 30) {\n      id\n      title\n      body\n      createdAt\n      readAt\n      case {\n        id\n        number\n        subject\n      }\n    }\n    me {\n      id\n      unreadNotificationCount\n    }\n  }\n": types.NotificationsDocument,
    "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n": types.MarkNotificationsReadDocument,
    "\n  fragment PortalCaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    createdAt\n    updatedAt\n  }\n": types.PortalCaseRowFragmentDoc,
    "\n  query MyCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PortalCaseRow\n        }\n      }\n    }\n  }\n": types.MyCasesDocument,
    "\n  subscription PortalCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...PortalCaseRow\n      }\n    }\n  }\n": types.PortalCaseFeedDocument,
    "\n  fragment PortalCase on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n  }\n": types.PortalCaseFragmentDoc,
    "\n  query PortalCase($number: Int!) {\n    case(number: $number) {\n      ...PortalCase\n      posts(first: 100) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n": types.PortalCaseDocument,
    "\n  subscription PortalCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...PortalCase\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n    }\n  }\n": types.PortalCaseEventsDocument,
    "\n  mutation PortalCreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n": types.PortalCreateCaseDocument,
    "\n  query PortalCaseCreation {\n    me {\n      id\n      caseCreationBlocked\n    }\n  }\n": types.PortalCaseCreationDocument,
    "\n  fragment ViewerFields on Viewer {\n    id\n    name\n    email\n    role\n    canCreateCases\n    contact {\n      id\n      name\n    }\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      viewer {\n        ...ViewerFields\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  fragment PostFields on Post {\n    id\n    body\n    visibility\n    channel\n    createdAt\n    author {\n      name\n      kind\n    }\n    attachments {\n      id\n      filename\n      size\n      url\n    }\n  }\n": types.PostFieldsFragmentDoc,
    "\n  mutation AddPost($caseId: ID!, $body: String!, $visibility: Visibility!, $expectedLastPostId: ID) {\n    addPost(caseId: $caseId, body: $body, visibility: $visibility, expectedLastPostId: $expectedLastPostId) {\n      ...PostFields\n    }\n  }\n": types.AddPostDocument,
    "\n  query CasePosts($id: ID!, $after: String) {\n    case(id: $id) {\n      id\n      posts(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n": types.CasePostsDocument,
    "\n  mutation RenameMe($id: ID!, $name: String!) {\n    updateUser(id: $id, input: { name: $name }) {\n      id\n      name\n    }\n  }\n": types.RenameMeDocument,
    "\n  mutation ChangePassword($id: ID!, $currentPassword: String!, $password: String!) {\n    updateUser(id: $id, input: { currentPassword: $currentPassword, password: $password }) {\n      id\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n": types.SignOutEverywhereDocument,
    "\n  query MyAvailability {\n    me {\n      id\n      isAway\n      timeZone\n      absences {\n        id\n        startsAt\n        endsAt\n        note\n      }\n    }\n  }\n": types.MyAvailabilityDocument,
    "\n  mutation SetAway($id: ID!, $isAway: Boolean!) {\n    updateUser(id: $id, input: { isAway: $isAway }) {\n      id\n      isAway\n    }\n  }\n": types.SetAwayDocument,
    "\n  mutation SetTimeZone($id: ID!, $timeZone: String!) {\n    updateUser(id: $id, input: { timeZone: $timeZone }) {\n      id\n    }\n  }\n": types.SetTimeZoneDocument,
    "\n  mutation CreateAbsence($input: AbsenceInput!) {\n    createAbsence(input: $input) {\n      id\n      startsAt\n      endsAt\n      note\n    }\n  }\n": types.CreateAbsenceDocument,
    "\n  mutation DeleteAbsence($id: ID!) {\n    deleteAbsence(id: $id)\n  }\n": types.DeleteAbsenceDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RuleConditionFields on RuleCondition {\n    field\n    operator\n    value\n  }\n"): (typeof documents)["\n  fragment RuleConditionFields on RuleCondition {\n    field\n    operator\n    value\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RuleFields on Rule {\n    id\n    name\n    position\n    active\n    event\n    stopProcessing\n    repeat\n    repeatEveryHours\n    lastFiredAt\n    fireCount\n    updatedAt\n    conditions {\n      groupsMatch\n      all { ...RuleConditionFields }\n      any { ...RuleConditionFields }\n      groups {\n        groupsMatch\n        all { ...RuleConditionFields }\n        any { ...RuleConditionFields }\n        groups {\n          groupsMatch\n          all { ...RuleConditionFields }\n          any { ...RuleConditionFields }\n        }\n      }\n    }\n    actions {\n      type\n      field\n      value\n      subject\n      dueInMinutes\n    }\n  }\n"): (typeof documents)["\n  fragment RuleFields on Rule {\n    id\n    name\n    position\n    active\n    event\n    stopProcessing\n    repeat\n    repeatEveryHours\n    lastFiredAt\n    fireCount\n    updatedAt\n    conditions {\n      groupsMatch\n      all { ...RuleConditionFields }\n      any { ...RuleConditionFields }\n      groups {\n        groupsMatch\n        all { ...RuleConditionFields }\n        any { ...RuleConditionFields }\n        groups {\n          groupsMatch\n          all { ...RuleConditionFields }\n          any { ...RuleConditionFields }\n        }\n      }\n    }\n    actions {\n      type\n      field\n      value\n      subject\n      dueInMinutes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Rules {\n    rules {\n      ...RuleFields\n    }\n  }\n"): (typeof documents)["\n  query Rules {\n    rules {\n      ...RuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RuleEditor {\n    rules {\n      ...RuleFields\n    }\n    ruleFields {\n      name\n      label\n      kind\n      options\n      operators\n      settable\n    }\n  }\n"): (typeof documents)["\n  query RuleEditor {\n    rules {\n      ...RuleFields\n    }\n    ruleFields {\n      name\n      label\n      kind\n      options\n      operators\n      settable\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRule($input: RuleInput!) {\n    createRule(input: $input) {\n      ...RuleFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRule($input: RuleInput!) {\n    createRule(input: $input) {\n      ...RuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRule($id: ID!, $input: RuleInput!) {\n    updateRule(id: $id, input: $input) {\n      ...RuleFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRule($id: ID!, $input: RuleInput!) {\n    updateRule(id: $id, input: $input) {\n      ...RuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRule($id: ID!) {\n    deleteRule(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteRule($id: ID!) {\n    deleteRule(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReorderRules($ids: [ID!]!) {\n    reorderRules(ids: $ids) {\n      ...RuleFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReorderRules($ids: [ID!]!) {\n    reorderRules(ids: $ids) {\n      ...RuleFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseByNumber($number: Int!) {\n    case(number: $number) {\n      id\n      number\n      subject\n    }\n  }\n"): (typeof documents)["\n  query CaseByNumber($number: Int!) {\n    case(number: $number) {\n      id\n      number\n      subject\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RuleCheckFields on RuleConditionCheck {\n    field\n    operator\n    value\n    actual\n    matched\n  }\n"): (typeof documents)["\n  fragment RuleCheckFields on RuleConditionCheck {\n    field\n    operator\n    value\n    actual\n    matched\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestRule($id: ID!, $caseId: ID!) {\n    testRule(id: $id, caseId: $caseId) {\n      matched\n      actions {\n        type\n        field\n        value\n        description\n      }\n      conditions {\n        matched\n        groupsMatch\n        all { ...RuleCheckFields }\n        any { ...RuleCheckFields }\n        groups {\n          matched\n          groupsMatch\n          all { ...RuleCheckFields }\n          any { ...RuleCheckFields }\n          groups {\n            matched\n            groupsMatch\n            all { ...RuleCheckFields }\n            any { ...RuleCheckFields }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TestRule($id: ID!, $caseId: ID!) {\n    testRule(id: $id, caseId: $caseId) {\n      matched\n      actions {\n        type\n        field\n        value\n        description\n      }\n      conditions {\n        matched\n        groupsMatch\n        all { ...RuleCheckFields }\n        any { ...RuleCheckFields }\n        groups {\n          matched\n          groupsMatch\n          all { ...RuleCheckFields }\n          any { ...RuleCheckFields }\n          groups {\n            matched\n            groupsMatch\n            all { ...RuleCheckFields }\n            any { ...RuleCheckFields }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SlaCalendarFields on SlaCalendar {\n    id\n    name\n    timeZone\n    isDefault\n    hours {\n      weekday\n      start\n      end\n    }\n    holidays {\n      id\n      date\n      yearly\n      name\n      source\n    }\n  }\n"): (typeof documents)["\n  fragment SlaCalendarFields on SlaCalendar {\n    id\n    name\n    timeZone\n    isDefault\n    hours {\n      weekday\n      start\n      end\n    }\n    holidays {\n      id\n      date\n      yearly\n      name\n      source\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SlaPolicyFields on SlaPolicy {\n    id\n    name\n    position\n    active\n    calendar {\n      id\n      name\n    }\n    conditions {\n      priorities\n      types\n      teamIds\n      accountIds\n      origins\n    }\n    targets {\n      priority\n      firstResponseMinutes\n      nextResponseMinutes\n      resolutionMinutes\n    }\n    pauseStatuses\n    warnPercents\n  }\n"): (typeof documents)["\n  fragment SlaPolicyFields on SlaPolicy {\n    id\n    name\n    position\n    active\n    calendar {\n      id\n      name\n    }\n    conditions {\n      priorities\n      types\n      teamIds\n      accountIds\n      origins\n    }\n    targets {\n      priority\n      firstResponseMinutes\n      nextResponseMinutes\n      resolutionMinutes\n    }\n    pauseStatuses\n    warnPercents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlaCalendars {\n    slaCalendars {\n      ...SlaCalendarFields\n    }\n  }\n"): (typeof documents)["\n  query SlaCalendars {\n    slaCalendars {\n      ...SlaCalendarFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlaPolicies {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n  }\n"): (typeof documents)["\n  query SlaPolicies {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlaPolicyEditor {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n    slaCalendars {\n      id\n      name\n      isDefault\n    }\n    accounts(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SlaPolicyEditor {\n    slaPolicies {\n      ...SlaPolicyFields\n    }\n    slaCalendars {\n      id\n      name\n      isDefault\n    }\n    accounts(first: 100) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSlaCalendar($input: SlaCalendarInput!) {\n    createSlaCalendar(input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSlaCalendar($input: SlaCalendarInput!) {\n    createSlaCalendar(input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSlaCalendar($id: ID!, $input: SlaCalendarInput!) {\n    updateSlaCalendar(id: $id, input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSlaCalendar($id: ID!, $input: SlaCalendarInput!) {\n    updateSlaCalendar(id: $id, input: $input) {\n      ...SlaCalendarFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSlaCalendar($id: ID!) {\n    deleteSlaCalendar(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSlaCalendar($id: ID!) {\n    deleteSlaCalendar(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportSlaHolidays($calendarId: ID!, $ics: String!, $replace: Boolean) {\n    importSlaHolidays(calendarId: $calendarId, ics: $ics, replace: $replace) {\n      ...SlaCalendarFields\n    }\n  }\n"): (typeof documents)["\n  mutation ImportSlaHolidays($calendarId: ID!, $ics: String!, $replace: Boolean) {\n    importSlaHolidays(calendarId: $calendarId, ics: $ics, replace: $replace) {\n      ...SlaCalendarFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSlaPolicy($input: SlaPolicyInput!) {\n    createSlaPolicy(input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSlaPolicy($input: SlaPolicyInput!) {\n    createSlaPolicy(input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSlaPolicy($id: ID!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(id: $id, input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSlaPolicy($id: ID!, $input: SlaPolicyInput!) {\n    updateSlaPolicy(id: $id, input: $input) {\n      ...SlaPolicyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSlaPolicy($id: ID!) {\n    deleteSlaPolicy(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSlaPolicy($id: ID!) {\n    deleteSlaPolicy(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReorderSlaPolicies($ids: [ID!]!) {\n    reorderSlaPolicies(ids: $ids) {\n      ...SlaPolicyFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReorderSlaPolicies($ids: [ID!]!) {\n    reorderSlaPolicies(ids: $ids) {\n      ...SlaPolicyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminTeamFields on Team {\n    id\n    name\n    assignmentStrategy\n    maxOpenPerAgent\n    members {\n      id\n      name\n      isAway\n      absentUntil\n    }\n  }\n"): (typeof documents)["\n  fragment AdminTeamFields on Team {\n    id\n    name\n    assignmentStrategy\n    maxOpenPerAgent\n    members {\n      id\n      name\n      isAway\n      absentUntil\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminTeams {\n    teams {\n      ...AdminTeamFields\n    }\n    users(active: true) {\n      id\n      name\n      role\n      isAway\n    }\n  }\n"): (typeof documents)["\n  query AdminTeams {\n    teams {\n      ...AdminTeamFields\n    }\n    users(active: true) {\n      id\n      name\n      role\n      isAway\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTeam($id: ID!, $input: TeamInput!) {\n    updateTeam(id: $id, input: $input) {\n      ...AdminTeamFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTeam($id: ID!, $input: TeamInput!) {\n    updateTeam(id: $id, input: $input) {\n      ...AdminTeamFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      ...AdminTeamFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTeam($input: TeamInput!) {\n    createTeam(input: $input) {\n      ...AdminTeamFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Accounts($first: Int, $after: String, $search: String) {\n    accounts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          domain\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Accounts($first: Int, $after: String, $search: String) {\n    accounts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          domain\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Account($id: ID!) {\n    account(id: $id) {\n      id\n      name\n      domain\n      contacts {\n        id\n        name\n        email\n      }\n      entitlements {\n        ...EntitlementFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Account($id: ID!) {\n    account(id: $id) {\n      id\n      name\n      domain\n      contacts {\n        id\n        name\n        email\n      }\n      entitlements {\n        ...EntitlementFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAccount($input: AccountInput!) {\n    createAccount(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAccount($input: AccountInput!) {\n    createAccount(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EntitlementFields on Entitlement {\n    id\n    name\n    unit\n    allocation\n    periodStart\n    periodEnd\n    decrementOn\n    overdraft\n    policy {\n      id\n      name\n    }\n    balance\n    active\n    entries(first: 50) {\n      id\n      at\n      amount\n      reason\n      caseNumber\n      note\n      actorName\n    }\n  }\n"): (typeof documents)["\n  fragment EntitlementFields on Entitlement {\n    id\n    name\n    unit\n    allocation\n    periodStart\n    periodEnd\n    decrementOn\n    overdraft\n    policy {\n      id\n      name\n    }\n    balance\n    active\n    entries(first: 50) {\n      id\n      at\n      amount\n      reason\n      caseNumber\n      note\n      actorName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EntitlementPolicies {\n    slaPolicies {\n      id\n      name\n      active\n    }\n  }\n"): (typeof documents)["\n  query EntitlementPolicies {\n    slaPolicies {\n      id\n      name\n      active\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEntitlement($accountId: ID!, $input: EntitlementInput!) {\n    createEntitlement(accountId: $accountId, input: $input) {\n      ...EntitlementFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateEntitlement($accountId: ID!, $input: EntitlementInput!) {\n    createEntitlement(accountId: $accountId, input: $input) {\n      ...EntitlementFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEntitlement($id: ID!, $input: EntitlementInput!) {\n    updateEntitlement(id: $id, input: $input) {\n      ...EntitlementFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateEntitlement($id: ID!, $input: EntitlementInput!) {\n    updateEntitlement(id: $id, input: $input) {\n      ...EntitlementFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdjustEntitlement($id: ID!, $amount: Float!, $note: String!) {\n    adjustEntitlement(id: $id, amount: $amount, note: $note) {\n      ...EntitlementFields\n    }\n  }\n"): (typeof documents)["\n  mutation AdjustEntitlement($id: ID!, $amount: Float!, $note: String!) {\n    adjustEntitlement(id: $id, amount: $amount, note: $note) {\n      ...EntitlementFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n    }\n    sla {\n      badge\n      nextDueAt\n      warningAt\n    }\n  }\n"): (typeof documents)["\n  fragment CaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n    }\n    sla {\n      badge\n      nextDueAt\n      warningAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Cases($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      totalCountCapped\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Cases($first: Int, $after: String, $filter: CaseFilter, $orderBy: CaseOrder) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      totalCountCapped\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...CaseRow\n      }\n      ... on PostAdded {\n        post {\n          id\n          visibility\n          body\n          author {\n            name\n            kind\n          }\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AgentCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...CaseRow\n      }\n      ... on PostAdded {\n        post {\n          id\n          visibility\n          body\n          author {\n            name\n            kind\n          }\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query People {\n    users {\n      id\n      name\n      role\n    }\n    teams {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query People {\n    users {\n      id\n      name\n      role\n    }\n    teams {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BulkUpdateCases($ids: [ID!]!, $input: BulkCaseInput!) {\n    bulkUpdateCases(ids: $ids, input: $input) {\n      ...CaseRow\n    }\n  }\n"): (typeof documents)["\n  mutation BulkUpdateCases($ids: [ID!]!, $input: BulkCaseInput!) {\n    bulkUpdateCases(ids: $ids, input: $input) {\n      ...CaseRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseSlaFields on CaseSla {\n    badge\n    nextDueAt\n    warningAt\n    policy {\n      id\n      name\n    }\n    targets {\n      kind\n      cycle\n      targetMinutes\n      state\n      startedAt\n      dueAt\n      breachedAt\n      pausedSince\n      metAt\n      businessMinutesLeft\n      warningsAt\n    }\n    timeline {\n      kind\n      status\n      startsAt\n      endsAt\n    }\n  }\n"): (typeof documents)["\n  fragment CaseSlaFields on CaseSla {\n    badge\n    nextDueAt\n    warningAt\n    policy {\n      id\n      name\n    }\n    targets {\n      kind\n      cycle\n      targetMinutes\n      state\n      startedAt\n      dueAt\n      breachedAt\n      pausedSince\n      metAt\n      businessMinutesLeft\n      warningsAt\n    }\n    timeline {\n      kind\n      status\n      startsAt\n      endsAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseDetail on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    origin\n    email\n    phone\n    tags\n    createdAt\n    updatedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    isFollowing\n    allowedStatuses\n    internalComments\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      email\n    }\n    reportedBy {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    lastPost {\n      id\n    }\n    sla {\n      ...CaseSlaFields\n    }\n  }\n"): (typeof documents)["\n  fragment CaseDetail on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    origin\n    email\n    phone\n    tags\n    createdAt\n    updatedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    isFollowing\n    allowedStatuses\n    internalComments\n    account {\n      id\n      name\n    }\n    contacts {\n      id\n      name\n      email\n    }\n    reportedBy {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    team {\n      id\n      name\n    }\n    lastPost {\n      id\n    }\n    sla {\n      ...CaseSlaFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentCase($number: Int!) {\n    case(number: $number) {\n      ...CaseDetail\n      posts(first: 100) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AgentCase($number: Int!) {\n    case(number: $number) {\n      ...CaseDetail\n      posts(first: 100) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseHistory($id: ID!) {\n    case(id: $id) {\n      id\n      history {\n        id\n        at\n        field\n        oldValue\n        newValue\n        actorName\n        ruleName\n        causedBy\n      }\n    }\n  }\n"): (typeof documents)["\n  query CaseHistory($id: ID!) {\n    case(id: $id) {\n      id\n      history {\n        id\n        at\n        field\n        oldValue\n        newValue\n        actorName\n        ruleName\n        causedBy\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgentCaseDetail($id: ID!) {\n    case(id: $id) {\n      ...CaseDetail\n    }\n  }\n"): (typeof documents)["\n  query AgentCaseDetail($id: ID!) {\n    case(id: $id) {\n      ...CaseDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...CaseDetail\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AgentCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...CaseDetail\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n      ... on CaseChanged {\n        changedFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!, $ifUnchangedSince: DateTime) {\n    updateCase(id: $id, input: $input, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCase($id: ID!, $input: UpdateCaseInput!, $ifUnchangedSince: DateTime) {\n    updateCase(id: $id, input: $input, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignCase($id: ID!, $assigneeId: ID, $ifUnchangedSince: DateTime) {\n    assignCase(id: $id, assigneeId: $assigneeId, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n"): (typeof documents)["\n  mutation AssignCase($id: ID!, $assigneeId: ID, $ifUnchangedSince: DateTime) {\n    assignCase(id: $id, assigneeId: $assigneeId, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!, $ifUnchangedSince: DateTime) {\n    setCaseStatus(id: $id, status: $status, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n"): (typeof documents)["\n  mutation SetCaseStatus($id: ID!, $status: CaseStatus!, $ifUnchangedSince: DateTime) {\n    setCaseStatus(id: $id, status: $status, ifUnchangedSince: $ifUnchangedSince) {\n      ...CaseDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FollowCase($id: ID!) {\n    followCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n"): (typeof documents)["\n  mutation FollowCase($id: ID!) {\n    followCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnfollowCase($id: ID!) {\n    unfollowCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n"): (typeof documents)["\n  mutation UnfollowCase($id: ID!) {\n    unfollowCase(id: $id) {\n      id\n      isFollowing\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountOptions($search: String) {\n    accounts(first: 50, search: $search) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccountOptions($search: String) {\n    accounts(first: 50, search: $search) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactOptions($search: String, $accountId: ID) {\n    contacts(first: 50, search: $search, accountId: $accountId) {\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactOptions($search: String, $accountId: ID) {\n    contacts(first: 50, search: $search, accountId: $accountId) {\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContactFromCase($caseId: ID!, $name: String) {\n    createContactFromCase(caseId: $caseId, name: $name) {\n      id\n      name\n      email\n    }\n  }\n"): (typeof documents)["\n  mutation CreateContactFromCase($caseId: ID!, $name: String) {\n    createContactFromCase(caseId: $caseId, name: $name) {\n      id\n      name\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskFields on Task {\n    id\n    subject\n    dueAt\n    done\n    doneAt\n    createdByName\n    createdAt\n    assignee {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment TaskFields on Task {\n    id\n    subject\n    dueAt\n    done\n    doneAt\n    createdByName\n    createdAt\n    assignee {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseTasks($id: ID!) {\n    case(id: $id) {\n      id\n      tasks {\n        ...TaskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query CaseTasks($id: ID!) {\n    case(id: $id) {\n      id\n      tasks {\n        ...TaskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($caseId: ID!, $input: TaskInput!) {\n    createTask(caseId: $caseId, input: $input) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTask($caseId: ID!, $input: TaskInput!) {\n    createTask(caseId: $caseId, input: $input) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTaskDone($id: ID!, $done: Boolean!) {\n    setTaskDone(id: $id, done: $done) {\n      ...TaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetTaskDone($id: ID!, $done: Boolean!) {\n    setTaskDone(id: $id, done: $done) {\n      ...TaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Contacts($first: Int, $after: String, $search: String) {\n    contacts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Contacts($first: Int, $after: String, $search: String) {\n    contacts(first: $first, after: $after, search: $search) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          email\n          account {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Contact($id: ID!) {\n    contact(id: $id) {\n      id\n      name\n      email\n      phone\n      account {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Contact($id: ID!) {\n    contact(id: $id) {\n      id\n      name\n      email\n      phone\n      account {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateContact($input: ContactInput!) {\n    createContact(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ViewCounts($me: ID!) {\n    mine: cases(first: 1, filter: { assigneeId: $me, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    unassigned: cases(first: 1, filter: { unassigned: true, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    open: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    # \"Breaching soon\": the window is cases/filters.ts BREACHING_SOON_MINUTES.\n    breaching: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD], slaDue: { withinMinutes: 240 } }) {\n      totalCount\n      totalCountCapped\n    }\n  }\n"): (typeof documents)["\n  query ViewCounts($me: ID!) {\n    mine: cases(first: 1, filter: { assigneeId: $me, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    unassigned: cases(first: 1, filter: { unassigned: true, status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    open: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD] }) {\n      totalCount\n      totalCountCapped\n    }\n    # \"Breaching soon\": the window is cases/filters.ts BREACHING_SOON_MINUTES.\n    breaching: cases(first: 1, filter: { status: [NEW, ASSIGNED, PENDING, ON_HOLD], slaDue: { withinMinutes: 240 } }) {\n      totalCount\n      totalCountCapped\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications {\n    notifications(first: 30) {\n      id\n      title\n      body\n      createdAt\n      readAt\n      case {\n        id\n        number\n        subject\n      }\n    }\n    me {\n      id\n      unreadNotificationCount\n    }\n  }\n"): (typeof documents)["\n  query Notifications {\n    notifications(first: 30) {\n      id\n      title\n      body\n      createdAt\n      readAt\n      case {\n        id\n        number\n        subject\n      }\n    }\n    me {\n      id\n      unreadNotificationCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n"): (typeof documents)["\n  mutation MarkNotificationsRead($ids: [ID!]) {\n    markNotificationsRead(ids: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalCaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment PortalCaseRow on Case {\n    id\n    number\n    subject\n    status\n    priority\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PortalCaseRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyCases($first: Int, $after: String, $filter: CaseFilter) {\n    cases(first: $first, after: $after, filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...PortalCaseRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...PortalCaseRow\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PortalCaseFeed {\n    caseFeed {\n      __typename\n      at\n      case {\n        ...PortalCaseRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalCase on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment PortalCase on Case {\n    id\n    number\n    subject\n    description\n    status\n    priority\n    type\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCase($number: Int!) {\n    case(number: $number) {\n      ...PortalCase\n      posts(first: 100) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PortalCase($number: Int!) {\n    case(number: $number) {\n      ...PortalCase\n      posts(first: 100) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PortalCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...PortalCase\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PortalCaseEvents($caseId: ID!) {\n    caseEvents(caseId: $caseId) {\n      __typename\n      at\n      case {\n        ...PortalCase\n      }\n      ... on PostAdded {\n        post {\n          ...PostFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalCreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n"): (typeof documents)["\n  mutation PortalCreateCase($input: CreateCaseInput!) {\n    createCase(input: $input) {\n      id\n      number\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalCaseCreation {\n    me {\n      id\n      caseCreationBlocked\n    }\n  }\n"): (typeof documents)["\n  query PortalCaseCreation {\n    me {\n      id\n      caseCreationBlocked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on Viewer {\n    id\n    name\n    email\n    role\n    canCreateCases\n    contact {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ViewerFields on Viewer {\n    id\n    name\n    email\n    role\n    canCreateCases\n    contact {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      viewer {\n        ...ViewerFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      viewer {\n        ...ViewerFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostFields on Post {\n    id\n    body\n    visibility\n    channel\n    createdAt\n    author {\n      name\n      kind\n    }\n    attachments {\n      id\n      filename\n      size\n      url\n    }\n  }\n"): (typeof documents)["\n  fragment PostFields on Post {\n    id\n    body\n    visibility\n    channel\n    createdAt\n    author {\n      name\n      kind\n    }\n    attachments {\n      id\n      filename\n      size\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPost($caseId: ID!, $body: String!, $visibility: Visibility!, $expectedLastPostId: ID) {\n    addPost(caseId: $caseId, body: $body, visibility: $visibility, expectedLastPostId: $expectedLastPostId) {\n      ...PostFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddPost($caseId: ID!, $body: String!, $visibility: Visibility!, $expectedLastPostId: ID) {\n    addPost(caseId: $caseId, body: $body, visibility: $visibility, expectedLastPostId: $expectedLastPostId) {\n      ...PostFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CasePosts($id: ID!, $after: String) {\n    case(id: $id) {\n      id\n      posts(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CasePosts($id: ID!, $after: String) {\n    case(id: $id) {\n      id\n      posts(first: 100, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...PostFields\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameMe($id: ID!, $name: String!) {\n    updateUser(id: $id, input: { name: $name }) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RenameMe($id: ID!, $name: String!) {\n    updateUser(id: $id, input: { name: $name }) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($id: ID!, $currentPassword: String!, $password: String!) {\n    updateUser(id: $id, input: { currentPassword: $currentPassword, password: $password }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($id: ID!, $currentPassword: String!, $password: String!) {\n    updateUser(id: $id, input: { currentPassword: $currentPassword, password: $password }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"): (typeof documents)["\n  mutation SignOutEverywhere {\n    signOutEverywhere\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyAvailability {\n    me {\n      id\n      isAway\n      timeZone\n      absences {\n        id\n        startsAt\n        endsAt\n        note\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyAvailability {\n    me {\n      id\n      isAway\n      timeZone\n      absences {\n        id\n        startsAt\n        endsAt\n        note\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAway($id: ID!, $isAway: Boolean!) {\n    updateUser(id: $id, input: { isAway: $isAway }) {\n      id\n      isAway\n    }\n  }\n"): (typeof documents)["\n  mutation SetAway($id: ID!, $isAway: Boolean!) {\n    updateUser(id: $id, input: { isAway: $isAway }) {\n      id\n      isAway\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTimeZone($id: ID!, $timeZone: String!) {\n    updateUser(id: $id, input: { timeZone: $timeZone }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SetTimeZone($id: ID!, $timeZone: String!) {\n    updateUser(id: $id, input: { timeZone: $timeZone }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAbsence($input: AbsenceInput!) {\n    createAbsence(input: $input) {\n      id\n      startsAt\n      endsAt\n      note\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAbsence($input: AbsenceInput!) {\n    createAbsence(input: $input) {\n      id\n      startsAt\n      endsAt\n      note\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAbsence($id: ID!) {\n    deleteAbsence(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteAbsence($id: ID!) {\n    deleteAbsence(id: $id)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;