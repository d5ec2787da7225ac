// The route handlers, one function per route (routes.cc maps them). Each takes the services and
// the call and returns a Reply or a Status, which the server maps to HTTP (http_errors.h).
// Handlers never see a request their route's Access does not allow.
#pragma once

#include "route_table.h"

namespace chancery::server::handlers {

// records_handlers.cc: health, metrics and the reading room.
Result<Reply> Healthz(Services& s, Call& call);
Result<Reply> Readyz(Services& s, Call& call);
Result<Reply> MetricsText(Services& s, Call& call);
Result<Reply> Search(Services& s, Call& call);
Result<Reply> GetRecord(Services& s, Call& call);
Result<Reply> Import(Services& s, Call& call);
// The base of permalinks: the configured public_url, else the Host the client reached, else the
// bound address (docs/server.md, public_url).
std::string PublicUrl(const Services& s, const HttpRequest& request);

// citation_handlers.cc: citations in every style and past versions (docs/citations.md).
Result<Reply> GetCitation(Services& s, Call& call);
Result<Reply> GetRecordVersion(Services& s, Call& call);

// audit_handlers.cc: the audit log's key, checkpoint and proofs (public).
Result<Reply> AuditKey(Services& s, Call& call);
Result<Reply> AuditCheckpoint(Services& s, Call& call);
Result<Reply> AuditInclusion(Services& s, Call& call);
Result<Reply> AuditConsistency(Services& s, Call& call);

// auth_handlers.cc: sessions, API tokens, users.
Result<Reply> Login(Services& s, Call& call);
Result<Reply> Me(Services& s, Call& call);
Result<Reply> Logout(Services& s, Call& call);
Result<Reply> ListTokens(Services& s, Call& call);
Result<Reply> CreateToken(Services& s, Call& call);
Result<Reply> RevokeToken(Services& s, Call& call);
Result<Reply> ListUsers(Services& s, Call& call);
Result<Reply> AddUser(Services& s, Call& call);
Result<Reply> ListUserChanges(Services& s, Call& call);
Result<Reply> ConcurUserChange(Services& s, Call& call);
Result<Reply> RejectUserChange(Services& s, Call& call);
Result<Reply> SetUserPassword(Services& s, Call& call);
Result<Reply> ListUserTokens(Services& s, Call& call);
Result<Reply> RevokeUserToken(Services& s, Call& call);

// desk_handlers.cc: directory, drafts and approvals.
Result<Reply> GetDirectory(Services& s, Call& call);
Result<Reply> PutDirectory(Services& s, Call& call);
Result<Reply> CreateDraft(Services& s, Call& call);
Result<Reply> GetDraft(Services& s, Call& call);
Result<Reply> EditDraft(Services& s, Call& call);
Result<Reply> DraftVersions(Services& s, Call& call);
Result<Reply> SubmitDraft(Services& s, Call& call);
Result<Reply> ApproveDraft(Services& s, Call& call);
Result<Reply> RejectDraft(Services& s, Call& call);
Result<Reply> ApprovalQueue(Services& s, Call& call);

// delivery_handlers.cc: release, delivery, threads.
Result<Reply> ReleaseDraft(Services& s, Call& call);
Result<Reply> GetRelease(Services& s, Call& call);
Result<Reply> VerifyRelease(Services& s, Call& call);
Result<Reply> Inbox(Services& s, Call& call);
Result<Reply> Acknowledge(Services& s, Call& call);
Result<Reply> DeliveryReport(Services& s, Call& call);
Result<Reply> Overdue(Services& s, Call& call);
Result<Reply> Escalations(Services& s, Call& call);
Result<Reply> Thread(Services& s, Call& call);
Result<Reply> RepliesOverdue(Services& s, Call& call);

// review_handlers.cc: the archive (declassification review, publication, requests, proofs).
Result<Reply> ReviewQueue(Services& s, Call& call);
Result<Reply> ReviewStatus(Services& s, Call& call);
Result<Reply> ReviewWithhold(Services& s, Call& call);
Result<Reply> ReviewRelease(Services& s, Call& call);
Result<Reply> ReviewRefer(Services& s, Call& call);
Result<Reply> ReviewAnswer(Services& s, Call& call);
Result<Reply> ReviewConcur(Services& s, Call& call);
Result<Reply> ReviewReopen(Services& s, Call& call);
Result<Reply> ReviewSetDue(Services& s, Call& call);
Result<Reply> ReviewPreview(Services& s, Call& call);
Result<Reply> ReviewPublish(Services& s, Call& call);
Result<Reply> ReviewWithdraw(Services& s, Call& call);
Result<Reply> FileReviewRequest(Services& s, Call& call);
Result<Reply> MyReviewRequests(Services& s, Call& call);

// description_handlers.cc: archivists' signed description edits, their history and diffs
// (docs/archive.md "Description").
Result<Reply> EditDescription(Services& s, Call& call);
Result<Reply> DescriptionHistory(Services& s, Call& call);
Result<Reply> DescriptionDiff(Services& s, Call& call);
Result<Reply> RecordProof(Services& s, Call& call);
Result<Reply> Exemptions(Services& s, Call& call);

// authority_handlers.cc: name authorities (docs/authorities.md).
Result<Reply> FindAuthorities(Services& s, Call& call);
Result<Reply> GetAuthority(Services& s, Call& call);
Result<Reply> AuthorityChiefs(Services& s, Call& call);

// file_handlers.cc: digital objects of a record version (docs/archive.md "Digital objects").
inline constexpr int64_t kMaxFileBytes = int64_t{50} << 20;  // POST body limit = largest file
Result<Reply> ListFiles(Services& s, Call& call);
Result<Reply> GetFile(Services& s, Call& call);
Result<Reply> AttachFile(Services& s, Call& call);

// collection_handlers.cc: collections in their own order (docs/archive.md "Browsing").
Result<Reply> ListCollections(Services& s, Call& call);
Result<Reply> Oai(Services& s, Call& call);
Result<Reply> OaiChancerySchemaXsd(Services& s, Call& call);
Result<Reply> GetCollection(Services& s, Call& call);
Result<Reply> RecordNeighbours(Services& s, Call& call);
Result<Reply> CreateCollection(Services& s, Call& call);
Result<Reply> PutCollection(Services& s, Call& call);

// alert_handlers.cc: saved searches, alerts, Atom feeds and sitemaps (docs/alerts.md).
Result<Reply> ListSaved(Services& s, Call& call);
Result<Reply> CreateSaved(Services& s, Call& call);
Result<Reply> DeleteSaved(Services& s, Call& call);
Result<Reply> RenewSavedFeed(Services& s, Call& call);
Result<Reply> RevokeSavedFeed(Services& s, Call& call);
Result<Reply> ListAlerts(Services& s, Call& call);
Result<Reply> GetFeed(Services& s, Call& call);
Result<Reply> SitemapIndexXml(Services& s, Call& call);
Result<Reply> SitemapFileXml(Services& s, Call& call);

}  // namespace chancery::server::handlers
