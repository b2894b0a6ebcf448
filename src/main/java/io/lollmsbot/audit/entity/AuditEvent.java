package io.lollmsbot.audit.entity;

/**
 * What happened, as metadata: who, what kind of event, on what, the Guardian's verdict and rules when there is one,
 * and a hash and length standing in for any content. Builders keep call sites short.
 */
public record AuditEvent(
        String actor,
        String type,
        String target,
        String verdict,
        Double score,
        String ruleIds,
        String requestId,
        String contentHash,
        Integer contentLength) {

    public static AuditEvent of(String actor, String type, String target) {
        return new AuditEvent(actor, type, target, null, null, null, null, null, null);
    }

    public AuditEvent withVerdict(String newVerdict, Double newScore, String newRuleIds) {
        return new AuditEvent(
                actor, type, target, newVerdict, newScore, newRuleIds, requestId, contentHash, contentLength);
    }

    public AuditEvent withContent(String newContentHash, Integer newContentLength) {
        return new AuditEvent(
                actor, type, target, verdict, score, ruleIds, requestId, newContentHash, newContentLength);
    }

    public AuditEvent withRequestId(String newRequestId) {
        return new AuditEvent(actor, type, target, verdict, score, ruleIds, newRequestId, contentHash, contentLength);
    }
}
