CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"source_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"key" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text NOT NULL,
	"organisation" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"daily_soft_limit" integer DEFAULT 150 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"change" jsonb NOT NULL,
	"digest" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"tier" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "districts_tier_check" CHECK ("districts"."tier" in ('county', 'district'))
);
--> statement-breakpoint
CREATE TABLE "places" (
	"id" text PRIMARY KEY NOT NULL,
	"district_id" text NOT NULL,
	"name" text NOT NULL,
	"normalised_name" text NOT NULL,
	"kind" text NOT NULL,
	"aliases" text[] DEFAULT '{}' NOT NULL,
	"ambiguous" boolean DEFAULT false NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_kind_check" CHECK ("places"."kind" in ('town', 'village', 'ward', 'landmark', 'area'))
);
--> statement-breakpoint
CREATE TABLE "source_districts" (
	"source_id" text NOT NULL,
	"district_id" text NOT NULL,
	CONSTRAINT "source_districts_source_id_district_id_pk" PRIMARY KEY("source_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"query" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"interval_minutes" integer DEFAULT 15 NOT NULL,
	"schedule" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"owner_id" text,
	"last_fetched_at" timestamp with time zone,
	"next_due_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"items_seen" bigint DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_reason" text,
	"etag" text,
	"last_modified" text,
	"cursor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_kind_check" CHECK ("sources"."kind" in ('rss', 'mastodon', 'bluesky', 'push', 'import', 'demo'))
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"size" integer DEFAULT 1 NOT NULL,
	"representative_item_id" text
);
--> statement-breakpoint
CREATE TABLE "identities" (
	"id" text PRIMARY KEY NOT NULL,
	"pseudonym" text NOT NULL,
	"platform" text NOT NULL,
	"ciphertext" text NOT NULL,
	"iv" text NOT NULL,
	"tag" text NOT NULL,
	"key_version" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_districts" (
	"item_id" text NOT NULL,
	"district_id" text NOT NULL,
	"via" text NOT NULL,
	CONSTRAINT "item_districts_item_id_district_id_pk" PRIMARY KEY("item_id","district_id"),
	CONSTRAINT "item_districts_via_check" CHECK ("item_districts"."via" in ('gazetteer', 'source'))
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" text PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"url" text,
	"title" text,
	"text" text DEFAULT '' NOT NULL,
	"language" text,
	"published_at" timestamp with time zone,
	"collected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"author_pseudonym" text,
	"media_urls" text[] DEFAULT '{}' NOT NULL,
	"engagement" jsonb,
	"text_hash" text NOT NULL,
	"simhash_hi" integer NOT NULL,
	"simhash_lo" integer NOT NULL,
	"band0" integer NOT NULL,
	"band1" integer NOT NULL,
	"band2" integer NOT NULL,
	"band3" integer NOT NULL,
	"cluster_id" text,
	"search" "tsvector"
);
--> statement-breakpoint
CREATE TABLE "classifier_models" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'candidate' NOT NULL,
	"training_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"artefact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"label_count" integer DEFAULT 0 NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trained_by" text,
	"activated_at" timestamp with time zone,
	"activated_by" text,
	"retired_at" timestamp with time zone,
	CONSTRAINT "classifier_models_status_check" CHECK ("classifier_models"."status" in ('candidate', 'active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "lexicon_terms" (
	"id" text PRIMARY KEY NOT NULL,
	"version_id" text NOT NULL,
	"term_key" text NOT NULL,
	"phrase" text NOT NULL,
	"match_mode" text DEFAULT 'phrase' NOT NULL,
	"weight" real NOT NULL,
	"category" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"suppress_near" text[] DEFAULT '{}' NOT NULL,
	"require_any" text[] DEFAULT '{}' NOT NULL,
	"window" integer DEFAULT 8 NOT NULL,
	"owner_id" text,
	"rationale" text DEFAULT '' NOT NULL,
	"review_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lexicon_terms_version_key" UNIQUE("version_id","term_key"),
	CONSTRAINT "lexicon_terms_mode_check" CHECK ("lexicon_terms"."match_mode" in ('word', 'phrase', 'stem', 'pattern')),
	CONSTRAINT "lexicon_terms_status_check" CHECK ("lexicon_terms"."status" in ('active', 'under_review', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "lexicon_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"lexicon_id" text NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" text,
	"note" text DEFAULT '' NOT NULL,
	"term_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "lexicon_versions_number_key" UNIQUE("lexicon_id","number"),
	CONSTRAINT "lexicon_versions_status_check" CHECK ("lexicon_versions"."status" in ('draft', 'published', 'superseded'))
);
--> statement-breakpoint
CREATE TABLE "lexicons" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active_version_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"id" text PRIMARY KEY NOT NULL,
	"item_id" text NOT NULL,
	"lexicon_version_id" text NOT NULL,
	"model_id" text,
	"lexicon_score" real NOT NULL,
	"classifier_probability" real,
	"category" text,
	"score" integer NOT NULL,
	"band" text NOT NULL,
	"thresholds" jsonb NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"features" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_provenance_key" UNIQUE NULLS NOT DISTINCT("item_id","lexicon_version_id","model_id"),
	CONSTRAINT "scores_score_range" CHECK ("scores"."score" between 0 and 100),
	CONSTRAINT "scores_band_check" CHECK ("scores"."band" in ('signal', 'uncertain', 'below'))
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" text PRIMARY KEY NOT NULL,
	"signal_id" text,
	"item_id" text NOT NULL,
	"user_id" text NOT NULL,
	"relevant" boolean NOT NULL,
	"corrected_category" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labels_item_user_key" UNIQUE("item_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" text PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_views_user_name_key" UNIQUE("user_id","name")
);
--> statement-breakpoint
CREATE TABLE "signal_opens" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "signal_opens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"signal_id" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signals" (
	"id" text PRIMARY KEY NOT NULL,
	"cluster_id" text NOT NULL,
	"item_id" text NOT NULL,
	"score_id" text,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" real DEFAULT 0 NOT NULL,
	"category" text,
	"uncertain" boolean DEFAULT false NOT NULL,
	"assignee_id" text,
	"assigned_at" timestamp with time zone,
	"first_reviewed_at" timestamp with time zone,
	"dismiss_reason" text,
	"closed_at" timestamp with time zone,
	"legal_hold" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signals_status_check" CHECK ("signals"."status" in ('new', 'in_review', 'dismissed', 'escalated', 'linked', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"category" text,
	"district_id" text,
	"channel" text DEFAULT 'in_app' NOT NULL,
	"target" text,
	"quiet_from" time,
	"quiet_until" time,
	"threshold" real DEFAULT 3 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_subscriptions_channel_check" CHECK ("alert_subscriptions"."channel" in ('in_app', 'email', 'webhook'))
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'spike' NOT NULL,
	"category" text,
	"district_id" text,
	"narrative_id" text,
	"day" date NOT NULL,
	"count" integer NOT NULL,
	"baseline" real NOT NULL,
	"z" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "alerts_once_key" UNIQUE NULLS NOT DISTINCT("kind","category","district_id","day"),
	CONSTRAINT "alerts_kind_check" CHECK ("alerts"."kind" in ('spike', 'threshold', 'narrative_growth'))
);
--> statement-breakpoint
CREATE TABLE "feed_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"purpose" text NOT NULL,
	"campaign_id" text,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "feed_tokens_purpose_check" CHECK ("feed_tokens"."purpose" in ('alerts_atom', 'calendar_ics'))
);
--> statement-breakpoint
CREATE TABLE "narrative_districts" (
	"narrative_id" text NOT NULL,
	"district_id" text NOT NULL,
	CONSTRAINT "narrative_districts_narrative_id_district_id_pk" PRIMARY KEY("narrative_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "narrative_signals" (
	"narrative_id" text NOT NULL,
	"signal_id" text NOT NULL,
	"added_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "narrative_signals_narrative_id_signal_id_pk" PRIMARY KEY("narrative_id","signal_id")
);
--> statement-breakpoint
CREATE TABLE "narratives" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"category" text,
	"status" text DEFAULT 'emerging' NOT NULL,
	"first_seen_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"created_by" text,
	"legal_hold" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "narratives_status_check" CHECK ("narratives"."status" in ('emerging', 'active', 'declining', 'dormant'))
);
--> statement-breakpoint
CREATE TABLE "trend_counts" (
	"day" date NOT NULL,
	"category" text NOT NULL,
	"district_id" text,
	"items" integer DEFAULT 0 NOT NULL,
	"signals" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "trend_counts_key" UNIQUE NULLS NOT DISTINCT("day","category","district_id")
);
--> statement-breakpoint
CREATE TABLE "escalation_routes" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"category" text,
	"district_id" text,
	"contact" text NOT NULL,
	"expected_response_hours" integer NOT NULL,
	"package_contents" text[] DEFAULT '{}' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_routes_kind_check" CHECK ("escalation_routes"."kind" in ('platform_report', 'ct_policing', 'safeguarding_lead', 'partnership_board'))
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" text PRIMARY KEY NOT NULL,
	"signal_id" text NOT NULL,
	"route_id" text NOT NULL,
	"space_id" text,
	"reveal_id" text,
	"reason" text NOT NULL,
	"decided_by" text NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"outcome" text,
	"package" jsonb NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"content_url" text,
	"content_status" text DEFAULT 'unknown' NOT NULL,
	"last_checked_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalations_status_check" CHECK ("escalations"."status" in ('sent', 'acknowledged', 'closed')),
	CONSTRAINT "escalations_content_status_check" CHECK ("escalations"."content_status" in ('online', 'removed', 'unknown'))
);
--> statement-breakpoint
CREATE TABLE "campaign_activities" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"title" text NOT NULL,
	"channel" text,
	"district_id" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"status" text DEFAULT 'planned' NOT NULL,
	"reach" integer,
	"engagement" integer,
	"owner_id" text,
	"reminder_minutes_before" integer,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_activities_status_check" CHECK ("campaign_activities"."status" in ('planned', 'delivered', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "campaign_contacts" (
	"campaign_id" text NOT NULL,
	"contact_id" text NOT NULL,
	CONSTRAINT "campaign_contacts_campaign_id_contact_id_pk" PRIMARY KEY("campaign_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_districts" (
	"campaign_id" text NOT NULL,
	"district_id" text NOT NULL,
	CONSTRAINT "campaign_districts_campaign_id_district_id_pk" PRIMARY KEY("campaign_id","district_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"body" text NOT NULL,
	"channel" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"author_id" text NOT NULL,
	"reviewer_id" text,
	"review_comment" text,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_messages_status_check" CHECK ("campaign_messages"."status" in ('draft', 'submitted', 'approved', 'returned'))
);
--> statement-breakpoint
CREATE TABLE "campaign_narratives" (
	"campaign_id" text NOT NULL,
	"narrative_id" text NOT NULL,
	CONSTRAINT "campaign_narratives_campaign_id_narrative_id_pk" PRIMARY KEY("campaign_id","narrative_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_organisations" (
	"campaign_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	CONSTRAINT "campaign_organisations_campaign_id_organisation_id_pk" PRIMARY KEY("campaign_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"objective" text DEFAULT '' NOT NULL,
	"audiences" text[] DEFAULT '{}' NOT NULL,
	"channels" text[] DEFAULT '{}' NOT NULL,
	"key_messages" text[] DEFAULT '{}' NOT NULL,
	"assets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"owner_id" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"evaluation" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_status_check" CHECK ("campaigns"."status" in ('draft', 'in_review', 'approved', 'live', 'completed', 'evaluated'))
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text,
	"name" text NOT NULL,
	"role" text,
	"email" text,
	"phone" text,
	"contact_preference" text,
	"lawful_basis" text NOT NULL,
	"consent_given_on" date,
	"consent_expires_on" date,
	"district_id" text,
	"erased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_lawful_basis_check" CHECK ("contacts"."lawful_basis" in ('consent', 'public_task', 'legitimate_interests'))
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"district_id" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_kind_check" CHECK ("organisations"."kind" in ('community_group', 'faith_group', 'youth_group', 'school', 'business', 'voluntary', 'public_body'))
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"due_on" date,
	"assignee_id" text,
	"entity_type" text,
	"entity_id" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_campaigns" (
	"engagement_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	CONSTRAINT "engagement_campaigns_engagement_id_campaign_id_pk" PRIMARY KEY("engagement_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_contacts" (
	"engagement_id" text NOT NULL,
	"contact_id" text NOT NULL,
	CONSTRAINT "engagement_contacts_engagement_id_contact_id_pk" PRIMARY KEY("engagement_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_narratives" (
	"engagement_id" text NOT NULL,
	"narrative_id" text NOT NULL,
	CONSTRAINT "engagement_narratives_engagement_id_narrative_id_pk" PRIMARY KEY("engagement_id","narrative_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_organisations" (
	"engagement_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	CONSTRAINT "engagement_organisations_engagement_id_organisation_id_pk" PRIMARY KEY("engagement_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"occurred_on" date NOT NULL,
	"district_id" text,
	"topics" text[] DEFAULT '{}' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"outcome" text,
	"owner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagements_kind_check" CHECK ("engagements"."kind" in ('meeting', 'workshop', 'event', 'call', 'visit'))
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" text PRIMARY KEY NOT NULL,
	"engagement_id" text NOT NULL,
	"description" text NOT NULL,
	"owner_id" text,
	"due_on" date,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"delivered_on" date NOT NULL,
	"module" text NOT NULL,
	"sector" text NOT NULL,
	"district_id" text,
	"attendees" integer DEFAULT 0 NOT NULL,
	"feedback_score" numeric(3, 2),
	"trainer_id" text,
	"trainer" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_sector_check" CHECK ("training_sessions"."sector" in ('police', 'education', 'health', 'social_care', 'district_council', 'voluntary_sector'))
);
--> statement-breakpoint
CREATE TABLE "plan_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_id" text,
	"title" text NOT NULL,
	"owner_id" text,
	"due_on" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_actions_status_check" CHECK ("plan_actions"."status" in ('not_started', 'in_progress', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "risk_links" (
	"risk_id" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	CONSTRAINT "risk_links_risk_id_entity_type_entity_id_pk" PRIMARY KEY("risk_id","entity_type","entity_id"),
	CONSTRAINT "risk_links_type_check" CHECK ("risk_links"."entity_type" in ('narrative', 'space', 'campaign'))
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" text PRIMARY KEY NOT NULL,
	"district_id" text,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"likelihood" smallint NOT NULL,
	"impact" smallint NOT NULL,
	"owner_id" text,
	"status" text DEFAULT 'open' NOT NULL,
	"review_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risks_likelihood_range" CHECK ("risks"."likelihood" between 1 and 5),
	CONSTRAINT "risks_impact_range" CHECK ("risks"."impact" between 1 and 5),
	CONSTRAINT "risks_status_check" CHECK ("risks"."status" in ('open', 'treating', 'tolerated', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "space_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"space_id" text NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" text,
	CONSTRAINT "space_actions_kind_check" CHECK ("space_actions"."kind" in ('platform_report', 'venue_conversation', 'monitoring'))
);
--> statement-breakpoint
CREATE TABLE "space_narratives" (
	"space_id" text NOT NULL,
	"narrative_id" text NOT NULL,
	CONSTRAINT "space_narratives_space_id_narrative_id_pk" PRIMARY KEY("space_id","narrative_id")
);
--> statement-breakpoint
CREATE TABLE "spaces" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"platform" text,
	"url" text,
	"address" text,
	"district_id" text,
	"risk_rating" text DEFAULT 'medium' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"source_id" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spaces_kind_check" CHECK ("spaces"."kind" in ('online', 'offline')),
	CONSTRAINT "spaces_risk_rating_check" CHECK ("spaces"."risk_rating" in ('low', 'medium', 'high')),
	CONSTRAINT "spaces_status_check" CHECK ("spaces"."status" in ('active', 'monitoring', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "identity_reveals" (
	"id" text PRIMARY KEY NOT NULL,
	"identity_id" text,
	"pseudonym" text NOT NULL,
	"requester_id" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"approver_id" text,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_reveals_status_check" CHECK ("identity_reveals"."status" in ('requested', 'approved', 'refused', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"file_name" text,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "import_jobs_status_check" CHECK ("import_jobs"."status" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" text PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"reason" text NOT NULL,
	"placed_by" text,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_by" text,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"data_class" text PRIMARY KEY NOT NULL,
	"days" integer,
	"description" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"dry_run" boolean NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by_id" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_roles_key_fk" FOREIGN KEY ("role") REFERENCES "public"."roles"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "districts" ADD CONSTRAINT "districts_parent_id_districts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_districts" ADD CONSTRAINT "source_districts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_districts" ADD CONSTRAINT "source_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_representative_item_id_items_id_fk" FOREIGN KEY ("representative_item_id") REFERENCES "public"."items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_districts" ADD CONSTRAINT "item_districts_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_districts" ADD CONSTRAINT "item_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classifier_models" ADD CONSTRAINT "classifier_models_trained_by_users_id_fk" FOREIGN KEY ("trained_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classifier_models" ADD CONSTRAINT "classifier_models_activated_by_users_id_fk" FOREIGN KEY ("activated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicon_terms" ADD CONSTRAINT "lexicon_terms_version_id_lexicon_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."lexicon_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicon_terms" ADD CONSTRAINT "lexicon_terms_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicon_versions" ADD CONSTRAINT "lexicon_versions_lexicon_id_lexicons_id_fk" FOREIGN KEY ("lexicon_id") REFERENCES "public"."lexicons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicon_versions" ADD CONSTRAINT "lexicon_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicon_versions" ADD CONSTRAINT "lexicon_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lexicons" ADD CONSTRAINT "lexicons_active_version_id_lexicon_versions_id_fk" FOREIGN KEY ("active_version_id") REFERENCES "public"."lexicon_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_lexicon_version_id_lexicon_versions_id_fk" FOREIGN KEY ("lexicon_version_id") REFERENCES "public"."lexicon_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_model_id_classifier_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."classifier_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_opens" ADD CONSTRAINT "signal_opens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signal_opens" ADD CONSTRAINT "signal_opens_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_score_id_scores_id_fk" FOREIGN KEY ("score_id") REFERENCES "public"."scores"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signals" ADD CONSTRAINT "signals_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_narrative_id_narratives_id_fk" FOREIGN KEY ("narrative_id") REFERENCES "public"."narratives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "narrative_districts" ADD CONSTRAINT "narrative_districts_narrative_id_narratives_id_fk" FOREIGN KEY ("narrative_id") REFERENCES "public"."narratives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "narrative_districts" ADD CONSTRAINT "narrative_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "narrative_signals" ADD CONSTRAINT "narrative_signals_narrative_id_narratives_id_fk" FOREIGN KEY ("narrative_id") REFERENCES "public"."narratives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "narrative_signals" ADD CONSTRAINT "narrative_signals_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "narrative_signals" ADD CONSTRAINT "narrative_signals_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "narratives" ADD CONSTRAINT "narratives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trend_counts" ADD CONSTRAINT "trend_counts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_routes" ADD CONSTRAINT "escalation_routes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_signal_id_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "public"."signals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_route_id_escalation_routes_id_fk" FOREIGN KEY ("route_id") REFERENCES "public"."escalation_routes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_reveal_id_identity_reveals_id_fk" FOREIGN KEY ("reveal_id") REFERENCES "public"."identity_reveals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_activities" ADD CONSTRAINT "campaign_activities_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_activities" ADD CONSTRAINT "campaign_activities_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_activities" ADD CONSTRAINT "campaign_activities_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contacts" ADD CONSTRAINT "campaign_contacts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_contacts" ADD CONSTRAINT "campaign_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_districts" ADD CONSTRAINT "campaign_districts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_districts" ADD CONSTRAINT "campaign_districts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_messages" ADD CONSTRAINT "campaign_messages_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_messages" ADD CONSTRAINT "campaign_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_messages" ADD CONSTRAINT "campaign_messages_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_narratives" ADD CONSTRAINT "campaign_narratives_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_narratives" ADD CONSTRAINT "campaign_narratives_narrative_id_narratives_id_fk" FOREIGN KEY ("narrative_id") REFERENCES "public"."narratives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_organisations" ADD CONSTRAINT "campaign_organisations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_organisations" ADD CONSTRAINT "campaign_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_campaigns" ADD CONSTRAINT "engagement_campaigns_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_campaigns" ADD CONSTRAINT "engagement_campaigns_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_contacts" ADD CONSTRAINT "engagement_contacts_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_contacts" ADD CONSTRAINT "engagement_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_narratives" ADD CONSTRAINT "engagement_narratives_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_narratives" ADD CONSTRAINT "engagement_narratives_narrative_id_narratives_id_fk" FOREIGN KEY ("narrative_id") REFERENCES "public"."narratives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_organisations" ADD CONSTRAINT "engagement_organisations_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_organisations" ADD CONSTRAINT "engagement_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_trainer_id_users_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_actions" ADD CONSTRAINT "plan_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_actions" ADD CONSTRAINT "space_actions_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_actions" ADD CONSTRAINT "space_actions_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_narratives" ADD CONSTRAINT "space_narratives_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "space_narratives" ADD CONSTRAINT "space_narratives_narrative_id_narratives_id_fk" FOREIGN KEY ("narrative_id") REFERENCES "public"."narratives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spaces" ADD CONSTRAINT "spaces_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spaces" ADD CONSTRAINT "spaces_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_reveals" ADD CONSTRAINT "identity_reveals_identity_id_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."identities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_reveals" ADD CONSTRAINT "identity_reveals_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_reveals" ADD CONSTRAINT "identity_reveals_approver_id_users_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_user_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "api_keys_source_idx" ON "api_keys" USING btree ("source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions" USING btree ("token");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_key" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id","seq");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "districts_slug_key" ON "districts" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "districts_parent_idx" ON "districts" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "places_district_idx" ON "places" USING btree ("district_id");--> statement-breakpoint
CREATE UNIQUE INDEX "places_district_name_key" ON "places" USING btree ("district_id","normalised_name");--> statement-breakpoint
CREATE INDEX "places_normalised_name_idx" ON "places" USING btree ("normalised_name");--> statement-breakpoint
CREATE INDEX "source_districts_district_idx" ON "source_districts" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "sources_kind_idx" ON "sources" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "sources_due_idx" ON "sources" USING btree ("enabled","next_due_at");--> statement-breakpoint
CREATE INDEX "sources_owner_idx" ON "sources" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "clusters_last_seen_idx" ON "clusters" USING btree ("last_seen_at","id");--> statement-breakpoint
CREATE INDEX "clusters_representative_idx" ON "clusters" USING btree ("representative_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_pseudonym_key" ON "identities" USING btree ("pseudonym");--> statement-breakpoint
CREATE INDEX "identities_last_seen_idx" ON "identities" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "item_districts_district_idx" ON "item_districts" USING btree ("district_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_source_external_key" ON "items" USING btree ("source_id","external_id");--> statement-breakpoint
CREATE INDEX "items_collected_idx" ON "items" USING btree ("collected_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "items_published_idx" ON "items" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "items_text_hash_idx" ON "items" USING btree ("text_hash");--> statement-breakpoint
CREATE INDEX "items_band0_idx" ON "items" USING btree ("band0");--> statement-breakpoint
CREATE INDEX "items_band1_idx" ON "items" USING btree ("band1");--> statement-breakpoint
CREATE INDEX "items_band2_idx" ON "items" USING btree ("band2");--> statement-breakpoint
CREATE INDEX "items_band3_idx" ON "items" USING btree ("band3");--> statement-breakpoint
CREATE INDEX "items_cluster_idx" ON "items" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "items_author_idx" ON "items" USING btree ("author_pseudonym");--> statement-breakpoint
CREATE INDEX "items_search_idx" ON "items" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "classifier_models_version_key" ON "classifier_models" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "classifier_models_one_active" ON "classifier_models" USING btree ("status") WHERE "classifier_models"."status" = 'active';--> statement-breakpoint
CREATE INDEX "lexicon_terms_key_idx" ON "lexicon_terms" USING btree ("term_key");--> statement-breakpoint
CREATE UNIQUE INDEX "lexicons_slug_key" ON "lexicons" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "scores_item_idx" ON "scores" USING btree ("item_id","created_at");--> statement-breakpoint
CREATE INDEX "scores_band_idx" ON "scores" USING btree ("band","created_at");--> statement-breakpoint
CREATE INDEX "scores_model_idx" ON "scores" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "scores_lexicon_version_idx" ON "scores" USING btree ("lexicon_version_id");--> statement-breakpoint
CREATE INDEX "labels_signal_idx" ON "labels" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "labels_user_idx" ON "labels" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "labels_created_idx" ON "labels" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notes_entity_idx" ON "notes" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "notes_author_idx" ON "notes" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "signal_opens_user_idx" ON "signal_opens" USING btree ("user_id","opened_at");--> statement-breakpoint
CREATE INDEX "signal_opens_signal_idx" ON "signal_opens" USING btree ("signal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signals_cluster_key" ON "signals" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "signals_queue_idx" ON "signals" USING btree ("status","priority" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "signals_created_idx" ON "signals" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "signals_assignee_idx" ON "signals" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "signals_item_idx" ON "signals" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "signals_score_idx" ON "signals" USING btree ("score_id");--> statement-breakpoint
CREATE INDEX "signals_category_idx" ON "signals" USING btree ("category","created_at");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_user_idx" ON "alert_subscriptions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_district_idx" ON "alert_subscriptions" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "alerts_created_idx" ON "alerts" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_district_idx" ON "alerts" USING btree ("district_id");--> statement-breakpoint
CREATE UNIQUE INDEX "feed_tokens_hash_key" ON "feed_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "feed_tokens_user_idx" ON "feed_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "narrative_districts_district_idx" ON "narrative_districts" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "narrative_signals_signal_idx" ON "narrative_signals" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "narratives_status_idx" ON "narratives" USING btree ("status","last_seen_at");--> statement-breakpoint
CREATE INDEX "escalation_routes_district_idx" ON "escalation_routes" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "escalations_signal_idx" ON "escalations" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "escalations_route_idx" ON "escalations" USING btree ("route_id");--> statement-breakpoint
CREATE INDEX "escalations_space_idx" ON "escalations" USING btree ("space_id");--> statement-breakpoint
CREATE INDEX "escalations_status_idx" ON "escalations" USING btree ("status","sent_at");--> statement-breakpoint
CREATE INDEX "escalations_recheck_idx" ON "escalations" USING btree ("content_status","last_checked_at");--> statement-breakpoint
CREATE INDEX "campaign_activities_campaign_idx" ON "campaign_activities" USING btree ("campaign_id","starts_at");--> statement-breakpoint
CREATE INDEX "campaign_activities_starts_idx" ON "campaign_activities" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "campaign_activities_district_idx" ON "campaign_activities" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "campaign_contacts_contact_idx" ON "campaign_contacts" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "campaign_districts_district_idx" ON "campaign_districts" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "campaign_messages_campaign_idx" ON "campaign_messages" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "campaign_messages_status_idx" ON "campaign_messages" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "campaign_narratives_narrative_idx" ON "campaign_narratives" USING btree ("narrative_id");--> statement-breakpoint
CREATE INDEX "campaign_organisations_organisation_idx" ON "campaign_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "campaigns" USING btree ("status","starts_on");--> statement-breakpoint
CREATE INDEX "campaigns_owner_idx" ON "campaigns" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "contacts_organisation_idx" ON "contacts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "contacts_district_idx" ON "contacts" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "contacts_consent_expiry_idx" ON "contacts" USING btree ("consent_expires_on");--> statement-breakpoint
CREATE INDEX "organisations_district_idx" ON "organisations" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "organisations_name_idx" ON "organisations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("assignee_id","done_at");--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_open_once" ON "tasks" USING btree ("kind","entity_type","entity_id") WHERE "tasks"."done_at" is null;--> statement-breakpoint
CREATE INDEX "engagement_campaigns_campaign_idx" ON "engagement_campaigns" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "engagement_contacts_contact_idx" ON "engagement_contacts" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "engagement_narratives_narrative_idx" ON "engagement_narratives" USING btree ("narrative_id");--> statement-breakpoint
CREATE INDEX "engagement_organisations_organisation_idx" ON "engagement_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "engagements_occurred_idx" ON "engagements" USING btree ("occurred_on","id");--> statement-breakpoint
CREATE INDEX "engagements_district_idx" ON "engagements" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "engagements_owner_idx" ON "engagements" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "follow_ups_engagement_idx" ON "follow_ups" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "follow_ups_owner_idx" ON "follow_ups" USING btree ("owner_id","done_at");--> statement-breakpoint
CREATE INDEX "follow_ups_due_idx" ON "follow_ups" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "training_sessions_delivered_idx" ON "training_sessions" USING btree ("delivered_on");--> statement-breakpoint
CREATE INDEX "training_sessions_district_idx" ON "training_sessions" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "plan_actions_risk_idx" ON "plan_actions" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "plan_actions_due_idx" ON "plan_actions" USING btree ("status","due_on");--> statement-breakpoint
CREATE INDEX "risk_links_entity_idx" ON "risk_links" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "risks_district_idx" ON "risks" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "risks_review_idx" ON "risks" USING btree ("review_on");--> statement-breakpoint
CREATE INDEX "space_actions_space_idx" ON "space_actions" USING btree ("space_id","at");--> statement-breakpoint
CREATE INDEX "space_narratives_narrative_idx" ON "space_narratives" USING btree ("narrative_id");--> statement-breakpoint
CREATE INDEX "spaces_district_idx" ON "spaces" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "spaces_source_idx" ON "spaces" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "identity_reveals_pseudonym_idx" ON "identity_reveals" USING btree ("pseudonym");--> statement-breakpoint
CREATE INDEX "identity_reveals_status_idx" ON "identity_reveals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "identity_reveals_requester_idx" ON "identity_reveals" USING btree ("requester_id");--> statement-breakpoint
CREATE INDEX "import_jobs_created_idx" ON "import_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "legal_holds_entity_idx" ON "legal_holds" USING btree ("entity_type","entity_id") WHERE "legal_holds"."released_at" is null;--> statement-breakpoint
CREATE INDEX "retention_runs_started_idx" ON "retention_runs" USING btree ("started_at");