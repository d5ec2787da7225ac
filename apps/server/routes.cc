// The whole route table (STYLE.md §3.1: one screen). docs/api/openapi.yaml describes each route;
// tests/server/openapi_coverage_test.cc checks that it does.
#include "handlers/handlers.h"
#include "route_table.h"

namespace chancery::server {

namespace {

namespace h = handlers;
constexpr Access P = Access::kPublic;
constexpr Access U = Access::kUser;
constexpr Access A = Access::kAdmin;
constexpr int64_t kImportLimit = -1;  // the configured max_import_body

std::vector<Route> BuildTable() {
  return {
      {"GET", "/healthz", P, 0, h::Healthz, "liveness: the process answers"},
      {"GET", "/readyz", P, 0, h::Readyz, "readiness: the store answers, the index is usable"},
      {"GET", "/metrics", P, 0, h::MetricsText, "Prometheus metrics"},
      {"GET", "/api/search", P, 0, h::Search, "full-text search with facets and snippets"},
      {"GET", "/api/records/{id}", P, 0, h::GetRecord, "a record (id or verbatim serial)"},
      {"GET", "/api/records/{id}/citation", P, 0, h::GetCitation, "citation in a style"},
      {"GET", "/api/records/{id}/versions/{n}", P, 0, h::GetRecordVersion, "a past version"},
      {"GET", "/api/records/{id}/proof", P, 0, h::RecordProof, "proof bundle of a publication"},
      {"POST", "/api/records/{id}/description", U, 65536, h::EditDescription, "edit it"},
      {"GET", "/api/records/{id}/description/history", P, 0, h::DescriptionHistory, "edits"},
      {"GET", "/api/records/{id}/description/diff", P, 0, h::DescriptionDiff, "two versions"},
      {"GET", "/api/records/{id}/files", P, 0, h::ListFiles, "a record version's files"},
      {"GET", "/api/records/{id}/files/{name}", P, 0, h::GetFile, "one file's bytes"},
      {"POST", "/api/records/{id}/files", U, h::kMaxFileBytes, h::AttachFile, "attach a file"},
      {"GET", "/api/policy/exemptions", P, 0, h::Exemptions, "the policy's exemption codes"},
      {"POST", "/api/import", A, kImportLimit, h::Import, "import one file of any format"},
      {"GET", "/api/audit/key", P, 0, h::AuditKey, "the audit log's verifier key"},
      {"GET", "/api/audit/checkpoint", P, 0, h::AuditCheckpoint, "latest signed checkpoint"},
      {"GET", "/api/audit/inclusion", P, 0, h::AuditInclusion, "inclusion proof"},
      {"GET", "/api/audit/consistency", P, 0, h::AuditConsistency, "consistency proof"},
      {"POST", "/api/session", P, 8192, h::Login, "sign in"},
      {"GET", "/api/session", P, 0, h::Me, "who am I"},
      {"DELETE", "/api/session", U, 0, h::Logout, "sign out"},
      {"GET", "/api/tokens", U, 0, h::ListTokens, "my API tokens"},
      {"POST", "/api/tokens", U, 8192, h::CreateToken, "create an API token"},
      {"DELETE", "/api/tokens/{id}", U, 0, h::RevokeToken, "revoke an API token"},
      {"GET", "/api/users", A, 0, h::ListUsers, "list users"},
      {"POST", "/api/users", A, 65536, h::AddUser, "add or replace a user"},
      {"GET", "/api/user-changes", A, 0, h::ListUserChanges, "pending user changes"},
      {"POST", "/api/user-changes/{id}/concur", A, 0, h::ConcurUserChange, "second admin concurs"},
      {"POST", "/api/user-changes/{id}/reject", A, 0, h::RejectUserChange, "refuse a change"},
      {"PUT", "/api/users/{name}/password", A, 8192, h::SetUserPassword, "set a password"},
      {"GET", "/api/users/{name}/tokens", A, 0, h::ListUserTokens, "a user's API tokens"},
      {"DELETE", "/api/users/{name}/tokens/{id}", A, 0, h::RevokeUserToken, "revoke a token"},
      {"GET", "/api/desk/directory", U, 0, h::GetDirectory, "the directory"},
      {"PUT", "/api/desk/directory", A, 0, h::PutDirectory, "replace the directory"},
      {"POST", "/api/desk/drafts", U, 0, h::CreateDraft, "create a draft"},
      {"GET", "/api/desk/drafts/{id}", U, 0, h::GetDraft, "a draft and its steps"},
      {"PUT", "/api/desk/drafts/{id}", U, 0, h::EditDraft, "edit a draft (new version)"},
      {"GET", "/api/desk/drafts/{id}/versions", U, 0, h::DraftVersions, "every version"},
      {"POST", "/api/desk/drafts/{id}/submit", U, 0, h::SubmitDraft, "submit for approval"},
      {"POST", "/api/desk/drafts/{id}/approve", U, 0, h::ApproveDraft, "clear or approve"},
      {"POST", "/api/desk/drafts/{id}/reject", U, 0, h::RejectDraft, "reject"},
      {"POST", "/api/desk/drafts/{id}/release", U, 0, h::ReleaseDraft, "release"},
      {"GET", "/api/desk/queue", U, 0, h::ApprovalQueue, "drafts awaiting my decision"},
      {"GET", "/api/desk/cables/{id}/release", U, 0, h::GetRelease, "release record"},
      {"GET", "/api/desk/cables/{id}/verify", U, 0, h::VerifyRelease, "verify signatures"},
      {"GET", "/api/desk/cables/{id}/deliveries", U, 0, h::DeliveryReport, "delivery report"},
      {"POST", "/api/desk/cables/{id}/ack", U, 0, h::Acknowledge, "acknowledge receipt"},
      {"GET", "/api/desk/cables/{id}/thread", U, 0, h::Thread, "the reply thread"},
      {"GET", "/api/desk/inbox/{office}", U, 0, h::Inbox, "an office's inbox"},
      {"GET", "/api/desk/overdue", U, 0, h::Overdue, "overdue deliveries (escalates)"},
      {"GET", "/api/desk/escalations/{office}", U, 0, h::Escalations, "escalations to an office"},
      {"GET", "/api/desk/replies-overdue", U, 0, h::RepliesOverdue, "replies overdue"},
      // The archive; "queue" comes before {id}. A referral's id "R/1/3" is its three segments.
      {"GET", "/api/review/queue", U, 0, h::ReviewQueue, "records waiting for me"},
      {"GET", "/api/review/{id}", U, 0, h::ReviewStatus, "a record's review and history"},
      {"POST", "/api/review/{id}/withhold", U, 0, h::ReviewWithhold, "withhold spans"},
      {"POST", "/api/review/{id}/release", U, 0, h::ReviewRelease, "release the rest"},
      {"POST", "/api/review/{id}/refer", U, 0, h::ReviewRefer, "refer to an equity holder"},
      {"POST", "/api/review/referrals/{record}/{round}/{n}/answer", U, 0, h::ReviewAnswer,
       "answer a referral"},
      {"POST", "/api/review/{id}/concur", U, 0, h::ReviewConcur, "second reviewer concurs"},
      {"POST", "/api/review/{id}/reopen", U, 0, h::ReviewReopen, "reopen for a new round"},
      {"POST", "/api/review/{id}/due", U, 0, h::ReviewSetDue, "set the review due date"},
      {"GET", "/api/review/{id}/preview", U, 0, h::ReviewPreview, "the publication as of now"},
      {"POST", "/api/review/{id}/publish", U, 0, h::ReviewPublish, "publish (archivist)"},
      {"POST", "/api/review/{id}/withdraw", U, 0, h::ReviewWithdraw,
       "withdraw a published version from the public (archivist)"},
      {"POST", "/api/requests", U, 0, h::FileReviewRequest, "ask for review of a record"},
      {"GET", "/api/requests", U, 0, h::MyReviewRequests, "my review requests"},
      // Name authorities; "chiefs" comes before {id}.
      {"GET", "/api/authorities", P, 0, h::FindAuthorities, "authorities matching a name"},
      {"GET", "/api/authorities/chiefs", P, 0, h::AuthorityChiefs, "who held a post on a day"},
      {"GET", "/api/authorities/{id}", P, 0, h::GetAuthority, "an authority and its records"},
      // Collections in their own order (docs/archive.md "Browsing").
      {"GET", "/api/collections", P, 0, h::ListCollections, "collections the caller may see"},
      {"POST", "/api/collections", U, 65536, h::CreateCollection, "create a curated collection"},
      {"GET", "/api/collections/{id}", P, 0, h::GetCollection, "a collection's contents"},
      {"PUT", "/api/collections/{id}", U, 65536, h::PutCollection, "edit a curated collection"},
      {"GET", "/api/records/{id}/neighbours", P, 0, h::RecordNeighbours, "previous and next"},
      // OAI-PMH 2.0 (docs/oai.md): protocol errors are OAI error elements, never HTTP errors.
      {"GET", "/oai", P, 0, h::Oai, "OAI-PMH 2.0 provider (query arguments)"},
      {"POST", "/oai", P, 65536, h::Oai, "OAI-PMH 2.0 provider (form arguments)"},
      {"GET", "/schemas/oai-chancery-record-1.xsd", P, 0, h::OaiChancerySchemaXsd,
       "XML schema of the OAI-PMH chancery metadata format"},
      // Saved searches, alerts and feeds; the sitemap (docs/alerts.md).
      {"GET", "/api/saved", U, 0, h::ListSaved, "my saved searches"},
      {"POST", "/api/saved", U, 8192, h::CreateSaved, "save a search"},
      {"DELETE", "/api/saved/{id}", U, 0, h::DeleteSaved, "remove a saved search"},
      {"POST", "/api/saved/{id}/feed", U, 0, h::RenewSavedFeed, "a new secret feed URL"},
      {"DELETE", "/api/saved/{id}/feed", U, 0, h::RevokeSavedFeed, "revoke the feed URL"},
      {"GET", "/api/alerts", U, 0, h::ListAlerts, "my alerts, newest first"},
      {"GET", "/feeds/{token}", P, 0, h::GetFeed, "a saved search's Atom feed (secret URL)"},
      {"GET", "/sitemap.xml", P, 0, h::SitemapIndexXml, "sitemap index of public records"},
      {"GET", "/sitemaps/{file}", P, 0, h::SitemapFileXml, "one sitemap file"},
  };
}

}  // namespace

const std::vector<Route>& RouteTable() {
  static const std::vector<Route> table = BuildTable();
  return table;
}

}  // namespace chancery::server
