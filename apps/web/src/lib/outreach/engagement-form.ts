/** What the engagement form sends back after a refused submit, so nothing typed is lost. */
export interface EngagementFormValues {
  fields: Record<string, string>;
  organisationIds: string[];
  contactIds: string[];
  narrativeIds: string[];
  campaignIds: string[];
  followUps: Array<{ description: string; ownerId: string; dueOn: string }>;
}
